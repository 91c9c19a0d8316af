'use strict';
const {
	buildQuery,
	parseQuery,
	validateQuery,
	formatNumber,
	quoteString,
	QueryBuildError,
} = require('../../../nodes/shared/queryLanguage');
const { structure, random } = require('./treeUtils');
const { CMP_DATASETS, MPN_DATASETS } = require('../../../emulator/datasets');

const DATASETS = [...CMP_DATASETS, ...MPN_DATASETS];

/** The tree buildQuery(spec) must parse back to (positions and number spellings left out). */
function expectedTree(spec) {
	const literal = (value) =>
		typeof value === 'string' ? { type: 'String', value } : { type: 'Number', value: value === 0 ? 0 : value };
	const tree = {
		type: 'Query',
		distinct: Boolean(spec.distinct),
		select: [...spec.columns, ...(spec.metrics ?? [])].map((name) => ({ type: 'Identifier', name })),
		from: { type: 'Identifier', name: spec.dataset },
		where: (spec.filters ?? []).map((filter, index) => {
			const condition = {
				type: 'Condition',
				column: { type: 'Identifier', name: filter.column },
				operator: filter.operator.trim().replace(/\s+/g, ' ').toUpperCase(),
				value: filter.values ? { type: 'List', items: filter.values.map(literal) } : literal(filter.value),
			};
			if (index > 0) condition.joinedBy = { keyword: 'AND' };
			return condition;
		}),
		orderBy: (spec.orderBy ?? []).map((item) => {
			const order = { type: 'OrderItem', column: { type: 'Identifier', name: item.column } };
			if (item.direction) order.direction = item.direction.toUpperCase();
			return order;
		}),
	};
	if (spec.limit !== undefined) tree.limit = { type: 'Limit', value: spec.limit };
	if (spec.timespan !== undefined) tree.timespan = { type: 'Identifier', name: spec.timespan };
	return tree;
}

function roundTrip(spec) {
	const text = buildQuery(spec);
	const parsed = parseQuery(text);
	if (!parsed.ok) throw new Error(`${parsed.error.message} in ${text}`);
	expect(structure(parsed.ast)).toEqual(expectedTree(spec));
	return { text, ast: parsed.ast };
}

describe('buildQuery', () => {
	test('writes every clause in the documented order', () => {
		const spec = {
			dataset: 'ISVUsage',
			columns: ['OfferName', 'SKU'],
			metrics: ['NormalizedUsage'],
			distinct: true,
			filters: [
				{ column: 'OfferType', operator: 'not in', values: ['SaaS', 'Azure Applications'] },
				{ column: 'NormalizedUsage', operator: '>', value: 1000 },
				{ column: 'CustomerName', operator: 'LIKE', value: "%O'Brien%" },
			],
			orderBy: [{ column: 'NormalizedUsage', direction: 'ASC' }, { column: 'OfferName' }],
			limit: 10,
			timespan: 'LAST_6_MONTHS',
		};
		const { text, ast } = roundTrip(spec);
		expect(text).toBe(
			"SELECT DISTINCT OfferName, SKU, NormalizedUsage FROM ISVUsage WHERE OfferType NOT IN ('SaaS', 'Azure Applications') " +
				"AND NormalizedUsage > 1000 AND CustomerName LIKE '%O''Brien%' ORDER BY NormalizedUsage ASC, OfferName LIMIT 10 TIMESPAN LAST_6_MONTHS",
		);
		expect(validateQuery(ast, DATASETS)).toEqual([]);
	});

	test('the smallest query', () => {
		expect(buildQuery({ dataset: 'ISVOrder', columns: ['OrderId'] })).toBe('SELECT OrderId FROM ISVOrder');
		expect(buildQuery({ dataset: 'ISVUsage', columns: [], metrics: ['RawUsage'] })).toBe(
			'SELECT RawUsage FROM ISVUsage',
		);
	});

	test('values are quoted with doubled quotes, numbers written without exponent', () => {
		expect(quoteString("it's")).toBe("'it''s'");
		expect(quoteString("''")).toBe("''''''");
		expect(quoteString('')).toBe("''");
		const cases = [
			[0, '0'],
			[-0, '0'],
			[42, '42'],
			[-3.25, '-3.25'],
			[1e21, '1000000000000000000000'],
			[-1.5e22, '-15000000000000000000000'],
			[1.5e-7, '0.00000015'],
			[-2e-10, '-0.0000000002'],
			[123456789.125, '123456789.125'],
			[Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
			[Number.MIN_VALUE, `0.${'0'.repeat(323)}5`],
		];
		for (const [value, text] of cases) expect(formatNumber(value)).toBe(text);
	});

	test('any finite number survives the trip through the text', () => {
		const next = random(7);
		for (let i = 0; i < 2000; i++) {
			const value = (next() - 0.5) * 10 ** (next.int(600) - 300);
			const text = formatNumber(value);
			expect(text).toMatch(/^-?[0-9]+(\.[0-9]+)?$/);
			expect(Number(text)).toBe(value === 0 ? 0 : value);
		}
	});

	const invalid = [
		['dataset with a space', { dataset: 'ISV Usage', columns: ['a'] }, /Invalid dataset name "ISV Usage"/],
		['dataset injection', { dataset: 'ISVUsage WHERE 1=1', columns: ['a'] }, /Invalid dataset name/],
		['empty column', { dataset: 'X', columns: [''] }, /Invalid column name ""/],
		['column with a quote', { dataset: 'X', columns: ["a'"] }, /Invalid column name/],
		['column starting with a digit', { dataset: 'X', columns: ['1a'] }, /Invalid column name "1a"/],
		['column with a hyphen', { dataset: 'X', columns: ['a-b'] }, /Invalid column name/],
		['non-ASCII column', { dataset: 'X', columns: ['Größe'] }, /Invalid column name/],
		['column with a newline', { dataset: 'X', columns: ['a\nFROM'] }, /Invalid column name/],
		['keyword as a column', { dataset: 'X', columns: ['from'] }, /"from": it is a keyword/],
		['star', { dataset: 'X', columns: ['*'] }, /Invalid column name "\*"/],
		['non-string column', { dataset: 'X', columns: [42] }, /Invalid column name 42/],
		['no columns', { dataset: 'X', columns: [] }, /at least one column/],
		['columns not a list', { dataset: 'X', columns: 'a, b' }, /"columns" must be a list/],
		['no spec', undefined, /must be an object/],
		[
			'unknown operator',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: '<>', value: 1 }] },
			/Unknown operator "<>"/,
		],
		[
			'operator injection',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: '= 1 OR a =', value: 1 }] },
			/Unknown operator/,
		],
		[
			'IN without values',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: 'IN' }] },
			/needs at least one value/,
		],
		[
			'IN with value',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: 'IN', value: 'x' }] },
			/takes "values"/,
		],
		[
			'IN with an empty list',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: 'NOT IN', values: [] }] },
			/at least one value/,
		],
		[
			'= with values',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: '=', values: ['x'] }] },
			/Only IN and NOT IN/,
		],
		['= without value', { dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: '=' }] }, /needs a value/],
		[
			'boolean value',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: '=', value: true }] },
			/string or a number \(got boolean\)/,
		],
		[
			'null value',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: '=', value: null }] },
			/got null/,
		],
		[
			'NaN value',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: '>', value: NaN }] },
			/must be finite/,
		],
		[
			'Infinity in a list',
			{ dataset: 'X', columns: ['a'], filters: [{ column: 'a', operator: 'IN', values: [1, Infinity] }] },
			/finite/,
		],
		[
			'filter column injection',
			{ dataset: 'X', columns: ['a'], filters: [{ column: "a = 'x' OR b", operator: '=', value: 1 }] },
			/Invalid column name/,
		],
		[
			'sort direction',
			{ dataset: 'X', columns: ['a'], orderBy: [{ column: 'a', direction: 'UP' }] },
			/must be ASC or DESC/,
		],
		['sort column', { dataset: 'X', columns: ['a'], orderBy: [{ column: 'a DESC, b' }] }, /Invalid column name/],
		['limit 0', { dataset: 'X', columns: ['a'], limit: 0 }, /at least 1 \(got 0\)/],
		['negative limit', { dataset: 'X', columns: ['a'], limit: -5 }, /at least 1/],
		['fractional limit', { dataset: 'X', columns: ['a'], limit: 2.5 }, /whole number/],
		['limit as text', { dataset: 'X', columns: ['a'], limit: '10' }, /whole number/],
		['timespan injection', { dataset: 'X', columns: ['a'], timespan: 'LAST_MONTH; DROP' }, /Invalid timespan name/],
	];

	test.each(invalid)('rejects %s with a clear error', (_, spec, message) => {
		expect(() => buildQuery(spec)).toThrow(QueryBuildError);
		expect(() => buildQuery(spec)).toThrow(message);
	});

	test('operator and direction spelling is normalised', () => {
		const { text } = roundTrip({
			dataset: 'X',
			columns: ['a'],
			filters: [{ column: 'a', operator: '  not   like ', value: 'x%' }],
			orderBy: [{ column: 'a', direction: 'desc' }],
		});
		expect(text).toBe("SELECT a FROM X WHERE a NOT LIKE 'x%' ORDER BY a DESC");
	});
});

describe('a value cannot change the structure of the query', () => {
	const hostile = [
		"'",
		"''",
		"x' OR '1'='1",
		"x') OR (a = 'y",
		"' AND a = 'b",
		'x) AND b IN (1',
		"'; SELECT * FROM ISVOrder; --",
		"x'\nTIMESPAN LIFETIME",
		"x'\r\nORDER BY a",
		'\\',
		"\\'",
		'a\u0000b',
		'\u2032prime\u00b4',
		'"double"',
		'%_%',
		'😀 \ud800',
		' LIMIT 1',
		')',
		"')",
		'(',
		'',
		'   ',
	];

	test.each(hostile.map((value) => [JSON.stringify(value), value]))('value %s', (_, value) => {
		const spec = {
			dataset: 'ISVOrder',
			columns: ['OrderId'],
			filters: [
				{ column: 'OfferName', operator: '=', value },
				{ column: 'OrderStatus', operator: 'IN', values: [value, 'Active', value] },
			],
			timespan: 'LAST_MONTH',
		};
		const { ast } = roundTrip(spec);
		expect(ast.where).toHaveLength(2);
		expect(ast.where[0].value.value).toBe(value);
		expect(ast.where[1].value.items.map((item) => item.value)).toEqual([value, 'Active', value]);
		expect(validateQuery(ast, DATASETS)).toEqual([]);
	});

	test.each(['\u2018curly\u2019', "O\u2019Brien", 'x\u201a', '\u201bx'])(
		'a value with a typographic quote (%s) is refused, naming the filter and the fix',
		(value) => {
			const spec = { dataset: 'ISVOrder', columns: ['OrderId'], filters: [{ column: 'OfferName', operator: '=', value }] };
			expect(() => buildQuery(spec)).toThrow(/value .* of the filter on OfferName contains a typographic quote .*straight apostrophe/);
			const inList = { ...spec, filters: [{ column: 'OfferName', operator: 'IN', values: ['a', value] }] };
			expect(() => buildQuery(inList)).toThrow(/typographic quote/);
		},
	);

	test('property: 3,000 random queries with hostile values parse back to exactly their description', () => {
		const next = random(20240611);
		const pieces = [
			"'",
			"''",
			' AND ',
			' OR ',
			')',
			'(',
			',',
			'\n',
			'\r\n',
			'\t',
			'%',
			'_',
			'\\',
			'"',
			';',
			'--',
			'SELECT',
			'x',
			' ',
			'\u2019',
			'😀',
			'\u0000',
			'TIMESPAN LAST_MONTH',
		];
		const randomString = () => Array.from({ length: next.int(8) }, () => next.pick(pieces)).join('');
		const randomNumber = () =>
			next
				.pick([
					() => next.int(1000),
					() => -next.int(1e9),
					() => (next() - 0.5) * 1e6,
					() => next() * 1e-12,
					() => 1e25 * next(),
					() => 0,
				])
				.call();
		const randomValue = () => (next.chance(0.7) ? randomString() : randomNumber());
		const operators = ['=', '>', '<', '>=', '<=', '!=', 'LIKE', 'NOT LIKE', 'IN', 'NOT IN', 'not in', 'Like'];
		for (let i = 0; i < 3000; i++) {
			const dataset = next.pick(DATASETS);
			const names = [...dataset.selectableColumns, ...dataset.availableMetrics];
			const pick = (count) => Array.from({ length: count }, () => next.pick(names));
			const spec = { dataset: dataset.datasetName, columns: pick(1 + next.int(4)), distinct: next.chance(0.3) };
			if (next.chance(0.3) && dataset.availableMetrics.length) spec.metrics = [next.pick(dataset.availableMetrics)];
			if (next.chance(0.8)) {
				spec.filters = pick(1 + next.int(4)).map((column) => {
					const operator = next.pick(operators);
					return /in$/i.test(operator)
						? { column, operator, values: Array.from({ length: 1 + next.int(4) }, randomValue) }
						: { column, operator, value: randomValue() };
				});
			}
			if (next.chance(0.5))
				spec.orderBy = pick(1 + next.int(2)).map((column) => ({
					column,
					direction: next.pick([undefined, 'ASC', 'DESC']),
				}));
			if (next.chance(0.4)) spec.limit = 1 + next.int(100000);
			if (next.chance(0.6)) spec.timespan = next.pick(dataset.availableDateRanges);
			const values = (spec.filters ?? []).flatMap((filter) => filter.values ?? [filter.value]);
			if (values.some((value) => typeof value === 'string' && /[\u2018-\u201b]/.test(value))) {
				expect(() => buildQuery(spec)).toThrow(/typographic quote/);
				continue;
			}
			const { ast } = roundTrip(spec);
			expect(ast.where).toHaveLength(spec.filters ? spec.filters.length : 0);
			const codes = validateQuery(ast, DATASETS).map((problem) => problem.code);
			expect(codes.filter((code) => code !== 'mixed-list')).toEqual([]);
		}
	});
});
