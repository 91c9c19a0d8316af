/**
 * Syntax tree of Partner Center's report query language
 * (cmp/analytics-custom-query-specification.md, mpn/insights-programmatic-custom-query.md):
 *
 *   SELECT [DISTINCT] name (, name)* FROM dataset
 *   [WHERE condition (AND condition)*] [ORDER BY name [ASC|DESC] (, …)*] [LIMIT n] [TIMESPAN range]
 *
 * The tree keeps names as written (the language is case-insensitive) and keywords in upper case.
 * It also holds a few constructs that the language does not allow (`SELECT *`, `OR`, a list after
 * `=`, any number after LIMIT) so that the validator can point at them and say why.
 */

/** A place in the query text. `offset` counts UTF-16 code units from 0; line and column from 1. */
export interface SourcePosition {
	offset: number;
	line: number;
	column: number;
}

export interface SourceRange {
	start: SourcePosition;
	/** Just after the last character of the node. */
	end: SourcePosition;
}

export interface Identifier {
	type: 'Identifier';
	name: string;
	range: SourceRange;
}

/** `*` in the SELECT list: parsed only so that the validator can reject it with a reason. */
export interface SelectStar {
	type: 'Star';
	range: SourceRange;
}

export type SelectItem = Identifier | SelectStar;

export interface StringLiteral {
	type: 'String';
	/** The value with `''` already turned into `'`. */
	value: string;
	range: SourceRange;
}

export interface NumberLiteral {
	type: 'Number';
	value: number;
	/** The digits as written, e.g. `-12.50`. */
	raw: string;
	range: SourceRange;
}

export type ScalarValue = StringLiteral | NumberLiteral;

export interface ValueList {
	type: 'List';
	items: ScalarValue[];
	range: SourceRange;
}

export type FilterValue = ScalarValue | ValueList;

export const COMPARISON_OPERATORS = ['=', '>', '<', '>=', '<=', '!='] as const;
export const WORD_OPERATORS = ['LIKE', 'NOT LIKE', 'IN', 'NOT IN'] as const;
export const OPERATORS = [...COMPARISON_OPERATORS, ...WORD_OPERATORS] as const;
export type FilterOperator = (typeof OPERATORS)[number];

export interface FilterCondition {
	type: 'Condition';
	column: Identifier;
	operator: FilterOperator;
	operatorRange: SourceRange;
	value: FilterValue;
	/** The keyword before this condition; absent on the first one. Only AND is valid. */
	joinedBy?: { keyword: 'AND' | 'OR'; range: SourceRange };
	range: SourceRange;
}

export interface OrderItem {
	type: 'OrderItem';
	column: Identifier;
	/** As written; Partner Center defaults a missing direction to DESC (see effectiveDirection). */
	direction?: 'ASC' | 'DESC';
	range: SourceRange;
}

export interface LimitClause {
	type: 'Limit';
	value: number;
	raw: string;
	range: SourceRange;
}

export interface QueryAst {
	type: 'Query';
	distinct: boolean;
	select: SelectItem[];
	from: Identifier;
	/** Empty when there is no WHERE clause. */
	where: FilterCondition[];
	/** Empty when there is no ORDER BY clause. */
	orderBy: OrderItem[];
	limit?: LimitClause;
	timespan?: Identifier;
	range: SourceRange;
}

/** "If there is no ordering direction specified, it will be defaulted to DESC" (custom query spec). */
export function effectiveDirection(item: OrderItem): 'ASC' | 'DESC' {
	return item.direction ?? 'DESC';
}

/** The TIMESPAN values listed in the grammar; a dataset offers a subset (availableDateRanges). */
export const DOCUMENTED_TIMESPANS = [
	'TODAY',
	'YESTERDAY',
	'LAST_7_DAYS',
	'LAST_14_DAYS',
	'LAST_30_DAYS',
	'LAST_90_DAYS',
	'LAST_180_DAYS',
	'LAST_365_DAYS',
	'LAST_MONTH',
	'LAST_3_MONTHS',
	'LAST_6_MONTHS',
	'LAST_1_YEAR',
	'LIFETIME',
] as const;

/** Words that cannot be used as names (compared case-insensitively). */
export const RESERVED_WORDS = [
	'SELECT',
	'DISTINCT',
	'FROM',
	'WHERE',
	'AND',
	'OR',
	'NOT',
	'LIKE',
	'IN',
	'ORDER',
	'BY',
	'ASC',
	'DESC',
	'LIMIT',
	'TIMESPAN',
] as const;

const RESERVED = new Set<string>(RESERVED_WORDS);

export function isReservedWord(word: string): boolean {
	return RESERVED.has(word.toUpperCase());
}
