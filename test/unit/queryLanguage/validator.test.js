'use strict';
const {
	parseQuery,
	validateQuery,
	checkQuery,
	closestNames,
	isReservedWord,
	NAME_PATTERN,
} = require('../../../nodes/shared/queryLanguage');
const { CMP_DATASETS, MPN_DATASETS } = require('../../../emulator/datasets');

const DATASETS = [...CMP_DATASETS, ...MPN_DATASETS];

function problems(text, datasets = DATASETS) {
	const parsed = parseQuery(text);
	if (!parsed.ok) throw new Error(parsed.error.message);
	return validateQuery(parsed.ast, datasets);
}

function only(text, datasets) {
	const found = problems(text, datasets);
	expect(found).toHaveLength(1);
	return found[0];
}

describe('validateQuery', () => {
	test('a valid query has no problems', () => {
		const text =
			"SELECT DISTINCT OfferName, NormalizedUsage FROM ISVUsage WHERE OfferType IN ('SaaS', 'Azure Applications') " +
			'AND NormalizedUsage > 10 ORDER BY NormalizedUsage ASC, OfferName LIMIT 5 TIMESPAN LAST_6_MONTHS';
		expect(problems(text)).toEqual([]);
	});

	test('names match case-insensitively and are not re-cased (the spec is "completely case insensitive")', () => {
		expect(problems('select offername, NORMALIZEDUSAGE from isvusage order by offerNAME timespan last_month')).toEqual(
			[],
		);
	});

	test('ORDER BY may use a column that is not selected (the docs only require a dataset column)', () => {
		expect(problems('SELECT OfferName FROM ISVUsage ORDER BY NormalizedUsage')).toEqual([]);
	});

	test('unknown dataset: closest names', () => {
		expect(only('SELECT OfferName FROM ISVUsge')).toMatchObject({
			code: 'unknown-dataset',
			message: "Unknown dataset 'ISVUsge'",
			line: 1,
			column: 23,
			offset: 22,
			length: 7,
			suggestion: "Did you mean 'ISVUsage'?",
			candidates: ['ISVUsage'],
		});
		expect(only('SELECT a FROM OfficeUsge').candidates[0]).toBe('OfficeUsage');
		expect(only('SELECT a FROM ISVOrdr').candidates).toEqual(['ISVOrder']);
		expect(only('SELECT a FROM ISVOrderV').candidates).toEqual(['ISVOrder', 'ISVOrderV2']);
	});

	test('unknown dataset with nothing close: the available ones are listed; columns are not checked', () => {
		const problem = only('SELECT Whatever FROM Nothing', CMP_DATASETS);
		expect(problem.code).toBe('unknown-dataset');
		expect(problem.candidates).toBeUndefined();
		expect(problem.suggestion).toBe(`Available datasets: ${CMP_DATASETS.map((d) => d.datasetName).join(', ')}.`);
	});

	test('unknown columns and metrics in SELECT, WHERE and ORDER BY, each at its place', () => {
		const found = problems("SELECT OfferNme, NormalizedUsge\nFROM ISVUsage\nWHERE OferType = 'SaaS'\nORDER BY RawUsag");
		expect(found.map((p) => [p.code, p.line, p.column, p.candidates])).toEqual([
			['unknown-column', 1, 8, ['OfferName']],
			['unknown-column', 1, 18, ['NormalizedUsage']],
			['unknown-column', 3, 7, ['OfferType']],
			['unknown-column', 4, 10, ['RawUsage']],
		]);
		expect(found[0].message).toBe("Unknown column or metric 'OfferNme' in dataset ISVUsage");
		expect(found[0].suggestion).toBe("Did you mean 'OfferName'?");
	});

	test('an unknown column with nothing close points at the dataset definition', () => {
		const problem = only('SELECT Zzzzzzzz FROM ISVUsage');
		expect(problem.suggestion).toBe('See the selectableColumns and availableMetrics of ISVUsage.');
	});

	test('SELECT * is rejected with the columns to write instead', () => {
		const problem = only('SELECT * FROM ISVCustomer');
		expect(problem).toMatchObject({ code: 'select-star', column: 8, length: 1 });
		expect(problem.message).toContain('SELECT * is not supported');
		expect(problem.suggestion).toBe(
			`Name the columns, e.g. SELECT ${CMP_DATASETS.find((d) => d.datasetName === 'ISVCustomer').selectableColumns.join(', ')} FROM ISVCustomer`,
		);
	});

	test('OR is rejected; for one column compared twice, IN is suggested', () => {
		const problem = only("SELECT OfferName FROM ISVUsage WHERE OfferType = 'SaaS' OR OfferType = 'Azure Applications'");
		expect(problem).toMatchObject({ code: 'or-not-supported', column: 57, length: 2 });
		expect(problem.message).toBe('OR is not supported: conditions can only be joined with AND');
		expect(problem.suggestion).toBe("Use OfferType IN ('SaaS', 'Azure Applications').");
		const other = only("SELECT OfferName FROM ISVUsage WHERE OfferType = 'SaaS' or RawUsage > 1");
		expect(other.suggestion).toContain('one query per alternative');
	});

	test('lists only with IN / NOT IN, and IN only with a list', () => {
		expect(only("SELECT SKU FROM ISVUsage WHERE OfferType = ('SaaS', 'VM')")).toMatchObject({
			code: 'list-not-allowed',
			suggestion: 'Use OfferType IN (…).',
		});
		expect(only("SELECT SKU FROM ISVUsage WHERE OfferType != ('SaaS')").suggestion).toBe('Use OfferType NOT IN (…).');
		expect(only("SELECT SKU FROM ISVUsage WHERE OfferType LIKE ('S%')").suggestion).toBe(
			'Compare with a single value.',
		);
		expect(only("SELECT SKU FROM ISVUsage WHERE OfferType IN 'SaaS'")).toMatchObject({
			code: 'list-required',
			message: 'IN takes a list of values in parentheses',
			suggestion: "Write IN ('SaaS').",
		});
		expect(only('SELECT SKU FROM ISVUsage WHERE RawUsage NOT IN 1.50').suggestion).toBe('Write NOT IN (1.50).');
	});

	test('a list mixes numbers and strings', () => {
		expect(only("SELECT SKU FROM ISVUsage WHERE CustomerId IN (1, '2')").code).toBe('mixed-list');
	});

	test('LIMIT must be a positive whole number', () => {
		for (const limit of ['0', '-1', '1.5', '00']) {
			expect(only(`SELECT SKU FROM ISVUsage LIMIT ${limit}`)).toMatchObject({
				code: 'invalid-limit',
				message: `LIMIT must be a whole number of rows, at least 1 (found ${limit})`,
			});
		}
		expect(problems('SELECT SKU FROM ISVUsage LIMIT 1')).toEqual([]);
	});

	test("TIMESPAN must be one of the dataset's availableDateRanges", () => {
		const ranges = CMP_DATASETS.find((d) => d.datasetName === 'ISVUsage').availableDateRanges;
		expect(only('SELECT SKU FROM ISVUsage TIMESPAN LAST_7_DAYS')).toMatchObject({
			code: 'timespan-not-available',
			message: 'TIMESPAN LAST_7_DAYS is not available for ISVUsage',
			suggestion: `Available for ISVUsage: ${ranges.join(', ')}.`,
		});
		const typo = only('SELECT SKU FROM ISVUsage TIMESPAN LAST_MONTHS');
		expect(typo).toMatchObject({ code: 'unknown-timespan', message: "Unknown timespan 'LAST_MONTHS'" });
		expect(typo.candidates[0]).toBe('LAST_MONTH');
		expect(typo.suggestion).toMatch(/^Did you mean 'LAST_MONTH'.*\? Available for ISVUsage: /);
		const custom = [
			{ datasetName: 'D', selectableColumns: ['a'], availableMetrics: [], availableDateRanges: ['LAST_7_DAYS'] },
		];
		expect(problems('SELECT a FROM D TIMESPAN last_7_days', custom)).toEqual([]);
		expect(only('SELECT a FROM D TIMESPAN LAST_MONTH', custom).code).toBe('timespan-not-available');
	});

	test('without dataset definitions only the rules of the language are checked', () => {
		expect(problems('SELECT Anything FROM Anywhere TIMESPAN TODAY', [])).toEqual([]);
		expect(only('SELECT a FROM X TIMESPAN LAST_WEEK', []).code).toBe('unknown-timespan');
		expect(problems('SELECT * FROM X WHERE a = 1 OR b = 2 LIMIT 0', []).map((p) => p.code)).toEqual([
			'select-star',
			'or-not-supported',
			'invalid-limit',
		]);
	});

	test('problems come in text order', () => {
		const found = problems("SELECT Foo, * FROM ISVUsage WHERE Bar IN 'x' OR Baz = ('y') LIMIT 0 TIMESPAN NEVER");
		const offsets = found.map((p) => p.offset);
		expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
		expect(found.map((p) => p.code)).toEqual([
			'unknown-column',
			'select-star',
			'unknown-column',
			'list-required',
			'or-not-supported',
			'unknown-column',
			'list-not-allowed',
			'invalid-limit',
			'unknown-timespan',
		]);
	});
});

describe('checkQuery', () => {
	test('undefined for a valid query', () => {
		expect(
			checkQuery("SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' TIMESPAN LAST_MONTH", DATASETS),
		).toBeUndefined();
	});

	test('a syntax error with line and column', () => {
		expect(checkQuery('SELECT OrderId OfferName FROM ISVOrder', DATASETS)).toBe(
			"Line 1, column 16: Expected ',' or FROM but found 'OfferName': is a comma missing after 'OrderId'?",
		);
	});

	test('a validation problem with line, column and suggestion', () => {
		expect(checkQuery('SELECT OrderId, OfferNme\nFROM ISVOrder', DATASETS)).toBe(
			"Line 1, column 17: Unknown column or metric 'OfferNme' in dataset ISVOrder. Did you mean 'OfferName'?",
		);
	});

	test('several problems, one line each', () => {
		const message = checkQuery('SELECT * FROM ISVOrder LIMIT 0 TIMESPAN LAST_7_DAYS', DATASETS);
		const lines = message.split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatch(/^Line 1, column 8: SELECT \* is not supported/);
		expect(lines[1]).toMatch(/^Line 1, column 30: LIMIT must be/);
		expect(lines[2]).toMatch(
			/^Line 1, column 41: TIMESPAN LAST_7_DAYS is not available for ISVOrder\. Available for ISVOrder: /,
		);
	});

	test('missing dataset definitions are treated as none', () => {
		expect(checkQuery('SELECT a FROM X', undefined)).toBeUndefined();
	});
});

describe('closestNames', () => {
	const names = ['OfferName', 'OfferType', 'CustomerName', 'NormalizedUsage', 'EstimatedExtendedChargeCC', 'SKU'];

	test('typos, swapped letters, case and partial names', () => {
		expect(closestNames('OffreName', names)[0]).toBe('OfferName');
		expect(closestNames('offername', names)).toEqual(['OfferName']);
		expect(closestNames('EstimatedExtendedCharge', names)).toEqual(['EstimatedExtendedChargeCC']);
		expect(closestNames('Usage', names)).toEqual(['NormalizedUsage']);
		expect(closestNames('Sku', names)).toEqual(['SKU']);
		expect(closestNames('Offer', names)).toEqual(['OfferName', 'OfferType']);
		expect(closestNames('Completely different', names)).toEqual([]);
	});

	test('at most three, closest first', () => {
		expect(closestNames('Offer_ame', ['OfferName', 'OfferNam', 'OfferNames', 'OfferNameX', 'Zoffer_ame'])).toHaveLength(
			3,
		);
		expect(closestNames('abcd', ['abcf', 'abce', 'abc'])).toEqual(['abc', 'abce', 'abcf']);
	});

	test('stays fast on a very long name', () => {
		const long = 'x'.repeat(1_000_000);
		expect(
			closestNames(
				long,
				DATASETS.flatMap((d) => d.selectableColumns),
			),
		).toEqual([]);
	});
});

test('every documented dataset, column, metric and timespan name can be written in a query', () => {
	for (const dataset of DATASETS) {
		const names = [
			dataset.datasetName,
			...dataset.selectableColumns,
			...dataset.availableMetrics,
			...dataset.availableDateRanges,
		];
		for (const name of names) {
			expect(NAME_PATTERN.test(name)).toBe(true);
			expect(isReservedWord(name)).toBe(false);
		}
	}
});
