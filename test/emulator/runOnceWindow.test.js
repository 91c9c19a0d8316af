'use strict';
/**
 * A run-once report with QueryStartTime/QueryEndTime: its file's dates lie in the window, and another
 * report of the same query and window gives the same rows (emulator/README.md, Files → Dates).
 */
const { parseRows } = require('../fixtures/csvReference');
const { useEmulator, useTokens, makeReport, waitFor } = require('./helpers');

const emu = useEmulator({ executionDelaysMs: { pending: 0, running: 0 } });
const { tok } = useTokens(emu);
const base = '/insights/v1.1/cmp';
const QUERY = 'SELECT CustomerId, OrderPurchaseDate, MonthStartDate, EventTimestamp FROM ISVOrder';

async function fileOf(report) {
	const { reportId } = await makeReport(emu, tok(base), base, { query: QUERY, report });
	let executionId;
	await waitFor(() => {
		for (const e of emu.state.cmp.executions.values())
			if (e.reportId === reportId) executionId = e.executionId;
		return executionId;
	});
	const response = await fetch(emu.signLink(executionId, {}), {
		headers: { 'accept-encoding': 'identity' },
	});
	return Buffer.from(await response.arrayBuffer());
}

const window = (start, end) => ({
	ExecuteNow: true,
	StartTime: undefined,
	QueryStartTime: start,
	QueryEndTime: end,
});

test('dates, times and months of the rows lie in [QueryStartTime, QueryEndTime)', async () => {
	const raw = await fileOf(window('2024-02-27T00:00:00Z', '2024-03-02T00:00:00Z'));
	const { rows } = parseRows(raw);
	expect(rows.length).toBeGreaterThan(10);
	expect([...new Set(rows.map((r) => r.OrderPurchaseDate))].sort()).toEqual([
		'2024-02-27',
		'2024-02-28',
		'2024-02-29',
		'2024-03-01',
	]);
	expect([...new Set(rows.map((r) => r.MonthStartDate))].sort()).toEqual([
		'2024-02-01',
		'2024-03-01',
	]);
	for (const row of rows) {
		expect(row.EventTimestamp >= '2024-02-27T00:00:00Z').toBe(true);
		expect(row.EventTimestamp < '2024-03-02T00:00:00Z').toBe(true);
	}
});

test('the same query and window give the same file; another window or a report without one do not', async () => {
	const a = await fileOf(window('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'));
	const b = await fileOf(window('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'));
	const c = await fileOf(window('2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'));
	const d = await fileOf({ ExecuteNow: true, StartTime: undefined });
	const e = await fileOf({ ExecuteNow: true, StartTime: undefined });
	expect(a.equals(b)).toBe(true);
	expect(a.equals(c)).toBe(false);
	expect(d.equals(e)).toBe(false);
	// Without a window the dates stay in 2023–2024.
	expect(parseRows(d).rows.every((r) => /^202[34]-/.test(r.OrderPurchaseDate))).toBe(true);
});
