/**
 * beginWatching (nodes/shared/state/pollStart.ts): which files are history when a poll trigger begins
 * watching a report, when n8n kept or dropped the node state of the poll that began before.
 */
const { beginWatching } = require('../../../nodes/shared/state/pollStart');

const NODE = { id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Poll' };
const listing = (...pairs) => pairs.map(([reportId, executionId]) => ({ reportId, executionId }));

test('the starting point of a poll whose node state was dropped is the one taken again', () => {
	const workflowData = {};
	expect(beginWatching({}, workflowData, NODE, ['a'], listing(['a', 'old']))).toEqual(['old']);
	// n8n dropped that poll's node state (a fresh log) but kept the workflow's static data.
	expect(beginWatching({}, workflowData, NODE, ['a'], listing(['a', 'old'], ['a', 'new']))).toEqual(
		['old'],
	);
});

test('a kept node state ignores the old starting point: a report dropped and watched again starts afresh', () => {
	const workflowData = {};
	const log = {};
	beginWatching(log, workflowData, NODE, ['a'], listing(['a', 'old']));
	beginWatching(log, workflowData, NODE, ['b'], listing());
	expect(
		beginWatching(log, workflowData, NODE, ['a', 'b'], listing(['a', 'old'], ['a', 'gap'])),
	).toEqual(['old', 'gap']);
});

test('a renamed node (the legacy poller keeps node static data by name) starts afresh', () => {
	const workflowData = {};
	beginWatching({}, workflowData, NODE, ['a'], listing(['a', 'old']));
	const renamed = { ...NODE, name: 'Poll renamed' };
	expect(
		beginWatching({}, workflowData, renamed, ['a'], listing(['a', 'old'], ['a', 'since'])),
	).toEqual(['old', 'since']);
});

test('a report added later gets its own starting point; reports already watched get none', () => {
	const workflowData = {};
	const log = {};
	expect(beginWatching(log, workflowData, NODE, ['a'], listing(['a', 'a1']))).toEqual(['a1']);
	expect(
		beginWatching(
			log,
			workflowData,
			NODE,
			['a', 'b'],
			listing(['a', 'a1'], ['a', 'a2'], ['b', 'b1']),
		),
	).toEqual(['b1']);
	expect(
		beginWatching(log, workflowData, NODE, ['a', 'b'], listing(['a', 'a3'], ['b', 'b2'])),
	).toEqual([]);
});
