'use strict';
/**
 * Any long-running n8n command (`worker`, `webhook`, or `start` with a custom environment) as a child
 * process, for the queue-mode test (test/queue). Same conventions as startN8n() in n8n.js: n8n on the
 * runtime's Node 24, the environment of n8nEnv() (plus `env`), stdout/stderr in <work>/logs, own
 * process group (stop() also ends its task runner), killed when the test process exits.
 *
 *   const p = await startN8nProcess('worker', { userFolder, env, readyUrl: `http://127.0.0.1:${port}/healthz/readiness` });
 *   await p.stop();
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { NODE24_BIN, N8N_BIN, WORK_DIR, USER_FOLDER, n8nEnv, redact } = require('./n8n');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const running = new Set();
process.on('exit', () => {
	for (const pid of running) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	}
});

function tailOf(file, lines = 40) {
	try {
		return redact(fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'));
	} catch {
		return '';
	}
}

/**
 * Starts `n8n <command> [...args]`; resolves when `readyUrl` answers 200 (or, without readyUrl, when
 * stdout matches `readyPattern`). Returns { pid, logFiles, logs(), stop(), exited() }.
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
		label,
	} = {},
) {
	const logDir = path.join(WORK_DIR, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const base = path.join(logDir, `${Date.now()}-${(label || command).replace(/[^\w.-]+/g, '_')}`);
	const out = fs.openSync(`${base}.stdout`, 'w');
	const err = fs.openSync(`${base}.stderr`, 'w');
	const child = spawn(path.join(NODE24_BIN, 'node'), [N8N_BIN, command, ...args], {
		cwd: userFolder,
		env: n8nEnv(userFolder, { N8N_LOG_FORMAT: 'text', ...env }),
		stdio: ['ignore', out, err],
		detached: true,
	});
	fs.closeSync(out);
	fs.closeSync(err);
	let exitInfo = null;
	running.add(child.pid);
	child.on('exit', (code, signal) => {
		exitInfo = { code, signal };
		running.delete(child.pid);
	});
	const handle = {
		command,
		pid: child.pid,
		logFiles: { stdout: `${base}.stdout`, stderr: `${base}.stderr` },
		exited: () => exitInfo,
		logs: () =>
			`--- n8n ${command} stdout (tail) [${base}.stdout]\n${tailOf(`${base}.stdout`)}\n` +
			`--- n8n ${command} stderr (tail) [${base}.stderr]\n${tailOf(`${base}.stderr`)}`,
		async stop() {
			if (exitInfo) return;
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				return;
			}
			for (let i = 0; i < 150 && !exitInfo; i++) await sleep(100);
			if (!exitInfo) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* gone */
				}
			}
		},
	};
	const deadline = Date.now() + readyTimeoutMs;
	for (;;) {
		if (exitInfo)
			throw new Error(
				`n8n ${command} exited early (${JSON.stringify(exitInfo)})\n${handle.logs()}`,
			);
		if (Date.now() > deadline) {
			await handle.stop();
			throw new Error(`n8n ${command} not ready within ${readyTimeoutMs} ms\n${handle.logs()}`);
		}
		if (readyUrl) {
			try {
				const r = await fetch(readyUrl);
				if (r.status === 200) break;
			} catch {
				/* not listening yet */
			}
		} else if (readyPattern) {
			let text = '';
			try {
				text = fs.readFileSync(`${base}.stdout`, 'utf8');
			} catch {
				/* not yet */
			}
			if (readyPattern.test(text)) break;
		} else break;
		await sleep(500);
	}
	return handle;
}

module.exports = { startN8nProcess };
