#!/usr/bin/env node
/**
 * `npm run scan`: the lint gate of n8n's community-package scanner (@n8n/scan-community-package),
 * run locally before a release. The scanner itself only checks published packages (it fetches the
 * tarball and the provenance-attested source from npm and GitHub); this runs its own `analyzePackage`
 * with its own rule set on what we would publish:
 *   1. the source, with the scanner's source patterns (package.json, {nodes,credentials}/**),
 *   2. the tarball `npm pack` makes (compiled .js and the packed package.json),
 * both with inline `eslint-disable` comments ignored, as the scanner does. Run `npm run build` first.
 * Prints what the tarball ships (files and size).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!fs.existsSync(path.join(root, 'dist'))) {
	console.error('[scan] dist/ is missing: run `npm run build` first');
	process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pca-scan-'));
try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
		}),
	)[0];
	console.log(
		`[scan] ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked`,
	);
	const byTop = new Map();
	for (const file of packed.files) {
		const parts = file.path.split('/');
		const top = parts.slice(0, parts[1] === 'nodes' ? 3 : 2).join('/');
		byTop.set(top, (byTop.get(top) ?? 0) + file.size);
	}
	for (const [top, size] of [...byTop].sort()) console.log(`  ${top.padEnd(56)} ${(size / 1024).toFixed(1)} kB`);

	const extracted = path.join(work, 'extracted');
	fs.mkdirSync(extracted);
	execFileSync('tar', ['xzf', path.join(work, packed.filename), '-C', extracted]);
	const packageDir = path.join(extracted, 'package');

	const results = [
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		['tarball', await analyzePackage(packageDir, ['**/*.js', 'package.json'])],
	];
	let passed = true;
	for (const [what, result] of results) {
		console.log(`[scan] ${what}: ${result.passed ? 'passed' : 'FAILED'}${result.message ? ` (${result.message})` : ''}`);
		if (result.details) console.log(result.details);
		passed &&= result.passed;
	}
	process.exitCode = passed ? 0 : 1;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
