/**
 * Report → Run against the emulator over HTTP: the file handed over byte for byte (BOM and all, or
 * without it), rows parsed exactly, the temporary query and report deleted, a saved query kept, the
 * timeout, the local query check and Continue On Fail. Under faults: report/runUnderFaults.test.js.
 */
const { readBinary } = require('../../helpers/harness');
const { TRICKY_VALUES } = require('../../fixtures/csvReference');
const { id, sha256, runText, parseFile, routeCallsDuring, maxRowsMessage, useOperationEmulator } = require('../../helpers/operations');

const { server, harness, emulatorFile } = useOperationEmulator();

test('runs a query once and returns the file: the bytes of the emulator file, its BOM included', async () => {
	const h = harness();
	const [item] = await h.run(runText({ keepQueryAndReport: true }));
	const { executionId, reportId } = item.json;
	const { raw, withoutBom } = await emulatorFile(executionId);
	expect(raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	expect(withoutBom.subarray(0, 8).toString()).toBe('OrderId,');
	const stored = await readBinary(item.binary.data);
	expect(stored.length).toBe(raw.length);
	expect(sha256(stored)).toBe(sha256(raw));
	expect(item.binary.data.mimeType).toBe('text/csv');
	expect(item.binary.data.fileName).toBe(item.json.fileName);
	expect(item.json.fileName).toMatch(new RegExp(`^n8n-run-\\d{8}-\\d{6}-[a-z0-9]+-${executionId}\\.csv$`));
	expect(item.json.rowCount).toBe((await server.emu.fileDigest(executionId)).rows);
	expect(item.json).toMatchObject({ format: 'csv', reportId, temporaryItemsDeleted: false });
	// Progress was logged per poll.
	expect(h.logs.some((line) => line.includes(`report ${reportId}: `))).toBe(true);
});

test.each(['negotiate', 'always'])('Remove BOM hands over the file without its BOM (gzipFiles %s)', async (gzipFiles) => {
	await server.control('POST', 'config', { gzipFiles });
	const [item] = await harness().run(runText({ keepQueryAndReport: true, removeBom: true }));
	const { raw, withoutBom } = await emulatorFile(item.json.executionId);
	expect(raw.length - withoutBom.length).toBe(3);
	expect(sha256(await readBinary(item.binary.data))).toBe(sha256(withoutBom));
});

test('deletes the temporary query and report after the run', async () => {
	let item;
	const calls = await routeCallsDuring(server, ['POST /ScheduledQueries', 'DELETE /ScheduledReport', 'DELETE /ScheduledQueries'], async () => {
		[item] = await harness().run(runText());
	});
	expect(item.json.temporaryItemsDeleted).toBe(true);
	expect(item.json.rowCount).toBeGreaterThan(0);
	expect(server.emu.state.cmp.reports.has(item.json.reportId)).toBe(false);
	expect(server.emu.state.cmp.queries.has(item.json.queryId)).toBe(false);
	expect(calls).toEqual({ 'POST /ScheduledQueries': 1, 'DELETE /ScheduledReport': 1, 'DELETE /ScheduledQueries': 1 });
});

test.each([
	['csv', 'negotiate'],
	['tsv', 'always'],
])('Output: Rows parses the tricky fields exactly (%s, gzipFiles %s)', async (format, gzipFiles) => {
	await server.control('POST', 'config', { gzipFiles });
	const rows = await harness().run(runText({ output: 'rows', format, keepQueryAndReport: true }));
	const report = [...server.emu.state.cmp.reports.values()].at(-1);
	const execution = [...server.emu.state.cmp.executions.values()].filter((e) => e.reportId === report.reportId).at(-1);
	const { withoutBom } = await emulatorFile(execution.executionId);
	const expected = parseFile(withoutBom, format === 'tsv' ? '\t' : ',');
	expect(rows.map((row) => row.json)).toEqual(expected);
	expect(rows.length).toBeGreaterThan(20);
	// Every tricky value of the emulator's list (test/fixtures/csvReference.js) is some field.
	const values = new Set(expected.flatMap((row) => Object.values(row)));
	expect(TRICKY_VALUES.filter((v) => !values.has(v))).toEqual([]);
	expect(rows.every((row) => row.pairedItem.item === 0)).toBe(true);
});

test('a run from a saved query keeps the query and deletes only the report', async () => {
	const h = harness();
	const [query0] = await h.run({ resource: 'query', operation: 'create', name: 'Saved for run', query: 'SELECT OrderId FROM ISVOrder' });
	const [item] = await h.run({
		resource: 'report',
		operation: 'run',
		querySource: 'id',
		queryId: id(query0.json.queryId),
		options: { pollIntervalSeconds: 1 },
	});
	expect(server.emu.state.cmp.queries.has(query0.json.queryId)).toBe(true);
	expect(server.emu.state.cmp.reports.has(item.json.reportId)).toBe(false);
});

test('a timeout names the report, keeps it, and the file can be downloaded later', async () => {
	await server.control('POST', 'config', { executionDelaysMs: { pending: 4000, running: 200 } });
	const h = harness();
	const error = await h.run(runText({ timeoutMinutes: 0.03 })).catch((e) => e);
	const reportId = /Report ([0-9a-f-]{36}) was not ready within/i.exec(error.message)?.[1];
	expect(reportId).toBeDefined();
	expect(error.description).toContain(`Report ID ${reportId}`);
	expect(server.emu.state.cmp.reports.has(reportId)).toBe(true);
	await new Promise((resolve) => setTimeout(resolve, 4500));
	const [item] = await h.run({
		resource: 'execution',
		operation: 'download',
		reportId: id(reportId),
		options: { binaryPropertyName: 'report' },
	});
	expect(item.binary.report.fileName).toBe(item.json.fileName);
	expect(item.json.reportId).toBe(reportId);
	expect(item.json.rowCount).toBeGreaterThan(0);
});

test('an invalid query is refused before any query or report is created', async () => {
	const calls = await routeCallsDuring(server, ['POST /ScheduledQueries', 'POST /ScheduledReport'], () =>
		expect(harness().run({ ...runText(), query: 'SELECT OrderId FROM ISVOrder TIMESPAN YESTERDAY_NOON' })).rejects.toThrow(/YESTERDAY_NOON/),
	);
	expect(calls).toEqual({ 'POST /ScheduledQueries': 0, 'POST /ScheduledReport': 0 });
});

test('Output: Rows over Max Rows fails, naming Read Rows From File; without Max Rows the default limit applies', async () => {
	const h = harness();
	const runRows = (options) => h.run({ ...runText({ output: 'rows', ...options }), query: 'SELECT OrderId FROM ISVOrder LIMIT 5' });
	await expect(runRows({ maxRows: 4 })).rejects.toThrow(maxRowsMessage(4));
	expect(await runRows({})).toHaveLength(5);
	await expect(runRows({ maxRows: 0 })).rejects.toThrow('"Max Rows" must be a whole number of at least 1, got "0"');
});

test('Continue On Fail: a failing run becomes an error item, the next item still runs', async () => {
	const items = [{ json: { q: 'SELECT Nope FROM ISVOrder' } }, { json: { q: 'SELECT OrderId FROM ISVOrder' } }];
	const output = await harness().run({ ...runText({ output: 'rows' }), query: '={{ $json.q }}' }, items, { continueOnFail: true });
	expect(output[0].json.error).toMatch(/Unknown column or metric 'Nope'/);
	expect(output[0].pairedItem).toEqual({ item: 0 });
	expect(output.length).toBeGreaterThan(2);
	expect(output.slice(1).every((row) => row.pairedItem.item === 1 && 'OrderId' in row.json)).toBe(true);
});
