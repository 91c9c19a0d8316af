'use strict';
/**
 * The example workflows in examples/ (issue #6), in a REAL n8n 2.40.7 with the packed package, against
 * the in-process Partner Center emulator and a local SMTP server started by this test
 * (lib/smtp.js: plain `net`, parses the MIME message and its attachments).
 *
 * - weekly-orders-email.json: `n8n execute` of a copy whose Schedule Trigger is a Manual Trigger (n8n
 *   execute starts only from a Manual Trigger) and whose poll interval is 1 s; the mail's CSV
 *   attachment must be the emulator's file, byte for byte, its UTF-8 BOM included.
 * - report-ready-email.json: `n8n start` with the workflow active (its trigger creates a managed report
 *   with a callback to n8n); an execution completed with the emulator's control endpoint
 *   `POST /_emulator/reports/{id}/executions` fires the callback, the run emails the file.
 * - usage-to-google-sheets.json and orders-summary-to-slack.json cannot reach Google or Slack here:
 *   every node type, parameter, option value and credential type of every example is checked against
 *   the node types that the running n8n serves (`GET /types/nodes.json`, lib/workflow-check.js), and
 *   `n8n execute` of each must run the Partner Center part and stop only at the Google Sheets / Slack
 *   node, for the missing credential.
 *
 * - usage-to-postgres-in-pages.json: `n8n start` with an active copy whose Schedule Trigger is a Webhook
 *   trigger of the same name (a schedule cannot be fired on demand), pages of 10,000 rows and a 1 s
 *   poll interval. The workflow calls itself as its page sub-workflow, which n8n 2.x runs in its
 *   published version only: hence `n8n start` and activation, not `n8n execute`. A 25,000-row usage
 *   file must arrive in a private PostgreSQL (test/queue/lib/services.js), every row exactly once,
 *   equal to an independent reading of the emulator's file (test/fixtures/csvReference.js).
 *
 * The examples are imported as they are, with their credential references: the test imports a
 * Partner Center credential, an SMTP credential and a PostgreSQL credential with the ids and names
 * the examples use.
 * Run through test/e2e/run.sh (`npm run test:e2e`, or `bash test/e2e/run.sh examples`).
 */
const n8n = require('./lib/n8n');
const T = require('./lib/triggers');
const { startSmtpServer, smtpCredentialData } = require('./lib/smtp');
const { fetchNodeTypes, checkWorkflow } = require('./lib/workflow-check');

const { startEmulator, DEFAULTS, clientCredentialsData } = require('./lib/emulator');
const {
	loadExample,
	credentialRef,
	nodeOfType,
	forExecute,
	emulatorFileCapture,
	startExamplePostgres,
	queryColumns,
} = require('./lib/examples');
const { parseRows, TRICKY_VALUES } = require('../fixtures/csvReference');

const FILES = {
	weekly: 'weekly-orders-email.json',
	callback: 'report-ready-email.json',
	sheets: 'usage-to-google-sheets.json',
	slack: 'orders-summary-to-slack.json',
	pages: 'usage-to-postgres-in-pages.json',
	upsert: 'usage-to-postgres-upsert.json',
};
const PCA_TYPE = n8n.NODE_TYPE;
const THIRD_PARTY_TYPES = ['n8n-nodes-base.googleSheets', 'n8n-nodes-base.slack'];

let emu;
let smtp;
let postgres;
let usageDb;
let userFolder;
let server;
const examples = {};

/** The usage table of usage-to-postgres-in-pages.json: the columns of its query, as text. */
const USAGE_TABLE = 'partner_center_usage';
const PAGES_WEBHOOK = {
	path: 'e2e-usage-pages',
	webhookId: '5e0d4f7a-2b1c-4d3e-9f8a-7b6c5d4e3f21',
};
const PAGE_ROWS = 10_000;
const USAGE_ROWS = 25_000;

/**
 * A copy that an active workflow in `n8n start` runs on demand: its Schedule Trigger becomes a
 * Webhook trigger of the same name that answers when the run ends; Report → Run polls every second,
 * Read Rows From File reads pages of PAGE_ROWS.
 */
function forWebhook(wf) {
	const copy = forExecute(wf);
	const trigger = copy.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	Object.assign(trigger, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: PAGES_WEBHOOK.webhookId,
		parameters: {
			httpMethod: 'POST',
			path: PAGES_WEBHOOK.path,
			responseMode: 'lastNode',
			responseData: 'noData',
			options: {},
		},
	});
	for (const node of copy.nodes)
		if (node.parameters.operation === 'readRows') node.parameters.maxRows = PAGE_ROWS;
	return copy;
}

const { files, reportsSeen, capture, expectedFileOf } = emulatorFileCapture(() => emu);

function attachmentSummary(mail) {
	return mail.parsed.attachments.map((a) => ({
		filename: a.filename,
		contentType: a.contentType,
		sha256: T.sha256(a.content),
		bytes: a.content.length,
	}));
}

beforeAll(async () => {
	for (const [key, file] of Object.entries(FILES)) examples[key] = loadExample(file);
	emu = await startEmulator({ port: 0, log: () => capture() });
	smtp = await startSmtpServer();
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);

	const all = Object.values(examples);
	const pcaCred = credentialRef(all, 'partnerCenterClientCredentialsApi');
	const smtpCred = credentialRef(all, 'smtp');
	// Placeholders, so that n8n starts the runs at all (a missing credential fails `n8n execute` before
	// the first node): Google without a token, Slack with a made-up token.
	const googleCred = credentialRef(all, 'googleSheetsOAuth2Api');
	const slackCred = credentialRef(all, 'slackApi');
	const postgresCred = credentialRef(all, 'postgres');
	usageDb = await startExamplePostgres('examples-postgres');
	postgres = usageDb.postgres;
	const columns = queryColumns(nodeOfType(examples.pages, PCA_TYPE).parameters.query).map(
		(c) => `"${c}" text`,
	);
	postgres.psql(`CREATE TABLE ${USAGE_TABLE} (${columns.join(', ')})`);
	postgres.psql(`ALTER TABLE ${USAGE_TABLE} OWNER TO ${postgres.user}`);
	userFolder = n8n.cloneUserFolder('examples');
	await n8n.importCredentials(
		[
			{
				...pcaCred,
				type: 'partnerCenterClientCredentialsApi',
				data: clientCredentialsData(emu.url),
			},
			{
				...smtpCred,
				type: 'smtp',
				data: smtpCredentialData(smtp.port),
			},
			{
				...googleCred,
				type: 'googleSheetsOAuth2Api',
				data: { clientId: 'placeholder-client-id', clientSecret: 'placeholder-client-secret' },
			},
			{ ...slackCred, type: 'slackApi', data: { accessToken: 'xoxb-placeholder-token' } },
			{
				...postgresCred,
				type: 'postgres',
				data: usageDb.credentialData,
			},
		],
		{ userFolder },
	);
	// The runnable copies replace the originals (same ids); the callback and upsert examples are
	// imported as they are.
	await n8n.importWorkflow(
		[
			forExecute(examples.weekly),
			examples.callback,
			forExecute(examples.sheets, { continueTypes: THIRD_PARTY_TYPES }),
			forExecute(examples.slack, { continueTypes: THIRD_PARTY_TYPES }),
			forWebhook(examples.pages),
			// Checked here against the running n8n's node types; run in usageUpsert.e2e.test.js.
			examples.upsert,
		],
		{ userFolder },
	);
});

afterAll(async () => {
	await n8n.stopN8n(server);
	if (smtp) await smtp.stop();
	if (postgres) await postgres.stop();
	if (emu) await emu.stop();
});

describe('examples/weekly-orders-email.json', () => {
	test('runs: the orders report is mailed with the CSV attached, byte for byte the emulator file (BOM included)', async () => {
		const wf = examples.weekly;
		const pcaName = nodeOfType(wf, PCA_TYPE).name;
		const mailName = nodeOfType(wf, 'n8n-nodes-base.emailSend').name;
		const before = smtp.messages.length;
		const result = await n8n.executeWorkflow(wf.id, { userFolder });
		if (!result.ok) throw new Error(result.failureReport());
		const [file] = result.nodes[pcaName];
		expect(file).toMatchObject({
			executionId: expect.any(String),
			format: 'csv',
			fileName: expect.stringMatching(/\.csv$/),
			rowCount: expect.any(Number),
		});
		expect(result.nodes[mailName]).toHaveLength(1);
		// The report read the last seven days (Query Start/End Time), not a TIMESPAN.
		const report = reportsSeen.get(file.reportId);
		const day = 24 * 3600 * 1000;
		expect({
			queryStartTime: report && report.queryStartTime,
			windowDays:
				report && (Date.parse(report.queryEndTime) - Date.parse(report.queryStartTime)) / day,
		}).toEqual({
			queryStartTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT00:00:00Z$/),
			windowDays: 7,
		});

		const mails = await smtp.waitForMessages(before + 1, { timeoutMs: 10_000 });
		const mail = mails[before];
		const expected = await expectedFileOf(file.executionId);
		expect({
			envelopeTo: mail.to,
			subject: mail.parsed.subject,
			text: mail.parsed.text,
			attachments: attachmentSummary(mail),
		}).toEqual({
			envelopeTo: ['marketplace-team@example.com'],
			subject: expect.stringMatching(
				new RegExp(
					`^Marketplace orders \\d{4}-\\d\\d-\\d\\d to \\d{4}-\\d\\d-\\d\\d \\(${file.rowCount} rows\\)$`,
				),
			),
			text: expect.stringContaining(`${file.rowCount} rows in ${file.fileName}`),
			attachments: [
				{
					filename: file.fileName,
					contentType: 'text/csv',
					sha256: expected.sha256,
					bytes: expected.bytes,
				},
			],
		});
	});
});

describe('examples/usage-to-google-sheets.json and examples/orders-summary-to-slack.json', () => {
	/**
	 * What stops a Google Sheets / Slack node here, with the placeholder credentials this test imports:
	 * Google's OAuth2 credential has no token, slack.com cannot be reached. Both come after the node has
	 * read all its parameters (and, for the upload, found the binary file): any other error is a problem
	 * of the example.
	 */
	const EXPECTED_STOP = {
		'n8n-nodes-base.googleSheets': /Unable to sign without access token/,
		'n8n-nodes-base.slack':
			/connection cannot be established|ENOTFOUND|EAI_AGAIN|getaddrinfo|ECONNREFUSED|refused the connection|timed? ?out/i,
	};

	test.each([
		['usage-to-google-sheets', 'sheets', 'rows'],
		['orders-summary-to-slack', 'slack', 'file'],
	])(
		'%s: the Partner Center part runs; every Google/Slack node runs up to the missing credential or network',
		async (_label, key, output) => {
			const wf = examples[key];
			const pca = nodeOfType(wf, PCA_TYPE);
			const thirdParty = wf.nodes.filter((n) => EXPECTED_STOP[n.type]);
			const result = await n8n.executeWorkflow(wf.id, { userFolder });
			const pcaItems = result.nodes[pca.name] || [];
			const view = {
				status: result.status,
				pcaError: result.nodeErrors[pca.name] ? result.nodeErrors[pca.name].message : null,
				pcaItems: pcaItems.length > 0,
				thirdParty: Object.fromEntries(
					thirdParty.map((n) => [
						n.name,
						(result.nodes[n.name] || []).map(
							(j) => (j && j.error) || '(no error: it reached the service?)',
						),
					]),
				),
			};
			const want = {
				status: 'success',
				pcaError: null,
				pcaItems: true,
				thirdParty: Object.fromEntries(
					thirdParty.map((n) => [
						n.name,
						(result.nodes[n.name] || [1]).map(() => expect.stringMatching(EXPECTED_STOP[n.type])),
					]),
				),
			};
			try {
				expect(view).toEqual(want);
				for (const n of thirdParty)
					expect({ [n.name]: (result.nodes[n.name] || []).length > 0 }).toEqual({ [n.name]: true });
			} catch (e) {
				e.message += `\n${result.failureReport()}`;
				throw e;
			}
			if (output === 'rows') {
				// One item per data row, keyed by the query's columns.
				const columns = queryColumns(pca.parameters.query);
				expect(Object.keys(pcaItems[0]).sort()).toEqual(columns.slice().sort());
			} else {
				expect(pcaItems[0]).toMatchObject({ format: 'csv', rowCount: expect.any(Number) });
			}
		},
	);
});

describe('in a running n8n', () => {
	beforeAll(async () => {
		server = await n8n.startN8n({ userFolder, webhookUrl: true });
		await n8n.loginOwner(server);
	});

	test('every node type, parameter, option value and credential type of every example resolves in n8n 2.40.7', async () => {
		const nodeTypes = await fetchNodeTypes(server);
		const problems = {};
		for (const [key, file] of Object.entries(FILES))
			problems[file] = checkWorkflow(examples[key], nodeTypes);
		expect(problems).toEqual(Object.fromEntries(Object.values(FILES).map((f) => [f, []])));
		// What the editor opens: every example is stored with all its nodes.
		for (const wf of Object.values(examples)) {
			const r = await server.rest('GET', `/rest/workflows/${wf.id}`);
			expect({ id: wf.id, status: r.status }).toEqual({ id: wf.id, status: 200 });
			expect(r.json.data.nodes.map((n) => n.name).sort()).toEqual(
				wf.nodes.map((n) => n.name).sort(),
			);
		}
	});

	test('examples/report-ready-email.json: active, a completed Partner Center execution calls back and its file is mailed', async () => {
		const wf = examples.callback;
		const trigger = nodeOfType(wf, T.CALLBACK_TRIGGER_TYPE);
		const prefix = `${server.url}/webhook/${trigger.webhookId}/${wf.id}/`;
		const reportsBefore = new Set(emu.state.cmp.reports.keys());
		await T.activateWorkflow(server, wf.id);
		const managed = [...emu.state.cmp.reports.values()].filter(
			(r) => !reportsBefore.has(r.reportId) && String(r.callbackUrl || '').startsWith(prefix),
		);
		expect(
			managed.map((r) => ({
				queryId: r.queryId,
				format: r.format,
				callbackMethod: r.callbackMethod,
			})),
		).toEqual([
			{
				queryId: trigger.parameters.queryId.value,
				format: expect.stringMatching(/^csv$/i),
				callbackMethod: 'POST',
			},
		]);
		const reportId = managed[0].reportId;
		n8n.addSecrets(String(managed[0].callbackUrl).slice(prefix.length));

		// What the brief's "Partner Center finished a run" looks like: the emulator's control endpoint.
		const before = smtp.messages.length;
		const r = await fetch(
			`${emu.url}/_emulator/reports/${encodeURIComponent(reportId)}/executions`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ rowCount: 12 }),
			},
		);
		expect(r.status).toBe(200);
		const execution = await r.json();
		expect(execution).toMatchObject({ reportId, executionStatus: 'Completed' });

		const callbacks = await T.waitForCallbacks(emu, execution.executionId, 1);
		const [run] = await T.waitForExecutions(server, wf.id, 1, { timeoutMs: 30_000 }).catch((e) => {
			e.message +=
				`\n--- callbacks: ${n8n.redact(JSON.stringify(callbacks.map((c) => ({ method: c.method, status: c.status, error: c.error }))))}` +
				`\n${server.logs()}`;
			throw e;
		});
		const ex = await T.getExecution(server, run.id);
		const mails = await smtp.waitForMessages(before + 1, { timeoutMs: 15_000 });
		const mail = mails[before];
		const expected = await expectedFileOf(execution.executionId);
		const [item] = ex.items(trigger.name);
		expect({
			status: ex.status,
			mode: ex.mode,
			item: item && item.json,
			envelopeTo: mail.to,
			subject: mail.parsed.subject,
			attachments: attachmentSummary(mail),
		}).toEqual({
			status: 'success',
			mode: 'webhook',
			item: expect.objectContaining({
				reportId,
				executionId: execution.executionId,
				rowCount: 12,
			}),
			envelopeTo: ['marketplace-team@example.com'],
			subject: `Partner Center report ready: ${item && item.json.fileName} (12 rows)`,
			attachments: [
				{
					filename: item && item.json.fileName,
					contentType: 'text/csv',
					sha256: expected.sha256,
					bytes: expected.bytes,
				},
			],
		});

		// Deactivation deletes the report the trigger created.
		await T.deactivateWorkflow(server, wf.id);
		await T.waitFor('the managed report to be deleted', () => !T.emulatorReport(emu, reportId), {
			timeoutMs: 15_000,
		}).catch(() => {});
		expect(T.emulatorReport(emu, reportId)).toBeNull();
	});

	test(`examples/usage-to-postgres-in-pages.json: active, a ${USAGE_ROWS.toLocaleString('en-US')}-row usage file goes into PostgreSQL in pages of ${PAGE_ROWS.toLocaleString('en-US')}, every row once`, async () => {
		const wf = examples.pages;
		const known = new Set(files.keys());
		const defaultRowCount = emu.options.defaultRowCount;
		await fetch(`${emu.url}/_emulator/config`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ defaultRowCount: USAGE_ROWS }),
		});
		let response;
		try {
			await T.activateWorkflow(server, wf.id);
			// The webhook answers when the run has ended (Respond: When Last Node Finishes).
			response = await fetch(`${server.url}/webhook/${PAGES_WEBHOOK.path}`, { method: 'POST' });
		} finally {
			await fetch(`${emu.url}/_emulator/config`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ defaultRowCount }),
			});
			await T.deactivateWorkflow(server, wf.id).catch(() => {});
		}
		expect({ status: response.status, body: (await response.text()).slice(0, 500) }).toEqual({
			status: 200,
			body: '',
		});
		const newFiles = [...files.keys()].filter((id) => !known.has(id));
		expect(newFiles).toHaveLength(1);
		const file = await expectedFileOf(newFiles[0]);
		const expected = parseRows(file.raw).rows;
		expect(expected).toHaveLength(USAGE_ROWS);

		const stored = await usageDb.query(`SELECT * FROM ${USAGE_TABLE}`);
		// Every row of the file once, none twice (the table has no order: compared as sorted lists).
		const sorted = (rows) => rows.map((row) => JSON.stringify(row)).sort();
		expect(stored).toHaveLength(USAGE_ROWS);
		expect(sorted(stored)).toEqual(sorted(expected));
		// The tricky values (test/fixtures/csvReference.js: quoted commas, doubled quotes, line breaks,
		// tabs, non-ASCII) came through; 25,000 rows hold every one. Looked for as JSON writes them.
		const text = JSON.stringify(stored);
		for (const tricky of TRICKY_VALUES) expect(text).toContain(JSON.stringify(tricky).slice(1, -1));
	});
});
