'use strict';
/**
 * Ready for n8n 3.0, as far as 2.x can show it (issue 21). n8n 3.0 runs only in Docker (no runnable
 * npm package), so this suite runs n8n 2.40.7 with the 3.0 defaults that 2.x already has, plus what a
 * user of this package sets for them, and runs the package's main paths in it; then it reads 3.0's
 * migration report about the example workflows. One `n8n start` for the whole suite.
 *
 * The profile (names as n8n 2.40.7 reads them, @n8n/config and n8n's community-packages config):
 * - N8N_DEFAULT_BINARY_DATA_MODE=filesystem: 3.0 drops the in-memory mode; files stream to disk.
 * - N8N_SSRF_PROTECTION_ENABLED=true: on by default in 3.0; 127.0.0.0/8 (where the emulator listens)
 *   is in its default block list, so the emulator's address is let through the way a user lets a
 *   private Partner Center endpoint through: N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32 (the credential
 *   names an IP address; N8N_SSRF_ALLOWED_HOSTNAMES is the setting for a host name).
 * - The durable scheduler for poll triggers with durable poll cursors (N8N_SCHEDULER_ENABLED,
 *   N8N_SCHEDULER_POLL_TRIGGERS_ENABLED, N8N_POLLER_DURABLE_CURSORS_ENABLED,
 *   N8N_USE_WORKFLOW_PUBLICATION_SERVICE).
 * - N8N_UNVERIFIED_PACKAGES_ENABLED=true: 3.0 stops loading unverified community packages unless it
 *   is set; a user of this package sets it until the package is verified.
 * Queue mode with manual executions on workers (3.0 always offloads them) is test/queue's
 * (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true there).
 *
 * Run through test/n8n3/run.sh (`npm run test:n8n3`).
 */
const crypto = require('node:crypto');
const n8n = require('../e2e/lib/n8n');
const emuClient = require('../e2e/lib/emulator-client');
const T = require('../e2e/lib/triggers');
const W = require('../e2e/lib/workflows');
const { startEmulator, DEFAULTS, clientCredentialsData } = require('../e2e/lib/emulator');
const { DURABLE_SCHEDULER_ENV, runPollDelivery } = require('../e2e/lib/pollDelivery');
const { EXAMPLES_DIR, loadExample, credentialRef } = require('../e2e/lib/examples');
const { smtpCredentialData } = require('../e2e/lib/smtp');

const N8N3_ENV = Object.freeze({
	N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
	N8N_SSRF_PROTECTION_ENABLED: 'true',
	N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32',
	...DURABLE_SCHEDULER_ENV,
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
});

const API_BASE = '/insights/v1.1/cmp';
const CRED = { id: 'n8n3PcCred0001', name: 'PC client credentials (n8n 3 profile)' };
const WF = { actions: 'n8n3Actions0001', callback: 'n8n3Callback0001', flagged: 'n8n3Flagged0001' };
const ACTIONS_PATH = 'n8n3-actions';
const CALLBACK_WEBHOOK_ID = '7e1d2c3b-4a59-4f6e-8d7c-0b1a2f3e4d51';
const CALLBACK_NODE = 'Partner Center Analytics Trigger';
/** The node 3.0 flags in the control workflow (rule ai-transform-deprecated, n8n 2.40.7's v3 rules). */
const FLAGGED_TYPE = 'n8n-nodes-base.aiTransform';

const EXAMPLE_FILES = require('node:fs')
	.readdirSync(EXAMPLES_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const examples = EXAMPLE_FILES.map(loadExample);

let emu;
let server;
let userFolder;
/** Reports: `download` has one completed file; `callback` is watched by the callback trigger. */
const reports = {};
/** The completed execution of `download`; the files of Report → Run's temporary reports, by execution. */
let downloadExecution;
const runFiles = new Map();

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/** The actions workflow: a Webhook, then Report → Run (file) and Execution → Download (file). */
function actionsWorkflow(downloadReportId) {
	const webhook = W.nodeJson('Webhook', 'n8n-nodes-base.webhook', {
		typeVersion: 2,
		webhookId: '7e1d2c3b-4a59-4f6e-8d7c-0b1a2f3e4d50',
		parameters: { httpMethod: 'POST', path: ACTIONS_PATH, responseMode: 'onReceived', options: {} },
	});
	const run = W.pcaNode(
		'Run Report',
		{
			...W.CMP_CONNECTION,
			resource: 'report',
			operation: 'run',
			querySource: 'text',
			query: 'SELECT OrderId, CustomerCountry FROM ISVOrder LIMIT 20 TIMESPAN LAST_MONTH',
			options: { output: 'file', pollIntervalSeconds: 1 },
		},
		CRED,
		[220, -100],
	);
	const download = W.pcaNode(
		'Download File',
		{
			...W.CMP_CONNECTION,
			resource: 'execution',
			operation: 'download',
			reportId: { __rl: true, mode: 'id', value: downloadReportId },
			options: { output: 'file' },
		},
		CRED,
		[220, 100],
	);
	return W.graph(
		WF.actions,
		'n8n3 actions',
		[webhook, run, download],
		[
			['Webhook', 'Run Report'],
			['Webhook', 'Download File'],
		],
	);
}

/** A workflow 3.0's migration report must flag: proves the report is read the way it flags workflows. */
function flaggedWorkflow() {
	return W.chain(WF.flagged, 'n8n3 control: a node 3.0 flags', [
		W.manualTrigger(),
		W.nodeJson('AI Transform', FLAGGED_TYPE, { position: [220, 0], parameters: {} }),
	]);
}

beforeAll(async () => {
	const capture = () => {
		// Report → Run deletes its temporary report (and its file) once it has the file: keep the files.
		if (emu) T.recordRunFiles(emu, runFiles, (x) => x.reportId === reports.download);
	};
	emu = await startEmulator({ port: 0, log: capture });
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');
	const create = async (name) =>
		(
			await T.createRecurringReport(emuClient, emu, token, API_BASE, {
				name: `n8n3 ${name} ${Date.now().toString(36)}`,
				queryId: W.SYSTEM_QUERY_ID,
			})
		).reportId;
	reports.download = await create('download');
	reports.callback = await create('callback');
	downloadExecution = emu.runExecution(reports.download, { rowCount: 4 });

	userFolder = n8n.cloneUserFolder('n8n3-server');
	const exampleCredential = credentialRef(examples, 'partnerCenterClientCredentialsApi');
	const smtpCredential = credentialRef(examples, 'smtp');
	await n8n.importCredentials(
		[
			{ ...CRED, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) },
			{
				...exampleCredential,
				type: 'partnerCenterClientCredentialsApi',
				data: clientCredentialsData(emu.url),
			},
			{ ...smtpCredential, type: 'smtp', data: smtpCredentialData(9) },
		],
		{ userFolder },
	);
	await n8n.importWorkflow(
		[
			actionsWorkflow(reports.download),
			T.triggerWorkflow(
				WF.callback,
				'n8n3 callback trigger',
				T.reportFileCallbackNode(
					CALLBACK_NODE,
					reports.callback,
					'POST',
					CRED,
					CALLBACK_WEBHOOK_ID,
				),
			),
			flaggedWorkflow(),
			...examples,
		],
		{ userFolder },
	);
	server = await n8n.loginOwner(
		await n8n.startN8n({ userFolder, webhookUrl: true, env: N8N3_ENV }),
	);
});

afterAll(async () => {
	await n8n.stopN8n(server);
	if (emu) await emu.stop();
});

test('SSRF protection is on: the allowed emulator address passes, another loopback address is refused', async () => {
	const allowed = await n8n.testCredential(
		server,
		'partnerCenterClientCredentialsApi',
		clientCredentialsData(emu.url),
	);
	const otherLoopback = emu.url.replace('127.0.0.1', '127.0.0.2');
	const refused = await n8n.testCredential(
		server,
		'partnerCenterClientCredentialsApi',
		clientCredentialsData(otherLoopback),
	);
	console.log(
		`SSRF: the credential test against ${otherLoopback}: ${n8n.redact(String(refused.message))}`,
	);
	expect({ allowed: allowed.status, refused: refused.status }).toEqual({
		allowed: 'OK',
		refused: 'Error',
	});
	// n8n's SSRF guard ("…blocked because it resolves to a restricted IP address"), not a refused connection.
	expect(refused.message).toMatch(/blocked|restricted/i);
});

test('Report → Run and Execution → Download store their files on disk (filesystem mode), as Partner Center made them', async () => {
	await T.activateWorkflow(server, WF.actions);
	const r = await fetch(`${server.url}/webhook/${ACTIONS_PATH}`, { method: 'POST' });
	expect(r.status).toBe(200);
	const [execution] = await T.waitForExecutions(server, WF.actions, 1, { timeoutMs: 180_000 });
	const ex = await T.getExecution(server, execution.id);
	const got = {};
	const want = {};
	for (const name of ['Run Report', 'Download File']) {
		const [item] = ex.items(name);
		const binary = item && item.binary && item.binary.data;
		got[name] = {
			storedOnDisk: /^filesystem(-v2)?:/.test(String(binary && binary.id)),
			sha256: binary ? sha256(await T.readBinary(server, binary)) : null,
		};
		const executionId = String(
			name === 'Download File' ? downloadExecution.executionId : item && item.json.executionId,
		).toLowerCase();
		const kept = [...runFiles.keys()].find((id) => id.toLowerCase() === executionId);
		const file = kept ? await runFiles.get(kept) : await T.emulatorFile(emu, executionId);
		want[name] = { storedOnDisk: true, sha256: file.sha256 };
	}
	expect({ status: ex.status, files: got }).toEqual({ status: 'success', files: want });
	await T.deactivateWorkflow(server, WF.actions);
});

test('callback trigger: a completed file starts one run with the file', async () => {
	await T.activateWorkflow(server, WF.callback);
	const x = emu.runExecution(reports.callback, { rowCount: 3 });
	await T.waitForCallbacks(emu, x.executionId, 1);
	const [execution] = await T.waitForExecutions(server, WF.callback, 1, { timeoutMs: 60_000 });
	await T.sleep(1500);
	const ex = await T.getExecution(server, execution.id);
	const items = ex.items(CALLBACK_NODE);
	const files = [];
	for (const item of items)
		files.push({
			executionId: String(item.json.executionId).toLowerCase(),
			sha256: sha256(await T.readBinary(server, item.binary.data)),
		});
	expect({
		runs: (await T.listExecutions(server, WF.callback)).length,
		status: ex.status,
		files,
	}).toEqual({
		runs: 1,
		status: 'success',
		files: [
			{
				executionId: String(x.executionId).toLowerCase(),
				sha256: (await T.emulatorFile(emu, x.executionId)).sha256,
			},
		],
	});
	await T.deactivateWorkflow(server, WF.callback);
});

test('poll trigger (durable scheduler): a file right after activation and the next one, each in exactly one run', async () => {
	const { runs, want, history, failure, reportId, cursor } = await runPollDelivery({
		emu,
		userFolder,
		env: N8N3_ENV,
		prefix: 'n8n3',
		restart: false,
		server,
	});
	expect(runs).toEqual(want);
	expect(runs.flatMap((r) => r.files.map((f) => f.executionId))).not.toContain(history);
	// The durable scheduler ran it: the node's state is n8n's durable poll cursor.
	expect(cursor && cursor.baselineFor).toBe(reportId);
	if (failure) throw failure;
});

describe("3.0's migration report", () => {
	/** Every workflow rule's affected workflows: [{ ruleId, ruleTitle, workflows: [{ id, name, issues }] }]. */
	async function migrationReport() {
		const r = await server.rest('POST', '/rest/breaking-changes/report/refresh?version=v3');
		if (r.status !== 200 || !r.json)
			throw new Error(`refresh: HTTP ${r.status} ${r.text.slice(0, 500)}`);
		const report = (r.json.data || r.json).report;
		const rules = [];
		for (const rule of report.workflowResults) {
			if (!(rule.nbAffectedWorkflows > 0)) continue;
			const d = await server.rest(
				'GET',
				`/rest/breaking-changes/report/${encodeURIComponent(rule.ruleId)}`,
			);
			if (d.status !== 200 || !d.json)
				throw new Error(`rule ${rule.ruleId}: HTTP ${d.status} ${d.text.slice(0, 300)}`);
			const detail = d.json.data || d.json;
			rules.push({
				ruleId: rule.ruleId,
				ruleTitle: rule.ruleTitle,
				workflows: (detail.affectedWorkflows || []).map((w) => ({
					id: w.id,
					name: w.name,
					issues: w.issues,
				})),
			});
		}
		return { instanceResults: report.instanceResults, rules };
	}

	test('no rule names our nodes, credentials or example workflows; the control workflow is flagged', async () => {
		// The examples' triggers active, as a user runs them (Slack / Google Sheets lack credentials here:
		// their schedule triggers activate all the same).
		const activation = {};
		for (const wf of examples)
			activation[wf.id] = (await T.activateWorkflow(server, wf.id, { allowFailure: true })).status;

		const { instanceResults, rules } = await migrationReport();
		console.log(
			`n8n 3.0 migration report (n8n 2.40.7, this profile):\n` +
				`examples' activation: ${JSON.stringify(activation)}\n` +
				`instance rules affected: ${JSON.stringify(
					(instanceResults || [])
						.filter((r) => (r.instanceIssues || []).length > 0)
						.map((r) => `${r.ruleId} (${r.ruleTitle})`),
				)}\n` +
				rules
					.map(
						(r) =>
							`- ${r.ruleId} (${r.ruleTitle}): ${r.workflows.map((w) => `${w.id} "${w.name}"`).join(', ')}`,
					)
					.join('\n'),
		);

		const ours = new Set(examples.map((wf) => wf.id));
		const ourText = /partner.?center|n8n-nodes-partner-center-analytics|pcaEx/i;
		const named = [];
		for (const rule of rules)
			for (const w of rule.workflows)
				if (ours.has(w.id) || ourText.test(JSON.stringify(w.issues)))
					named.push({ ruleId: rule.ruleId, workflow: w.id, issues: w.issues });
		const instanceNamed = (instanceResults || []).filter((r) => ourText.test(JSON.stringify(r)));
		const control = rules
			.filter((r) => r.workflows.some((w) => w.id === WF.flagged))
			.map((r) => r.ruleId);

		expect({ named, instanceNamed, controlFlaggedBy: control.length > 0 }).toEqual({
			named: [],
			instanceNamed: [],
			controlFlaggedBy: true,
		});
		for (const wf of examples) await T.deactivateWorkflow(server, wf.id).catch(() => {});
	});
});
