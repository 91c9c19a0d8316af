'use strict';
/**
 * File → Read Rows From File and the Max Rows limit of Output: Rows in a REAL n8n 2.40.7 with the
 * packed package, against the in-process emulator (issue #17):
 *
 * - `n8n execute`: Execution → Download (Output: File) of a 1,000,000-row report, then four Read Rows
 *   From File nodes side by side, pages k = 0, 1, 10 and 19 of n = 50,000. Page k must equal rows
 *   k·n … k·n+n−1 of an independent reading of the same file (test/fixtures/csvReference.js; the
 *   emulator's string columns hold quoted commas, doubled quotes and line breaks), and each node's
 *   Page output must say where the next page starts and whether there is one.
 * - `n8n start`: a webhook workflow downloads the same file with Output: Rows and Max Rows at its
 *   default (100,000). The run fails with the message that names Output: File and Read Rows From File
 *   in a loop; n8n keeps running (health check, its peak RSS far below what a million items take) and
 *   the next workflow, which reads the file's last row with Read Rows From File, runs.
 *
 * Run through test/e2e/run.sh (`npm run test:e2e`, or `bash test/e2e/run.sh readRows`).
 */
const fs = require('node:fs');
const n8n = require('./lib/n8n');
const T = require('./lib/triggers');
const emuClient = require('./lib/emulator-client');
const {
	manualTrigger,
	pcaNode,
	nodeJson,
	graph,
	chain,
	CMP_CONNECTION,
} = require('./lib/workflows');
const { startEmulator, DEFAULTS, clientCredentialsData } = require('./lib/emulator');
const { BARE_QUOTE_VALUE, TRICKY_VALUES, parseRows } = require('../fixtures/csvReference');

const ROWS = 1_000_000;
const PAGE = 50_000;
const PAGES = [0, 1, 10, 19];
const QUERY =
	'SELECT OrderId, CustomerCompanyName, OfferName, CustomerCountry, OrderPurchaseDate, Quantity FROM ISVOrder';
const CRED = { id: 'e2eReadRowsCred01', name: 'Partner Center (read rows e2e)' };
const WF = { pages: 'e2eReadRowsPages', tooMany: 'e2eRowsTooMany', after: 'e2eRowsAfter' };
const HOOK = { tooMany: 'e2e-rows-too-many', after: 'e2e-rows-after' };
const byId = (value) => ({ __rl: true, mode: 'id', value });

const LIMIT_MESSAGE =
	/^The file has more than 100,000 rows, the most Output: Rows gives \("Max Rows"\): read it with Output: File and "Read Rows From File" in a loop, one page at a time$/;

let emu;
let reportId;
let executionId;
/** Rows of the pages in PAGES, from the independent reading: page k → its rows. */
const expectedPages = new Map();
let lastRow;
let server;

function download(name, output, position = [220, 0]) {
	return pcaNode(
		name,
		{
			...CMP_CONNECTION,
			resource: 'execution',
			operation: 'download',
			reportId: byId(reportId),
			options: { executionId, output },
		},
		CRED,
		position,
	);
}

function readRows(name, startRow, maxRows, position) {
	return nodeJson(name, n8n.NODE_TYPE, {
		position,
		parameters: { resource: 'file', operation: 'readRows', startRow, maxRows },
	});
}

function webhook(path, webhookId) {
	return nodeJson('Webhook', 'n8n-nodes-base.webhook', {
		typeVersion: 2,
		webhookId,
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
			options: {},
		},
	});
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	n8n.addSecrets(DEFAULTS.clientSecret);
	const credentials = clientCredentialsData(emu.url);
	const token = await emuClient.getToken(emu, credentials);
	const base = '/insights/v1.1/cmp';
	const query = await emuClient.apiRequest(emu, token, 'POST', `${base}/ScheduledQueries`, {
		Name: 'e2e read rows',
		Query: QUERY,
	});
	expect(query.status).toBe(200);
	const report = await T.createRecurringReport(emuClient, emu, token, base, {
		name: 'e2e read rows',
		queryId: query.json.value[0].queryId,
	});
	reportId = report.reportId;
	executionId = emu.runExecution(reportId, { rowCount: ROWS }).executionId;

	// The independent reading, keeping only the rows of the pages the test looks at.
	const response = await fetch(emu.signLink(executionId), {
		headers: { 'accept-encoding': 'identity' },
	});
	const file = Buffer.from(await response.arrayBuffer());
	const wanted = (i) => PAGES.some((k) => i >= k * PAGE && i < (k + 1) * PAGE) || i === ROWS - 1;
	const { rows, total } = parseRows(file, ',', { keep: wanted });
	expect(total).toBe(ROWS);
	let offset = 0;
	for (const k of PAGES) {
		expectedPages.set(k, rows.slice(offset, offset + PAGE));
		offset += PAGE;
	}
	lastRow = rows[rows.length - 1];

	await n8n.importCredentials([
		{ ...CRED, type: 'partnerCenterClientCredentialsApi', data: credentials },
	]);
	const pageNodes = PAGES.map((k, i) => readRows(`Page ${k}`, k * PAGE, PAGE, [440, i * 200]));
	await n8n.importWorkflow(
		graph(
			WF.pages,
			'e2e read rows: pages of a million-row file',
			[manualTrigger(), download('Download File', 'file'), ...pageNodes],
			[
				['Manual Trigger', 'Download File'],
				...pageNodes.map((node) => ['Download File', node.name]),
			],
		),
	);
}, 300_000);

afterAll(async () => {
	await n8n.stopN8n(server);
	if (emu) await emu.stop();
});

describe('File → Read Rows From File on a 1,000,000-row file', () => {
	test(`page k of ${PAGE.toLocaleString('en-US')} rows equals rows k·n … k·n+n−1 of an independent reading (k = ${PAGES.join(', ')})`, async () => {
		const result = await n8n.executeWorkflow(WF.pages);
		n8n.assertSucceeded(result);
		expect(result.nodes['Download File'][0]).toMatchObject({ rowCount: ROWS, format: 'csv' });
		const text = JSON.stringify(expectedPages.get(0));
		for (const tricky of TRICKY_VALUES) expect(text).toContain(JSON.stringify(tricky));
		for (const k of PAGES) {
			const [rows, pages] = result.runData[`Page ${k}`][0].data.main;
			// Compared page by page, not as one 200,000-row diff when something is off.
			const actual = rows.map((item) => item.json);
			expect({ page: k, length: actual.length }).toEqual({ page: k, length: PAGE });
			expect({
				page: k,
				equal: JSON.stringify(actual) === JSON.stringify(expectedPages.get(k)),
			}).toEqual({ page: k, equal: true });
			expect(pages.map((item) => item.json)).toEqual([
				{
					startRow: k * PAGE,
					rowsInPage: PAGE,
					nextStartRow: (k + 1) * PAGE,
					hasMore: (k + 1) * PAGE < ROWS,
					// Where the next page starts in the file, while there is one.
					...((k + 1) * PAGE < ROWS
						? { cursor: expect.stringMatching(new RegExp(`^${(k + 1) * PAGE}:\\d+:auto:\\w+$`)) }
						: {}),
				},
			]);
		}
	});
});

describe('Output: Rows over Max Rows, in a running n8n', () => {
	beforeAll(async () => {
		const userFolder = n8n.cloneUserFolder('read-rows-server');
		await n8n.importCredentials(
			[
				{
					...CRED,
					type: 'partnerCenterClientCredentialsApi',
					data: clientCredentialsData(emu.url),
				},
			],
			{ userFolder },
		);
		await n8n.importWorkflow(
			[
				chain(WF.tooMany, 'e2e rows output over Max Rows', [
					webhook(HOOK.tooMany, '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'),
					download('Download Rows', 'rows'),
				]),
				chain(WF.after, 'e2e read the last row afterwards', [
					webhook(HOOK.after, '7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e'),
					download('Download File', 'file'),
					readRows('Last Row', ROWS - 1, 5, [440, 0]),
				]),
			],
			{ userFolder },
		);
		server = await n8n.startN8n({ userFolder, webhookUrl: true });
		await n8n.loginOwner(server);
		await T.activateWorkflow(server, WF.tooMany);
		await T.activateWorkflow(server, WF.after);
	}, 300_000);

	test('a million rows with Max Rows at its default fail the run with the clear message; n8n keeps running and the next workflow runs', async () => {
		const failed = await fetch(`${server.url}/webhook/${HOOK.tooMany}`, { method: 'POST' });
		expect(failed.status).toBe(500);
		const [run] = await T.waitForExecutions(server, WF.tooMany, 1);
		const execution = await T.getExecution(server, run.id);
		expect({
			status: execution.status,
			message: execution.error && execution.error.message,
		}).toEqual({
			status: 'error',
			message: expect.stringMatching(LIMIT_MESSAGE),
		});
		expect(execution.error.description).toContain('"Read Rows From File" (Resource: File)');

		// n8n is still there, and stopped well before a million items filled its memory.
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
		const peakMiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
		console.log(`n8n's peak RSS after refusing a million rows: ${peakMiB.toFixed(0)} MiB (bound 1,536)`);
		expect(peakMiB).toBeLessThan(1536);

		const after = await fetch(`${server.url}/webhook/${HOOK.after}`, { method: 'POST' });
		expect({ status: after.status, body: await after.json() }).toEqual({
			status: 200,
			body: lastRow,
		});
	});
});

describe('rowCount of a file whose writer leaves quotes bare (issue #23)', () => {
	const BARE = { rows: 300, workflow: 'e2eBareQuotesCount' };
	let bare;

	beforeAll(async () => {
		// A 300-row file of the same report, written the way some writers do (emulator/README.md
		// `fileQuoting`): `Fabrikam 24" Premium Display` and `The "Best" Company` unquoted.
		emu.options.fileQuoting = 'bareQuotes';
		try {
			bare = emu.runExecution(reportId, { rowCount: BARE.rows });
		} finally {
			emu.options.fileQuoting = 'rfc4180';
		}
		await n8n.importWorkflow(
			chain(BARE.workflow, 'e2e bare quotes: rowCount and rows', [
				manualTrigger(),
				pcaNode(
					'Download File',
					{
						...CMP_CONNECTION,
						resource: 'execution',
						operation: 'download',
						reportId: byId(reportId),
						options: { executionId: bare.executionId, output: 'file' },
					},
					CRED,
					[220, 0],
				),
				readRows('All Rows', 0, 1000, [440, 0]),
			]),
		);
	}, 300_000);

	test('Output: File says rowCount 300, and Read Rows From File gives the same 300 rows as an independent reading', async () => {
		const response = await fetch(emu.signLink(bare.executionId), {
			headers: { 'accept-encoding': 'identity' },
		});
		const file = Buffer.from(await response.arrayBuffer());
		expect(file.toString('utf8')).toContain(`,${BARE_QUOTE_VALUE}`);
		const reference = parseRows(file, ',');
		expect(reference.total).toBe(BARE.rows);

		const result = await n8n.executeWorkflow(BARE.workflow);
		n8n.assertSucceeded(result);
		// Before the shared tokenizer this file's rowCount was 199: the bare quotes opened "quoted fields".
		expect(result.nodes['Download File'][0]).toMatchObject({ rowCount: BARE.rows });
		const [rows, pages] = result.runData['All Rows'][0].data.main;
		expect(pages.map((item) => item.json)).toEqual([
			{ startRow: 0, rowsInPage: BARE.rows, nextStartRow: BARE.rows, hasMore: false },
		]);
		expect(rows.map((item) => item.json)).toEqual(reference.rows);
	});
});
