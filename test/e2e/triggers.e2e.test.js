'use strict';
/**
 * Trigger e2e tests (issue #5): the callback trigger (partnerCenterAnalyticsTrigger) and the poll
 * trigger (partnerCenterAnalyticsPollTrigger) of the packed package in a REAL `n8n start` (2.40.7),
 * with the workflows active, against the in-process Partner Center emulator.
 *
 * - n8n listens on 127.0.0.1 with WEBHOOK_URL=http://127.0.0.1:<port>/, so the callback URL the
 *   trigger registers in Partner Center is reachable by the emulator; a restart reuses user folder
 *   and port.
 * - Workflows are activated and deactivated through the REST API (see lib/triggers.js for how n8n
 *   2.40.7 publishes asynchronously); runs are counted with GET /rest/executions, files are read from
 *   n8n's binary data folder and compared (SHA-256) with the emulator's file as served, BOM included.
 * - Emulator executions of recurring reports are completed with its control API
 *   (POST /_emulator/reports/{id}/executions, here emu.runExecution), which fires the callback.
 *
 * Run through test/e2e/run.sh (`npm run test:e2e`), which prepares the n8n user folder.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const n8n = require('./lib/n8n');
const emuClient = require('./lib/emulator-client');
const T = require('./lib/triggers');
const W = require('./lib/workflows');
const { startEmulator, DEFAULTS, clientCredentialsData } = require('./lib/emulator');

const CRED = { id: 'e2eTriggersCc001', name: 'PC client credentials (triggers)' };
const API_BASE = '/insights/v1.1/cmp';
/** The watched reports run the documented system query (any query yields files). */
const { SYSTEM_QUERY_ID } = W;
/** The callback a watched report had before the trigger took it over (must come back on deactivation). */
const ORIGINAL_CALLBACK = 'https://hooks.contoso.invalid/partner-center/report-ready';
const STAMP = Date.now().toString(36);

const CALLBACK_NODE = 'Partner Center Analytics Trigger';
const POLL_NODE = 'Partner Center Analytics Poll Trigger';

const WF = {
	callback: 'e2eTrigCallbackPost',
	callbackGet: 'e2eTrigCallbackGet',
	managed: 'e2eTrigManagedReport',
	poll: 'e2eTrigPoll',
};
const WEBHOOK_ID = {
	callback: '5d0c2f4e-7a51-4b8e-9c3d-1e2f3a4b5c01',
	callbackGet: '5d0c2f4e-7a51-4b8e-9c3d-1e2f3a4b5c02',
	managed: '5d0c2f4e-7a51-4b8e-9c3d-1e2f3a4b5c03',
};
/** Poll every 5 s: 12 pollTimes entries with one fixed second each (see lib/triggers.js). */
const POLL_STEP_SECONDS = 5;

let emu;
let token;
let server;
let userFolder;
/** Reports created in beforeAll: { callback, callbackGet, poll } → report id; history executions. */
const reports = {};
const history = {};

const connection = W.CMP_CONNECTION;

/** n8n's webhook URL prefix of a callback trigger (everything before the secret). */
const webhookPrefix = (key) =>
	`http://127.0.0.1:${server.port}/webhook/${WEBHOOK_ID[key]}/${WF[key]}/`;
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `{WEBHOOK_URL}webhook/{webhookId}/{workflowId}/{secret}`: the callback URL the trigger must register. */
const callbackUrlPattern = (key) =>
	new RegExp(`^${escapeRe(webhookPrefix(key))}[A-Za-z0-9_-]{16,}$`);

/** `n8n start` in the test's user folder; `port`: the one of the previous run (restart). */
async function startServer(port, env = {}) {
	server = await n8n.startN8n({ userFolder, port, webhookUrl: true, env });
	await n8n.loginOwner(server);
	return server;
}

/** Where n8n's log stood when the current test started (see n8nLogExcerpt). */
let logMark = { file: null, offset: 0 };

/**
 * The lines of n8n's log written during the current test that matter for a trigger failure (webhook
 * lookups, trigger and poll errors), repeated lines counted, for assertion messages.
 */
function n8nLogExcerpt() {
	if (!server) return '';
	let text = '';
	try {
		text = fs.readFileSync(server.logFiles.stdout, 'utf8');
	} catch {
		return '';
	}
	if (logMark.file === server.logFiles.stdout) text = text.slice(logMark.offset);
	const relevant = text
		.split('\n')
		.filter(
			(l) =>
				/webhook|trigger|poll|partner|error|warn/i.test(l) &&
				!/^\s+at /.test(l) &&
				!/api\.n8n\.io|Strapi|system task|WEBHOOK_URL ->/i.test(l),
		);
	const counted = [];
	for (const line of relevant) {
		const last = counted[counted.length - 1];
		if (last && last.line === line) last.n++;
		else counted.push({ line, n: 1 });
	}
	return n8n.redact(
		counted
			.slice(-25)
			.map(({ line, n }) => (n > 1 ? `${line}  (×${n})` : line))
			.join('\n'),
	);
}

/**
 * Each run of a workflow (oldest first) as { status, mode, files: [{ reportId, executionId, format,
 * fileName?, rowCount, sha256, bytes }] }, the files read from n8n's binary data.
 */
async function runsOf(workflowId, nodeName, executions) {
	const list =
		executions ||
		(await T.listExecutions(server, workflowId)).sort((a, b) => Number(a.id) - Number(b.id));
	const runs = [];
	for (const e of list) {
		const ex = await T.getExecution(server, e.id);
		const files = [];
		for (const item of ex.items(nodeName)) {
			const bin = item.binary && item.binary.data;
			const bytes = bin ? await T.readBinary(server, bin) : null;
			files.push({
				reportId: item.json.reportId,
				executionId: item.json.executionId,
				format: item.json.format,
				rowCount: item.json.rowCount,
				sha256: bytes ? T.sha256(bytes) : '(no binary "data")',
				bytes: bytes ? bytes.length : 0,
			});
		}
		runs.push({ status: ex.status, mode: ex.mode, files });
	}
	return runs;
}

/** What a run delivering these emulator executions must contain. */
async function expectedFiles(executions) {
	const out = [];
	for (const x of executions) {
		const file = await T.emulatorFile(emu, x.executionId);
		out.push({
			reportId: x.reportId,
			executionId: x.executionId,
			format: x.format,
			rowCount: x.rowCount,
			sha256: file.sha256,
			bytes: file.bytes,
		});
	}
	return out;
}

/** Completes the next execution of a recurring report in the emulator (fires its callback). */
function completeExecution(reportId, rowCount) {
	const x = emu.runExecution(reportId, { rowCount });
	return { reportId: x.reportId, executionId: x.executionId, format: x.format, rowCount };
}

/**
 * Waits until the workflow has `count` finished runs, then a little longer so that a surplus run
 * would show up too (a negative can only be checked by waiting), and returns all runs, oldest first.
 */
async function settledExecutions(workflowId, count, { timeoutMs = 45_000 } = {}) {
	try {
		await T.waitForExecutions(server, workflowId, count, { timeoutMs });
	} catch (e) {
		e.message += `\n--- n8n log (relevant lines)\n${n8nLogExcerpt()}`;
		throw e;
	}
	await T.sleep(1500);
	return (await T.listExecutions(server, workflowId)).sort((a, b) => Number(a.id) - Number(b.id));
}

/** expect(actual).toEqual(expected), with the relevant lines of n8n's log added to a failure. */
function expectWithLog(actual, expected, note) {
	try {
		expect(actual).toEqual(expected);
	} catch (e) {
		e.message += `${note ? `\n--- ${n8n.redact(note)}` : ''}\n--- n8n log (relevant lines)\n${n8nLogExcerpt()}`;
		throw e;
	}
}

/** How long to wait for runs after callbacks: a callback that n8n did not accept (404, …) starts none. */
const runWaitMs = (callbacks) =>
	callbacks.some((c) => c.status >= 200 && c.status < 300) ? 20_000 : 2_000;

async function setCallbackRepeat(n) {
	const r = await fetch(`${emu.url}/_emulator/config`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ callbackRepeat: n }),
	});
	if (r.status !== 200) throw new Error(`emulator config: HTTP ${r.status}`);
}

/** A forged callback straight to n8n: { status, body }. */
async function forge(method, url) {
	const r = await fetch(url, {
		method,
		headers: method === 'POST' ? { 'content-length': '0' } : {},
	});
	return { status: r.status, body: (await r.text()).slice(0, 300) };
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);
	token = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');

	const create = (key, opts) =>
		T.createRecurringReport(emuClient, emu, token, API_BASE, {
			name: `e2e trigger ${key} ${STAMP}`,
			queryId: SYSTEM_QUERY_ID,
			...opts,
		});
	reports.callback = (
		await create('callback', { callbackUrl: ORIGINAL_CALLBACK, callbackMethod: 'POST' })
	).reportId;
	reports.callbackGet = (await create('callback get', {})).reportId;
	reports.poll = (await create('poll', {})).reportId;
	// Each watched report already has a completed file: history, which activation must not replay.
	for (const key of ['callback', 'callbackGet', 'poll'])
		history[key] = completeExecution(reports[key], 2);
	await T.waitForCallbacks(emu, history.callback.executionId, 1); // to the original (unreachable) URL

	userFolder = n8n.cloneUserFolder('triggers-server');
	await n8n.importCredentials(
		[{ ...CRED, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) }],
		{ userFolder },
	);
	await n8n.importWorkflow(
		[
			T.triggerWorkflow(
				WF.callback,
				'e2e callback trigger POST',
				T.reportFileCallbackNode(
					CALLBACK_NODE,
					reports.callback,
					'POST',
					CRED,
					WEBHOOK_ID.callback,
				),
			),
			T.triggerWorkflow(
				WF.callbackGet,
				'e2e callback trigger GET',
				T.reportFileCallbackNode(
					CALLBACK_NODE,
					reports.callbackGet,
					'GET',
					CRED,
					WEBHOOK_ID.callbackGet,
				),
			),
			T.triggerWorkflow(
				WF.managed,
				'e2e managed report trigger',
				T.callbackTriggerNode(
					CALLBACK_NODE,
					{
						...connection,
						watch: 'managedReport',
						queryId: { __rl: true, mode: 'id', value: SYSTEM_QUERY_ID },
						recurrenceInterval: 24,
						recurrenceCount: 10,
						format: 'tsv',
						callbackMethod: 'POST',
						output: 'file',
					},
					CRED,
					WEBHOOK_ID.managed,
				),
			),
			T.triggerWorkflow(
				WF.poll,
				'e2e poll trigger',
				T.reportFilePollNode(POLL_NODE, reports.poll, CRED, POLL_STEP_SECONDS),
			),
		],
		{ userFolder },
	);
	await startServer();
});

afterAll(async () => {
	await n8n.stopN8n(server);
	if (emu) await emu.stop();
});

beforeEach(() => {
	try {
		logMark = { file: server.logFiles.stdout, offset: fs.statSync(server.logFiles.stdout).size };
	} catch {
		logMark = { file: null, offset: 0 };
	}
});

afterEach(async () => {
	await setCallbackRepeat(1).catch(() => {});
});

describe('callback trigger watching an existing report (POST)', () => {
	/** Emulator executions completed in this describe, in order. */
	const done = [];
	let registeredUrl;

	test('activation points the report callback at n8n and does not replay the existing file', async () => {
		expect(T.emulatorReport(emu, reports.callback).callbackUrl).toBe(ORIGINAL_CALLBACK);
		await T.activateWorkflow(server, WF.callback);
		const report = T.emulatorReport(emu, reports.callback);
		registeredUrl = report.callbackUrl;
		// The callback secret is the last path segment: keep it out of what the harness prints.
		if (registeredUrl) n8n.addSecrets(String(registeredUrl).split('/').pop());
		expect({ callbackUrl: report.callbackUrl, callbackMethod: report.callbackMethod }).toEqual({
			callbackUrl: expect.stringMatching(callbackUrlPattern('callback')),
			callbackMethod: 'POST',
		});
		await T.sleep(1500);
		expect(await T.listExecutions(server, WF.callback)).toEqual([]);
	});

	test('three executions, each callback sent twice: exactly three runs, each with its own file', async () => {
		await setCallbackRepeat(2);
		const deliveries = [];
		let failure;
		for (const rowCount of [3, 5, 8]) {
			const x = completeExecution(reports.callback, rowCount);
			done.push(x);
			const cbs = await T.waitForCallbacks(emu, x.executionId, 2);
			deliveries.push(
				cbs.map((c) => ({
					delivery: c.delivery,
					attempt: c.attempt,
					status: c.status,
					error: c.error,
				})),
			);
			// One at a time: the next execution completes only after this one started the workflow.
			try {
				await T.waitForExecutions(server, WF.callback, done.length, {
					timeoutMs: failure ? 2000 : runWaitMs(cbs),
				});
			} catch (e) {
				failure = failure || e;
			}
		}
		const executions = await settledExecutions(WF.callback, 3, { timeoutMs: 2000 }).catch((e) => {
			failure = failure || e;
			return [];
		});
		const runs = await runsOf(WF.callback, CALLBACK_NODE, executions);
		const want = [];
		for (const x of done)
			want.push({ status: 'success', mode: 'webhook', files: await expectedFiles([x]) });
		// Both deliveries of every callback reached the workflow's webhook (the second finds nothing new).
		expectWithLog(
			{ deliveries, runs },
			{
				deliveries: done.map(() => [
					{ delivery: 1, attempt: 1, status: 200, error: null },
					{ delivery: 2, attempt: 1, status: 200, error: null },
				]),
				runs: want,
			},
		);
		if (failure) throw failure;
	});

	test('a POST to the bare callback URL with the IDs in a JSON body (the other reading, emulator callbackShape "bare") starts one run with the file', async () => {
		const before = (await T.listExecutions(server, WF.callback)).length;
		await emuClient.setConfig(emu, { callbackShape: 'bare' });
		try {
			const x = completeExecution(reports.callback, 4);
			done.push(x);
			const cbs = await T.waitForCallbacks(emu, x.executionId, 1);
			const executions = await settledExecutions(WF.callback, before + 1, {
				timeoutMs: runWaitMs(cbs),
			});
			const runs = await runsOf(WF.callback, CALLBACK_NODE, executions.slice(before));
			expectWithLog(
				{ callbacks: cbs.map((c) => ({ url: c.url === registeredUrl, status: c.status })), runs },
				{
					callbacks: [{ url: true, status: 200 }],
					runs: [{ status: 'success', mode: 'webhook', files: await expectedFiles([x]) }],
				},
			);
		} finally {
			await emuClient.setConfig(emu, { callbackShape: 'documented' });
		}
	});

	test('forged callbacks (wrong secret, empty secret) are refused with 401/403 and start nothing', async () => {
		const before = (await T.listExecutions(server, WF.callback)).length;
		const prefix = webhookPrefix('callback');
		const realSecret = String(registeredUrl || '').slice(prefix.length);
		const wrongSecret = crypto
			.randomBytes(Math.max(8, Math.ceil(realSecret.length / 2)))
			.toString('hex')
			.slice(0, realSecret.length || 48);
		const forged = {
			wrongSecret: await forge('POST', `${prefix}${wrongSecret}/${reports.callback}`),
			emptySecret: await forge('POST', `${prefix}/${reports.callback}`),
			blankSecret: await forge('POST', `${prefix}%20/${reports.callback}`),
			truncatedSecret: await forge(
				'POST',
				`${prefix}${realSecret.slice(0, -1)}/${reports.callback}`,
			),
			// No secret segment at all: n8n itself answers (no registered webhook has that shape).
			missingSecret: await forge('POST', `${prefix}${reports.callback}`),
		};
		// n8n's 404 message echoes the path: hide what it holds of the real secret.
		if (realSecret.length > 1) {
			for (const r of Object.values(forged))
				r.body = r.body.split(realSecret.slice(0, -1)).join('***');
		}
		process.stdout.write(`  forged callbacks: ${JSON.stringify(forged)}\n`);
		await T.sleep(1500);
		const after = (await T.listExecutions(server, WF.callback)).length;
		const refusedByNode = (r) => r.status === 401 || r.status === 403;
		const view = (r, ok) => ({ status: r.status, body: r.body, refused: ok(r) });
		const refusedAtAll = (r) => r.status === 401 || r.status === 403 || r.status === 404;
		expectWithLog(
			{
				wrongSecret: view(forged.wrongSecret, refusedByNode),
				emptySecret: view(forged.emptySecret, refusedByNode),
				blankSecret: view(forged.blankSecret, refusedByNode),
				truncatedSecret: view(forged.truncatedSecret, refusedByNode),
				missingSecret: view(forged.missingSecret, refusedAtAll),
				newRuns: after - before,
			},
			{
				wrongSecret: { ...view(forged.wrongSecret, refusedByNode), refused: true },
				emptySecret: { ...view(forged.emptySecret, refusedByNode), refused: true },
				blankSecret: { ...view(forged.blankSecret, refusedByNode), refused: true },
				truncatedSecret: { ...view(forged.truncatedSecret, refusedByNode), refused: true },
				missingSecret: { ...view(forged.missingSecret, refusedAtAll), refused: true },
				newRuns: 0,
			},
		);
	});

	/**
	 * `away(rowCount)` takes n8n or the workflow away, completes a file meanwhile (its callback finds no
	 * trigger) and brings the trigger back; it answers { missed, activatedAt }. The missed file must come
	 * within 90 s of the activation without another callback (the trigger wakes its own webhook); the
	 * next file comes with its own callback. Each file exactly once.
	 */
	async function expectCaughtUp(away, rowCounts) {
		await setCallbackRepeat(2);
		const runsBefore = (await T.listExecutions(server, WF.callback)).length;
		const { missed, activatedAt } = await away(rowCounts[0]);
		done.push(missed);
		let failure;
		const keep = (e) => {
			failure = failure ?? e;
			return T.listExecutions(server, WF.callback).then((l) =>
				l.sort((a, b) => Number(a.id) - Number(b.id)),
			);
		};
		await settledExecutions(WF.callback, runsBefore + 1, { timeoutMs: 90_000 }).catch(keep);
		const caughtUpAfterMs = Date.now() - activatedAt;
		const next = completeExecution(reports.callback, rowCounts[1]);
		done.push(next);
		const cbs = await T.waitForCallbacks(emu, next.executionId, 2);
		const executions = await settledExecutions(WF.callback, runsBefore + 2, {
			timeoutMs: runWaitMs(cbs),
		}).catch(keep);
		const runs = await runsOf(WF.callback, CALLBACK_NODE, executions);
		const delivered = runs.flatMap((r) => r.files.map((f) => f.executionId));
		const run = async (x) => ({
			status: 'success',
			mode: 'webhook',
			files: await expectedFiles([x]),
		});
		expectWithLog(
			{
				caughtUpWithin90s: caughtUpAfterMs < 90_000,
				callbacksForTheNextFile: cbs.map((c) => c.status),
				newRuns: runs.slice(runsBefore),
				everyFileExactlyOnce: delivered.slice().sort(),
			},
			{
				caughtUpWithin90s: true,
				callbacksForTheNextFile: [200, 200],
				newRuns: [await run(missed), await run(next)],
				everyFileExactlyOnce: done.map((x) => x.executionId).sort(),
			},
		);
		if (failure) throw failure;
	}

	test('restart: a file completed while n8n is down is delivered within 90 s of the startup; each file exactly once', async () => {
		// n8n's default startup: its workflow publication service runs no webhook method (the webhooks stay
		// registered) but starts the trigger's trigger part, which catches up.
		let stoppedLog = '';
		await expectCaughtUp(
			async (rowCount) => {
				const stopped = server;
				await n8n.stopN8n(stopped);
				stoppedLog = fs.readFileSync(stopped.logFiles.stdout, 'utf8');
				const missed = completeExecution(reports.callback, rowCount);
				const failed = await T.waitForCallbacks(emu, missed.executionId, 2);
				// Partner Center gave up on this callback (n8n was down) and does not call for it again.
				expect(failed.every((c) => c.status === null)).toBe(true);
				await startServer(server.port);
				return { missed, activatedAt: Date.now() };
			},
			[4, 6],
		);
		// At its shutdown n8n closed the trigger part: from then on callbacks delivered nothing.
		expect(stoppedLog.slice(stoppedLog.indexOf('Received SIGTERM'))).toMatch(
			/n8n stopped this trigger; callbacks deliver nothing until it starts again/,
		);
	});

	test('restart with N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false (n8n activates every workflow at startup, webhook methods included): the missed file is delivered once', async () => {
		await expectCaughtUp(
			async (rowCount) => {
				await n8n.stopN8n(server);
				const missed = completeExecution(reports.callback, rowCount);
				await T.waitForCallbacks(emu, missed.executionId, 2);
				await startServer(server.port, { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' });
				return { missed, activatedAt: Date.now() };
			},
			[3, 8],
		);
		// Back to n8n's default startup for the tests that follow.
		await n8n.stopN8n(server);
		await startServer(server.port);
	});

	test('a file completed while the workflow was inactive is delivered within 90 s of its activation; each file exactly once', async () => {
		await expectCaughtUp(
			async (rowCount) => {
				await T.deactivateWorkflow(server, WF.callback);
				const missed = completeExecution(reports.callback, rowCount);
				// Its callback goes to the report's own callback URL again, not to n8n.
				await T.waitForCallbacks(emu, missed.executionId, 2);
				await T.activateWorkflow(server, WF.callback);
				return { missed, activatedAt: Date.now() };
			},
			[5, 7],
		);
	});

	test('deactivation restores the original callback', async () => {
		await T.deactivateWorkflow(server, WF.callback);
		await T.waitFor(
			'the original callback URL to be restored',
			() => T.emulatorReport(emu, reports.callback).callbackUrl === ORIGINAL_CALLBACK,
			{
				timeoutMs: 15_000,
				describe: () => JSON.stringify(T.emulatorReport(emu, reports.callback).callbackUrl),
			},
		).catch(() => {});
		const report = T.emulatorReport(emu, reports.callback);
		expect({ callbackUrl: report.callbackUrl, callbackMethod: report.callbackMethod }).toEqual({
			callbackUrl: ORIGINAL_CALLBACK,
			callbackMethod: 'POST',
		});
	});
});

describe('callback trigger in the editor (Listen for test event)', () => {
	test('a test run waits for the callback on the test URL, then runs with the file; the report gets its own callback back', async () => {
		const wf = WF.callback; // inactive again after the tests above
		const started = await server.rest('POST', `/rest/workflows/${wf}/run`, {
			triggerToStartFrom: { name: CALLBACK_NODE },
		});
		expect({ status: started.status, data: started.json && started.json.data }).toEqual({
			status: 200,
			data: expect.objectContaining({ waitingForWebhook: true }),
		});
		await T.waitFor(
			'the report to call the test URL',
			() => /\/webhook-test\//.test(String(T.emulatorReport(emu, reports.callback).callbackUrl)),
			{ timeoutMs: 30_000 },
		);
		const before = (await T.listExecutions(server, wf)).length;
		const file = completeExecution(reports.callback, 9);
		await T.waitForExecutions(server, wf, before + 1, { timeoutMs: 60_000 });
		const [latest] = (await T.listExecutions(server, wf)).sort((a, b) => Number(b.id) - Number(a.id));
		const run = await T.getExecution(server, latest.id);
		expect({
			mode: run.mode,
			status: run.status,
			files: run.items(CALLBACK_NODE).map((item) => item.json.executionId),
		}).toEqual({ mode: 'manual', status: 'success', files: [file.executionId] });
		// A test listener is removed after its run: the report calls its own URL again.
		await T.waitFor(
			'the original callback URL to be restored',
			() => T.emulatorReport(emu, reports.callback).callbackUrl === ORIGINAL_CALLBACK,
			{ timeoutMs: 30_000 },
		);
	});
});

describe('callback trigger with Callback Method GET', () => {
	test('the callback arrives as GET ?reportId= and starts one run with the file; deactivation removes it again', async () => {
		expect(T.emulatorReport(emu, reports.callbackGet).callbackUrl).toBeNull();
		await T.activateWorkflow(server, WF.callbackGet);
		const report = T.emulatorReport(emu, reports.callbackGet);
		expect({ callbackUrl: report.callbackUrl, callbackMethod: report.callbackMethod }).toEqual({
			callbackUrl: expect.stringMatching(callbackUrlPattern('callbackGet')),
			callbackMethod: 'GET',
		});
		const x = completeExecution(reports.callbackGet, 5);
		const cbs = await T.waitForCallbacks(emu, x.executionId, 1);
		let failure;
		const executions = await settledExecutions(WF.callbackGet, 1, {
			timeoutMs: runWaitMs(cbs),
		}).catch((e) => {
			failure = e;
			return [];
		});
		const runs = await runsOf(WF.callbackGet, CALLBACK_NODE, executions);
		expectWithLog(
			{
				callbacks: cbs.map((c) => ({ method: c.method, url: c.url, status: c.status })),
				runs,
			},
			{
				callbacks: [
					{
						method: 'GET',
						url: `${report.callbackUrl}?reportId=${reports.callbackGet}`,
						status: 200,
					},
				],
				runs: [{ status: 'success', mode: 'webhook', files: await expectedFiles([x]) }],
			},
		);
		if (failure) throw failure;

		await T.deactivateWorkflow(server, WF.callbackGet);
		await T.waitFor(
			'the callback to be removed',
			() => T.emulatorReport(emu, reports.callbackGet).callbackUrl === null,
			{ timeoutMs: 15_000 },
		).catch(() => {});
		expect(T.emulatorReport(emu, reports.callbackGet).callbackUrl).toBeNull();
	});
});

describe('callback trigger managing its own report', () => {
	test('activation creates a report with our callback, its execution starts a run, deactivation deletes it', async () => {
		const before = new Set(emu.state.cmp.reports.keys());
		await T.activateWorkflow(server, WF.managed);
		const created = [...emu.state.cmp.reports.values()].filter((r) => !before.has(r.reportId));
		expect(
			created.map((r) => ({
				queryId: r.queryId,
				callbackUrl: r.callbackUrl,
				callbackMethod: r.callbackMethod,
				format: r.format,
				recurrenceInterval: r.recurrenceInterval,
				executeNow: r.executeNow,
				reportStatus: r.reportStatus,
			})),
		).toEqual([
			{
				queryId: SYSTEM_QUERY_ID,
				callbackUrl: expect.stringMatching(callbackUrlPattern('managed')),
				callbackMethod: 'POST',
				format: 'tsv',
				recurrenceInterval: 24,
				executeNow: false,
				reportStatus: 'Active',
			},
		]);
		const managedId = created[0].reportId;

		const x = completeExecution(managedId, 6);
		const cbs = await T.waitForCallbacks(emu, x.executionId, 1);
		let failure;
		const executions = await settledExecutions(WF.managed, 1, { timeoutMs: runWaitMs(cbs) }).catch(
			(e) => {
				failure = e;
				return [];
			},
		);
		expectWithLog(
			{
				callbacks: cbs.map((c) => ({ method: c.method, url: c.url, status: c.status })),
				runs: await runsOf(WF.managed, CALLBACK_NODE, executions),
			},
			{
				callbacks: [{ method: 'POST', url: `${created[0].callbackUrl}/${managedId}`, status: 200 }],
				runs: [{ status: 'success', mode: 'webhook', files: await expectedFiles([x]) }],
			},
		);
		if (failure) throw failure;

		await T.deactivateWorkflow(server, WF.managed);
		await T.waitFor(
			'the managed report to be deleted',
			() => T.emulatorReport(emu, managedId) === null,
			{ timeoutMs: 15_000 },
		).catch(() => {});
		expect({ managedReportExists: T.emulatorReport(emu, managedId) !== null }).toEqual({
			managedReportExists: false,
		});
	});
});

describe('poll trigger', () => {
	const done = [];

	/** Waits until the trigger has asked for the report's executions `n` more times. */
	async function polls(n) {
		const start = T.executionListRequests(emu, reports.poll);
		await T.waitFor(
			`${n} more poll(s) of report ${reports.poll}`,
			() => T.executionListRequests(emu, reports.poll) >= start + n,
			{
				timeoutMs: (n + 2) * 60_000,
				intervalMs: 500,
			},
		);
	}

	test('activation does not replay the existing file; 3 new files one at a time, with a restart between: exactly 3 runs', async () => {
		await T.activateWorkflow(server, WF.poll);
		await polls(2);
		expect(await T.listExecutions(server, WF.poll)).toEqual([]);

		let failure;
		const step = async (count) => {
			try {
				await T.waitForExecutions(server, WF.poll, count, { timeoutMs: 90_000 });
			} catch (e) {
				failure = failure || e;
			}
			await polls(1); // another poll that must not repeat anything
		};

		done.push(completeExecution(reports.poll, 3));
		await step(1);

		await n8n.stopN8n(server);
		done.push(completeExecution(reports.poll, 5)); // completed while n8n is down
		await startServer(server.port);
		await step(2);

		done.push(completeExecution(reports.poll, 7));
		await step(3);
		await polls(2);

		const runs = await runsOf(WF.poll, POLL_NODE);
		const want = [];
		for (const x of done)
			want.push({ status: 'success', mode: 'trigger', files: await expectedFiles([x]) });
		expectWithLog(runs, want);
		if (failure) throw failure;

		await T.deactivateWorkflow(server, WF.poll);
	});
});
