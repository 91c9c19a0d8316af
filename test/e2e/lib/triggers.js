'use strict';
/**
 * Helpers for the trigger e2e tests (test/e2e/triggers.e2e.test.js): workflow activation in a started
 * n8n 2.40.7, its executions and their binary files, and emulator reports and files to compare with.
 *
 * n8n 2.40.7 facts these helpers rely on (all checked in node_modules/n8n/dist):
 * - Activation ("publish"): `POST /rest/workflows/{id}/activate` with body `{ versionId }` (required,
 *   ActivateWorkflowDto; the current versionId comes from `GET /rest/workflows/{id}`). Deactivation:
 *   `POST /rest/workflows/{id}/deactivate` with `{}`. With the default
 *   N8N_USE_WORKFLOW_PUBLICATION_SERVICE=true both only write an outbox record and answer 200 at once;
 *   the triggers are (de)activated asynchronously by the publication outbox consumer. The outcome is
 *   `GET /rest/workflows/{id}/publication-status` → `{ status: 'in_progress' | 'published' | 'partial' |
 *   'failed' | 'not_published', triggers: [{ nodeId, status, errorMessage }] }`.
 * - Executions: `GET /rest/executions?filter={"workflowId":…}&limit=…` → `{ data: { results, count } }`;
 *   `GET /rest/executions/{id}` → `{ data: { status, mode, data } }` where `data` is the run data
 *   serialised with `flatted`.
 * - Binary data is in filesystem mode: the item's binary `id` is
 *   `filesystem-v2:workflows/{workflowId}/executions/{executionId}/binary_data/{uuid}`, the file is
 *   `<user folder>/.n8n/storage/<that path>`.
 * - Polling: `pollTimes` items are turned into 6-field crons with n8n-workflow's toCronExpression; an
 *   item whose seconds field is not a single number (e.g. `*\/5 * * * * *`) is refused at activation
 *   ("The polling interval is too short. It has to be at least a minute.",
 *   n8n-core active-workflow-triggers.js activatePollTrigger). Several items, each with one fixed
 *   second, are accepted: pollTimesEverySeconds() uses that to poll every few seconds.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { RUNTIME_DIR, NODE24_BIN, PACKAGE_NAME, redact } = require('./n8n');
const { nodeJson, credentialsFor, chain, CMP_CONNECTION } = require('./workflows');
const { sleep, poll } = require('../../fixtures/wait');
const { fileSpec } = require('../../../emulator/executions');
const { digestFile } = require('../../../emulator/files');

const CALLBACK_TRIGGER_TYPE = `${PACKAGE_NAME}.partnerCenterAnalyticsTrigger`;
const POLL_TRIGGER_TYPE = `${PACKAGE_NAME}.partnerCenterAnalyticsPollTrigger`;

function loadFlatted() {
	try {
		return require('flatted');
	} catch {
		return require(path.join(RUNTIME_DIR, 'node_modules', 'flatted'));
	}
}

/**
 * Polls `check()` until it returns a truthy value (returned). On timeout throws with `describe()`
 * (what was seen last), so that a failure says what is missing rather than just "timed out".
 */
async function waitFor(what, check, { timeoutMs = 60_000, intervalMs = 250, describe } = {}) {
	return await poll(check, {
		timeoutMs,
		intervalMs,
		retryErrors: true,
		timeoutError: async (lastError) => {
			let seen = '';
			if (describe) {
				try {
					seen = `\nlast seen: ${await describe()}`;
				} catch (e) {
					seen = `\n(describe failed: ${e.message})`;
				}
			}
			return new Error(
				redact(
					`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}${seen}`,
				),
			);
		},
	});
}

/* ------------------------------------------------------------------ workflow JSON */

/** The callback trigger node; `webhookId` (a uuid) is the first segment of its webhook path. */
function callbackTriggerNode(name, parameters, credential, webhookId) {
	return nodeJson(name, CALLBACK_TRIGGER_TYPE, {
		webhookId,
		parameters: { authentication: 'clientCredentials', ...parameters },
		credentials: credentialsFor(parameters, credential),
	});
}

/** The poll trigger node; `pollTimes` as n8n stores it, e.g. `{ item: [{ mode: 'everyMinute' }] }`. */
function pollTriggerNode(name, parameters, credential, pollTimes) {
	return nodeJson(name, POLL_TRIGGER_TYPE, {
		parameters: { authentication: 'clientCredentials', pollTimes, ...parameters },
		credentials: credentialsFor(parameters, credential),
	});
}

/**
 * The callback trigger as the trigger suites (e2e triggers, chaos, queue) run it: watching reports by
 * id (comma-separated) on commercial marketplace v1.1, each file emitted as binary; `method` is the
 * HTTP method of the callback.
 */
function reportFileCallbackNode(name, reportIds, method, credential, webhookId) {
	return callbackTriggerNode(
		name,
		{ ...CMP_CONNECTION, watch: 'reportIds', reportIds, callbackMethod: method, output: 'file' },
		credential,
		webhookId,
	);
}

/** The poll trigger likewise (reports by id, cmp v1.1, files), polling every `stepSeconds`. */
function reportFilePollNode(name, reportIds, credential, stepSeconds) {
	return pollTriggerNode(
		name,
		{ ...CMP_CONNECTION, reportIds, output: 'file', options: {} },
		credential,
		pollTimesEverySeconds(stepSeconds),
	);
}

/** A workflow made of one trigger node (its output is the execution's run data). */
function triggerWorkflow(id, name, triggerNode) {
	return chain(id, name, [triggerNode]);
}

/**
 * pollTimes that poll every `step` seconds: 60/step entries `{ mode: 'custom', cronExpression: 'S * * * * *' }`,
 * each with one fixed second (a single sub-minute cron is refused by n8n, see the header).
 */
function pollTimesEverySeconds(step) {
	if (60 % step !== 0) throw new Error('step must divide 60');
	return {
		item: Array.from({ length: 60 / step }, (_, i) => ({
			mode: 'custom',
			cronExpression: `${i * step} * * * * *`,
		})),
	};
}

/* ------------------------------------------------------------------ activation */

/**
 * Creates a workflow the way the editor saves a new one (`POST /rest/workflows`); resolves to its id.
 * n8n 2.0 keeps the id only this way (it drops a given `id`) and can only activate a workflow saved
 * like this: activation looks its version up in the workflow history, which `import:workflow` does
 * not write there (n8n 2.40.7 activates imported workflows too). Used by test/smoke.
 */
async function createWorkflow(h, workflow) {
	// `active: false` as the editor sends it (n8n 2.0 stores no default for it).
	const r = await h.rest('POST', '/rest/workflows', { ...workflow, active: false });
	const id = r.json && r.json.data && r.json.data.id;
	if (r.status !== 200 || !id)
		throw new Error(redact(`POST /rest/workflows (${workflow.name}): HTTP ${r.status} ${r.text.slice(0, 500)}`));
	return id;
}

async function publicationStatus(h, workflowId) {
	const r = await h.rest('GET', `/rest/workflows/${workflowId}/publication-status`);
	if (r.status === 404) return await synchronousActivationStatus(h, workflowId);
	if (r.status !== 200 || !r.json)
		throw new Error(
			`GET publication-status of ${workflowId}: HTTP ${r.status} ${r.text.slice(0, 300)}`,
		);
	return r.json.data;
}

/**
 * n8n before the publication service (2.0; the smoke suite) has no publication-status endpoint: it
 * (de)activates the triggers inside the activate/deactivate request, which fails when a trigger
 * does. The workflow's activeVersionId then tells the outcome, in the publication-status shape.
 */
async function synchronousActivationStatus(h, workflowId) {
	const r = await h.rest('GET', `/rest/workflows/${workflowId}`);
	if (r.status !== 200 || !r.json)
		throw new Error(`GET /rest/workflows/${workflowId}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	const wf = r.json.data;
	return { status: wf.activeVersionId || wf.active ? 'published' : 'not_published', triggers: [] };
}

/** Waits until the publication outbox has processed the workflow; returns the settled status. */
async function waitForPublication(h, workflowId, { timeoutMs = 90_000 } = {}) {
	let last;
	return await waitFor(
		`the publication of workflow ${workflowId} to settle`,
		async () => {
			last = await publicationStatus(h, workflowId);
			return last.status !== 'in_progress' ? last : null;
		},
		{ timeoutMs, intervalMs: 300, describe: () => JSON.stringify(last) },
	);
}

/**
 * `POST /rest/workflows/{id}/activate` (`{ versionId }`) or `…/deactivate` (`{}`). n8n before these
 * endpoints (1.94; smoke suite) answers 404 and (de)activates on a save of `{ active, versionId }`, as
 * its editor does (`PATCH /rest/workflows/{id}`).
 */
async function setActive(h, workflowId, active, versionId) {
	const r = active
		? await h.rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId })
		: await h.rest('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	if (r.status !== 404 || !/Cannot POST/.test(r.text)) return r;
	const wf = await h.rest('GET', `/rest/workflows/${workflowId}`);
	if (wf.status !== 200 || !wf.json) return wf;
	return await h.rest('PATCH', `/rest/workflows/${workflowId}`, { active, versionId: wf.json.data.versionId });
}

/**
 * Activates (publishes) the current version of a workflow and waits until its triggers are active.
 * Throws with the triggers' error messages when activation failed. Returns the publication status.
 */
async function activateWorkflow(h, workflowId, { timeoutMs = 90_000, allowFailure = false } = {}) {
	const wf = await h.rest('GET', `/rest/workflows/${workflowId}`);
	if (wf.status !== 200 || !wf.json)
		throw new Error(
			`GET /rest/workflows/${workflowId}: HTTP ${wf.status} ${wf.text.slice(0, 300)}`,
		);
	const { versionId } = wf.json.data;
	const r = await setActive(h, workflowId, true, versionId);
	if (r.status !== 200) {
		if (allowFailure)
			return {
				status: 'failed',
				httpStatus: r.status,
				message: r.text.slice(0, 1000),
				triggers: [],
			};
		throw new Error(redact(`activating ${workflowId}: HTTP ${r.status} ${r.text.slice(0, 1000)}`));
	}
	const status = await waitForPublication(h, workflowId, { timeoutMs });
	if (status.status !== 'published' && !allowFailure) {
		throw new Error(
			redact(
				`activating ${workflowId} ended "${status.status}": ${JSON.stringify(status.triggers)}`,
			),
		);
	}
	return status;
}

/** Deactivates (unpublishes) a workflow and waits until its triggers are removed. */
async function deactivateWorkflow(h, workflowId, { timeoutMs = 90_000 } = {}) {
	const r = await setActive(h, workflowId, false);
	if (r.status !== 200)
		throw new Error(
			redact(`deactivating ${workflowId}: HTTP ${r.status} ${r.text.slice(0, 1000)}`),
		);
	return await waitForPublication(h, workflowId, { timeoutMs });
}

/* ------------------------------------------------------------------ executions */

/**
 * All executions of a workflow (newest first, as n8n lists them), finished or not: the newest 100.
 * (n8n 2.40.7 caps `limit` at 100 silently; 2.41 answers 400 to a limit above 100.)
 */
async function listExecutions(h, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const r = await h.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
	if (r.status !== 200 || !r.json)
		throw new Error(`GET /rest/executions: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	return r.json.data.results.filter((e) => e.workflowId === workflowId);
}

/**
 * One execution with its run data: { id, status, mode, runData, error, items(nodeName) → [{ json, binary }] }.
 */
async function getExecution(h, id) {
	const r = await h.rest('GET', `/rest/executions/${id}`);
	if (r.status !== 200 || !r.json)
		throw new Error(`GET /rest/executions/${id}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	const e = r.json.data;
	const data = typeof e.data === 'string' ? loadFlatted().parse(e.data) : e.data;
	const runData = (data && data.resultData && data.resultData.runData) || {};
	return {
		id: e.id,
		status: e.status,
		mode: e.mode,
		startedAt: e.startedAt,
		runData,
		error: data && data.resultData && data.resultData.error,
		items(nodeName) {
			const tasks = runData[nodeName] || [];
			return tasks.flatMap((t) =>
				((t.data && t.data.main && t.data.main[0]) || []).map((i) => ({
					json: i.json,
					binary: i.binary,
				})),
			);
		},
	};
}

/**
 * Waits until the workflow has at least `count` executions and all of them have finished; returns
 * them oldest first. (Use `exactly()` afterwards to check that no more arrive.)
 */
async function waitForExecutions(h, workflowId, count, { timeoutMs = 60_000 } = {}) {
	let last = [];
	const done = await waitFor(
		`${count} finished execution(s) of workflow ${workflowId}`,
		async () => {
			last = await listExecutions(h, workflowId);
			const finished = last.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			return last.length >= count && finished.length === last.length ? last : null;
		},
		{
			timeoutMs,
			describe: () =>
				JSON.stringify(last.map((e) => ({ id: e.id, status: e.status, mode: e.mode }))),
		},
	);
	return done.slice().sort((a, b) => Number(a.id) - Number(b.id));
}

/** The bytes of a binary item of an execution (filesystem mode; REST download as a fallback). */
async function readBinary(h, binary) {
	if (!binary) throw new Error('no binary data in the item');
	const id = String(binary.id || '');
	const m = id.match(/^filesystem(?:-v2)?:(.+)$/);
	if (m) {
		const candidates = [
			path.join(h.userFolder, '.n8n', 'storage', m[1]),
			path.join(h.userFolder, '.n8n', 'binaryData', m[1]),
		];
		for (const file of candidates) if (fs.existsSync(file)) return fs.readFileSync(file);
	}
	if (id) {
		const r = await fetch(
			`${h.url}/rest/binary-data?id=${encodeURIComponent(id)}&action=download`,
			{
				headers: { cookie: h.cookie || '', 'browser-id': 'e2e-browser' },
			},
		);
		if (r.status === 200) return Buffer.from(await r.arrayBuffer());
		throw new Error(`binary ${id}: not on disk and GET /rest/binary-data answered ${r.status}`);
	}
	return Buffer.from(binary.data, 'base64');
}

/**
 * A workflow's static data as n8n persisted it (workflow_entity.staticData in the sqlite DB of the user
 * folder; read with the runtime's sqlite3 while n8n runs, the DB is in WAL mode). Diagnostics only:
 * what a trigger node keeps there is its own business.
 */
function persistedStaticData(userFolder, workflowId) {
	const { execFileSync } = require('node:child_process');
	const script = `
const sqlite3 = require(${JSON.stringify(path.join(RUNTIME_DIR, 'node_modules', 'sqlite3'))});
const db = new sqlite3.Database(${JSON.stringify(path.join(userFolder, '.n8n', 'database.sqlite'))}, sqlite3.OPEN_READONLY);
db.get('SELECT staticData FROM workflow_entity WHERE id = ?', [process.argv[1]], (e, row) => {
	if (e) { console.error(e.message); process.exit(1); }
	process.stdout.write(row && row.staticData ? String(row.staticData) : 'null');
	db.close();
});`;
	const out = execFileSync(path.join(NODE24_BIN, 'node'), ['-e', script, workflowId], {
		encoding: 'utf8',
		timeout: 30_000,
	});
	return JSON.parse(out);
}

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/* ------------------------------------------------------------------ emulator */

/**
 * The file of an execution as the emulator serves it, its UTF-8 BOM included (File output keeps it):
 * { sha256, bytes }.
 */
async function emulatorFile(emu, executionId) {
	const r = await fetch(emu.signLink(executionId, {}), {
		headers: { 'accept-encoding': 'identity' },
	});
	if (r.status !== 200) throw new Error(`emulator file of ${executionId}: HTTP ${r.status}`);
	const buf = Buffer.from(await r.arrayBuffer());
	return { sha256: sha256(buf), bytes: buf.length };
}

/**
 * The file of an emulator execution (in-process state) as the node must store it: as the emulator
 * serves it, BOM included. Resolves to { sha256, bytes, rows }.
 */
async function emulatorDigest(emu, exec) {
	return await digestFile(fileSpec({ state: emu.state, options: emu.options }, exec));
}

/**
 * Report → Run deletes its temporary report (and with it the execution) once it has the file: takes
 * the digest (emulatorDigest) of every cmp execution not yet in `files` and not `skip(exec)`, while it
 * still exists, into `files` (executionId → promise). Call it whenever a report is created (the
 * emulator's `log` option).
 */
function recordRunFiles(emu, files, skip) {
	for (const exec of emu.state.cmp.executions.values()) {
		if (skip(exec) || files.has(exec.executionId)) continue;
		const pending = emulatorDigest(emu, exec);
		pending.catch(() => {}); // awaited (or not) by the test; an unhandled rejection must not end jest
		files.set(exec.executionId, pending);
	}
}

/** `YYYY-MM-DDTHH:mm:ssZ`, the date format Partner Center takes. */
const apiTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Creates a recurring scheduled report through the emulator's API (the test's own token); returns the
 * report item (camelCase). `base` e.g. '/insights/v1.1/cmp'.
 */
async function createRecurringReport(
	emuClient,
	emu,
	token,
	base,
	{
		name,
		queryId,
		callbackUrl,
		callbackMethod,
		format = 'csv',
		recurrenceInterval = 24,
		recurrenceCount = 100,
	},
) {
	const body = {
		ReportName: name,
		QueryId: queryId,
		ExecuteNow: false,
		StartTime: apiTime(Date.now() + 5 * 3600 * 1000),
		RecurrenceInterval: recurrenceInterval,
		RecurrenceCount: recurrenceCount,
		Format: format,
	};
	if (callbackUrl !== undefined) body.CallbackUrl = callbackUrl;
	if (callbackMethod !== undefined) body.CallbackMethod = callbackMethod;
	const r = await emuClient.apiRequest(emu, token, 'POST', `${base}/ScheduledReport`, body);
	const value = r.json && (r.json.Value || r.json.value);
	if (r.status !== 200 || !value || !value[0])
		throw new Error(`creating report "${name}": HTTP ${r.status} ${r.text.slice(0, 300)}`);
	return value[0];
}

/**
 * A query of `query` and a recurring report of it on cmp v1.1, made with the caller's own token through
 * the API (as a user would in Partner Center); resolves to the report's ID.
 */
async function createQueryReport(
	emuClient,
	emu,
	token,
	{ name, query, format = 'CSV', recurrenceCount = 100 },
) {
	const base = '/insights/v1.1/cmp';
	const q = await emuClient.apiRequest(emu, token, 'POST', `${base}/ScheduledQueries`, {
		Name: `${name} query`,
		Query: query,
	});
	if (q.status !== 200)
		throw new Error(`creating the query of ${name}: HTTP ${q.status} ${q.text.slice(0, 300)}`);
	const queryId = (q.json.Value || q.json.value)[0].queryId;
	const report = await createRecurringReport(emuClient, emu, token, base, {
		name,
		queryId,
		format,
		recurrenceCount,
	});
	return report.reportId;
}

/** The emulator's report record (in-process state), by id, in any program; null when it does not exist. */
function emulatorReport(emu, reportId) {
	const v = String(reportId).toLowerCase();
	for (const program of ['cmp', 'mpn']) {
		for (const r of emu.state[program].reports.values())
			if (r.reportId.toLowerCase() === v) return r;
	}
	return null;
}

/** The emulator's callback delivery log entries of one execution. */
function callbacksOf(emu, executionId) {
	return emu.state.callbacks.filter((c) => c.executionId === executionId);
}

/**
 * Whether the callback log entries of one execution show `deliveries` deliveries, each finished:
 * answered below 500, or given up after its 3rd attempt (network errors and 5xx are retried).
 */
function callbacksFinished(list, deliveries) {
	const byDelivery = new Map();
	for (const c of list) byDelivery.set(c.delivery, c);
	if (byDelivery.size < deliveries) return false;
	return [...byDelivery.values()].every(
		(c) => (c.status !== null && c.status < 500) || c.attempt >= 3,
	);
}

/**
 * Waits until the emulator has finished every callback delivery of an execution (`deliveries` times,
 * each retried up to 3 times on network errors and 5xx). Returns the log entries.
 */
async function waitForCallbacks(emu, executionId, deliveries, { timeoutMs = 60_000 } = {}) {
	return await waitFor(
		`${deliveries} callback deliveries of execution ${executionId}`,
		() => {
			const list = callbacksOf(emu, executionId);
			return callbacksFinished(list, deliveries) ? list : null;
		},
		{ timeoutMs, describe: () => JSON.stringify(callbacksOf(emu, executionId)) },
	);
}

/** How many times the emulator answered `GET …/ScheduledReport/execution/{ids}` for a report (request log). */
function executionListRequests(emu, reportId) {
	const id = String(reportId).toLowerCase();
	return emu.state.requests.filter(
		(r) =>
			/\/scheduledreport\/execution\//i.test(String(r.path || '')) &&
			String(r.path).toLowerCase().includes(id),
	).length;
}

module.exports = {
	CALLBACK_TRIGGER_TYPE,
	POLL_TRIGGER_TYPE,
	waitFor,
	sleep,
	callbackTriggerNode,
	pollTriggerNode,
	reportFileCallbackNode,
	reportFilePollNode,
	triggerWorkflow,
	pollTimesEverySeconds,
	createWorkflow,
	publicationStatus,
	waitForPublication,
	activateWorkflow,
	deactivateWorkflow,
	listExecutions,
	getExecution,
	waitForExecutions,
	readBinary,
	persistedStaticData,
	sha256,
	emulatorFile,
	emulatorDigest,
	recordRunFiles,
	apiTime,
	createRecurringReport,
	createQueryReport,
	emulatorReport,
	callbacksOf,
	callbacksFinished,
	waitForCallbacks,
	executionListRequests,
};
