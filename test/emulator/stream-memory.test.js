'use strict';
/**
 * A 5,000,000-row report streams in constant memory: the emulator never materialises the file.
 *
 * The emulator runs in a process of its own, and the kernel's peak resident size of that process
 * (VmHWM in /proc/<pid>/status) is read before and after the download. Nothing else shares it: when the
 * server ran inside the jest worker, the worker's garbage and the client's buffers were measured too,
 * from 0 to 106 MiB on the same code, and a fixed 100 MB bound failed once on CI's 2-core machine with
 * nothing materialised. The bound is half the file's own size, measured in the same run: a server that
 * built the file (chunks, then one Buffer to send) keeps at least the whole file at its peak.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { appToken, control, makeReport } = require('./helpers');

const ROWS = 5_000_000;
const EMULATOR = path.join(__dirname, '..', '..', 'emulator');

/** Starts the emulator in a child process; resolves to { url, pid, stop() }. */
function startEmulatorProcess() {
	const script = `require(${JSON.stringify(EMULATOR)}).startEmulator({ port: 0 }).then((emu) => console.log(emu.url));`;
	const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
	const stop = () => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve).kill() : resolve()));
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`the emulator process exited with ${code} before it listened`)));
		child.stdout.once('data', (data) => resolve({ url: String(data).trim(), pid: child.pid, stop }));
	});
}

/** The peak resident size of a process so far, in MiB. */
const peakMiB = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const download = (link) => fetch(link, { headers: { 'accept-encoding': 'identity' } });

test('a 5M-row download streams: the emulator process peaks under half the file size above its start, and the file matches the digest', async () => {
	const emu = await startEmulatorProcess();
	try {
		const token = await appToken(emu);
		const { reportId } = await makeReport(emu, token, '/insights/v1.1/cmp', {
			query: 'SELECT CustomerId, CustomerName, CustomerCountry, OrderPurchaseDate, OrderQuantity FROM ISVOrder',
		});
		const small = (await control(emu, 'POST', `/reports/${reportId}/executions`, { rowCount: 1000 })).json;
		const ex = (await control(emu, 'POST', `/reports/${reportId}/executions`, { rowCount: ROWS })).json;

		// Warm up the HTTP stack on a small file, then take the baseline. (Warming up on the big file itself
		// would hide a materialising server: its peak would already hold the file.)
		await (await download(small.reportAccessSecureLink)).arrayBuffer();
		const baseline = peakMiB(emu.pid);

		const started = Date.now();
		const res = await download(ex.reportAccessSecureLink);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBeNull(); // too big to precompute: chunked
		const hash = crypto.createHash('sha256');
		let bytes = 0;
		let newlines = 0;
		let chunks = 0;
		for await (const chunk of res.body) {
			hash.update(chunk);
			bytes += chunk.length;
			if (++chunks < 3) for (const b of chunk) if (b === 10) newlines++;
		}
		const seconds = (Date.now() - started) / 1000;
		const growthMiB = peakMiB(emu.pid) - baseline;
		const fileMiB = bytes / 1024 / 1024;
		console.log(`5M rows: ${fileMiB.toFixed(0)} MiB in ${seconds.toFixed(2)} s (${(fileMiB / seconds).toFixed(0)} MiB/s); the emulator's peak RSS grew ${growthMiB.toFixed(1)} MiB (${((100 * growthMiB) / fileMiB).toFixed(0)}% of the file)`);

		expect(newlines).toBeGreaterThan(100);
		expect(bytes).toBeGreaterThan(250e6);
		expect(growthMiB).toBeLessThan(fileMiB / 2);

		const digest = (await control(emu, 'GET', `/files/${ex.executionId}/sha256`)).json;
		expect(digest.rows).toBe(ROWS);
		expect(digest.bytes).toBe(bytes);
		expect(digest.sha256).toBe(hash.digest('hex'));
	} finally {
		await emu.stop();
	}
}, 60000);
