'use strict';
/**
 * The repository stands alone: a clone with nothing beside it builds and tests, and its text points
 * only at public sources. This guard reads every file git tracks or would track (`git ls-files`, new
 * files included; a walk of the folder,
 * minus .gitignore'd folders, when git or the .git folder is missing) and fails when one of them
 * - names a folder of the machine it was written on (a fixed path under its work or temporary folder),
 * - names documents that live outside the repository (the shared reference folder, the contract file
 *   beside it, private notes, "seed" documents, the three-letter shorthand for unpublished notes),
 * - or holds a relative path that, resolved from the file's own folder, leaves the repository root
 *   (e.g. four '..' steps up from a folder three levels deep).
 * Nothing is exempt, this file included: its patterns are assembled from pieces so that they do not
 * match themselves. scripts/standalone-check.sh checks the same thing at run time on a fresh clone.
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '../../..');
const join = (...parts) => parts.join('');

/** What a tracked file must not say. Each pattern is built from pieces (see above). */
const RULES = [
	{
		name: join('a machine path (/', 'work/… or /', 'tmp/…; use a path relative to the repository or os.tmpdir())'),
		pattern: new RegExp(join('(^|[^A-Za-z0-9_.~-])/(', 'work|tmp', ')/')),
	},
	{
		name: 'the shared folder beside the repository (reference docs, contract file)',
		pattern: new RegExp(join('\\bshared/(', 'reference|contract\\.md', ')')),
	},
	{
		name: 'private notes (cite the public page instead)',
		pattern: new RegExp(join('\\b(api|n8n)', '-', 'notes\\b'), 'i'),
	},
	{
		name: 'seed documents (cite the public page instead)',
		pattern: new RegExp(join('\\bseeds?[ /_-]?', '0\\d', '|\\bseeds', '/|\\bseed ', 'docs?\\b'), 'i'),
	},
	{
		name: join('the H', 'SO shorthand for unpublished notes (name the public repository or page)'),
		pattern: new RegExp(join('\\bH', 'SO\\b')),
	},
];

const SOURCE = /\.(c|m)?(js|ts)$|\.sh$/;

/** Folders a walk skips: never part of a clone, or listed as folders in .gitignore. */
function ignoredFolders() {
	const folders = new Set(['.git', 'node_modules']);
	const gitignore = path.join(ROOT, '.gitignore');
	if (fs.existsSync(gitignore)) {
		for (const line of fs.readFileSync(gitignore, 'utf8').split(/\r?\n/)) {
			const entry = line.trim();
			if (entry && !entry.startsWith('#') && !entry.includes('*')) folders.add(entry.replace(/^\/|\/$/g, ''));
		}
	}
	return folders;
}

function walk() {
	const skip = ignoredFolders();
	const files = [];
	const visit = (relative) => {
		for (const entry of fs.readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
			const child = relative ? `${relative}/${entry.name}` : entry.name;
			if (skip.has(child) || skip.has(entry.name)) continue;
			if (entry.isDirectory()) visit(child);
			else if (entry.isFile()) files.push(child);
		}
	};
	visit('');
	return files.sort();
}

function trackedFiles() {
	try {
		const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
			maxBuffer: 64 * 1024 * 1024,
		});
		const files = out.split('\0').filter(Boolean);
		if (files.length) return { how: 'git ls-files', files };
	} catch {
		// git missing, or not a git checkout (an unpacked archive): walk the folder instead
	}
	return { how: 'walk', files: walk() };
}

/** Text of a file, or null for binaries, symlinks and files listed but missing. */
function readText(file) {
	const full = path.join(ROOT, file);
	let stat;
	try {
		stat = fs.lstatSync(full);
	} catch {
		return null;
	}
	if (!stat.isFile()) return null;
	const buffer = fs.readFileSync(full);
	if (buffer.subarray(0, 8000).includes(0)) return null;
	return buffer.toString('utf8');
}

/** Relative paths in a source file that, resolved from the file's folder, leave the repository. */
function escapesRoot(file, line) {
	const found = [];
	const from = path.dirname(path.join(ROOT, file));
	const outside = (target) => {
		const relative = path.relative(ROOT, path.resolve(from, target));
		return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
	};
	// a literal starting with ../ (require('../x'), path.resolve(__dirname, '../../y'))
	for (const match of line.matchAll(/(['"`])((?:\.\.\/)+[^'"`]*)\1/g)) {
		if (outside(match[2])) found.push(match[2]);
	}
	// path.join(__dirname, '..', '..', …)
	for (const match of line.matchAll(/__dirname((?:\s*,\s*(['"])\.\.\2)+)/g)) {
		const ups = match[1].match(/\.\./g).map(() => '..');
		if (outside(ups.join('/'))) found.push(`__dirname${match[1]}`);
	}
	return found;
}

/** Every finding of one file: { where, what, text }. */
function findings(file, text) {
	const out = [];
	text.split(/\r?\n/).forEach((line, index) => {
		const where = `${file}:${index + 1}`;
		for (const rule of RULES) if (rule.pattern.test(line)) out.push({ where, what: rule.name, text: line.trim() });
		if (SOURCE.test(file)) {
			for (const target of escapesRoot(file, line))
				out.push({ where, what: `a path outside the repository root (${target})`, text: line.trim() });
		}
	});
	return out;
}

const listing = trackedFiles();

describe('the repository stands alone', () => {
	test('the file list covers the repository (code, tests, README, docs)', () => {
		for (const file of ['package.json', 'README.md', 'emulator/README.md', 'test/unit/repository/standsAlone.test.js'])
			expect(listing.files).toContain(file);
		expect(listing.files.some((file) => file.startsWith('docs/'))).toBe(true);
		expect(listing.files.some((file) => file.startsWith('node_modules/'))).toBe(false);
	});

	test('the walk used without git finds the same kind of list', () => {
		const walked = walk();
		for (const file of ['package.json', 'README.md', 'test/unit/repository/standsAlone.test.js'])
			expect(walked).toContain(file);
		expect(walked.some((file) => /(^|\/)(node_modules|\.git)\//.test(file))).toBe(false);
	});

	test('the rules catch what they are for (built from pieces, as above)', () => {
		const bad = [
			['a.md', join('see /', 'work/', 'shared/x')],
			['b.js', join("const dir = '/", "tmp/", "cache';")],
			['c.md', join('shared/', 'reference/cmp/page.md')],
			['d.md', join('api', '-notes §4')],
			['e.md', join('N8N', '-NOTES')],
			['f.js', join('// seed', ' 004 glossary')],
			['g.js', join('// seeds', ' 000–002')],
			['h.md', join('the seed', ' docs')],
			['i.js', join('// H', 'SO reads it')],
			['test/unit/queryLanguage/j.js', join("path.resolve(__dirname, '../../../../", "shared/x')")],
			['test/unit/k.js', join("path.join(__dirname, '..', '..', '..'", ')')],
		];
		for (const [file, line] of bad) expect(findings(file, line)).not.toEqual([]);
		const good = [
			['nodes/A/b.ts', join("import { x } from '../", "shared/helpers/x';")],
			['test/unit/queryLanguage/j.js', join("path.join(__dirname, '../../", "fixtures/docExamples.json')")],
			['test/unit/k.js', join("path.resolve(__dirname, '..', '..'", ')')],
			['l.js', 'const SEED = 0x5eed2026; // seeded by query and window'],
			['m.md', 'https://github.com/LucFrijters/hso-mpc-integrations-multitenant'],
			['n.js', "fs.mkdtempSync(path.join(os.tmpdir(), 'pca-'))"],
		];
		for (const [file, line] of good) expect(findings(file, line)).toEqual([]);
	});

	test('no tracked file names a machine path, an outside folder or private documents, or reads outside the root', () => {
		const all = [];
		for (const file of listing.files) {
			const text = readText(file);
			if (text !== null) all.push(...findings(file, text));
		}
		const report = all.map((f) => `${f.where}: ${f.what}: ${f.text.slice(0, 160)}`);
		expect(report).toEqual([]);
	});
});
