#!/usr/bin/env node
'use strict';
/**
 * Diagnosis helper: self time per function (and per package) of a V8 .cpuprofile, restricted to the
 * time a given node ran (from a run summary written by bench/lib/n8n-hooks.js).
 *
 *   BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=$PWD/bench/.work/prof" BENCH_SKIP_ROWS=1 node bench/bench.js
 *   node bench/tools/cpuprofile-summary.js bench/.work/prof/<file>.cpuprofile bench/.work/runs/<run>.json 'Download File'
 *
 * V8 profile timestamps are CLOCK_MONOTONIC µs (like process.hrtime); they are mapped to wall time
 * with this process's offset between Date.now() and process.hrtime.
 */
const fs = require('node:fs');

const [profileFile, summaryFile, nodeName, topArg] = process.argv.slice(2);
if (!profileFile) {
	console.error('usage: cpuprofile-summary.js <file.cpuprofile> [<run summary.json> <node name>] [top]');
	process.exit(2);
}
const top = Number(topArg || 30);
const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
const offsetUs = Date.now() * 1000 - Number(process.hrtime.bigint() / 1000n);
let fromUs = -Infinity;
let toUs = Infinity;
if (summaryFile && nodeName) {
	const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
	const node = summary.nodes[nodeName];
	if (!node) throw new Error(`no node "${nodeName}" in ${summaryFile}`);
	fromUs = node.startTime * 1000 - offsetUs;
	toUs = (node.startTime + node.executionTime) * 1000 - offsetUs;
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const byPackage = new Map();
let t = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
	const dt = profile.timeDeltas[i] || 0;
	t += dt;
	if (t < fromUs || t > toUs) continue;
	const next = profile.timeDeltas[i + 1] || 0;
	const node = byId.get(profile.samples[i]);
	const cf = node.callFrame;
	const url = cf.url || '';
	const pkg =
		/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
		(url.startsWith('node:') ? 'node core' : url ? url.replace(/.*\//, '') : cf.functionName || '(native)');
	const key = `${cf.functionName || '(anonymous)'}  ${url.replace(/.*node_modules\//, '')}:${cf.lineNumber + 1}`;
	self.set(key, (self.get(key) || 0) + next);
	byPackage.set(pkg, (byPackage.get(pkg) || 0) + next);
	total += next;
}
const print = (title, map) => {
	console.log(`\n${title}`);
	for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
	}
};
console.log(`window: ${(total / 1000).toFixed(0)} ms of samples`);
print('self time by package / file', byPackage);
print('self time by function', self);
