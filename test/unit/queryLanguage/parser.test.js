'use strict';
const { parseQuery, effectiveDirection } = require('../../../nodes/shared/queryLanguage');
const { structure } = require('./treeUtils');

function parse(text) {
	const result = parseQuery(text);
	if (!result.ok)
		throw new Error(`unexpected error: ${result.error.message} at ${result.error.line}:${result.error.column}`);
	return result.ast;
}

function error(text) {
	const result = parseQuery(text);
	if (result.ok) throw new Error(`expected a syntax error for ${text}`);
	return result.error;
}

describe('parseQuery: accepted queries', () => {
	test('every clause, in a tree with names as written and keywords in upper case', () => {
		const ast = parse(
			"select distinct OfferName, NormalizedUsage from ISVUsage where OfferType not in ('SaaS', 'Azure Applications') " +
				"and NormalizedUsage >= 10.5 and CustomerName like '%Contoso%' order by NormalizedUsage asc, OfferName limit 10 timespan last_month",
		);
		expect(structure(ast)).toEqual({
			type: 'Query',
			distinct: true,
			select: [
				{ type: 'Identifier', name: 'OfferName' },
				{ type: 'Identifier', name: 'NormalizedUsage' },
			],
			from: { type: 'Identifier', name: 'ISVUsage' },
			where: [
				{
					type: 'Condition',
					column: { type: 'Identifier', name: 'OfferType' },
					operator: 'NOT IN',
					value: {
						type: 'List',
						items: [
							{ type: 'String', value: 'SaaS' },
							{ type: 'String', value: 'Azure Applications' },
						],
					},
				},
				{
					type: 'Condition',
					column: { type: 'Identifier', name: 'NormalizedUsage' },
					operator: '>=',
					value: { type: 'Number', value: 10.5 },
					joinedBy: { keyword: 'AND' },
				},
				{
					type: 'Condition',
					column: { type: 'Identifier', name: 'CustomerName' },
					operator: 'LIKE',
					value: { type: 'String', value: '%Contoso%' },
					joinedBy: { keyword: 'AND' },
				},
			],
			orderBy: [
				{ type: 'OrderItem', column: { type: 'Identifier', name: 'NormalizedUsage' }, direction: 'ASC' },
				{ type: 'OrderItem', column: { type: 'Identifier', name: 'OfferName' } },
			],
			limit: { type: 'Limit', value: 10 },
			timespan: { type: 'Identifier', name: 'last_month' },
		});
	});

	test('a missing ORDER BY direction is kept as missing; Partner Center reads it as DESC', () => {
		const ast = parse('SELECT a FROM X ORDER BY a, b ASC, c DESC');
		expect(ast.orderBy.map((item) => item.direction)).toEqual([undefined, 'ASC', 'DESC']);
		expect(ast.orderBy.map(effectiveDirection)).toEqual(['DESC', 'ASC', 'DESC']);
	});

	test('every operator', () => {
		const operators = ['=', '>', '<', '>=', '<=', '!=', 'LIKE', 'NOT LIKE', 'IN', 'NOT IN'];
		for (const operator of operators) {
			const value = operator.endsWith('IN') ? "('x')" : "'x'";
			expect(parse(`SELECT a FROM X WHERE b ${operator} ${value}`).where[0].operator).toBe(operator);
		}
		expect(parse("SELECT a FROM X WHERE b>=1 AND c!='x' AND d<2").where.map((c) => c.operator)).toEqual([
			'>=',
			'!=',
			'<',
		]);
		expect(parse("SELECT a FROM X WHERE b nOt   LiKe 'x'").where[0].operator).toBe('NOT LIKE');
	});

	test("strings: '' is a quote; spaces, %, dates, backslashes, double quotes and line breaks are literal", () => {
		const values = [
			["'it''s'", "it's"],
			["''", ''],
			["''''", "'"],
			["'Billed Through Azure'", 'Billed Through Azure'],
			["'%Contosso%'", '%Contosso%'],
			["'2020-06-30'", '2020-06-30'],
			["' 0f8b7fa0-eb83'", ' 0f8b7fa0-eb83'],
			["'C:\\path\\'", 'C:\\path\\'],
			['\'say "hi"\'', 'say "hi"'],
			["'two\nlines'", 'two\nlines'],
			["'x AND y OR z)'", 'x AND y OR z)'],
			["'Zürich 東京 😀'", 'Zürich 東京 😀'],
		];
		for (const [literal, value] of values) {
			expect(parse(`SELECT a FROM X WHERE b = ${literal}`).where[0].value).toMatchObject({ type: 'String', value });
		}
	});

	test('numbers follow the grammar -?[0-9]+(.[0-9]+)? and keep their spelling', () => {
		const ast = parse('SELECT a FROM X WHERE b IN (0, -12.50, 007, 123456789012345678901234567890)');
		expect(ast.where[0].value.items.map((item) => [item.value, item.raw])).toEqual([
			[0, '0'],
			[-12.5, '-12.50'],
			[7, '007'],
			[123456789012345678901234567890, '123456789012345678901234567890'],
		]);
	});

	test('whitespace of any kind between tokens, none needed around symbols', () => {
		const compact = parse("SELECT a,b FROM X WHERE c='x'AND d IN('y','z')ORDER BY a LIMIT 5");
		const spread = parse(
			"\r\n\tSELECT\ta ,\n b\fFROM\vX\r\nWHERE c = 'x' AND d IN ( 'y' , 'z' )\nORDER BY a\nLIMIT 5\n",
		);
		expect(structure(spread)).toEqual(structure(compact));
	});

	test('positions are 1-based line/column with \\n, \\r\\n and \\r line breaks; offsets are 0-based', () => {
		const ast = parse("SELECT a\r\nFROM X\rWHERE\n  b = 'x'");
		expect(ast.from.range.start).toEqual({ offset: 15, line: 2, column: 6 });
		expect(ast.where[0].column.range.start).toEqual({ offset: 25, line: 4, column: 3 });
		expect(ast.where[0].value.range).toEqual({
			start: { offset: 29, line: 4, column: 7 },
			end: { offset: 32, line: 4, column: 10 },
		});
		expect(ast.range.start.offset).toBe(0);
		expect(ast.range.end.offset).toBe(32);
	});

	test('constructs the language does not allow still parse, so the validator can explain them', () => {
		const ast = parse("SELECT *, a FROM X WHERE b = ('x', 'y') OR c IN 'z' LIMIT 0");
		expect(ast.select[0].type).toBe('Star');
		expect(ast.where[0].value.type).toBe('List');
		expect(ast.where[1].joinedBy.keyword).toBe('OR');
		expect(ast.where[1].value.type).toBe('String');
		expect(ast.limit.value).toBe(0);
		expect(parse('SELECT a FROM X LIMIT -1.5').limit).toMatchObject({ value: -1.5, raw: '-1.5' });
	});

	test('names may look like timespans or contain digits and underscores', () => {
		const ast = parse('SELECT PGA_MPNId, D365BCCluster, _x FROM TeamsUsage3PApps TIMESPAN LAST_6_MONTHS');
		expect(ast.select.map((item) => item.name)).toEqual(['PGA_MPNId', 'D365BCCluster', '_x']);
	});
});

describe('parseQuery: errors say where and what was expected', () => {
	const cases = [
		// [query, line, column, expected (subset), message (substring)]
		['', 1, 1, ['SELECT'], 'empty; a query starts with SELECT'],
		['   \n  ', 2, 3, ['SELECT'], 'empty'],
		['SELEC a FROM X', 1, 1, ['SELECT'], "found 'SELEC'"],
		['SELECT FROM X', 1, 8, ['column or metric name'], 'after SELECT'],
		['SELECT a FROM', 1, 14, ['dataset name'], 'end of the query'],
		['SELECT a, FROM X', 1, 11, ['column or metric name'], 'found FROM'],
		['SELECT a b FROM X', 1, 10, ["','", 'FROM'], "comma missing after 'a'"],
		['SELECT COUNT(a) FROM X', 1, 13, ["','", 'FROM'], 'Functions are not supported'],
		['SELECT a FROM X Y', 1, 17, ['WHERE', 'ORDER BY', 'LIMIT', 'TIMESPAN', 'end of query'], "found 'Y'"],
		['SELECT a FROM X WHERE', 1, 22, ['column or metric name'], 'end of the query'],
		['SELECT a FROM X WHERE b', 1, 24, ['=', 'NOT IN'], 'operator'],
		['SELECT a FROM X WHERE b = ', 1, 27, ['number', 'string', "'('"], 'end of the query'],
		['SELECT a FROM X WHERE b = c', 1, 27, ['number', 'string'], "between single quotes: 'c'"],
		['SELECT a FROM X WHERE b NOT = 1', 1, 29, ['LIKE', 'IN'], "found '='"],
		['SELECT a FROM X WHERE b IN (1, )', 1, 32, ['number', 'string'], "found ')'"],
		['SELECT a FROM X WHERE b IN (1 2)', 1, 31, ["','", "')'"], 'the number 2'],
		['SELECT a FROM X WHERE b IN ((1))', 1, 29, ['number', 'string'], 'cannot be nested'],
		['SELECT a FROM X WHERE b IN (1', 1, 30, ["','", "')'"], 'end of the query'],
		['SELECT a FROM X WHERE (b = 1)', 1, 23, ['column or metric name'], 'Parentheses around conditions'],
		['SELECT a FROM X WHERE b = 1 c = 2', 1, 29, ['AND', 'end of query'], 'Expected AND before'],
		['SELECT a FROM X WHERE b = 1 WHERE c = 2', 1, 29, ['AND'], 'WHERE appears twice'],
		['SELECT a FROM X WHERE b BETWEEN 1 AND 2', 1, 25, ['='], 'BETWEEN is not supported'],
		['SELECT a FROM X GROUP BY a', 1, 17, ['WHERE'], 'GROUP BY is not supported'],
		['SELECT a FROM X ORDER a', 1, 23, ['BY'], "found 'a'"],
		['SELECT a FROM X ORDER BY a ASC DESC', 1, 32, ["','", 'LIMIT', 'TIMESPAN'], 'found DESC'],
		['SELECT a FROM X LIMIT ten', 1, 23, ['number'], 'LIMIT takes a number'],
		['SELECT a FROM X TIMESPAN', 1, 25, ['LAST_MONTH', 'LIFETIME'], 'timespan'],
		["SELECT a FROM X TIMESPAN 'LAST_MONTH'", 1, 26, ['LAST_MONTH'], 'timespan'],
		['SELECT a FROM X TIMESPAN LAST_MONTH LIMIT 5', 1, 37, ['end of query'], 'LIMIT is out of place'],
		['SELECT a FROM X LIMIT 5 ORDER BY a', 1, 25, ['TIMESPAN', 'end of query'], 'ORDER BY is out of place'],
		['SELECT a FROM X;', 1, 16, ['WHERE'], 'without a semicolon'],
		['SELECT a FROM X WHERE b = "x"', 1, 27, ['number', 'string'], 'single quotes'],
		['SELECT a FROM X WHERE b = \u2018x\u2019', 1, 27, ['number', 'string'], 'Typographic quote'],
		["SELECT a FROM X WHERE b = 'x", 1, 27, ['number', 'string'], 'Unterminated string'],
		["SELECT a FROM X WHERE b = 'O\u2019Brien'", 1, 29, ['number', 'string'], 'inside a string: Partner Center may read it as the end'],
		["SELECT a FROM X WHERE b IN ('a', '\u2018b')", 1, 35, ['number', 'string'], "two straight quotes ('')"],
		["SELECT a FROM X\nWHERE b = 'it's'", 2, 15, ['AND', 'end of query'], 'write a quote inside a value twice'],
		["SELECT a FROM X WHERE b IN ('it's')", 1, 33, ["','", "')'"], 'write a quote inside a value twice'],
		['SELECT a FROM X WHERE b <> 1', 1, 25, ['!='], 'use !='],
		['SELECT a FROM X WHERE b == 1', 1, 25, ['='], 'use ='],
		['SELECT a FROM X WHERE b = 1.', 1, 27, ['number'], 'digit after the decimal point'],
		['SELECT a FROM X WHERE b = .5', 1, 27, ['number'], "Unexpected character '.'"],
		['SELECT a FROM X WHERE b = 2020-06-30', 1, 27, ['number'], "'2020-06-30' is not a number"],
		['SELECT a FROM X WHERE b = 6096xxx', 1, 27, ['number'], "quotes: '6096xxx'"],
		['SELECT a FROM X WHERE b = - 1', 1, 27, ['number'], "Unexpected character '-'"],
		['SELECT `a` FROM X', 1, 8, ['column or metric name'], 'backquote'],
		['SELECT [a] FROM X', 1, 8, ['column or metric name'], "Unexpected character '['"],
		['SELECT a\u00a0FROM X', 1, 9, ["','", 'FROM'], 'non-breaking space'],
		['SELECT \u00e9 FROM X', 1, 8, ['column or metric name'], 'U+00E9'],
		['SELECT a FROM X WHERE b = \u{1F600}', 1, 27, ['number'], 'U+1F600'],
		['SELECT a FROM X WHERE b = \u0000', 1, 27, ['number'], 'U+0000'],
		['SELECT a\r\nFROM X\r\nWHERE b = 1 OR', 3, 15, ['column or metric name'], 'end of the query'],
	];

	test.each(cases)('%j → line %i, column %i', (query, line, column, expected, message) => {
		const problem = error(query);
		expect(problem).toMatchObject({ line, column });
		expect(problem.expected).toEqual(expect.arrayContaining(expected));
		expect(problem.message).toContain(message);
		expect(problem.offset).toBeGreaterThanOrEqual(0);
		expect(problem.offset).toBeLessThanOrEqual(query.length);
		expect(problem.length).toBeGreaterThanOrEqual(0);
	});

	test('the first error wins, even when a later one is lexical', () => {
		expect(error("SELECT FROM X WHERE b = 'x")).toMatchObject({ column: 8 });
	});

	test('an unterminated string spans to the end of the text', () => {
		expect(error("SELECT a FROM X WHERE b = 'abc")).toMatchObject({ offset: 26, length: 4 });
	});

	test('a non-string input is rejected, not thrown', () => {
		for (const value of [undefined, null, 42, {}]) expect(parseQuery(value).ok).toBe(false);
	});
});
