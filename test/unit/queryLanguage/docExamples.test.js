'use strict';
/**
 * Every example query of the public Partner Center analytics docs (the fixture
 * test/fixtures/docExamples.json, read by docExamples.js) parses,
 * validates against the emulator's dataset catalogue (what GET ScheduledDataset returns), and can be
 * rebuilt by buildQuery() into the same tree. Examples that are wrong as printed are listed below
 * with the reason; each must fail where expected and pass once corrected.
 */
const { extractExamples, completeFragment, loadFixture } = require('./docExamples');
const { structure, specFromTree } = require('./treeUtils');
const { parseQuery, validateQuery, buildQuery } = require('../../../nodes/shared/queryLanguage');
const { CMP_DATASETS, MPN_DATASETS } = require('../../../emulator/datasets');

const CATALOGUES = { cmp: CMP_DATASETS, mpn: MPN_DATASETS };
const ALL_DATASETS = [...CMP_DATASETS, ...MPN_DATASETS];

/** Doc examples that are invalid as printed. `found` is the text the error must point at. */
const KNOWN_INVALID = [
	{
		file: 'cmp/analytics-sample-queries.md',
		contains: "OfferName = Contoso test Services'",
		reason: 'the opening quote of the value is missing',
		found: 'Contoso',
		messageIncludes: 'between single quotes',
		fix: (text) => text.replace("= Contoso test Services'", "= 'Contoso test Services'"),
	},
	{
		file: 'cmp/analytics-sample-queries.md',
		contains: 'TrialDeployment EstimatedRevenueUSD',
		reason: 'a comma is missing between two selected columns',
		found: 'EstimatedRevenueUSD',
		messageIncludes: 'comma missing',
		fix: (text) => text.replace('TrialDeployment EstimatedRevenueUSD', 'TrialDeployment, EstimatedRevenueUSD'),
	},
	{
		file: 'mpn/insights-programmatic-sample-queries.md',
		contains: 'MPNId=6096xxx',
		reason: 'a redacted ID (6096xxx) written as a bare number; a text value needs quotes',
		found: '6096xxx',
		messageIncludes: 'is not a number',
		fix: (text) => text.replace('6096xxx', "'6096xxx'"),
	},
	{
		file: 'cmp/analytics-custom-query-specification.md',
		contains: 'EstimatedExtendedCharge(CC)',
		reason: 'the display name "EstimatedExtendedCharge(CC)" instead of the metric EstimatedExtendedChargeCC',
		found: '(',
		messageIncludes: "found '('",
		fix: (text) => text.replace('EstimatedExtendedCharge(CC)', 'EstimatedExtendedChargeCC'),
	},
];

/** Fragments that only validate against the other API's datasets: the page copied them. */
const CROSS_API_FRAGMENTS = [
	{
		file: 'mpn/insights-programmatic-custom-query.md',
		contains: 'OrderQuantity=100',
		reason: 'copied from the cmp page: OrderQuantity exists only in the cmp dataset ISVOrder',
	},
];

const examples = extractExamples().map((example) => {
	const completed = completeFragment(example, CATALOGUES, parseQuery);
	const known = KNOWN_INVALID.find((entry) => entry.file === example.file && example.text.includes(entry.contains));
	const crossApi = CROSS_API_FRAGMENTS.find(
		(entry) => entry.file === example.file && example.text.includes(entry.contains),
	);
	return { ...example, query: completed.text, dataset: completed.dataset, known, crossApi };
});
const valid = examples.filter((example) => !example.known);
const invalid = examples.filter((example) => example.known);
const name = (example) => `${example.source} (${example.kind}): ${example.text.replace(/\s+/g, ' ').slice(0, 90)}`;

function catalogueFor(example) {
	return example.kind === 'query'
		? CATALOGUES[example.family]
		: example.crossApi
			? ALL_DATASETS
			: CATALOGUES[example.family];
}

function expectValid(query, datasets) {
	const parsed = parseQuery(query);
	if (!parsed.ok) throw new Error(`${parsed.error.message} at ${parsed.error.line}:${parsed.error.column} in ${query}`);
	expect(validateQuery(parsed.ast, datasets)).toEqual([]);
	return parsed.ast;
}

function expectRebuilt(ast) {
	const rebuilt = parseQuery(buildQuery(specFromTree(ast)));
	expect(rebuilt.ok).toBe(true);
	expect(structure(rebuilt.ast)).toEqual(structure(ast));
}

describe('doc examples are found', () => {
	const count = (file, kind = 'query') => examples.filter((e) => e.file === file && e.kind === kind).length;

	test('from every page that documents queries', () => {
		expect(count('cmp/analytics-system-queries.md')).toBe(10);
		expect(count('mpn/insights-programmatic-system-queries.md')).toBe(20);
		expect(count('cmp/analytics-sample-queries.md')).toBe(28);
		expect(count('mpn/insights-programmatic-sample-queries.md')).toBe(13);
		expect(count('cmp/analytics-custom-query-specification.md')).toBe(4);
		expect(count('mpn/insights-programmatic-custom-query.md')).toBe(4);
		expect(count('cmp/analytics-programmatic-faq.md')).toBe(1);
		expect(count('mpn/insights-programmatic-faq.md')).toBe(1);
		// the first-API-call and paradigm pages in their v1.1 (cmp) and 2022 (mpn) texts too
		expect(count('cmp/analytics-make-your-first-api-call, v1.1')).toBe(4);
		expect(count('cmp/analytics-programmatic-access, v1.1')).toBe(3);
		expect(count('mpn/insights-programmatic-first-api-call.md, 2022')).toBe(3);
		expect(examples.length).toBe(134);
		for (const page of ['cmp/analytics-custom-query-specification.md', 'mpn/insights-programmatic-custom-query.md']) {
			for (const kind of ['select', 'from', 'where', 'orderBy']) expect(count(page, kind)).toBeGreaterThanOrEqual(2);
		}
	});

	test('markdown is normalised (escapes, bold, <br>, backticks, typographic quotes)', () => {
		const texts = examples.map((e) => e.query).join('\n');
		expect(texts).not.toMatch(/\\_|\*\*|<br|`|[\u2018\u2019\u201C\u201D]/i);
		// printed with typographic quotes around Paid and as LAST\_MONTH in the page's Markdown
		const printed = examples.find(
			(e) => e.file === 'cmp/analytics-sample-queries.md' && e.text.startsWith('SELECT UsageDate, RawUsage,'),
		);
		expect(printed.text).toBe(
			"SELECT UsageDate, RawUsage, EstimatedExtendedChargePC FROM ISVUsage WHERE SKUBillingType = 'Paid' ORDER BY UsageDate DESC TIMESPAN LAST_MONTH",
		);
	});

	test('every page of the fixture has a title, a public learn.microsoft.com address and examples', () => {
		const { pages } = loadFixture();
		expect(Object.keys(pages).length).toBe(17);
		for (const [key, page] of Object.entries(pages)) {
			expect(page.url).toMatch(/^https:\/\/learn\.microsoft\.com\/en-us\/partner-center\/insights\/[a-z0-9-]+$/);
			expect(page.title).toEqual(expect.any(String));
			expect(['cmp', 'mpn']).toContain(page.family);
			expect(examples.some((e) => e.file === key)).toBe(true);
		}
		const sources = examples.map((e) => e.source);
		expect(new Set(sources).size).toBe(sources.length);
	});

	test('every listed invalid example and cross-API fragment still exists in the docs', () => {
		for (const entry of KNOWN_INVALID) expect(invalid.some((e) => e.known === entry)).toBe(true);
		for (const entry of CROSS_API_FRAGMENTS) expect(examples.some((e) => e.crossApi === entry)).toBe(true);
	});
});

describe('valid doc examples', () => {
	test.each(valid.map((example) => [name(example), example]))('%s', (_, example) => {
		const ast = expectValid(example.query, catalogueFor(example));
		if (example.kind === 'query') {
			const family = CATALOGUES[example.family].some(
				(d) => d.datasetName.toLowerCase() === ast.from.name.toLowerCase(),
			);
			expect(family).toBe(true);
			expectRebuilt(ast);
		}
	});
});

describe('doc examples that are invalid as printed', () => {
	test.each(invalid.map((example) => [name(example), example]))('%s', (_, example) => {
		const { known } = example;
		const parsed = parseQuery(example.query);
		expect(parsed.ok).toBe(false);
		const { error } = parsed;
		expect(error.message).toContain(known.messageIncludes);
		expect(example.query.slice(error.offset, error.offset + known.found.length)).toBe(known.found);
		expect(error.offset).toBeGreaterThanOrEqual(example.query.indexOf(known.contains));

		const fixedText = known.fix(example.text);
		expect(fixedText).not.toBe(example.text);
		const fixed = completeFragment({ ...example, text: fixedText }, CATALOGUES, parseQuery).text;
		const ast = expectValid(fixed, catalogueFor(example));
		if (example.kind === 'query') expectRebuilt(ast);
	});
});
