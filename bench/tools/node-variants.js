#!/usr/bin/env node
'use strict';
/**
 * Diagnosis: Execution → Download (output file) in real n8n with PATCHED COPIES of the installed
 * package (the source is not touched): each variant gets its own n8n user folder under
 * bench/.work/variants/<name>, with services/download.js of the packed build patched in place.
 * Runs after `npm run bench` (needs bench/.work/user). Variants run interleaved, `repeat` rounds.
 *
 *   node bench/tools/node-variants.js [MiB=512] [repeat=3] [variant,variant,…]
 *   BENCH_VARIANT_ROWS=1000000 node bench/tools/node-variants.js 0 2 shipped
 *     (output rows on a file of that many rows, against HTTP Request + Extract From File)
 */
const fs = require('node:fs');
const path = require('node:path');

const BENCH_DIR = path.resolve(__dirname, '..');
process.env.E2E_WORK_DIR = process.env.E2E_WORK_DIR || path.join(BENCH_DIR, '.work');
process.env.E2E_N8N_USER_FOLDER = process.env.E2E_N8N_USER_FOLDER || path.join(process.env.E2E_WORK_DIR, 'user');
const n8n = require('../../test/e2e/lib/n8n');
const emuClient = require('../../test/e2e/lib/emulator-client');
const { manualTrigger } = require('../../test/e2e/lib/workflows');
const bench = require('../bench');
const { startEmulatorProcess } = require('../lib/emulator');

const DOWNLOAD_JS = 'dist/nodes/shared/services/download.js';
/** storeFile's transform in the compiled download.js: drops the BOM if asked, and counts the records. */
const STORE_MAP = /const bytes = body\.map\(\(chunk\) => \{[\s\S]*?return kept;\s*\}\)/;

/** name → { file: patch(source) } (files relative to the installed package). */
const VARIANTS = {
	shipped: {},
	// The stream's map() reads ahead up to highWaterMark chunks while n8n awaits each file write.
	readAhead: { [DOWNLOAD_JS]: (src) => src.replace(STORE_MAP, (map) => `${map.slice(0, -1)}, { highWaterMark: 32 })`) },
	// The transform without RecordCounter (rowCount 0): what counting the records costs.
	noCounter: { [DOWNLOAD_JS]: (src) => src.replace(STORE_MAP, (map) => map.replace(/\n\s*counter\.push\(kept\);/, '')) },
	// No transform at all (rowCount 0, the BOM kept): the response stream straight to prepareBinaryData.
	passthrough: { [DOWNLOAD_JS]: (src) => src.replace(STORE_MAP, 'const bytes = body') },
};

async function main() {
	const mib = Number(process.argv[2] || 512);
	const repeat = Number(process.argv[3] || 3);
	const names = (process.argv[4] || Object.keys(VARIANTS).join(',')).split(',');
	const source = path.join(process.env.E2E_N8N_USER_FOLDER, '.n8n', 'nodes');
	if (!fs.existsSync(source)) throw new Error('run `npm run bench` first (bench/.work/user is missing)');
	const emu = await startEmulatorProcess({});
	try {
		const token = await emuClient.getToken(emu, bench.clientCredentialsData(emu.url));
		const reportId = await bench.createRecurringReport(emu, token, `Variants ${Date.now().toString(36)}`);
		const rowsMode = Number(process.env.BENCH_VARIANT_ROWS || 0);
		const probe = await emu.runExecution(reportId, { rowCount: 100_000 });
		const pd = await emu.fileDigest(probe.executionId);
		const rowCount = rowsMode || Math.ceil((mib * 2 ** 20) / (pd.bytes / pd.rows));
		const exec = await emu.runExecution(reportId, { rowCount });
		const digest = await emu.fileDigest(exec.executionId);
		console.log(`file: ${digest.bytes} bytes, ${digest.rows} rows${rowsMode ? ' (output rows)' : ''}`);
		const nodeName = rowsMode ? bench.NODE.rows : bench.NODE.file;
		const extraEnv = rowsMode ? { NODE_OPTIONS: '--max-old-space-size=8192' } : {};
		const folders = {};
		for (const name of names) {
			const folder = path.join(process.env.E2E_WORK_DIR, 'variants', name);
			fs.rmSync(folder, { recursive: true, force: true });
			fs.mkdirSync(path.join(folder, '.n8n'), { recursive: true });
			fs.cpSync(source, path.join(folder, '.n8n', 'nodes'), { recursive: true });
			if (!VARIANTS[name]) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
			for (const [rel, patch] of Object.entries(VARIANTS[name])) {
				const file = path.join(folder, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE_NAME, rel);
				const before = fs.readFileSync(file, 'utf8');
				const after = patch(before);
				if (after === before) throw new Error(`variant ${name}: the patch of ${rel} did not apply`);
				fs.writeFileSync(file, after);
			}
			await n8n.importCredentials([{ ...bench.CRED, type: 'partnerCenterClientCredentialsApi', data: bench.clientCredentialsData(emu.url) }], { userFolder: folder });
			await n8n.importWorkflow(
				[
					bench.benchWorkflow('benchVariant', `variant ${name}`, [
						manualTrigger(),
						bench.downloadNode(nodeName, reportId, exec.executionId, rowsMode ? 'rows' : 'file'),
					]),
					bench.benchWorkflow('benchVariantExtract', 'HTTP Request + Extract From File', [
						manualTrigger(),
						bench.httpFileNode(await emu.signLink(exec.executionId)),
						bench.extractCsvNode(),
					]),
				],
				{ userFolder: folder },
			);
			folders[name] = folder;
		}
		const results = {};
		for (let k = 1; k <= repeat; k++) {
			if (rowsMode) {
				const res = await bench.runExecute('benchVariantExtract', { label: `variant-extract-${k}`, userFolder: folders[names[0]], extraEnv });
				bench.assertRunOk(res, [bench.NODE.extract]);
				const f = bench.nodeFigures(res, bench.NODE.extract);
				bench.cleanBinaryData(folders[names[0]]);
				(results['Extract From File'] ||= []).push({ rate: f.items / (f.ms / 1000), growth: f.growthKb / 1024, ms: f.ms, items: f.items });
				console.log(`Extract From File #${k}: ${f.items} items in ${f.ms} ms`);
			} else {
				const c = bench.curlOnce(await emu.signLink(exec.executionId));
				(results.curl ||= []).push({ rate: c.bytes / c.seconds / 1e6, growth: 0, ms: c.seconds * 1000 });
			}
			for (const name of names) {
				const res = await bench.runExecute('benchVariant', { label: `variant-${name}-${k}`, userFolder: folders[name], extraEnv });
				const node = res.summary && res.summary.nodes[nodeName];
				if (res.summary && res.summary.error) {
					console.log(`${name} #${k}: FAILED after ${node ? node.executionTime : '?'} ms: ${res.summary.error.message}`);
					continue;
				}
				bench.assertRunOk(res, [nodeName]);
				const f = bench.nodeFigures(res, nodeName);
				bench.cleanBinaryData(folders[name]);
				const rate = rowsMode ? f.items / (f.ms / 1000) : digest.bytes / (f.ms / 1000) / 1e6;
				(results[name] ||= []).push({ rate, growth: f.growthKb / 1024, ms: f.ms, items: f.items });
				console.log(`${name} #${k}: ${rate.toFixed(1)} ${rowsMode ? 'rows/s' : 'MB/s'} (${f.ms} ms), RSS +${(f.growthKb / 1024).toFixed(1)} MiB${rowsMode ? `, ${f.items} items` : `, rowCount ${f.first.rowCount}`}`);
			}
		}
		const ref = rowsMode ? 'Extract From File' : 'curl';
		console.log(`\n${'variant'.padEnd(18)} ${rowsMode ? 'rows/s' : '  MB/s'}  vs ${ref}  RSS growth MiB   (medians of ${repeat})`);
		const refRate = bench.median((results[ref] || []).map((r) => r.rate));
		for (const [name, runs] of Object.entries(results)) {
			const rate = bench.median(runs.map((r) => r.rate));
			console.log(`${name.padEnd(18)} ${rate.toFixed(1).padStart(9)}  ${(rate / refRate).toFixed(2).padStart(7)}  ${bench.median(runs.map((r) => r.growth)).toFixed(1).padStart(8)}`);
		}
	} finally {
		await emu.stop();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
