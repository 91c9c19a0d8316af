/**
 * Executions merged from separate answers (one request per report or status) are put back in the
 * API's order: those without a file first, then newest generation time first. Times are read as
 * instants — with or without Z, with or without fractions — not compared as text.
 */
const { newestFirst } = require('../../nodes/shared/services/executions');

const ids = (list) => list.map((execution) => execution.executionId);

test('newest first by instant, whatever the timestamp form; no file yet comes first', () => {
	const merged = [
		{ executionId: 'a', reportId: 'R1', reportGeneratedTime: '2026-03-01T10:00:00Z' },
		{ executionId: 'b', reportId: 'R2', reportGeneratedTime: '2026-03-01T10:00:00.500Z' },
		{ executionId: 'c', reportId: 'R1', reportGeneratedTime: '2026-03-01T09:59:59' },
		{ executionId: 'd', reportId: 'R2', reportGeneratedTime: null },
	];
	expect(ids(newestFirst(merged, false))).toEqual(['d', 'b', 'a', 'c']);
});

test('latestOnly keeps the newest of each report, IDs compared without case', () => {
	const merged = [
		{ executionId: 'old', reportId: 'abc', reportGeneratedTime: '2026-03-01T08:00:00Z' },
		{ executionId: 'new', reportId: 'ABC', reportGeneratedTime: '2026-03-01T09:00:00' },
	];
	expect(ids(newestFirst(merged, true))).toEqual(['new']);
});
