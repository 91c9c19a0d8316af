'use strict';
/**
 * Queue mode end-to-end (issue #7): n8n 2.40.7 with EXECUTIONS_MODE=queue on PostgreSQL and Redis
 * (private instances from Debian's packages, see lib/services.js), as three processes:
 *   main     `n8n start`   — UI/REST, activation of the triggers, the poll trigger's polls;
 *                            production webhooks disabled (N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true)
 *   webhook  two `n8n webhook` processes behind a router (lib/webhookRouter.js, WEBHOOK_URL points at
 *            it) keyed on the webhook ID, as docs/guarantees-and-queue-mode.md says to run them —
 *            they receive the callbacks and the Webhook node's requests
 *   worker   `n8n worker`  — runs every execution
 * and binary data in N8N_DEFAULT_BINARY_DATA_MODE (QUEUE_BINARY_MODE: `database`, n8n's default in
 * queue mode, or `filesystem`, then all three processes share one N8N_BINARY_DATA_STORAGE_PATH).
 *
 * Checks: the callback trigger (activation in main, callback handled by the webhook process, the run on
 * the worker, each file once with the right SHA-256 although every callback comes twice; with two
 * triggers on the two webhook processes and every callback sent three times at once, still each file
 * once), Report → Run
 * started by a Webhook node (runs on the worker, file read back in the workflow), the poll trigger.
 * A summary (which process did what, where the binaries went) is printed at the end.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const n8n = require('../e2e/lib/n8n');
const emuClient = require('../e2e/lib/emulator-client');
const T = require('../e2e/lib/triggers');
const W = require('../e2e/lib/workflows');
const leaks = require('../fixtures/leaks');
const { clientCredentialsData } = require('../fixtures/credentials');
const { freePort, parseJson } = require('../fixtures/net');
const { startPostgres, startRedis } = require('./lib/services');
const { startWebhookRouter, upstreamIndex } = require('./lib/webhookRouter');
const { startEmulator, DEFAULTS } = require('../../emulator');

const BINARY_MODE = process.env.QUEUE_BINARY_MODE || 'database';
const CRED = { id: 'queueCcCred00001', name: 'PC client credentials (queue)' };
const { SYSTEM_QUERY_ID } = W;
const API_BASE = '/insights/v1.1/cmp';
const TRIGGER_NODE = 'PC Trigger';
const WF = {
	callback: 'queueCallback',
	callback2: 'queueCallback2',
	poll: 'queuePoll',
	run: 'queueReportRun',
};
// The router sends these two webhook IDs to different webhook processes (asserted in the test).
const CALLBACK_WEBHOOK_ID = 'b0b0e2e2-1111-4000-8000-000000000001';
const CALLBACK2_WEBHOOK_ID = 'b0b0e2e2-1111-4000-8000-000000000005';
const RUN_WEBHOOK_ID = 'b0b0e2e2-1111-4000-8000-000000000002';
const RUN_PATH = 'pca-queue-report-run';
const connection = W.CMP_CONNECTION;

let emu;
let pg;
let redis;
let main;
let worker;
let webhooks = [];
let router;
let webhookPort;
let userFolder;
const reports = {};
const summary = { binaryMode: BINARY_MODE, steps: [] };
const runFiles = new Map();
const step = (what) => {
	summary.steps.push(what);
	process.stdout.write(`[queue] ${what}\n`);
};

/** Report → Run deletes its report (and the execution) at the end: take the digest while it exists. */
const scanRunExecutions = () =>
	T.recordRunFiles(emu, runFiles, (exec) => Object.values(reports).includes(exec.reportId));

function queueEnv() {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_PREFIX: 'pcaqueue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		N8N_DEFAULT_BINARY_DATA_MODE: BINARY_MODE,
		...(BINARY_MODE === 'filesystem'
			? { N8N_BINARY_DATA_STORAGE_PATH: path.join(userFolder, 'shared-binary-data') }
			: {}),
		WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
	};
}

const READ_BINARY_JS = `const out = [];
const items = $input.all();
for (let i = 0; i < items.length; i++) {
	const it = items[i];
	if (!it.binary || !it.binary.data) { out.push({ json: { failed: true, error: it.json.error ?? null } }); continue; }
	const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');
	out.push({ json: { executionId: it.json.executionId, rowCount: it.json.rowCount, binaryId: it.binary.data.id ?? null, bytes: buffer.length, base64: buffer.toString('base64') } });
}
return out;`;

function workflows() {
	// Trigger → a Code node that reads each file back on the worker (what any downstream node does).
	const callback = W.chain(WF.callback, 'queue callback trigger', [
		T.reportFileCallbackNode(TRIGGER_NODE, reports.callback, 'POST', CRED, CALLBACK_WEBHOOK_ID),
		W.codeNode('Read Binary', READ_BINARY_JS, [220, 0]),
	]);
	const callback2 = W.chain(WF.callback2, 'queue callback trigger 2', [
		T.reportFileCallbackNode(TRIGGER_NODE, reports.callback2, 'POST', CRED, CALLBACK2_WEBHOOK_ID),
		W.codeNode('Read Binary', READ_BINARY_JS, [220, 0]),
	]);
	const poll = W.chain(WF.poll, 'queue poll trigger', [
		T.reportFilePollNode(TRIGGER_NODE, reports.poll, CRED, 5),
		W.codeNode('Read Binary', READ_BINARY_JS, [220, 0]),
	]);
	const hook = {
		id: 'node-webhook',
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: RUN_WEBHOOK_ID,
		parameters: {
			httpMethod: 'POST',
			path: RUN_PATH,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
	const runNode = W.pcaNode(
		'Run Report',
		{
			...connection,
			resource: 'report',
			operation: 'run',
			querySource: 'text',
			query: '={{ $json.body.query }}',
			options: { output: 'file', pollIntervalSeconds: 1, timeoutMinutes: 5 },
		},
		CRED,
		[220, 0],
	);
	const run = W.chain(WF.run, 'queue report run via webhook', [
		hook,
		runNode,
		W.codeNode('Read Binary', READ_BINARY_JS, [440, 0]),
	]);
	return [callback, callback2, poll, run];
}

/**
 * Files of the trigger runs of a workflow (oldest first): as the worker's Code node read them back
 * (sha256 of its base64), and whether main's REST API serves the binary (what the editor shows).
 */
async function filesOf(workflowId) {
	const list = (await T.listExecutions(main, workflowId)).sort(
		(a, b) => Number(a.id) - Number(b.id),
	);
	const runs = [];
	for (const e of list) {
		const ex = await T.getExecution(main, e.id);
		const readBack = ex.items('Read Binary').map((i) => i.json);
		const files = [];
		const items = ex.items(TRIGGER_NODE);
		for (let k = 0; k < items.length; k++) {
			const item = items[k];
			const bin = item.binary && item.binary.data;
			const back = readBack[k] || {};
			let rest = null;
			if (bin) {
				try {
					await T.readBinary(main, bin);
					rest = 'served';
				} catch (err) {
					rest = err.message.replace(/[0-9a-f-]{36}/g, '<uuid>');
				}
			}
			files.push({
				executionId: item.json.executionId,
				rowCount: item.json.rowCount,
				binaryId: bin ? String(bin.id || '(inline)').replace(/[0-9a-f-]{36}/g, '<uuid>') : null,
				sha256: back.base64
					? crypto.createHash('sha256').update(Buffer.from(back.base64, 'base64')).digest('hex')
					: null,
				bytes: back.bytes ?? null,
				readBackError: back.failed ? back.error : null,
				restApi: rest,
			});
		}
		runs.push({ id: e.id, status: ex.status, mode: ex.mode, files });
	}
	return runs;
}

async function expected(executionIds) {
	const out = {};
	for (const id of executionIds) {
		const exec = emu.state.cmp.executions.get(id);
		out[id] = await T.emulatorDigest(emu, exec);
	}
	return out;
}

/** Runs for the summary: each file with `shaOk` (its SHA-256 is the emulator's) in place of its SHA-256. */
function summariseRuns(runs, want) {
	return runs.map((r) => ({
		id: r.id,
		status: r.status,
		mode: r.mode,
		files: r.files.map(({ sha256, ...f }) => ({
			...f,
			shaOk: sha256 === want[f.executionId]?.sha256,
		})),
	}));
}

/** Execution ids that a process logged as its own (worker: "started execution N"). */
function loggedExecutions(proc) {
	const text = fs.readFileSync(proc.logFiles.stdout, 'utf8');
	return [...text.matchAll(/execution (\d+)/gi)].map((m) => m[1]);
}

beforeAll(async () => {
	const work = n8n.WORK_DIR;
	pg = await startPostgres(path.join(work, 'pg'));
	redis = await startRedis(path.join(work, 'redis'));
	step(`PostgreSQL on ${pg.port}, Redis on ${redis.port}`);
	emu = await startEmulator({
		port: 0,
		executionDelaysMs: { pending: 200, running: 200 },
		log: (line) => {
			if (/^POST \/insights\/v1\.1\/cmp\/ScheduledReport /i.test(line)) scanRunExecutions();
		},
	});
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url));
	for (const key of ['callback', 'callback2', 'poll']) {
		reports[key] = (
			await T.createRecurringReport(emuClient, emu, token, API_BASE, {
				name: `queue ${key}`,
				queryId: SYSTEM_QUERY_ID,
			})
		).reportId;
	}
	userFolder = n8n.cloneUserFolder('queue-n8n');
	webhookPort = await freePort();
	const env = queueEnv();
	await n8n.importCredentials(
		[{ ...CRED, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) }],
		{ userFolder, env },
	);
	await n8n.importWorkflow(workflows(), { userFolder, env });
	main = await n8n.startN8n({ userFolder, env: { ...env, QUEUE_HEALTH_CHECK_ACTIVE: 'false' } });
	await n8n.loginOwner(main);
	step(`main (n8n start) on ${main.port}`);
	const workerPort = await freePort();
	worker = await n8n.startN8nProcess('worker', {
		args: ['--concurrency=5'],
		userFolder,
		env: {
			...env,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(workerPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		},
		readyUrl: `http://127.0.0.1:${workerPort}/healthz/readiness`,
	});
	step(`worker (n8n worker) health on ${workerPort}`);
	for (let k = 0; k < 2; k++) {
		const port = await freePort();
		webhooks.push(
			await n8n.startN8nProcess('webhook', {
				label: `webhook${k + 1}`,
				userFolder,
				env: {
					...env,
					...n8n.listenEnv(port),
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				},
				readyUrl: `http://127.0.0.1:${port}/healthz/readiness`,
			}),
		);
		webhooks[k].routerPort = port;
	}
	router = await startWebhookRouter(
		webhookPort,
		webhooks.map((w) => `http://127.0.0.1:${w.routerPort}`),
		{ roundRobin: process.env.QUEUE_WEBHOOK_ROUTING === 'round-robin' },
	);
	step(
		`webhook processes (n8n webhook) on ${webhooks.map((w) => w.routerPort).join(' and ')}, behind the router on ${webhookPort}`,
	);
}, 600_000);

afterAll(async () => {
	const out = path.join(n8n.WORK_DIR, 'queue-report.json');
	fs.writeFileSync(out, JSON.stringify(summary, null, 2));
	process.stdout.write(
		`\n================ queue mode ================\n${JSON.stringify(summary, null, 2)}\n(${out})\n============================================\n`,
	);
	for (const p of [...webhooks, worker]) if (p) await p.stop();
	if (router) await router.stop();
	if (main) await n8n.stopN8n(main);
	if (emu) await emu.stop();
	if (redis) await redis.stop();
	if (pg) await pg.stop();
});

const setCallbackRepeat = (n) => emuClient.setConfig(emu, { callbackRepeat: n });

test('callback trigger: activated by main, callbacks handled by the webhook process, runs on the worker; each file once, intact', async () => {
	await T.activateWorkflow(main, WF.callback);
	const report = T.emulatorReport(emu, reports.callback);
	n8n.addSecrets(String(report.callbackUrl).split('/').pop());
	expect(
		report.callbackUrl.startsWith(
			`http://127.0.0.1:${webhookPort}/webhook/${CALLBACK_WEBHOOK_ID}/${WF.callback}/`,
		),
	).toBe(true);
	step('callback trigger active; its callback URL points at the webhook process');

	await setCallbackRepeat(2);
	const done = [];
	for (const rowCount of [3, 7, 12]) {
		const x = emu.runExecution(reports.callback, { rowCount });
		done.push(x.executionId);
		await T.waitForCallbacks(emu, x.executionId, 2);
		await T.waitForExecutions(main, WF.callback, done.length, { timeoutMs: 60_000 }).catch(
			() => {},
		);
	}
	await setCallbackRepeat(1);
	await T.sleep(3000);
	const callbacks = done.flatMap((id) => T.callbacksOf(emu, id).map((c) => c.status));
	const runs = await filesOf(WF.callback);
	const want = await expected(done);
	const delivered = runs.flatMap((r) => r.files.map((f) => f.executionId));
	const workerRan = loggedExecutions(worker);
	summary.callbackTrigger = {
		callbacksToWebhookProcess: callbacks,
		runs: summariseRuns(runs, want),
		runsLoggedByWorker: runs.map((r) => workerRan.includes(String(r.id))),
		staticDataDelivered: (() => {
			try {
				const sd = JSON.parse(
					pg.psql(`SELECT "staticData" FROM workflow_entity WHERE id = '${WF.callback}'`) || '{}',
				);
				return Object.keys((sd[`node:${TRIGGER_NODE}`] || {}).delivered || {}).length;
			} catch (e) {
				return `(could not read: ${e.message.split('\n')[0]})`;
			}
		})(),
	};
	step(`callback trigger: ${runs.length} run(s), files ${JSON.stringify(delivered.length)}`);
	expect({
		callbacks: callbacks.every((s) => s === 200),
		runs: runs.map((r) => ({ status: r.status, mode: r.mode })),
		files: runs.flatMap((r) =>
			r.files.map((f) => ({ executionId: f.executionId, sha256: f.sha256, bytes: f.bytes })),
		),
	}).toEqual({
		callbacks: true,
		runs: done.map(() => ({ status: 'success', mode: 'webhook' })),
		files: done.map((id) => ({ executionId: id, sha256: want[id].sha256, bytes: want[id].bytes })),
	});
});

test('two webhook processes behind a router keyed on the webhook ID: two triggers, every callback three times at once; each file once per trigger', async () => {
	const upstreamOf = (webhookId) => upstreamIndex(`/webhook/${webhookId}/`, webhooks.length);
	// Otherwise this would show nothing about two processes.
	expect(upstreamOf(CALLBACK_WEBHOOK_ID)).not.toBe(upstreamOf(CALLBACK2_WEBHOOK_ID));
	// The first test activates WF.callback; alone (jest -t) this test does.
	if (!summary.callbackTrigger) await T.activateWorkflow(main, WF.callback);
	await T.activateWorkflow(main, WF.callback2);
	n8n.addSecrets(String(T.emulatorReport(emu, reports.callback2).callbackUrl).split('/').pop());
	const before = (await filesOf(WF.callback)).flatMap((r) => r.files.map((f) => f.executionId));
	const routedBefore = router.routed.map((list) => list.length);

	await emuClient.setConfig(emu, { callbackRepeat: 3, callbackConcurrent: true });
	const started = { callback: [], callback2: [] };
	for (const rowCount of [4, 11]) {
		// Both reports complete together: the two processes work at the same time.
		for (const key of ['callback', 'callback2']) {
			started[key].push(emu.runExecution(reports[key], { rowCount }).executionId);
		}
		for (const id of [...started.callback, ...started.callback2]) {
			await T.waitForCallbacks(emu, id, 3);
		}
	}
	await emuClient.setConfig(emu, { callbackRepeat: 1, callbackConcurrent: false });
	await T.waitForExecutions(main, WF.callback, before.length + 2, { timeoutMs: 60_000 }).catch(
		() => {},
	);
	await T.waitForExecutions(main, WF.callback2, 2, { timeoutMs: 60_000 }).catch(() => {});
	await T.sleep(3000);

	const delivered = {};
	const want = {};
	for (const key of ['callback', 'callback2']) {
		const runs = await filesOf(WF[key]);
		want[key] = await expected(started[key]);
		delivered[key] = runs
			.flatMap((r) => r.files)
			.filter((f) => !before.includes(f.executionId))
			.map((f) => ({ executionId: f.executionId, sha256: f.sha256 }));
	}
	// Which process each trigger's callbacks reached (the router's log of this test only).
	const reached = (webhookId) =>
		router.routed
			.map(
				(list, k) => list.slice(routedBefore[k]).filter((r) => r.includes(`/${webhookId}/`)).length,
			)
			.map((n, k) => (n > 0 ? k : null))
			.filter((k) => k !== null);
	summary.twoWebhookProcesses = {
		callbacks: Object.fromEntries(
			Object.entries(started).map(([key, ids]) => [
				key,
				ids.map((id) => T.callbacksOf(emu, id).map((c) => c.status)),
			]),
		),
		processesReached: {
			callback: reached(CALLBACK_WEBHOOK_ID),
			callback2: reached(CALLBACK2_WEBHOOK_ID),
		},
		delivered,
	};
	step(`two webhook processes: ${JSON.stringify(summary.twoWebhookProcesses.processesReached)}`);
	expect({
		processesReached: summary.twoWebhookProcesses.processesReached,
		delivered,
	}).toEqual({
		processesReached: {
			callback: [upstreamOf(CALLBACK_WEBHOOK_ID)],
			callback2: [upstreamOf(CALLBACK2_WEBHOOK_ID)],
		},
		delivered: Object.fromEntries(
			Object.entries(started).map(([key, ids]) => [
				key,
				ids.map((id) => ({ executionId: id, sha256: want[key][id].sha256 })),
			]),
		),
	});
});

test('Report → Run started through a Webhook node runs on the worker; the file is read back in the workflow', async () => {
	await T.activateWorkflow(main, WF.run);
	const query =
		'SELECT OrderId, OfferName, CustomerCountry FROM ISVOrder LIMIT 40 TIMESPAN LAST_MONTH';
	const r = await fetch(`http://127.0.0.1:${webhookPort}/webhook/${RUN_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ query }),
		signal: AbortSignal.timeout(180_000),
	});
	const text = await r.text();
	const body = parseJson(text, text);
	const items = Array.isArray(body) ? body : [body];
	const item = items[0] || {};
	const digest =
		item.executionId && runFiles.has(item.executionId)
			? await runFiles.get(item.executionId)
			: null;
	const got = item.base64
		? crypto.createHash('sha256').update(Buffer.from(item.base64, 'base64')).digest('hex')
		: null;
	const executions = await T.listExecutions(main, WF.run);
	summary.reportRun = {
		httpStatus: r.status,
		items: items.length,
		rowCount: item.rowCount,
		binaryId: item.binaryId ? String(item.binaryId).replace(/[0-9a-f-]{36}/g, '<uuid>') : null,
		shaOk: Boolean(digest && got === digest.sha256),
		execution: executions.map((e) => ({ id: e.id, status: e.status, mode: e.mode })),
		loggedByWorker: executions.map((e) => loggedExecutions(worker).includes(String(e.id))),
		error: item.failed ? item.error : typeof body === 'string' ? body.slice(0, 500) : undefined,
	};
	step(`Report → Run via webhook: HTTP ${r.status}, ${items.length} item(s)`);
	expect({
		status: r.status,
		items: items.length,
		rowCount: item.rowCount,
		sha256: got,
		bytes: item.bytes,
	}).toEqual({
		status: 200,
		items: 1,
		rowCount: 40,
		sha256: digest && digest.sha256,
		bytes: digest && digest.bytes,
	});
});

test('poll trigger: polls in main, runs on the worker; a new file once, intact', async () => {
	const history = emu.runExecution(reports.poll, { rowCount: 2 }).executionId;
	await T.activateWorkflow(main, WF.poll);
	await T.sleep(11_000); // two polls: the existing file is history
	const x = emu.runExecution(reports.poll, { rowCount: 9 }).executionId;
	await T.waitForExecutions(main, WF.poll, 1, { timeoutMs: 90_000 }).catch(() => {});
	await T.sleep(11_000); // two more polls: nothing repeated
	const runs = await filesOf(WF.poll);
	const want = await expected([x]);
	summary.pollTrigger = {
		runs: summariseRuns(runs, want),
		loggedByWorker: runs.map((r) => loggedExecutions(worker).includes(String(r.id))),
	};
	step(`poll trigger: ${runs.length} run(s)`);
	expect(
		runs.map((r) => ({
			status: r.status,
			files: r.files.map((f) => ({ executionId: f.executionId, sha256: f.sha256 })),
		})),
	).toEqual([{ status: 'success', files: [{ executionId: x, sha256: want[x].sha256 }] }]);
	expect(runs.flatMap((r) => r.files.map((f) => f.executionId))).not.toContain(history);
});

test('binary data went where the mode says, and no secret reached the logs of the three processes', async () => {
	let stored;
	try {
		stored = pg.psql('SELECT count(*), coalesce(sum("fileSize"),0) FROM binary_data');
		// Which execution each stored file belongs to: 'temp' = never attached to its execution.
		summary.binaryDataBySource = pg
			.psql(`SELECT "sourceType", "sourceId", count(*) FROM binary_data GROUP BY 1, 2 ORDER BY 2`)
			.trim()
			.split('\n');
	} catch (e) {
		stored = `(no binary_data table: ${e.message.split('\n')[0]})`;
	}
	summary.binaryDataInPostgres = stored;
	const secrets = leaks.secretsFrom(emu);
	const scan = leaks.scanFiles([path.join(n8n.WORK_DIR, 'logs')], secrets);
	const findings = scan.findings.filter((f) => f.kind !== 'callback secret');
	summary.leaks = {
		scannedFiles: scan.files,
		findings: findings.length,
		byKind: leaks.countByKind(findings, secrets),
	};
	expect(findings).toEqual([]);
	if (BINARY_MODE === 'database') expect(Number(String(stored).split('|')[0])).toBeGreaterThan(0);
});
