/**
 * Execution → Download against the emulator over HTTP: the file with or without its BOM, an expired
 * link renewed once, cut-off downloads started again (never a partial file), 200,000 rows whole, and
 * the 404 before the first run.
 */
const { readBinary } = require('../../helpers/harness');
const { parseRows } = require('../../fixtures/csvReference');
const { id, sha256, runText, routeCallsDuring, createOrdersReport, maxRowsMessage, useOperationEmulator } = require('../../helpers/operations');

const { server, harness, emulatorFile } = useOperationEmulator();
const download = (h, reportId, options) => h.run({ resource: 'execution', operation: 'download', reportId: id(reportId), options });

test.each(['negotiate', 'always'])('Remove BOM off and on: the file with and without its BOM (gzipFiles %s)', async (gzipFiles) => {
	await server.control('POST', 'config', { gzipFiles });
	const h = harness();
	const [item] = await h.run(runText({ keepQueryAndReport: true }));
	const { raw, withoutBom } = await emulatorFile(item.json.executionId);
	const downloads = {};
	for (const removeBom of [false, true]) {
		const [downloaded] = await download(h, item.json.reportId, { removeBom });
		downloads[removeBom] = sha256(await readBinary(downloaded.binary.data));
		expect(downloaded.json.rowCount).toBe(item.json.rowCount);
	}
	expect(downloads).toEqual({ false: sha256(raw), true: sha256(withoutBom) });
});

test('an expired link is renewed once; cut-off downloads are started again, never emitted partial', async () => {
	const h = harness();
	const [item] = await h.run(runText({ keepQueryAndReport: true }));
	const { reportId, executionId } = item.json;
	const { raw } = await emulatorFile(executionId);

	// Every link is issued already expired: the renewal does not help, and the error says so without the signature.
	await server.control('POST', 'config', { linkTtlSeconds: -60 });
	const expired = await download(h, reportId).catch((e) => e);
	expect(expired.message).toMatch(/rejected with 403 \(AuthenticationFailed\)/);
	expect(JSON.stringify({ m: expired.message, d: expired.description })).not.toMatch(/sig=/);

	// The first link expired, the renewed one is good.
	await server.control('POST', 'config', { linkTtlSeconds: 3600 });
	const { downloadReportFile } = require('../../../nodes/shared/services/download');
	const context = h.createContext({ resource: 'execution', operation: 'download' });
	const staleLink = server.emu.signLink(executionId, { expiresAt: Date.now() - 1000 });
	let renewed;
	const calls = await routeCallsDuring(server, ['GET /ScheduledReport/execution'], async () => {
		[renewed] = await downloadReportFile(context, {
			reportId,
			itemIndex: 0,
			output: 'file',
			binaryPropertyName: 'data',
			reportName: 'renewal',
			execution: { executionId, format: 'csv', reportAccessSecureLink: staleLink },
		});
	});
	expect(sha256(await readBinary(renewed.binary.data))).toBe(sha256(raw));
	expect(calls).toEqual({ 'GET /ScheduledReport/execution': 1 });

	await server.setFaults({ cutDownloadRate: 0.3, seed: 3 });
	for (let i = 0; i < 4; i++) {
		const [again] = await download(h, reportId, { executionId });
		expect(sha256(await readBinary(again.binary.data))).toBe(sha256(raw));
	}
	expect((await server.stats()).faultsInjected.cut).toBeGreaterThan(0);
});

test('Output: Rows of 200,000 rows (more than fit in one function call) comes through whole', async () => {
	const h = harness();
	const reportId = await createOrdersReport(h, 'Big rows', { query: 'SELECT OrderId, CustomerCountry FROM ISVOrder' });
	const execution = await server.control('POST', `reports/${reportId}/executions`, { rowCount: 200000 });
	const rows = await download(h, reportId, { output: 'rows', maxRows: 200000 });
	expect(rows).toHaveLength(200000);
	expect((await server.emu.fileDigest(execution.executionId)).rows).toBe(200000);
	expect(rows[199999].pairedItem).toEqual({ item: 0 });
	expect(Object.keys(rows[0].json)).toEqual(['OrderId', 'CustomerCountry']);
}, 120000);

test('Output: Rows of a file over Max Rows fails that item, naming File output and Read Rows From File; at the limit it passes', async () => {
	const h = harness();
	const reportId = await createOrdersReport(h, 'Over the limit', { query: 'SELECT OrderId, CustomerName, OfferName FROM ISVOrder' });
	const execution = await server.control('POST', `reports/${reportId}/executions`, { rowCount: 1500 });
	const { rows } = parseRows((await emulatorFile(execution.executionId)).raw, ',');
	const error = await download(h, reportId, { output: 'rows', maxRows: 1000 }).catch((e) => e);
	expect(error.message).toMatch(maxRowsMessage(1000));
	expect(error.description).toMatch(/Output: File streams the file into n8n's binary data; "Read Rows From File"/);
	expect((await download(h, reportId, { output: 'rows', maxRows: 1500 })).map((row) => row.json)).toEqual(rows);
	// Continue On Fail: an error item for that input item, the next item still runs.
	const output = await h.run(
		{ resource: 'execution', operation: 'download', reportId: id(reportId), options: { output: 'rows', maxRows: '={{ $json.limit }}' } },
		[{ json: { limit: 10 } }, { json: { limit: 2000 } }],
		{ continueOnFail: true },
	);
	expect(output[0].json).toEqual({
		error: expect.stringMatching(maxRowsMessage(10)),
		description: expect.stringContaining('Read Rows From File'),
	});
	expect(output.slice(1).map((row) => row.json)).toEqual(rows);
});

test('Output: Rows asks for the executions and the file only; Output: File also reads the report, for the file name', async () => {
	const h = harness();
	const reportId = await createOrdersReport(h, 'Named file', { query: 'SELECT OrderId, CustomerCountry FROM ISVOrder' });
	await server.control('POST', `reports/${reportId}/executions`, { rowCount: 5 });
	const routes = ['GET /ScheduledReport/execution/{reportId}'];
	const reportReads = async (output) => {
		const before = (await server.stats()).apiCalls.byRoute['GET /ScheduledReport'] ?? 0;
		const calls = await routeCallsDuring(server, routes, () => download(h, reportId, { output }));
		const after = (await server.stats()).apiCalls.byRoute['GET /ScheduledReport'] ?? 0;
		return { ...calls, 'GET /ScheduledReport': after - before };
	};
	expect(await reportReads('rows')).toEqual({ 'GET /ScheduledReport/execution/{reportId}': 1, 'GET /ScheduledReport': 0 });
	expect(await reportReads('file')).toEqual({ 'GET /ScheduledReport/execution/{reportId}': 1, 'GET /ScheduledReport': 1 });
	const [file] = await download(h, reportId, { output: 'file' });
	expect(file.json.fileName).toMatch(/^Named-file-/);
});

test('before the first run: the 404 says to wait until the first execution has completed', async () => {
	const h = harness();
	const reportId = await createOrdersReport(h, 'Never ran', { startInHours: 8 });
	const error = await download(h, reportId).catch((e) => e);
	expect(error.message).toMatch(/answered 404/);
	expect(error.description).toMatch(/until the first execution has completed/);
});
