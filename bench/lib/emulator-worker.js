'use strict';
/**
 * The emulator in its own process (forked by emulator.js), so that generating and sending report files
 * uses its own CPU time, as a remote Partner Center would, and never shares an event loop with the
 * bench's RSS sampler or the n8n process. Commands arrive over IPC: { id, method, args } → emu[method].
 */
const path = require('node:path');
const { startEmulator } = require(path.join(__dirname, '..', '..', 'emulator'));

let emu;
process.on('message', async (msg) => {
	if (!msg || typeof msg !== 'object') return;
	try {
		let result;
		if (msg.method === 'start') {
			emu = await startEmulator({ port: 0, host: '127.0.0.1', ...(msg.args[0] || {}) });
			result = { url: emu.url };
		} else if (msg.method === 'stop') {
			await emu.stop();
			result = true;
		} else {
			result = await emu[msg.method](...(msg.args || []));
		}
		process.send({ id: msg.id, result });
	} catch (error) {
		process.send({ id: msg.id, error: { message: error.message, status: error.status } });
	}
});
process.on('disconnect', () => process.exit(0));
