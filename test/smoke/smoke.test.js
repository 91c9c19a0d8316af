'use strict';
/**
 * Smoke test of the packed package in one real n8n version (run by test/smoke/run.sh <version>, which
 * installs that version into its own runtime folder and the package into a fresh user folder the way
 * n8n installs a community package). The full e2e suite runs on the version the project is developed
 * against; this file checks, on every other version we claim, that each part a user touches works once:
 *   - the 3 nodes and 3 credentials load (what the editor reads: /types/nodes.json,
 *     /types/credentials.json, POST /rest/node-types),
 *   - n8n's credential test (POST /rest/credentials/test) succeeds against the emulator,
 *   - the action node runs (Dataset → Get Many through `n8n execute`),
 *   - the callback trigger activates (the watched report's callback points at n8n), a completed
 *     report execution starts a run, deactivation gives the report its callback back,
 *   - the poll trigger activates, polls and starts a run for a completed report execution.
 */
const n8n = require('../e2e/lib/n8n');
const emuClient = require('../e2e/lib/emulator-client');
const T = require('../e2e/lib/triggers');
const W = require('../e2e/lib/workflows');
const {
	startEmulator,
	DEFAULTS,
	clientCredentialsData,
	passwordData,
} = require('../e2e/lib/emulator');

const N8N_VERSION = process.env.N8N_VERSION || '(default runtime)';
const CRED = { id: 'smokeCc000000001', name: 'PC client credentials (smoke)' };
const API_BASE = '/insights/v1.1/cmp';
const ORIGINAL_CALLBACK = 'https://hooks.contoso.invalid/partner-center/smoke';
const STAMP = Date.now().toString(36);
const ACTION_NODE = 'Partner Center Analytics';
const CALLBACK_NODE = 'Partner Center Analytics Trigger';
const POLL_NODE = 'Partner Center Analytics Poll Trigger';
/** Workflow ids; the trigger workflows get theirs from n8n when they are saved (beforeAll). */
const WF = { datasets: 'smokeDatasets', callback: undefined, poll: undefined };
const WEBHOOK_ID = '7c1e9a52-3b4d-4f6e-8a9b-0c1d2e3f4a51';
const PKG = n8n.PACKAGE_NAME;
const NODE_TYPES = [
	`${PKG}.partnerCenterAnalytics`,
	`${PKG}.partnerCenterAnalyticsTrigger`,
	`${PKG}.partnerCenterAnalyticsPollTrigger`,
];
const CREDENTIAL_TYPES = Object.values(W.CREDENTIAL_TYPES).sort();

let emu;
let server;
let userFolder;
let expectedDatasets;
const reports = {};

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');
	expectedDatasets = (await emuClient.listAll(emu, token, `${API_BASE}/ScheduledDataset`))
		.map(emuClient.datasetNameOf)
		.sort();
	const report = (name, opts) =>
		T.createRecurringReport(emuClient, emu, token, API_BASE, {
			name: `smoke ${name} ${STAMP}`,
			queryId: W.SYSTEM_QUERY_ID,
			...opts,
		});
	reports.callback = (
		await report('callback', { callbackUrl: ORIGINAL_CALLBACK, callbackMethod: 'POST' })
	).reportId;
	reports.poll = (await report('poll', {})).reportId;

	const credentials = [
		{ ...CRED, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) },
	];
	// The action node runs through `n8n execute` in the prepared user folder ...
	await n8n.importCredentials(credentials);
	await n8n.importWorkflow(
		W.chain(WF.datasets, 'smoke datasets', [
			W.manualTrigger(),
			W.pcaNode(
				ACTION_NODE,
				{ ...W.CMP_CONNECTION, resource: 'dataset', operation: 'getAll', returnAll: true },
				CRED,
			),
		]),
	);
	// ... the triggers in a started n8n with its own user folder (own sqlite DB), saved through REST
	// as the editor does (n8n 2.0 activates only workflows saved that way, see createWorkflow).
	userFolder = n8n.cloneUserFolder('smoke-server');
	await n8n.importCredentials(credentials, { userFolder });
	server = await n8n.startN8n({ userFolder, webhookUrl: true });
	await n8n.loginOwner(server);
	WF.callback = await T.createWorkflow(
		server,
		T.triggerWorkflow(
			'smokeCallback',
			'smoke callback trigger',
			T.reportFileCallbackNode(CALLBACK_NODE, reports.callback, 'POST', CRED, WEBHOOK_ID),
		),
	);
	WF.poll = await T.createWorkflow(
		server,
		T.triggerWorkflow(
			'smokePoll',
			'smoke poll trigger',
			T.reportFilePollNode(POLL_NODE, reports.poll, CRED, 5),
		),
	);
});

afterAll(async () => {
	await n8n.stopN8n(server);
	if (emu) await emu.stop();
});

/** A finished run of a trigger workflow: { status, mode, files: [{ reportId, executionId, rowCount, bytes }] }. */
async function onlyRun(workflowId, nodeName) {
	const [e] = await T.waitForExecutions(server, workflowId, 1, { timeoutMs: 120_000 });
	const ex = await T.getExecution(server, e.id);
	const files = [];
	for (const item of ex.items(nodeName)) {
		const bytes = await T.readBinary(server, item.binary && item.binary.data);
		files.push({
			reportId: item.json.reportId,
			executionId: item.json.executionId,
			rowCount: item.json.rowCount,
			bytes: bytes.length,
		});
	}
	return { status: ex.status, mode: ex.mode, files };
}

async function expectedFile(x) {
	const file = await T.emulatorFile(emu, x.executionId);
	return {
		reportId: x.reportId,
		executionId: x.executionId,
		rowCount: x.rowCount,
		bytes: file.bytes,
	};
}

function completeExecution(reportId, rowCount) {
	const x = emu.runExecution(reportId, { rowCount });
	return { reportId: x.reportId, executionId: x.executionId, rowCount };
}

describe(`n8n ${N8N_VERSION}`, () => {
	test('the 3 nodes and 3 credentials load (as the editor lists and opens them)', async () => {
		const nodesJson = await server.rest('GET', '/types/nodes.json');
		const credsJson = await server.rest('GET', '/types/credentials.json');
		expect({ nodes: nodesJson.status, credentials: credsJson.status }).toEqual({
			nodes: 200,
			credentials: 200,
		});
		const listed = new Set(
			nodesJson.json.filter((d) => d.name.startsWith(`${PKG}.`)).map((d) => d.name),
		);
		// n8n also lists a generated AI tool variant (`<type>Tool`) of a node marked usableAsTool.
		const ours = [...listed].filter(
			(name) => !(name.endsWith('Tool') && listed.has(name.slice(0, -4))),
		);
		expect(ours.sort()).toEqual([...NODE_TYPES].sort());
		const credTypes = credsJson.json.map((c) => c.name).filter((n) => CREDENTIAL_TYPES.includes(n));
		expect(credTypes.sort()).toEqual(CREDENTIAL_TYPES);

		const opened = await server.rest('POST', '/rest/node-types', {
			nodeInfos: NODE_TYPES.map((name) => ({ name, version: 1 })),
		});
		expect(opened.status).toBe(200);
		const descriptions = opened.json.data || opened.json;
		// The descriptions carry the node's own name (without the package prefix n8n adds to the type).
		const shortName = (name) => name.replace(`${PKG}.`, '');
		expect(
			descriptions.map((d) => ({
				name: shortName(d.name),
				credentials: (d.credentials || []).map((c) => c.name).sort(),
			})),
		).toEqual(NODE_TYPES.map((name) => ({ name: shortName(name), credentials: CREDENTIAL_TYPES })));
	});

	test.each([
		[
			'client credentials',
			'partnerCenterClientCredentialsApi',
			() => clientCredentialsData(emu.url),
		],
		['delegated user', 'partnerCenterPasswordApi', () => passwordData(emu.url)],
	])("n8n's credential test of %s against the emulator succeeds", async (_label, type, data) => {
		const result = await n8n.testCredential(server, type, data());
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
	});

	test('the action node runs: Dataset → Get Many returns what the emulator serves', async () => {
		const result = await n8n.executeWorkflow(WF.datasets);
		n8n.assertSucceeded(result);
		const names = result.nodes[ACTION_NODE].map(emuClient.datasetNameOf).sort();
		expect(names).toEqual(expectedDatasets);
	});

	test('the callback trigger activates (registers its callback), runs once per completed file, deactivates', async () => {
		await T.activateWorkflow(server, WF.callback);
		const registered = T.emulatorReport(emu, reports.callback).callbackUrl;
		if (registered) n8n.addSecrets(String(registered).split('/').pop());
		expect(registered).toMatch(
			new RegExp(`^${server.url}/webhook/${WEBHOOK_ID}/${WF.callback}/[A-Za-z0-9_-]{16,}$`),
		);

		const x = completeExecution(reports.callback, 4);
		await T.waitForCallbacks(emu, x.executionId, 1);
		expect(await onlyRun(WF.callback, CALLBACK_NODE)).toEqual({
			status: 'success',
			mode: 'webhook',
			files: [await expectedFile(x)],
		});

		await T.deactivateWorkflow(server, WF.callback);
		await T.waitFor(
			'the original callback to come back',
			() => T.emulatorReport(emu, reports.callback).callbackUrl === ORIGINAL_CALLBACK,
			{
				timeoutMs: 30_000,
				describe: () => T.emulatorReport(emu, reports.callback).callbackUrl,
			},
		).catch(() => {});
		expect(T.emulatorReport(emu, reports.callback).callbackUrl).toBe(ORIGINAL_CALLBACK);
	});

	test('the poll trigger activates, polls and runs once for a completed file', async () => {
		await T.activateWorkflow(server, WF.poll);
		const before = T.executionListRequests(emu, reports.poll);
		await T.waitFor('a poll', () => T.executionListRequests(emu, reports.poll) > before, {
			timeoutMs: 120_000,
		});
		const x = completeExecution(reports.poll, 3);
		expect(await onlyRun(WF.poll, POLL_NODE)).toEqual({
			status: 'success',
			mode: 'trigger',
			files: [await expectedFile(x)],
		});
		await T.deactivateWorkflow(server, WF.poll);
	});
});
