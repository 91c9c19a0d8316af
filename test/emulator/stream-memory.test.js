'use strict';
/**
 * A 5,000,000-row report streams in constant memory: the server never materialises the file.
 * Server and client share this process, so RSS growth bounds both.
 */
const crypto = require('crypto');
const { startEmulator, appToken, control, makeReport } = require('./helpers');

const ROWS = 5_000_000;

test('5M-row download streams with RSS growth < 100 MB and matches the digest', async () => {
	const emu = await startEmulator({ port: 0 });
	try {
		const token = await appToken(emu);
		const { reportId } = await makeReport(emu, token, '/insights/v1.1/cmp', {
			query: 'SELECT CustomerId, CustomerName, CustomerCountry, OrderPurchaseDate, OrderQuantity FROM ISVOrder',
		});
		const ex = (await control(emu, 'POST', `/reports/${reportId}/executions`, { rowCount: ROWS })).json;

		// Warm up the HTTP stack, then take the baseline.
		await (await fetch(ex.reportAccessSecureLink, { headers: { 'accept-encoding': 'identity' } })).body.cancel();
		if (global.gc) global.gc();
		const baseline = process.memoryUsage.rss();
		let peak = baseline;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage.rss());
		}, 20);

		const started = Date.now();
		const res = await fetch(ex.reportAccessSecureLink, { headers: { 'accept-encoding': 'identity' } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBeNull(); // too big to precompute: chunked
		const hash = crypto.createHash('sha256');
		let bytes = 0;
		let newlines = 0;
		let chunks = 0;
		for await (const chunk of res.body) {
			hash.update(chunk);
			bytes += chunk.length;
			if (++chunks % 256 === 0) peak = Math.max(peak, process.memoryUsage.rss());
			if (chunks < 3) for (const b of chunk) if (b === 10) newlines++;
		}
		const seconds = (Date.now() - started) / 1000;
		clearInterval(sampler);
		peak = Math.max(peak, process.memoryUsage.rss());
		const growthMb = (peak - baseline) / 1024 / 1024;
		console.log(`5M rows: ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s (${(bytes / 1e6 / seconds).toFixed(0)} MB/s), RSS growth ${growthMb.toFixed(1)} MB`);

		expect(newlines).toBeGreaterThan(100);
		expect(bytes).toBeGreaterThan(250e6);
		expect(growthMb).toBeLessThan(100);

		const digest = await emu.fileDigest(ex.executionId);
		expect(digest.rows).toBe(ROWS);
		expect(digest.bytes).toBe(bytes);
		expect(digest.sha256).toBe(hash.digest('hex'));
	} finally {
		await emu.stop();
	}
}, 60000);
