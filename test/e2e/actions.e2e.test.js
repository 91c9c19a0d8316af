'use strict';
/**
 * Action e2e tests: query, report and execution operations of the packed package in a REAL n8n
 * 2.40.7 (`n8n execute`), against the in-process Partner Center emulator. Each workflow is a Manual
 * Trigger followed by Partner Center Analytics nodes; assertions cover both what the nodes output and
 * what the emulator holds afterwards. Run through test/e2e/run.sh (`npm run test:e2e`).
 */
const crypto = require('node:crypto');
const n8n = require('./lib/n8n');
const emuClient = require('./lib/emulator-client');
const { pcaNode, manualTrigger, codeNode, chain, graph } = require('./lib/workflows');
const { createQueryReport } = require('./lib/triggers');
const { startEmulator, DEFAULTS, clientCredentialsData, passwordData } = require('./lib/emulator');
const { TRICKY_VALUES } = require('../fixtures/csvReference');

const { assertSucceeded } = n8n;

let emu;
/** Called by the emulator after every request it answered (see captureFiles). */
let onEmulatorRequest = null;

const CRED = {
	cc: { id: 'e2eActionsCc0001', name: 'PC client credentials (actions)' },
	pw: { id: 'e2eActionsPw0001', name: 'PC delegated user (actions)' },
};

/** Unique per run; query and report names allow letters, digits and spaces only. */
const STAMP = Date.now().toString(36);

const PROGRAMS = {
	cmp: {
		label: 'commercial marketplace v1.1 (client credentials)',
		params: {
			authentication: 'clientCredentials',
			program: 'commercialMarketplace',
			apiVersion: 'v1.1',
		},
		cred: CRED.cc,
		state: 'cmp',
		query: 'SELECT OrderId, OfferName, CustomerCountry FROM ISVOrder TIMESPAN LAST_MONTH',
		systemQueryId: 'b9df4929-073f-4795-b0cb-a2c81b11e28d',
	},
	mpn: {
		label: 'partner insights (delegated user)',
		params: { authentication: 'password', program: 'partnerInsights' },
		cred: CRED.pw,
		state: 'mpn',
		query:
			'SELECT CustomerName, CustomerMarket, CustomerTenantId FROM CustomersAndTenants TIMESPAN LAST_MONTH',
		systemQueryId: '6664daf3-c161-423a-92a1-0ea6db2c0384',
	},
};

const WF = {
	lifecycle: { cmp: 'e2eActLifecycleCmp', mpn: 'e2eActLifecycleMpn' },
	runFile: { cmp: 'e2eActRunFileCmp', mpn: 'e2eActRunFileMpn' },
	runRows: 'e2eActRunRowsCmp',
	downloadTsv: 'e2eActDownloadTsv',
	updateStarted: 'e2eActUpdateStarted',
	badStart: { cmp: 'e2eActBadStartCmp', mpn: 'e2eActBadStartMpn' },
};

const ID_RE = /^[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}$/;
const HOUR = 3600 * 1000;

/** Resource locator "By ID" as saved workflow JSON holds it (the value may be an expression). */
const byId = (value) => ({ __rl: true, mode: 'id', value });

/** A Partner Center Analytics node of the given program, the i-th in its row (for the editor layout). */
function pcNode(program, name, parameters, i = 1) {
	const p = PROGRAMS[program];
	return pcaNode(name, { ...p.params, ...parameters }, p.cred, [220 * i, 0]);
}

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Binary metadata of the first output item of a node (n8n keeps the bytes out of the run data). */
function binaryOf(result, nodeName, property = 'data') {
	const tasks = result.runData[nodeName] || [];
	const item = tasks.length ? tasks[tasks.length - 1].data.main[0][0] : undefined;
	return item && item.binary ? item.binary[property] : undefined;
}

/** A small, strict RFC 4180 parser (CSV or TSV): quoted fields, doubled quotes, CRLF/LF inside quotes. */
function parseDelimited(text, delimiter) {
	const records = [];
	let record = [];
	let field = '';
	let state = 'start'; // start of a field | plain | quoted | afterQuote
	const endField = () => {
		record.push(field);
		field = '';
		state = 'start';
	};
	const endRecord = () => {
		endField();
		records.push(record);
		record = [];
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (state === 'quoted') {
			if (c !== '"') field += c;
			else if (text[i + 1] === '"') {
				field += '"';
				i++;
			} else state = 'afterQuote';
			continue;
		}
		if (c === delimiter) endField();
		else if (c === '\r' && text[i + 1] === '\n') {
			endRecord();
			i++;
		} else if (c === '\n') endRecord();
		else if (state === 'afterQuote')
			throw new Error(`parseDelimited: ${JSON.stringify(c)} after a closing quote at ${i}`);
		else if (c === '"' && state === 'start') state = 'quoted';
		else if (c === '"') throw new Error(`parseDelimited: a quote inside an unquoted field at ${i}`);
		else {
			field += c;
			state = 'plain';
		}
	}
	if (state === 'quoted') throw new Error('parseDelimited: the text ends inside a quoted field');
	if (field !== '' || record.length || state === 'afterQuote') endRecord();
	return records;
}

/** The data rows of a report file (raw bytes, BOM included) as objects keyed by the header. */
function rowsOfFile(raw, format) {
	const bytes = raw.subarray(0, 3).equals(BOM) ? raw.subarray(3) : raw;
	const [header, ...records] = parseDelimited(
		bytes.toString('utf8'),
		format === 'tsv' ? '\t' : ',',
	);
	return records.map((record, r) => {
		if (record.length !== header.length)
			throw new Error(`row ${r + 1} has ${record.length} fields, the header ${header.length}`);
		return Object.fromEntries(header.map((name, k) => [name, record[k]]));
	});
}

/** Downloads an execution's file from a freshly signed emulator link, raw (no gzip, BOM kept). */
async function downloadRaw(executionId, program) {
	for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
		const r = await fetch(emu.signLink(executionId), {
			headers: { 'accept-encoding': 'identity' },
		});
		const body = Buffer.from(await r.arrayBuffer());
		if (r.status === 200) return body;
		// 404 BlobNotFound while the execution is Pending or Running.
		if (r.status !== 404 || !emu.state[program].executions.has(executionId)) {
			throw new Error(
				`downloading the file of execution ${executionId}: HTTP ${r.status} ${body.toString('utf8').slice(0, 300)}`,
			);
		}
		await sleep(50);
	}
	throw new Error(`the file of execution ${executionId} was not ready within 60 s`);
}

/**
 * Report → Run deletes its temporary report (and with it the execution and its file) before n8n
 * exits. This keeps, for every execution the emulator creates while the capture runs, its digest
 * (GET /_emulator/files/{id}/sha256) and its raw bytes, fetched while the execution still exists:
 * the emulator calls `onEmulatorRequest` after each request it answered, so a new execution is seen
 * when the node's POST /ScheduledReport is answered, at least one poll interval (1 s) before the node
 * could delete it.
 */
function captureFiles() {
	const known = new Set();
	for (const program of ['cmp', 'mpn'])
		for (const id of emu.state[program].executions.keys()) known.add(id);
	const captured = new Map();
	const capture = async (program, exec) => {
		const digest = emuClient.fileSha256(emu, exec.executionId);
		const raw = downloadRaw(exec.executionId, program);
		return {
			program,
			executionId: exec.executionId,
			reportId: exec.reportId,
			format: exec.format,
			digest: await digest,
			raw: await raw,
		};
	};
	onEmulatorRequest = () => {
		for (const program of ['cmp', 'mpn']) {
			for (const exec of emu.state[program].executions.values()) {
				if (known.has(exec.executionId) || captured.has(exec.executionId)) continue;
				const pending = capture(program, exec);
				pending.catch(() => {}); // reported by stop()
				captured.set(exec.executionId, pending);
			}
		}
	};
	return {
		/** Stops capturing; resolves to [{ program, executionId, reportId, format, digest, raw }]. */
		async stop() {
			onEmulatorRequest = null;
			return Promise.all([...captured.values()]);
		},
	};
}

/** `n8n execute` while capturing the files of the executions the emulator creates meanwhile. */
async function executeCapturingFiles(workflowId) {
	const capture = captureFiles();
	let result;
	try {
		result = await n8n.executeWorkflow(workflowId);
	} catch (error) {
		await capture.stop().catch(() => {});
		throw error;
	}
	return { result, files: await capture.stop() };
}

// ------------------------------------------------------------------ workflows

/** 1. Query → Create, Report → Create (recurring), Get Many, Update, Pause, Resume, Delete, Query → Delete. */
const lifecycleNames = (program) => ({
	query: `E2E lifecycle query ${program} ${STAMP}`,
	report: `E2E lifecycle report ${program} ${STAMP}`,
});

function lifecycleWorkflow(program) {
	const names = lifecycleNames(program);
	const node = (name, parameters, i) => pcNode(program, name, parameters, i);
	const reportId = byId('={{ $json.reportId }}');
	return chain(WF.lifecycle[program], `e2e report lifecycle (${program})`, [
		manualTrigger(),
		node(
			'Create Query',
			{
				resource: 'query',
				operation: 'create',
				name: names.query,
				query: PROGRAMS[program].query,
				options: { description: 'Created by the e2e lifecycle test' },
			},
			1,
		),
		node(
			'Create Report',
			{
				resource: 'report',
				operation: 'create',
				reportName: names.report,
				queryId: byId('={{ $json.queryId }}'),
				schedule: 'recurring',
				startTime: '={{ $now.plus({hours: 6}).toISO() }}',
				recurrenceInterval: 24,
				recurrenceEnd: 'count',
				recurrenceCount: 5,
			},
			2,
		),
		node(
			'Get Reports',
			{
				resource: 'report',
				operation: 'getAll',
				returnAll: true,
				options: { reportName: names.report },
			},
			3,
		),
		node(
			'Update Report',
			{
				resource: 'report',
				operation: 'update',
				reportId,
				updateFields: { description: 'Updated by the e2e lifecycle test', recurrenceInterval: 48 },
			},
			4,
		),
		node('Pause Report', { resource: 'report', operation: 'pause', reportId }, 5),
		node('Resume Report', { resource: 'report', operation: 'resume', reportId }, 6),
		node('Delete Report', { resource: 'report', operation: 'delete', reportId }, 7),
		node(
			'Delete Query',
			{
				resource: 'query',
				operation: 'delete',
				queryId: byId("={{ $('Create Query').item.json.queryId }}"),
			},
			8,
		),
	]);
}

/** Reads the binary `data` of every input item back (base64), so that the test can hash it. */
const READ_BINARY_JS = `const out = [];
const items = $input.all();
for (let i = 0; i < items.length; i++) {
	const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');
	out.push({ json: { bytes: buffer.length, base64: buffer.toString('base64') } });
}
return out;`;

/** Report → Run on partner insights removes the BOM; on commercial marketplace the file stays as made. */
const REMOVE_BOM = { cmp: false, mpn: true };

/** 2. Report → Run from query text, output file, then a Code node that reads the binary back. */
function runFileWorkflow(program) {
	return chain(WF.runFile[program], `e2e report run, file (${program})`, [
		manualTrigger(),
		pcNode(program, 'Run Report', {
			resource: 'report',
			operation: 'run',
			querySource: 'text',
			query: PROGRAMS[program].query,
			options: {
				output: 'file',
				pollIntervalSeconds: 1,
				...(REMOVE_BOM[program] ? { removeBom: true } : {}),
			},
		}),
		codeNode('Read Binary', READ_BINARY_JS, [440, 0]),
	]);
}

/** 40 rows: every third row of every string column holds one of the emulator's tricky values. */
const TRICKY_QUERY =
	'SELECT OrderId, OfferName, CustomerCountry FROM ISVOrder LIMIT 40 TIMESPAN LAST_MONTH';

/** 3. Report → Run, output rows. */
function runRowsWorkflow() {
	return chain(WF.runRows, 'e2e report run, rows', [
		manualTrigger(),
		pcNode('cmp', 'Run Report', {
			resource: 'report',
			operation: 'run',
			querySource: 'text',
			query: TRICKY_QUERY,
			options: { output: 'rows', pollIntervalSeconds: 1 },
		}),
	]);
}

/** 4. Execution → Download (rows) and Execution → Get Many side by side on one TSV report. */
function downloadTsvWorkflow(reportId) {
	return graph(
		WF.downloadTsv,
		'e2e execution download tsv',
		[
			manualTrigger(),
			pcNode('cmp', 'Download Rows', {
				resource: 'execution',
				operation: 'download',
				reportId: byId(reportId),
				options: { output: 'rows' },
			}),
			{
				...pcNode('cmp', 'Get Executions', {
					resource: 'execution',
					operation: 'getAll',
					reportId: byId(reportId),
					options: {},
				}),
				position: [220, 200],
			},
		],
		[
			['Manual Trigger', 'Download Rows'],
			['Manual Trigger', 'Get Executions'],
		],
	);
}

/** Report → Update of the description only, on a given report. */
function updateStartedWorkflow(reportId) {
	return chain(WF.updateStarted, 'e2e update a started report', [
		manualTrigger(),
		pcNode('cmp', 'Update Report', {
			resource: 'report',
			operation: 'update',
			reportId: byId(reportId),
			updateFields: { description: 'Changed after the first run' },
		}),
	]);
}

/** 5. Report → Create with a recurring Start Time only 1 hour ahead. */
function badStartWorkflow(program) {
	return chain(WF.badStart[program], `e2e report start time too early (${program})`, [
		manualTrigger(),
		pcNode(program, 'Create Report', {
			resource: 'report',
			operation: 'create',
			reportName: `E2E too early ${STAMP}`,
			queryId: byId(PROGRAMS[program].systemQueryId),
			schedule: 'recurring',
			startTime: '={{ $now.plus({hours: 1}).toISO() }}',
			recurrenceInterval: 24,
			recurrenceEnd: 'count',
			recurrenceCount: 5,
		}),
	]);
}

// ------------------------------------------------------------------ setup

/** The TSV report of test 4: recurring, with two completed executions made through the control API. */
const tsv = {};

/** A recurring cmp v1.1 report (and its query) made with the test's own token; returns the report id. */
async function createRecurringReport(token, name, queryText, { format = 'CSV' } = {}) {
	return await createQueryReport(emuClient, emu, token, { name, query: queryText, format, recurrenceCount: 10 });
}

/** A recurring report that has been running for a day (see the Update test). */
const started = {};

async function setUpReports() {
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');
	const query =
		'SELECT OrderId, OfferName, CustomerCountry, CustomerCompanyName FROM ISVOrder TIMESPAN LAST_MONTH';
	tsv.reportId = await createRecurringReport(token, `E2E tsv report ${STAMP}`, query, {
		format: 'TSV',
	});
	tsv.first = emu.runExecution(tsv.reportId, { rowCount: 30 });
	tsv.latest = emu.runExecution(tsv.reportId, { rowCount: 31 });
	started.reportId = await createRecurringReport(token, `E2E started report ${STAMP}`, query);
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0, log: () => onEmulatorRequest && onEmulatorRequest() });
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);
	await setUpReports();
	await n8n.importCredentials([
		{ ...CRED.cc, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) },
		{ ...CRED.pw, type: 'partnerCenterPasswordApi', data: passwordData(emu.url) },
	]);
	await n8n.importWorkflow([
		lifecycleWorkflow('cmp'),
		lifecycleWorkflow('mpn'),
		runFileWorkflow('cmp'),
		runFileWorkflow('mpn'),
		runRowsWorkflow(),
		downloadTsvWorkflow(tsv.reportId),
		updateStartedWorkflow(started.reportId),
		badStartWorkflow('cmp'),
		badStartWorkflow('mpn'),
	]);
});

afterAll(async () => {
	onEmulatorRequest = null;
	if (emu) await emu.stop();
});

// ------------------------------------------------------------------ tests

describe('Query → Create → Report → Create → Get Many → Update → Pause → Resume → Delete → Query → Delete', () => {
	test.each([['cmp'], ['mpn']])('%s', async (program) => {
		const p = PROGRAMS[program];
		const names = lifecycleNames(program);
		await emuClient.resetStats(emu);
		const before = Date.now();
		const result = await n8n.executeWorkflow(WF.lifecycle[program]);
		const after = Date.now();
		assertSucceeded(result);
		const out = (name) => {
			expect({ node: name, items: result.nodes[name].length }).toEqual({ node: name, items: 1 });
			return result.nodes[name][0];
		};

		const query = out('Create Query');
		expect(query).toMatchObject({
			name: names.query,
			query: p.query,
			description: 'Created by the e2e lifecycle test',
			type: 'userDefined',
		});
		expect(query.queryId).toMatch(ID_RE);

		const report = out('Create Report');
		expect(report).toMatchObject({
			reportName: names.report,
			queryId: query.queryId,
			executeNow: false,
			reportStatus: 'Active',
			recurrenceInterval: 24,
			recurrenceCount: 5,
		});
		expect(report.reportId).toMatch(ID_RE);
		// `$now.plus({hours: 6})`, evaluated during the run, sent at whole seconds.
		const start = Date.parse(report.startTime);
		expect(start).toBeGreaterThanOrEqual(Math.floor((before + 6 * HOUR) / 1000) * 1000);
		expect(start).toBeLessThanOrEqual(after + 6 * HOUR);

		const listed = out('Get Reports');
		expect(listed).toMatchObject({
			reportId: report.reportId,
			reportName: names.report,
			queryId: query.queryId,
		});

		const updated = out('Update Report');
		expect(updated).toMatchObject({
			reportId: report.reportId,
			reportName: names.report,
			queryId: query.queryId,
			description: 'Updated by the e2e lifecycle test',
			recurrenceInterval: 48,
			recurrenceCount: 5,
			startTime: report.startTime,
			reportStatus: 'Active',
		});

		expect(out('Pause Report')).toMatchObject({
			reportId: report.reportId,
			reportStatus: 'Paused',
		});
		expect(out('Resume Report')).toMatchObject({
			reportId: report.reportId,
			reportStatus: 'Active',
		});
		expect(out('Delete Report')).toMatchObject({ deleted: true, reportId: report.reportId });
		expect(out('Delete Query')).toMatchObject({ deleted: true, queryId: query.queryId });

		// The emulator: both gone, each mutation sent exactly once.
		const state = emu.state[p.state];
		expect({
			report: state.reports.has(report.reportId),
			query: state.queries.has(query.queryId),
		}).toEqual({ report: false, query: false });
		const byRoute = (await emuClient.stats(emu)).apiCalls.byRoute;
		expect({
			createQuery: byRoute['POST /ScheduledQueries'],
			createReport: byRoute['POST /ScheduledReport'],
			update: byRoute['PUT /ScheduledReport/{reportId}'],
			pause: byRoute['PUT /ScheduledReport/pause/{reportId}'],
			resume: byRoute['PUT /ScheduledReport/resume/{reportId}'],
			deleteReport: byRoute['DELETE /ScheduledReport/{reportId}'],
			deleteQuery: byRoute['DELETE /ScheduledQueries/{queryId}'],
		}).toEqual({
			createQuery: 1,
			createReport: 1,
			update: 1,
			pause: 1,
			resume: 1,
			deleteReport: 1,
			deleteQuery: 1,
		});
	});
});

describe('Report → Run (query text, output file)', () => {
	test.each([['cmp'], ['mpn']])(
		'%s: the binary is the emulator file as made (cmp), without its BOM with Remove BOM (mpn); temporary report and query deleted',
		async (program) => {
			const p = PROGRAMS[program];
			await emuClient.resetStats(emu);
			const { result, files } = await executeCapturingFiles(WF.runFile[program]);
			assertSucceeded(result);
			expect(files.map((f) => f.program)).toEqual([p.state]);
			const file = files[0];

			const items = result.nodes['Run Report'];
			expect(items).toHaveLength(1);
			const item = items[0];
			expect(item).toMatchObject({
				reportId: file.reportId,
				executionId: file.executionId,
				format: 'csv',
				rowCount: 25, // the emulator's defaultRowCount
				temporaryItemsDeleted: true,
			});
			expect(item.queryId).toMatch(ID_RE);
			expect(item.fileName).toMatch(
				new RegExp(`^n8n-run-\\d{8}-\\d{6}-[a-z0-9]+-${file.executionId}\\.csv$`),
			);
			expect(file.digest.rows).toBe(25);

			// The bytes n8n stored = the emulator's file, its UTF-8 BOM included (Excel needs it), or without
			// the BOM when Remove BOM is on.
			const expected = REMOVE_BOM[program] ? file.raw.subarray(3) : file.raw;
			const binary = binaryOf(result, 'Run Report');
			expect(binary).toMatchObject({
				fileName: item.fileName,
				mimeType: 'text/csv',
				bytes: expected.length,
			});
			expect(file.raw.subarray(0, 3)).toEqual(BOM);
			expect(sha256(file.raw)).toBe(file.digest.sha256);
			const stored = Buffer.from(result.nodes['Read Binary'][0].base64, 'base64');
			expect({ bytes: stored.length, sha256: sha256(stored) }).toEqual({
				bytes: expected.length,
				sha256: sha256(expected),
			});

			// The temporary report and query are gone, and with them the file.
			const state = emu.state[p.state];
			expect({
				report: state.reports.has(file.reportId),
				query: state.queries.has(item.queryId),
				execution: state.executions.has(file.executionId),
			}).toEqual({
				report: false,
				query: false,
				execution: false,
			});
			const byRoute = (await emuClient.stats(emu)).apiCalls.byRoute;
			expect({
				deleteReport: byRoute['DELETE /ScheduledReport/{reportId}'],
				deleteQuery: byRoute['DELETE /ScheduledQueries/{queryId}'],
			}).toEqual({
				deleteReport: 1,
				deleteQuery: 1,
			});
		},
	);
});

describe('Report → Run (output rows)', () => {
	test('every row equals the emulator file parsed per RFC 4180, tricky fields included', async () => {
		const { result, files } = await executeCapturingFiles(WF.runRows);
		assertSucceeded(result);
		expect(files).toHaveLength(1);
		const [file] = files;
		const expected = rowsOfFile(file.raw, 'csv');
		expect(expected).toHaveLength(40);
		expect(file.digest.rows).toBe(40);

		// The file really holds every tricky value (test/fixtures/csvReference.js: commas, doubled quotes,
		// CRLF and LF, tabs, non-ASCII, empty): none of the list is missing from its fields.
		const values = new Set(expected.flatMap((row) => Object.values(row)));
		expect(TRICKY_VALUES.filter((v) => !values.has(v))).toEqual([]);

		const rows = result.nodes['Run Report'];
		expect(rows).toHaveLength(40);
		expect(rows).toEqual(expected);

		expect({
			report: emu.state.cmp.reports.has(file.reportId),
			execution: emu.state.cmp.executions.has(file.executionId),
		}).toEqual({
			report: false,
			execution: false,
		});
	});
});

describe('Execution → Download (TSV, rows) and Execution → Get Many', () => {
	test('rows equal the latest TSV file; listed executions carry no link signature', async () => {
		const result = await n8n.executeWorkflow(WF.downloadTsv);
		assertSucceeded(result);

		const raw = await downloadRaw(tsv.latest.executionId, 'cmp');
		const expected = rowsOfFile(raw, 'tsv');
		expect(expected).toHaveLength(31);
		expect(expected.some((row) => Object.values(row).some((v) => /\t|\n|"/.test(v)))).toBe(true);
		const rows = result.nodes['Download Rows'];
		expect(rows).toHaveLength(31);
		expect(rows).toEqual(expected);

		const executions = result.nodes['Get Executions'];
		expect(executions.map((e) => e.executionId)).toEqual([
			tsv.latest.executionId,
			tsv.first.executionId,
		]);
		for (const e of executions) {
			expect(e).toMatchObject({
				reportId: tsv.reportId,
				executionStatus: 'Completed',
				format: 'tsv',
			});
			expect(e.reportAccessSecureLink).toBe(`${emu.url}/_files/${e.executionId}.tsv`);
		}
		// Secrets never in output: no SAS signature anywhere in the items or in what n8n printed.
		expect(JSON.stringify(executions)).not.toMatch(/sig=/i);
		expect(JSON.stringify(rows)).not.toMatch(/sig=/i);
		expect(result.res.stdout.includes('sig=')).toBe(false);
	});
});

describe('Report → Update of a recurring report that has already started', () => {
	// Regression guard: Update re-sends the report's current StartTime (the v1 update page marks it
	// required; helpers/reports.ts updateReportSettings), which is in the past once a report has run.
	// The "at least 4 hours from now" rule must not reject it, or no field of a running report could
	// ever be changed (it did, until emulator/api.js validateReport exempted an unchanged StartTime).
	test('changing only the description succeeds and keeps the start time', async () => {
		// The emulator offers no clock control: move the report's first run one day into the past, as
		// for a daily report created yesterday (the state a report is in for most of its life).
		const report = emu.state.cmp.reports.get(started.reportId);
		report.startTimeMs = Math.floor((Date.now() - 24 * HOUR) / 1000) * 1000;
		report.startTime = new Date(report.startTimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
		emu.runExecution(started.reportId, {});
		await emuClient.resetStats(emu);

		const result = await n8n.executeWorkflow(WF.updateStarted);
		const e = result.error || {};
		expect({ ok: result.ok, error: e.message, description: e.description }).toEqual({
			ok: true,
			error: undefined,
			description: undefined,
		});
		expect(result.nodes['Update Report'][0]).toMatchObject({
			reportId: started.reportId,
			description: 'Changed after the first run',
			startTime: report.startTime,
			reportStatus: 'Active',
		});
		expect(emu.state.cmp.reports.get(started.reportId).description).toBe(
			'Changed after the first run',
		);
	});
});

describe('a recurring Start Time 1 hour ahead', () => {
	test.each([['cmp'], ['mpn']])(
		'%s: fails naming "Start Time" before anything is sent',
		async (program) => {
			await emuClient.resetStats(emu);
			const result = await n8n.executeWorkflow(WF.badStart[program]);
			expect(result.ok).toBe(false);
			expect(result.error).toMatchObject({ node: 'Create Report' });
			expect(result.error.message).toMatch(/"Start Time"/);
			expect(result.error.message).toMatch(/4 hours/);
			const stats = await emuClient.stats(emu);
			expect({
				createReport: stats.apiCalls.byRoute['POST /ScheduledReport'] || 0,
				apiCalls: stats.apiCalls.total,
				tokenRequests: stats.tokenRequests.total,
			}).toEqual({ createReport: 0, apiCalls: 0, tokenRequests: 0 });
		},
	);
});
