'use strict';
/**
 * `npm run bench` (through bench/run.sh, which installs n8n and the packed package first).
 *
 * In a REAL n8n 2.40.7 (`n8n execute`, binary data mode filesystem) against the Partner Center
 * emulator (own process), measured in the same run:
 *   1. a ~1 GiB report through Execution → Download (output file): the node's throughput against
 *      `curl` of a fresh signed link to the same file, and the n8n process's peak RSS growth;
 *   2. 1,000,000 rows through Execution → Download (output rows) against n8n's own Extract From File
 *      (CSV) node on the same file (downloaded first by an HTTP Request node, response format file).
 * Figures and ratios are printed with the targets; a missed target prints MISSED but the exit code
 * stays 0 (this is a benchmark, not a test). Only a broken bench exits non-zero.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');

const BENCH_DIR = __dirname;
const ROOT = path.resolve(BENCH_DIR, '..');
process.env.E2E_WORK_DIR = process.env.E2E_WORK_DIR || path.join(BENCH_DIR, '.work');
process.env.E2E_N8N_USER_FOLDER =
	process.env.E2E_N8N_USER_FOLDER || path.join(process.env.E2E_WORK_DIR, 'user');

const n8n = require('../test/e2e/lib/n8n');
const emuClient = require('../test/e2e/lib/emulator-client');
const { pcaNode, manualTrigger, chain } = require('../test/e2e/lib/workflows');
const { createQueryReport } = require('../test/e2e/lib/triggers');
const { DEFAULTS } = require('../emulator');
const { startEmulatorProcess } = require('./lib/emulator');
const { startSampler } = require('./lib/proc');

// ------------------------------------------------------------------ settings

const env = process.env;
const FILE_MIB = Number(env.BENCH_FILE_MB || 1024);
const ROWS = Number(env.BENCH_ROWS || 1_000_000);
const REPEAT = Math.max(1, Number(env.BENCH_REPEAT || 3));
const ROWS_REPEAT = Math.max(1, Number(env.BENCH_ROWS_REPEAT || 2));
const ROWS_HEAP_MB = Number(env.BENCH_ROWS_HEAP_MB || 8192);
const SKIP_FILE = env.BENCH_SKIP_FILE === '1';
const SKIP_ROWS = env.BENCH_SKIP_ROWS === '1';
const SKIP_PAGES = env.BENCH_SKIP_PAGES === '1';
/** File sizes (rows) read in pages by File → Read Rows From File, in one workflow run each. */
const PAGES_ROWS = (env.BENCH_PAGES_ROWS || '1000000,5000000')
	.split(',')
	.map(Number)
	.filter((n) => n > 0);
const PAGE_SIZE = Number(env.BENCH_PAGE_SIZE || 50000);
const N8N_TIMEOUT_MS = Number(env.BENCH_N8N_TIMEOUT_MS || 600_000);
/** Extra Node options for every n8n run, e.g. '--cpu-prof --cpu-prof-dir=<absolute folder>' (diagnosis only). */
const EXTRA_NODE_OPTIONS = env.BENCH_NODE_OPTIONS || '';
/** Extra Node arguments for every n8n run, for flags NODE_OPTIONS refuses, e.g. '--trace-gc' (diagnosis only). */
const EXTRA_NODE_ARGS = (env.BENCH_NODE_ARGS || '').split(/\s+/).filter(Boolean);

const TARGET = { throughputRatio: 0.7, rssGrowthMiB: 64, rowsRatio: 1.0 };

const WORK = process.env.E2E_WORK_DIR;
const USER_FOLDER = process.env.E2E_N8N_USER_FOLDER;
const HOOKS = path.join(BENCH_DIR, 'lib', 'n8n-hooks.js');
const QUERY =
	'SELECT OrderId, OfferName, CustomerCountry, CustomerCompanyName, OrderPurchaseDate, Quantity FROM ISVOrder TIMESPAN LAST_MONTH';
const CRED = { id: 'benchPcCc0000001', name: 'PC client credentials (bench)' };
const WF = {
	file: 'benchDownloadFile',
	tiny: 'benchDownloadTiny',
	rows: 'benchDownloadRows',
	extract: 'benchHttpExtract',
	httpFile: 'benchHttpFile',
};
const NODE = {
	file: 'Download File',
	rows: 'Download Rows',
	http: 'HTTP Request',
	extract: 'Extract From File',
	// The page loop's nodes, named as in examples/usage-to-postgres-in-pages.json.
	usageFile: 'Get Usage File',
	pages: 'Import Next Page',
	more: 'More Rows?',
	attach: 'Add the Usage File',
};
const EXAMPLE_PAGES = path.join(ROOT, 'examples', 'usage-to-postgres-in-pages.json');

const MB = 1e6;
const MiB = 1024 * 1024;

// ------------------------------------------------------------------ small helpers

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const median = (xs) => {
	const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	if (!s.length) return NaN;
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const fmtInt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const verdict = (ok) => (ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED');

function clientCredentialsData(emuUrl) {
	return {
		tenantId: DEFAULTS.tenantId,
		clientId: DEFAULTS.clientId,
		clientSecret: DEFAULTS.clientSecret,
		resource: DEFAULTS.resource,
		authorityHost: emuUrl,
		apiBaseUrl: emuUrl,
	};
}

const byId = (value) => ({ __rl: true, mode: 'id', value });

/** Workflow settings: do not persist run data (1M items) in sqlite; the hook summarises the run. */
function benchWorkflow(id, name, nodes) {
	const wf = chain(id, name, nodes);
	wf.settings = {
		executionOrder: 'v1',
		saveDataSuccessExecution: 'none',
		saveDataErrorExecution: 'all',
		saveManualExecutions: false,
		saveExecutionProgress: false,
	};
	return wf;
}

function downloadNode(name, reportId, executionId, output, options = {}) {
	return pcaNode(
		name,
		{
			authentication: 'clientCredentials',
			program: 'commercialMarketplace',
			apiVersion: 'v1.1',
			resource: 'execution',
			operation: 'download',
			reportId: byId(reportId),
			options: { executionId, output, ...options },
		},
		CRED,
		[220, 0],
	);
}

function httpFileNode(url) {
	return {
		id: 'node-http',
		name: NODE.http,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220, 0],
		parameters: {
			method: 'GET',
			url,
			options: { response: { response: { responseFormat: 'file' } } },
		},
	};
}

function extractCsvNode() {
	return {
		id: 'node-extract',
		name: NODE.extract,
		type: 'n8n-nodes-base.extractFromFile',
		typeVersion: 1.1,
		position: [440, 0],
		// enableBOM: strip the file's UTF-8 BOM, as our Rows output does, so both give the same column names.
		parameters: { operation: 'csv', binaryPropertyName: 'data', options: { enableBOM: true } },
	};
}

/** A recurring cmp v1.1 report of QUERY made with the bench's own token (as in the e2e tests). */
async function createRecurringReport(emu, token, name) {
	return await createQueryReport(emuClient, emu, token, { name, query: QUERY });
}

// ------------------------------------------------------------------ curl

function curlOnce(url, output = '/dev/null') {
	const out = execFileSync(
		'curl',
		[
			'-s',
			'-S',
			'-f',
			'-o',
			output,
			'-H',
			'Accept-Encoding: identity',
			'-w',
			'%{size_download} %{time_total}',
			url,
		],
		{ encoding: 'utf8', maxBuffer: 1 << 20 },
	).trim();
	const [size, seconds] = out.split(/\s+/).map(Number);
	return { bytes: size, seconds };
}

// ------------------------------------------------------------------ n8n runs

/**
 * `n8n execute --id` with stdout/stderr to files, RSS sampled every 50 ms, and the run summarised by
 * the external hook (bench/lib/n8n-hooks.js). Returns { code, summary, samples, ms, stdoutFile, ... }.
 */
async function runExecute(workflowId, { label, extraEnv = {}, userFolder = USER_FOLDER } = {}) {
	const runs = path.join(WORK, 'runs');
	const logs = path.join(WORK, 'logs');
	fs.mkdirSync(runs, { recursive: true });
	fs.mkdirSync(logs, { recursive: true });
	const base = `${Date.now()}-${label}`;
	const summaryFile = path.join(runs, `${base}.json`);
	const stdoutFile = path.join(logs, `${base}.stdout`);
	const stderrFile = path.join(logs, `${base}.stderr`);
	const out = fs.openSync(stdoutFile, 'w');
	const err = fs.openSync(stderrFile, 'w');
	const childEnv = n8n.n8nEnv(userFolder, {
		N8N_RUNNERS_BROKER_PORT: String(await n8n.freePort()),
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		EXTERNAL_HOOK_FILES: HOOKS,
		BENCH_RUN_SUMMARY: summaryFile,
		...extraEnv,
	});
	const nodeOptions = [extraEnv.NODE_OPTIONS, EXTRA_NODE_OPTIONS].filter(Boolean).join(' ');
	if (nodeOptions) childEnv.NODE_OPTIONS = nodeOptions;
	else delete childEnv.NODE_OPTIONS;
	const started = Date.now();
	const child = spawn(
		path.join(n8n.NODE24_BIN, 'node'),
		[...EXTRA_NODE_ARGS, n8n.N8N_BIN, 'execute', `--id=${workflowId}`, '--rawOutput'],
		{
			cwd: userFolder,
			env: childEnv,
			stdio: ['ignore', out, err],
		},
	);
	const sampler = startSampler(child.pid, { intervalMs: 50 });
	const timer = setTimeout(() => child.kill('SIGKILL'), N8N_TIMEOUT_MS);
	const { code, signal } = await new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', (c, s) => resolve({ code: c, signal: s }));
	});
	clearTimeout(timer);
	const samples = sampler.stop();
	fs.closeSync(out);
	fs.closeSync(err);
	let summary;
	try {
		summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
	} catch {
		summary = undefined;
	}
	fs.writeFileSync(path.join(runs, `${base}.samples.json`), JSON.stringify(samples));
	const res = {
		code,
		signal,
		ms: Date.now() - started,
		stdoutFile,
		stderrFile,
		pid: child.pid,
		summary,
		samples,
	};
	res.stdout = () => fs.readFileSync(stdoutFile, 'utf8');
	res.stderr = () => fs.readFileSync(stderrFile, 'utf8');
	return res;
}

/** Fails with n8n's own output when the run did not produce a successful summary. */
function assertRunOk(res, nodeNames) {
	const s = res.summary;
	const problem = !s
		? 'no run summary (n8n crashed or the hook did not run)'
		: s.error
			? `${s.error.node ? `[${s.error.node}] ` : ''}${s.error.message}${s.error.description ? ` — ${s.error.description}` : ''}`
			: nodeNames.find((n) => !s.nodes[n])
				? `node "${nodeNames.find((n) => !s.nodes[n])}" did not run`
				: undefined;
	if (!problem) return;
	const wrapped = {
		code: res.code,
		signal: res.signal,
		ms: res.ms,
		timedOut: false,
		stdout: res.stdout(),
		stderr: res.stderr(),
		stdoutFile: res.stdoutFile,
		stderrFile: res.stderrFile,
	};
	throw new Error(
		`n8n run failed: ${n8n.redact(problem)}\n${n8n.describeFailure('n8n execute', wrapped)}`,
	);
}

/**
 * Node-level figures of one run: wall time from the run data, and RSS (kB) of the n8n process right
 * before the node started, the highest sample while it ran, and the exact peak (ru_maxrss) of the run.
 */
function nodeFigures(res, nodeName) {
	const node = res.summary.nodes[nodeName];
	const t0 = node.startTime;
	const t1 = node.startTime + node.executionTime;
	const before = res.samples.filter((s) => s.t <= t0);
	const during = res.samples.filter((s) => s.t > t0 && s.t <= t1 + 50);
	const rssBefore = before.length ? before[before.length - 1].rss : NaN;
	const hwmBefore = before.length ? before[before.length - 1].hwm : NaN;
	const maxSampled = during.reduce((m, s) => Math.max(m, s.rss), 0);
	const maxTree = res.samples.reduce((m, s) => Math.max(m, s.tree), 0);
	const peak = res.summary.peakRssKb;
	// VmHWM (exact high-water mark) of the first sample after the node ended: when it rose above its
	// value before the node started, the process's peak was reached while the node ran (±50 ms).
	const after = res.samples.find((s) => s.t >= t1);
	const hwmAfter = after ? after.hwm : peak;
	const peakDuring = hwmAfter > hwmBefore ? Math.max(maxSampled, hwmAfter) : maxSampled;
	return {
		ms: node.executionTime,
		items: node.itemCount,
		first: node.first,
		last: node.last,
		binary: node.binary,
		rssBeforeKb: rssBefore,
		peakDuringKb: peakDuring,
		growthKb: peakDuring - rssBefore,
		peakKb: peak,
		maxTreeKb: maxTree,
		samples: during.length,
		pidMatches: res.summary.pid === res.pid,
		processMs: res.ms,
		memoryAtEnd: res.summary.memoryAtEnd,
	};
}

/** Removes binary data n8n left in the user folder (the 1 GiB copies), between runs. */
function cleanBinaryData(userFolder = USER_FOLDER) {
	for (const dir of ['binaryData', 'storage'])
		fs.rmSync(path.join(userFolder, '.n8n', dir), { recursive: true, force: true });
}

// ------------------------------------------------------------------ the benchmark

async function fileBench(emu, token) {
	const reportId = await createRecurringReport(
		emu,
		token,
		`Bench file report ${Date.now().toString(36)}`,
	);
	// Bytes per row of this query, from a probe execution, to size the big one.
	const probe = await emu.runExecution(reportId, { rowCount: 100_000 });
	const probeDigest = await emu.fileDigest(probe.executionId);
	const rowCount = Math.ceil((FILE_MIB * MiB) / (probeDigest.bytes / probeDigest.rows));
	const big = await emu.runExecution(reportId, { rowCount });
	const tiny = await emu.runExecution(reportId, { rowCount: 100 });
	let t = Date.now();
	const digest = await emu.fileDigest(big.executionId); // streams the whole file once; caches Content-Length
	log(
		`file: ${fmtInt(digest.bytes)} bytes, ${fmtInt(digest.rows)} rows (emulator generated + hashed it in ${Date.now() - t} ms)`,
	);
	const tinyDigest = await emu.fileDigest(tiny.executionId);

	await n8n.importWorkflow([
		benchWorkflow(WF.file, 'bench: download 1 GiB file', [
			manualTrigger(),
			downloadNode(NODE.file, reportId, big.executionId, 'file'),
		]),
		benchWorkflow(WF.tiny, 'bench: download tiny file', [
			manualTrigger(),
			downloadNode(NODE.file, reportId, tiny.executionId, 'file'),
		]),
		// Reference only: n8n's own HTTP Request node (response format file) on the same link.
		benchWorkflow(WF.httpFile, 'bench: HTTP Request node, 1 GiB file', [
			manualTrigger(),
			httpFileNode(await emu.signLink(big.executionId)),
		]),
	]);

	// Warm-up: the page cache holds n8n's modules, and the first token is not special afterwards.
	log('warm-up run (tiny file)…');
	assertRunOk(await runExecute(WF.tiny, { label: 'warmup-tiny' }), [NODE.file]);
	cleanBinaryData();

	const curlRuns = [];
	const curlFileRuns = [];
	const httpRuns = [];
	const n8nRuns = [];
	const tinyRuns = [];
	const curlOut = path.join(WORK, 'curl-download.tmp');
	for (let i = 1; i <= REPEAT; i++) {
		const link = await emu.signLink(big.executionId);
		const c = curlOnce(link);
		if (c.bytes !== digest.bytes)
			throw new Error(`curl received ${c.bytes} bytes, the file has ${digest.bytes}`);
		curlRuns.push(c);
		log(`curl #${i}: ${fmt(c.bytes / c.seconds / MB)} MB/s (${fmt(c.seconds, 2)} s)`);
		// Reference: curl writing the file to the same disk as n8n's binary data (n8n has to store it).
		const cf = curlOnce(await emu.signLink(big.executionId), curlOut);
		fs.rmSync(curlOut, { force: true });
		curlFileRuns.push(cf);
		log(`curl to a file #${i}: ${fmt(cf.bytes / cf.seconds / MB)} MB/s (${fmt(cf.seconds, 2)} s)`);

		const res = await runExecute(WF.file, { label: `file-${i}` });
		assertRunOk(res, [NODE.file]);
		const f = nodeFigures(res, NODE.file);
		cleanBinaryData();
		if (f.first.rowCount !== digest.rows)
			log(`  warning: the node counted ${f.first.rowCount} rows, the emulator has ${digest.rows}`);
		const stored = f.binary && f.binary.data;
		if (!stored || stored.bytes !== digest.bytes)
			log(
				`  warning: stored ${stored && stored.bytes} bytes, expected ${digest.bytes} (the file as served, BOM included)`,
			);
		n8nRuns.push(f);
		log(
			`n8n  #${i}: ${fmt(digest.bytes / (f.ms / 1000) / MB)} MB/s (node ${fmt(f.ms / 1000, 2)} s; process ${fmt(f.processMs / 1000, 1)} s); ` +
				`RSS before node ${fmt(f.rssBeforeKb / 1024)} MiB, peak while it ran ${fmt(f.peakDuringKb / 1024)} MiB (+${fmt(f.growthKb / 1024)}), ` +
				`process peak ${fmt(f.peakKb / 1024)} MiB`,
		);

		const h = await runExecute(WF.httpFile, { label: `http-file-${i}` });
		assertRunOk(h, [NODE.http]);
		const fh = nodeFigures(h, NODE.http);
		cleanBinaryData();
		httpRuns.push(fh);
		log(
			`HTTP Request node #${i}: ${fmt(digest.bytes / (fh.ms / 1000) / MB)} MB/s (node ${fmt(fh.ms / 1000, 2)} s); RSS +${fmt(fh.growthKb / 1024)} MiB while it ran, process peak ${fmt(fh.peakKb / 1024)} MiB`,
		);

		if (i <= 2) {
			const r = await runExecute(WF.tiny, { label: `tiny-${i}` });
			assertRunOk(r, [NODE.file]);
			const ft = nodeFigures(r, NODE.file);
			cleanBinaryData();
			tinyRuns.push(ft);
			log(
				`tiny #${i}: node ${ft.ms} ms; process peak ${fmt(ft.peakKb / 1024)} MiB, RSS before node ${fmt(ft.rssBeforeKb / 1024)} MiB`,
			);
		}
	}

	const curlMBs = median(curlRuns.map((c) => c.bytes / c.seconds / MB));
	const curlFileMBs = median(curlFileRuns.map((c) => c.bytes / c.seconds / MB));
	const httpMBs = median(httpRuns.map((f) => digest.bytes / (f.ms / 1000) / MB));
	const httpGrowthMiB = median(httpRuns.map((f) => f.growthKb)) / 1024;
	const n8nMBs = median(n8nRuns.map((f) => digest.bytes / (f.ms / 1000) / MB));
	const peakBig = median(n8nRuns.map((f) => f.peakKb));
	const peakTiny = median(tinyRuns.map((f) => f.peakKb));
	const growthVsTinyMiB = (peakBig - peakTiny) / 1024;
	const growthInRunMiB = median(n8nRuns.map((f) => f.growthKb)) / 1024;
	const growthMiB = Math.max(growthVsTinyMiB, growthInRunMiB);
	return {
		bytes: digest.bytes,
		rows: digest.rows,
		tinyBytes: tinyDigest.bytes,
		curlMBs,
		curlFileMBs,
		httpMBs,
		httpGrowthMiB,
		n8nMBs,
		ratio: n8nMBs / curlMBs,
		peakBigMiB: peakBig / 1024,
		peakTinyMiB: peakTiny / 1024,
		growthVsTinyMiB,
		growthInRunMiB,
		growthMiB,
		curlRuns,
		curlFileRuns,
		httpRuns,
		n8nRuns,
		tinyRuns,
	};
}

/** First line of an assertRunOk error: what failed, without n8n's log tail. */
const firstLine = (error) =>
	n8n.redact(String(error.message || error).split('\n')[0]).replace(/^n8n run failed: /, '');

async function rowsBench(emu, token) {
	const reportId = await createRecurringReport(
		emu,
		token,
		`Bench rows report ${Date.now().toString(36)}`,
	);
	const heapEnv = { NODE_OPTIONS: `--max-old-space-size=${ROWS_HEAP_MB}` };
	// If either node cannot handle ROWS rows, the comparison is made at the largest count where both complete.
	const counts = [
		ROWS,
		Math.round(ROWS / 2),
		Math.round(ROWS / 4),
		Math.round(ROWS / 8),
		Math.round(ROWS / 10),
	].filter((n, i, a) => n > 0 && a.indexOf(n) === i);
	const attempts = [];
	for (const rowsWanted of counts) {
		const exec = await emu.runExecution(reportId, { rowCount: rowsWanted });
		const digest = await emu.fileDigest(exec.executionId);
		const link = await emu.signLink(exec.executionId);
		const dataRows = digest.rows; // data rows, without the header
		log(
			`rows: ${fmtInt(dataRows)} data rows, ${fmtInt(digest.bytes)} bytes (${fmt(digest.bytes / MB)} MB)`,
		);
		const suffix = String(rowsWanted);
		const wfRows = `${WF.rows}${suffix}`.slice(0, 21);
		const wfExtract = `${WF.extract}${suffix}`.slice(0, 21);
		await n8n.importWorkflow([
			// Max Rows above the file: this measures Rows output itself, not its limit.
			benchWorkflow(wfRows, `bench: ${rowsWanted} rows (ours)`, [
				manualTrigger(),
				downloadNode(NODE.rows, reportId, exec.executionId, 'rows', { maxRows: rowsWanted + 1 }),
			]),
			benchWorkflow(wfExtract, `bench: ${rowsWanted} rows (HTTP Request + Extract From File)`, [
				manualTrigger(),
				httpFileNode(link),
				extractCsvNode(),
			]),
		]);
		const attempt = { rows: dataRows, bytes: digest.bytes, ours: [], extract: [] };
		attempts.push(attempt);
		const runOurs = async (i) => {
			const a = await runExecute(wfRows, { label: `rows-${suffix}-${i}`, extraEnv: heapEnv });
			try {
				assertRunOk(a, [NODE.rows]);
			} catch (e) {
				const node = a.summary && a.summary.nodes[NODE.rows];
				attempt.oursFailed = firstLine(e);
				attempt.oursFailedAfterMs = node ? node.executionTime : undefined;
				log(
					`ours (rows) FAILED at ${fmtInt(dataRows)} rows after ${node ? `${fmt(node.executionTime / 1000, 2)} s` : '?'}: ${attempt.oursFailed}`,
				);
				return false;
			}
			const f = nodeFigures(a, NODE.rows);
			attempt.ours.push(f);
			log(
				`ours (rows) #${i}: ${fmtInt(f.items)} items in ${fmt(f.ms / 1000, 2)} s = ${fmtInt(f.items / (f.ms / 1000))} rows/s; ` +
					`RSS during node +${fmt(f.growthKb / 1024)} MiB, process peak ${fmt(f.peakKb / 1024)} MiB`,
			);
			return true;
		};
		const runExtract = async (i) => {
			const b = await runExecute(wfExtract, { label: `extract-${suffix}-${i}`, extraEnv: heapEnv });
			cleanBinaryData();
			try {
				assertRunOk(b, [NODE.http, NODE.extract]);
			} catch (e) {
				attempt.extractFailed = firstLine(e);
				log(`Extract From File FAILED at ${fmtInt(dataRows)} rows: ${attempt.extractFailed}`);
				return false;
			}
			const http = nodeFigures(b, NODE.http);
			const ex = nodeFigures(b, NODE.extract);
			attempt.extract.push({ http, ex });
			log(
				`Extract From File #${i}: ${fmtInt(ex.items)} items in ${fmt(ex.ms / 1000, 2)} s = ${fmtInt(ex.items / (ex.ms / 1000))} rows/s ` +
					`(HTTP Request download ${fmt(http.ms / 1000, 2)} s); RSS during Extract +${fmt(ex.growthKb / 1024)} MiB, process peak ${fmt(ex.peakKb / 1024)} MiB`,
			);
			return true;
		};
		// At the full count both always run (the figures there are what the target is about); below it,
		// ours first, since it is the one that is cheap to fail.
		const oursOk = await runOurs(1);
		const extractOk = oursOk || rowsWanted === ROWS ? await runExtract(1) : false;
		if (!oursOk || !extractOk) continue;
		for (let i = 2; i <= ROWS_REPEAT; i++) {
			if (!(await runExtract(i)) || !(await runOurs(i))) break;
		}
		if (attempt.oursFailed || attempt.extractFailed) continue;
		const ours = attempt.ours;
		const extract = attempt.extract;
		const oursRowsPerS = median(ours.map((f) => f.items / (f.ms / 1000)));
		const extractRowsPerS = median(extract.map((e) => e.ex.items / (e.ex.ms / 1000)));
		const httpPlusExtractRowsPerS = median(
			extract.map((e) => e.ex.items / ((e.ex.ms + e.http.ms) / 1000)),
		);
		const sameCounts =
			ours.every((f) => f.items === dataRows) && extract.every((e) => e.ex.items === dataRows);
		return {
			rows: dataRows,
			bytes: digest.bytes,
			reduced: rowsWanted !== ROWS,
			attempts: attempts.map(summariseAttempt),
			oursRowsPerS,
			extractRowsPerS,
			httpPlusExtractRowsPerS,
			httpMs: median(extract.map((e) => e.http.ms)),
			extractMs: median(extract.map((e) => e.ex.ms)),
			oursMs: median(ours.map((f) => f.ms)),
			ratio: oursRowsPerS / extractRowsPerS,
			ratioVsHttpPlusExtract: oursRowsPerS / httpPlusExtractRowsPerS,
			sameCounts,
			itemCounts: { ours: ours.map((f) => f.items), extract: extract.map((e) => e.ex.items) },
			firstRows: { ours: ours[0].first, extract: extract[0].ex.first },
			oursPeakMiB: median(ours.map((f) => f.peakKb)) / 1024,
			extractPeakMiB: median(extract.map((e) => e.ex.peakKb)) / 1024,
		};
	}
	return { failed: true, attempts: attempts.map(summariseAttempt) };
}

/**
 * The page loop of examples/usage-to-postgres-in-pages.json, as `n8n execute` can run it: its Schedule
 * Trigger a Manual Trigger, *Get Usage File* an Execution → Download (output file) of the bench's
 * execution, *Import Next Page* given its page part inline (Execute Workflow from a parameter: a
 * workflow calling itself runs only published) with pages of `pageSize`, and no PostgreSQL node (the
 * Rows output goes nowhere). The rest as in the example: *More Rows?* (If hasMore) → *Add the Usage
 * File* (Code) → *Import Next Page*; the page part When Called for a Page → Read Rows From File → its
 * Page output to *Page Done* (Edit Fields, binary stripped), whose item goes back. The rows of each page
 * stay in the page part's own run, which ends with it: that is what bounds the memory.
 */
function pagesWorkflow(id, name, reportId, executionId, pageSize) {
	const example = JSON.parse(fs.readFileSync(EXAMPLE_PAGES, 'utf8'));
	const node = (nodeName) => {
		const found = example.nodes.find((n) => n.name === nodeName);
		if (!found) throw new Error(`${EXAMPLE_PAGES} has no node "${nodeName}"`);
		return JSON.parse(JSON.stringify(found));
	};
	const read = node('Read Rows From File');
	read.parameters.maxRows = pageSize;
	const page = {
		nodes: [node('When Called for a Page'), read, node('Page Done')],
		connections: {
			'When Called for a Page': { main: [[{ node: read.name, type: 'main', index: 0 }]] },
			[read.name]: { main: [[], [{ node: 'Page Done', type: 'main', index: 0 }]] },
		},
	};
	const importPage = node(NODE.pages);
	importPage.parameters = {
		source: 'parameter',
		workflowJson: JSON.stringify(page),
		options: { waitForSubWorkflow: true },
	};
	const wf = benchWorkflow(id, name, [
		manualTrigger(),
		downloadNode(NODE.usageFile, reportId, executionId, 'file'),
		importPage,
		node(NODE.more),
		node(NODE.attach),
	]);
	wf.connections[NODE.more] = { main: [[{ node: NODE.attach, type: 'main', index: 0 }], []] };
	wf.connections[NODE.attach] = { main: [[{ node: NODE.pages, type: 'main', index: 0 }]] };
	return wf;
}

/**
 * File → Read Rows From File in pages of PAGE_SIZE over files of PAGES_ROWS rows, one workflow run
 * each (default heap), against Rows output (Execution → Download, output rows, Max Rows above the file)
 * and HTTP Request + Extract From File (both with the larger heap of the rows bench) at the largest of
 * those sizes they complete. Rates are file → rows: download plus reading, for all three.
 */
async function pagesBench(emu, token) {
	const reportId = await createRecurringReport(
		emu,
		token,
		`Bench pages report ${Date.now().toString(36)}`,
	);
	const heapEnv = { NODE_OPTIONS: `--max-old-space-size=${ROWS_HEAP_MB}` };
	const files = [];
	for (const rowsWanted of PAGES_ROWS) {
		const exec = await emu.runExecution(reportId, { rowCount: rowsWanted });
		let t = Date.now();
		const digest = await emu.fileDigest(exec.executionId);
		log(
			`pages: ${fmtInt(digest.rows)} rows, ${fmt(digest.bytes / MB)} MB (emulator made and hashed it in ${Date.now() - t} ms)`,
		);
		const suffix = String(rowsWanted);
		const ids = {
			pages: `benchPages${suffix}`.slice(0, 21),
			rows: `benchPgRows${suffix}`.slice(0, 21),
			extract: `benchPgExtract${suffix}`.slice(0, 21),
		};
		await n8n.importWorkflow([
			pagesWorkflow(
				ids.pages,
				`bench: ${rowsWanted} rows in pages of ${PAGE_SIZE}`,
				reportId,
				exec.executionId,
				PAGE_SIZE,
			),
			benchWorkflow(ids.rows, `bench: ${rowsWanted} rows, Output: Rows`, [
				manualTrigger(),
				downloadNode(NODE.rows, reportId, exec.executionId, 'rows', { maxRows: rowsWanted + 1 }),
			]),
			benchWorkflow(ids.extract, `bench: ${rowsWanted} rows, HTTP Request + Extract From File`, [
				manualTrigger(),
				httpFileNode(await emu.signLink(exec.executionId)),
				extractCsvNode(),
			]),
		]);
		files.push({ rows: digest.rows, bytes: digest.bytes, ids });
	}

	const pages = [];
	for (const file of files) {
		const res = await runExecute(file.ids.pages, { label: `pages-${file.rows}` });
		cleanBinaryData();
		assertRunOk(res, [NODE.usageFile, NODE.pages, NODE.more]);
		const download = nodeFigures(res, NODE.usageFile);
		const loop = res.summary.nodes[NODE.pages];
		const lastIf = res.summary.nodes[NODE.more];
		const t0 = loop.firstStartTime;
		const t1 = lastIf.startTime + lastIf.executionTime;
		const before = res.samples.filter((x) => x.t <= t0);
		const rssBeforeKb = before.length ? before[before.length - 1].rss : NaN;
		const peakLoopKb = res.samples
			.filter((x) => x.t > t0 && x.t <= t1 + 50)
			.reduce((m, x) => Math.max(m, x.rss), 0);
		const rowsRead = loop.last && loop.last.nextStartRow;
		const figures = {
			rows: file.rows,
			bytes: file.bytes,
			pages: loop.runs,
			rowsRead,
			complete: rowsRead === file.rows && loop.last.hasMore === false,
			downloadMs: download.ms,
			loopMs: t1 - t0,
			rowsPerS: file.rows / ((download.ms + (t1 - t0)) / 1000),
			loopRowsPerS: file.rows / ((t1 - t0) / 1000),
			rssBeforeLoopMiB: rssBeforeKb / 1024,
			peakLoopMiB: peakLoopKb / 1024,
			peakMiB: res.summary.peakRssKb / 1024,
		};
		pages.push(figures);
		log(
			`pages #${fmtInt(file.rows)}: ${figures.pages} pages of ${fmtInt(PAGE_SIZE)}, ${fmtInt(rowsRead)} rows${figures.complete ? '' : ' (INCOMPLETE)'}; ` +
				`download ${fmt(download.ms / 1000, 1)} s + pages ${fmt(figures.loopMs / 1000, 1)} s = ${fmtInt(figures.rowsPerS)} rows/s ` +
				`(pages alone ${fmtInt(figures.loopRowsPerS)} rows/s); RSS before the pages ${fmt(figures.rssBeforeLoopMiB)} MiB, ` +
				`peak during them ${fmt(figures.peakLoopMiB)} MiB, process peak ${fmt(figures.peakMiB)} MiB`,
		);
	}

	// The baselines, largest file first, until one completes.
	const baseline = async (kind) => {
		const attempts = [];
		for (const file of [...files].sort((a, b) => b.rows - a.rows)) {
			const res = await runExecute(kind === 'rows' ? file.ids.rows : file.ids.extract, {
				label: `pages-${kind}-${file.rows}`,
				extraEnv: heapEnv,
			});
			cleanBinaryData();
			const nodes = kind === 'rows' ? [NODE.rows] : [NODE.http, NODE.extract];
			try {
				assertRunOk(res, nodes);
			} catch (error) {
				const peakSampled = res.samples.reduce((m, x) => Math.max(m, x.rss), 0);
				attempts.push({
					rows: file.rows,
					failed: firstLine(error),
					afterS: res.ms / 1000,
					peakSampledMiB: peakSampled / 1024,
				});
				log(
					`${kind === 'rows' ? 'Output: Rows' : 'HTTP Request + Extract From File'} FAILED at ${fmtInt(file.rows)} rows after ${fmt(res.ms / 1000, 1)} s (RSS up to ${fmt(peakSampled / 1024)} MiB): ${firstLine(error)}`,
				);
				continue;
			}
			const figures = nodes.map((n) => nodeFigures(res, n));
			const ms = figures.reduce((sum, f) => sum + f.ms, 0);
			const items = figures[figures.length - 1].items;
			const result = {
				rows: file.rows,
				items,
				ms,
				rowsPerS: file.rows / (ms / 1000),
				peakMiB: res.summary.peakRssKb / 1024,
				attempts,
			};
			log(
				`${kind === 'rows' ? 'Output: Rows' : 'HTTP Request + Extract From File'} at ${fmtInt(file.rows)} rows: ${fmtInt(items)} items in ${fmt(ms / 1000, 1)} s = ${fmtInt(result.rowsPerS)} rows/s, process peak ${fmt(result.peakMiB)} MiB`,
			);
			return result;
		}
		return { failed: true, attempts };
	};
	const rowsOutput = await baseline('rows');
	const extract = await baseline('extract');
	const ratioAt = (other) => {
		if (other.failed) return undefined;
		const same = pages.find((p) => p.rows === other.rows);
		return (
			same && {
				rows: other.rows,
				ratio: same.rowsPerS / other.rowsPerS,
				peakRatio: same.peakMiB / other.peakMiB,
			}
		);
	};
	return {
		pageSize: PAGE_SIZE,
		pages,
		rowsOutput,
		extract,
		vsRowsOutput: ratioAt(rowsOutput),
		vsExtract: ratioAt(extract),
	};
}

function summariseAttempt(a) {
	return {
		rows: a.rows,
		oursFailed: a.oursFailed,
		oursFailedAfterMs: a.oursFailedAfterMs,
		extractFailed: a.extractFailed,
		oursRowsPerS: a.ours.length ? median(a.ours.map((f) => f.items / (f.ms / 1000))) : undefined,
		extractRowsPerS: a.extract.length
			? median(a.extract.map((e) => e.ex.items / (e.ex.ms / 1000)))
			: undefined,
		extractMs: a.extract.length ? median(a.extract.map((e) => e.ex.ms)) : undefined,
		httpMs: a.extract.length ? median(a.extract.map((e) => e.http.ms)) : undefined,
	};
}

function printReport(info, file, rows, pages) {
	const lines = [];
	lines.push('');
	lines.push(
		'=================== n8n-nodes-partner-center-analytics benchmark ===================',
	);
	lines.push(
		`n8n ${info.n8nVersion} on Node ${info.node24}; ${info.cpus} CPUs (load average ${info.loadAtStart.toFixed(1)} at start, ${info.loadAtEnd.toFixed(1)} at end); emulator in its own process`,
	);
	lines.push(
		`medians of ${REPEAT} (file) / ${ROWS_REPEAT} (rows) runs; MB = 10^6 bytes, MiB = 2^20 bytes; node times from n8n's run data (executionTime)`,
	);
	lines.push('');
	const rowsOut = [];
	const row = (k, v, target, ok) =>
		rowsOut.push([k, v, target || '', ok === undefined ? '' : verdict(ok)]);
	if (file) {
		row(
			'file bytes',
			`${fmtInt(file.bytes)} (${fmt(file.bytes / MiB)} MiB, ${fmtInt(file.rows)} rows)`,
		);
		row('curl MB/s', fmt(file.curlMBs));
		row('n8n (Download, file) MB/s', fmt(file.n8nMBs));
		row(
			'throughput ratio n8n / curl',
			fmt(file.ratio, 2),
			`>= ${TARGET.throughputRatio}`,
			file.ratio >= TARGET.throughputRatio,
		);
		row(
			'peak RSS growth MiB',
			fmt(file.growthMiB),
			`<= ${TARGET.rssGrowthMiB}`,
			file.growthMiB <= TARGET.rssGrowthMiB,
		);
		row(
			'  = max of: peak(big file) - peak(tiny file)',
			`${fmt(file.peakBigMiB)} - ${fmt(file.peakTinyMiB)} = ${fmt(file.growthVsTinyMiB)}`,
		);
		row('            peak while node ran - RSS before it', fmt(file.growthInRunMiB));
		row(
			'  ref: curl to a file MB/s (n8n / it)',
			`${fmt(file.curlFileMBs)} (${fmt(file.n8nMBs / file.curlFileMBs, 2)})`,
		);
		row(
			'  ref: HTTP Request node MB/s (RSS +MiB)',
			`${fmt(file.httpMBs)} (+${fmt(file.httpGrowthMiB)})`,
		);
	} else {
		row('file', 'skipped (BENCH_SKIP_FILE=1)');
	}
	const fullAttempt = rows && rows.attempts && rows.attempts[0];
	if (fullAttempt && (fullAttempt.oursFailed || fullAttempt.extractFailed)) {
		row(
			`rows: ${fmtInt(fullAttempt.rows)} requested`,
			'FAILED',
			`ratio >= ${TARGET.rowsRatio}`,
			false,
		);
		if (fullAttempt.oursFailed) {
			row(
				'  ours (output: rows)',
				`FAILED after ${fmt((fullAttempt.oursFailedAfterMs || NaN) / 1000, 2)} s: ${fullAttempt.oursFailed}`,
			);
		}
		row(
			'  Extract From File',
			fullAttempt.extractFailed
				? `FAILED: ${fullAttempt.extractFailed}`
				: `${fmtInt(fullAttempt.extractRowsPerS)} rows/s (${fmt(fullAttempt.extractMs / 1000, 2)} s; HTTP Request ${fmt(fullAttempt.httpMs / 1000, 2)} s)`,
		);
	}
	if (rows && !rows.failed) {
		const reduced = rows.reduced ? ' (REDUCED: see the failure above)' : '';
		row(
			'rows compared (output: rows)',
			`${fmtInt(rows.rows)}${reduced}, ${fmt(rows.bytes / MB)} MB file`,
		);
		row('rows/s ours (download + parse)', fmtInt(rows.oursRowsPerS));
		row('rows/s Extract From File (parse only)', fmtInt(rows.extractRowsPerS));
		row(
			`rows ratio ours / Extract From File${rows.reduced ? ' (reduced)' : ''}`,
			fmt(rows.ratio, 2),
			`>= ${TARGET.rowsRatio}`,
			rows.reduced ? undefined : rows.ratio >= TARGET.rowsRatio,
		);
		row('  HTTP Request download time s', fmt(rows.httpMs / 1000, 2));
		row('  rows/s HTTP Request + Extract', fmtInt(rows.httpPlusExtractRowsPerS));
		row('  ratio ours / (HTTP Request + Extract)', fmt(rows.ratioVsHttpPlusExtract, 2));
		row(
			'  peak RSS MiB ours / Extract run',
			`${fmt(rows.oursPeakMiB)} / ${fmt(rows.extractPeakMiB)}`,
		);
		row('  same item counts', rows.sameCounts ? 'yes' : `NO ${JSON.stringify(rows.itemCounts)}`);
	} else if (rows && rows.failed) {
		row('rows', 'no row count where both nodes complete', `ratio >= ${TARGET.rowsRatio}`, false);
	} else if (!rows) {
		row('rows', 'skipped (BENCH_SKIP_ROWS=1)');
	}
	if (pages) {
		row(`read in pages of ${fmtInt(pages.pageSize)} (File → Read Rows From File)`, '');
		for (const p of pages.pages) {
			row(
				`  ${fmtInt(p.rows)} rows (${fmt(p.bytes / MB)} MB): rows/s, download + pages`,
				`${fmtInt(p.rowsPerS)} (pages alone ${fmtInt(p.loopRowsPerS)}; ${p.pages} pages${p.complete ? '' : ', INCOMPLETE'})`,
			);
			row(
				`  ${fmtInt(p.rows)} rows: peak RSS MiB (during the pages / before them)`,
				`${fmt(p.peakMiB)} (${fmt(p.peakLoopMiB)} / ${fmt(p.rssBeforeLoopMiB)})`,
			);
		}
		for (const [label, base, ratio] of [
			['Output: Rows', pages.rowsOutput, pages.vsRowsOutput],
			['HTTP Request + Extract From File', pages.extract, pages.vsExtract],
		]) {
			for (const a of base.attempts || [])
				row(
					`  ${label} at ${fmtInt(a.rows)} rows`,
					`FAILED after ${fmt(a.afterS, 1)} s (RSS up to ${fmt(a.peakSampledMiB)} MiB): ${a.failed}`,
				);
			if (base.failed) continue;
			row(
				`  ${label} at ${fmtInt(base.rows)} rows: rows/s, peak RSS MiB`,
				`${fmtInt(base.rowsPerS)}, ${fmt(base.peakMiB)}`,
			);
			if (ratio)
				row(
					`  pages / ${label} at ${fmtInt(ratio.rows)} rows: rows/s ratio, peak RSS ratio`,
					`${fmt(ratio.ratio, 2)}, ${fmt(ratio.peakRatio, 2)}`,
				);
		}
	} else {
		row('pages', 'skipped (BENCH_SKIP_PAGES=1)');
	}
	const w = [0, 0, 0, 0];
	for (const r of rowsOut) r.forEach((c, i) => (w[i] = Math.max(w[i], String(c).length)));
	const line = (r) => `| ${r.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
	lines.push(line(['measure', 'value', 'target', 'result']));
	lines.push(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
	for (const r of rowsOut) lines.push(line(r));
	const missed = [];
	if (file && !(file.ratio >= TARGET.throughputRatio)) missed.push('throughput vs curl');
	if (file && !(file.growthMiB <= TARGET.rssGrowthMiB)) missed.push('RSS growth');
	if (fullAttempt && fullAttempt.oursFailed)
		missed.push(`rows: ours failed at ${fmtInt(fullAttempt.rows)} rows`);
	else if (fullAttempt && fullAttempt.extractFailed)
		missed.push(
			`rows: Extract From File failed at ${fmtInt(fullAttempt.rows)} rows (compared at ${rows.failed ? 'no count' : fmtInt(rows.rows)})`,
		);
	if (rows && !rows.failed && !rows.reduced && !(rows.ratio >= TARGET.rowsRatio))
		missed.push('rows vs Extract From File');
	if (rows && rows.failed) missed.push('rows (no comparison possible)');
	lines.push('');
	lines.push(missed.length ? `MISSED: ${missed.join(', ')}` : 'All targets met.');
	console.log(lines.join('\n'));
}

async function main() {
	if (!fs.existsSync(path.join(USER_FOLDER, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE_NAME))) {
		throw new Error(
			`${USER_FOLDER} has no installed package: run \`npm run bench\` (bench/run.sh)`,
		);
	}
	const info = {
		n8nVersion: JSON.parse(
			fs.readFileSync(path.join(n8n.RUNTIME_DIR, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version,
		node24: execFileSync(path.join(n8n.NODE24_BIN, 'node'), ['-v'], { encoding: 'utf8' }).trim(),
		cpus: require('node:os').cpus().length,
		loadAtStart: require('node:os').loadavg()[0],
	};
	if (info.loadAtStart > 1)
		log(
			`note: load average ${info.loadAtStart.toFixed(1)} on ${info.cpus} CPUs: other processes compete with this bench`,
		);
	const started = Date.now();
	const emu = await startEmulatorProcess({ log: undefined });
	log(`emulator ${emu.url} (pid ${emu.pid})`);
	n8n.addSecrets(DEFAULTS.clientSecret);
	let file;
	let rows;
	let pages;
	try {
		const token = await emuClient.getToken(
			emu,
			clientCredentialsData(emu.url),
			'client_credentials',
		);
		await n8n.importCredentials([
			{ ...CRED, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) },
		]);
		if (!SKIP_FILE) file = await fileBench(emu, token);
		if (!SKIP_ROWS) rows = await rowsBench(emu, token);
		if (!SKIP_PAGES) pages = await pagesBench(emu, token);
	} finally {
		await emu.stop();
		cleanBinaryData();
	}
	info.loadAtEnd = require('node:os').loadavg()[0];
	const resultFile = path.join(WORK, 'result.json');
	fs.writeFileSync(resultFile, JSON.stringify({ info, file, rows, pages }, null, 2));
	printReport(info, file, rows, pages);
	log(
		`done in ${fmt((Date.now() - started) / 1000, 0)} s; details in ${path.relative(ROOT, resultFile)}, n8n logs in ${path.relative(ROOT, path.join(WORK, 'logs'))}`,
	);
}

module.exports = {
	runExecute,
	assertRunOk,
	nodeFigures,
	cleanBinaryData,
	createRecurringReport,
	clientCredentialsData,
	benchWorkflow,
	downloadNode,
	httpFileNode,
	extractCsvNode,
	curlOnce,
	median,
	CRED,
	NODE,
};

if (require.main === module) {
	main().catch((error) => {
		console.error(
			`[bench] FAILED: ${n8n.redact(error && error.stack ? error.stack : String(error))}`,
		);
		process.exit(1);
	});
}
