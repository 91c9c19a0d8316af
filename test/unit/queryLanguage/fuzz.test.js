'use strict';
/**
 * Fuzzing with a fixed seed: mutations of the doc examples (token and character edits, splices),
 * random token soup, random unicode, and a few very large or deeply nested inputs. Every input
 * must either parse (and then validate and rebuild without error) or be rejected with a position
 * inside the text that matches its line and column. Nothing may throw or hang.
 */
const { extractExamples, completeFragment } = require('./docExamples');
const { structure, specFromTree, lineColumn, random } = require('./treeUtils');
const {
	parseQuery,
	validateQuery,
	checkQuery,
	buildQuery,
} = require('../../../nodes/shared/queryLanguage');
const { CMP_DATASETS, MPN_DATASETS } = require('../../../emulator/datasets');

const DATASETS = [...CMP_DATASETS, ...MPN_DATASETS];
const CATALOGUES = { cmp: CMP_DATASETS, mpn: MPN_DATASETS };
const SEED = 0x5eed2026;
const RANDOM_CASES = 12000;

const seeds = [
	...new Set([
		...extractExamples().map((example) => completeFragment(example, CATALOGUES, parseQuery).text),
		"SELECT a, b FROM X WHERE c = 'it''s' AND d NOT IN (1, -2.5) ORDER BY a ASC, b LIMIT 10 TIMESPAN LAST_MONTH",
		"select * from X where a = 1 or b in 'x' limit 0",
	]),
];

const VOCABULARY = [
	...'SELECT DISTINCT FROM WHERE AND OR NOT LIKE IN ORDER BY ASC DESC LIMIT TIMESPAN GROUP select from'.split(' '),
	...', ( ) * = > < >= <= != <> == ; . -'.split(' '),
	...'ISVUsage OfferName NormalizedUsage LAST_MONTH LIFETIME Foo 12 -3.5 1. 6096xxx'.split(' '),
	"'x'", "''", "'it''s'", "'", "'unterminated", '"x"', '\u2018x\u2019',
	'\u00a0', '\u{1F600}', '\u0000', '\ud800', '\n', '\r\n', '\t',
];

const CHARACTERS = [
	...' \t\n\r\'"(),*=<>!;.-_%\\`',
	'\u2018',
	'\u2019',
	'\u00a0',
	'\ufeff',
	'\u0000',
	'\ud800',
	'\udc00',
];

function randomCharacter(next) {
	switch (next.int(5)) {
		case 0:
			return next.pick(CHARACTERS);
		case 1:
			return String.fromCharCode(32 + next.int(95)); // printable ASCII
		case 2:
			return String.fromCharCode(next.int(0x10000)); // any UTF-16 unit, lone surrogates included
		case 3:
			return String.fromCodePoint(0x10000 + next.int(0x100000 - 0x10000)); // astral
		default:
			return next.pick(['a', 'Z', '0', '9', '_']);
	}
}

function mutateCharacters(text, next) {
	let result = text;
	for (let n = 1 + next.int(5); n > 0; n--) {
		const at = next.int(result.length + 1);
		switch (next.int(5)) {
			case 0: // delete a run
				result = result.slice(0, at) + result.slice(at + 1 + next.int(4));
				break;
			case 1: // insert
				result = result.slice(0, at) + randomCharacter(next) + result.slice(at);
				break;
			case 2: // replace
				result = result.slice(0, at) + randomCharacter(next) + result.slice(at + 1);
				break;
			case 3: {
				// swap two characters
				const other = next.int(result.length + 1);
				const chars = result.split('');
				[chars[at], chars[other]] = [chars[other], chars[at]];
				result = chars.join('');
				break;
			}
			default: {
				// duplicate a slice
				const slice = result.slice(at, at + next.int(20));
				result = result.slice(0, at) + slice + result.slice(at);
			}
		}
	}
	return result;
}

const TOKEN_PATTERN = /'(?:[^']|'')*'?|[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+(?:\.[0-9]+)?|>=|<=|!=|\s+|[\s\S]/gu;

function mutateTokens(text, next) {
	const tokens = text.match(TOKEN_PATTERN) ?? [];
	for (let n = 1 + next.int(4); n > 0; n--) {
		const at = next.int(tokens.length + 1);
		switch (next.int(4)) {
			case 0:
				tokens.splice(at, 1);
				break;
			case 1:
				tokens.splice(at, 0, ' ', next.pick(VOCABULARY), ' ');
				break;
			case 2: {
				const other = next.int(tokens.length);
				[tokens[at], tokens[other]] = [tokens[other], tokens[at]];
				break;
			}
			default:
				tokens.splice(at, 1, next.pick(VOCABULARY));
		}
	}
	return tokens.filter((token) => token !== undefined).join('');
}

function randomCase(next) {
	const seed = next.pick(seeds);
	switch (next.int(6)) {
		case 0:
		case 1:
			return mutateCharacters(seed, next);
		case 2:
		case 3:
			return mutateTokens(seed, next);
		case 4: {
			const other = next.pick(seeds);
			return seed.slice(0, next.int(seed.length + 1)) + other.slice(next.int(other.length + 1));
		}
		default:
			return next.chance(0.5)
				? Array.from({ length: next.int(40) }, () => next.pick(VOCABULARY)).join(next.pick([' ', '', '\n']))
				: Array.from({ length: next.int(200) }, () => randomCharacter(next)).join('');
	}
}

function largeCases() {
	const columns = DATASETS[2].selectableColumns;
	return [
		[
			'50,000 selected columns',
			`SELECT ${Array.from({ length: 50000 }, (_, i) => columns[i % columns.length]).join(', ')} FROM ISVUsage`,
		],
		['a 1,000,000-character string', `SELECT a FROM X WHERE b = '${"x''y ".repeat(200000)}'`],
		['an unterminated 1,000,000-character string', `SELECT a FROM X WHERE b = '${'x'.repeat(1000000)}`],
		['a 1,000,000-character name', `SELECT ${'a'.repeat(1000000)} FROM ISVUsage`],
		[
			'20,000 AND conditions',
			`SELECT a FROM X WHERE ${Array.from({ length: 20000 }, (_, i) => `c${i} = ${i}`).join(' AND ')}`,
		],
		[
			'an IN list of 50,000 values',
			`SELECT a FROM X WHERE b IN (${Array.from({ length: 50000 }, (_, i) => i).join(', ')})`,
		],
		['500,000 opening parentheses', `SELECT a FROM X WHERE b IN ${'('.repeat(500000)}`],
		['deeply nested conditions', `SELECT a FROM X WHERE ${'('.repeat(100000)}b = 1${')'.repeat(100000)}`],
		['1,000,000 quotes', "'".repeat(1000000)],
		['1,000,001 quotes', "'".repeat(1000001)],
		['1,000,000 line breaks then SELECT', `${'\r\n\n\r'.repeat(250000)}SELECT`],
		[
			'1,000,000 random characters',
			(() => {
				const next = random(SEED + 1);
				return Array.from({ length: 1000000 }, () => randomCharacter(next)).join('');
			})(),
		],
		['SELECT then 1,000,000 commas', `SELECT a${','.repeat(1000000)}`],
		['1,000,000 spaces between two tokens', `SELECT${' '.repeat(1000000)}a FROM X`],
		[
			'ORDER BY 20,000 columns',
			`SELECT a FROM ISVUsage ORDER BY ${Array.from({ length: 20000 }, () => 'OfferName DESC').join(', ')}`,
		],
	];
}

/** Returns a description of what went wrong with this input, or undefined. */
function check(text) {
	const result = parseQuery(text);
	if (result.ok) {
		const problems = validateQuery(result.ast, DATASETS);
		for (const problem of problems) {
			if (!(problem.offset >= 0 && problem.offset + problem.length <= text.length))
				return `problem outside the text: ${problem.message}`;
			const position = lineColumn(text, problem.offset);
			if (position.line !== problem.line || position.column !== problem.column)
				return `problem position mismatch: ${problem.message}`;
		}
		if (result.ast.range.end.offset > text.length) return 'tree ends after the text';
		// a structurally valid tree can always be rebuilt into the same structure
		if (!validateQuery(result.ast, []).length && !result.ast.select.some((item) => item.type === 'Star')) {
			const rebuilt = parseQuery(buildQuery(specFromTree(result.ast)));
			if (!rebuilt.ok) return `rebuilt query does not parse: ${rebuilt.error.message}`;
			if (JSON.stringify(structure(rebuilt.ast)) !== JSON.stringify(structure(result.ast)))
				return 'rebuilt query differs';
		}
		const message = checkQuery(text, DATASETS);
		if (problems.length ? typeof message !== 'string' : message !== undefined)
			return 'checkQuery disagrees with validateQuery';
		return undefined;
	}
	const { error } = result;
	if (!Number.isInteger(error.offset) || error.offset < 0 || error.offset > text.length)
		return `offset ${error.offset} outside the text`;
	if (!(error.length >= 0 && error.offset + error.length <= text.length))
		return `length ${error.length} runs past the text`;
	const position = lineColumn(text, error.offset);
	if (position.line !== error.line || position.column !== error.column) {
		return `line/column ${error.line}:${error.column}, expected ${position.line}:${position.column}`;
	}
	if (typeof error.message !== 'string' || !error.message) return 'empty message';
	if (
		!Array.isArray(error.expected) ||
		!error.expected.length ||
		error.expected.some((item) => typeof item !== 'string' || !item)
	) {
		return 'no expected items';
	}
	const message = checkQuery(text, DATASETS);
	if (typeof message !== 'string' || !message.startsWith(`Line ${error.line}, column ${error.column}: `))
		return 'checkQuery lacks the position';
	return undefined;
}

function run(text) {
	try {
		return check(text);
	} catch (thrown) {
		return `threw ${thrown && thrown.stack}`;
	}
}

describe('fuzzing', () => {
	test(`${RANDOM_CASES} random and mutated queries`, () => {
		const next = random(SEED);
		const failures = [];
		let accepted = 0;
		const started = Date.now();
		for (let i = 0; i < RANDOM_CASES; i++) {
			const text = randomCase(next);
			const failure = run(text);
			if (failure) failures.push({ text, failure });
			else if (parseQuery(text).ok) accepted++;
		}
		const elapsed = Date.now() - started;
		expect(failures.slice(0, 5)).toEqual([]);
		// the mix must exercise both sides
		expect(accepted).toBeGreaterThan(RANDOM_CASES * 0.05);
		expect(accepted).toBeLessThan(RANDOM_CASES * 0.95);
		expect(elapsed).toBeLessThan(60000); // loose: a quadratic parser would not come close
	});

	test.each(largeCases())('%s', (_, text) => {
		const started = Date.now();
		expect(run(text)).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(30000); // loose bound against runaway (quadratic) behaviour
	});
});
