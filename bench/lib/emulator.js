'use strict';
/** Starts the emulator in a child process (emulator-worker.js) and calls its methods over IPC. */
const path = require('node:path');
const { fork } = require('node:child_process');

async function startEmulatorProcess(options = {}) {
	const child = fork(path.join(__dirname, 'emulator-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	let seq = 0;
	const pending = new Map();
	child.on('message', (msg) => {
		const p = pending.get(msg.id);
		if (!p) return;
		pending.delete(msg.id);
		if (msg.error) p.reject(Object.assign(new Error(msg.error.message), { status: msg.error.status }));
		else p.resolve(msg.result);
	});
	child.on('exit', (code, signal) => {
		for (const p of pending.values()) p.reject(new Error(`emulator process exited (${code ?? signal})`));
		pending.clear();
	});
	const call = (method, ...args) =>
		new Promise((resolve, reject) => {
			const id = ++seq;
			pending.set(id, { resolve, reject });
			child.send({ id, method, args });
		});
	const { url } = await call('start', options);
	return {
		url,
		pid: child.pid,
		call,
		signLink: (executionId) => call('signLink', executionId),
		runExecution: (reportId, body) => call('runExecution', reportId, body),
		fileDigest: (executionId) => call('fileDigest', executionId),
		async stop() {
			try {
				await call('stop');
			} catch {
				/* gone */
			}
			child.disconnect();
		},
	};
}

module.exports = { startEmulatorProcess };
