import {
	COMPARISON_OPERATORS,
	DOCUMENTED_TIMESPANS,
	isReservedWord,
	OPERATORS,
	type FilterCondition,
	type FilterOperator,
	type FilterValue,
	type Identifier,
	type LimitClause,
	type NumberLiteral,
	type OrderItem,
	type QueryAst,
	type ScalarValue,
	type SelectItem,
	type SourceRange,
	type StringLiteral,
} from './ast';
import { LineMap, tokenize, type Token } from './tokenizer';

/**
 * Recursive-descent parser for the report query language (grammar in ast.ts). Keywords are
 * case-insensitive. It reads each token once and never backtracks, so time is linear in the text.
 * On the first error it stops and reports where, and what would have been accepted there.
 */

export interface QuerySyntaxError {
	message: string;
	/** 1-based. */
	line: number;
	/** 1-based, in UTF-16 code units. */
	column: number;
	/** 0-based offset into the text; equals the text length when the query ends too early. */
	offset: number;
	/** Length of the offending token (0 at the end of the text). */
	length: number;
	/** What would have been accepted at that point, e.g. `FROM`, `','`, `column or metric name`. */
	expected: string[];
}

export type ParseResult = { ok: true; ast: QueryAst } | { ok: false; error: QuerySyntaxError };

const CLAUSE_ORDER = ['SELECT', 'FROM', 'WHERE', 'ORDER BY', 'LIMIT', 'TIMESPAN'];
const VALUE_START = ['number', 'string', "'('"];
const COLUMN = 'column or metric name';

const UNSUPPORTED_WORDS: Record<string, string> = {
	GROUP:
		'GROUP BY is not supported: metrics are aggregated for every combination of the selected columns',
	HAVING: 'HAVING is not supported: filter with WHERE',
	JOIN: 'JOIN is not supported: a query reads a single dataset',
	UNION: 'UNION is not supported: a query reads a single dataset',
	OFFSET: 'OFFSET is not supported: use LIMIT',
	TOP: 'TOP is not supported: use LIMIT at the end of the query',
	BETWEEN: 'BETWEEN is not supported: use two conditions, e.g. Col >= 1 AND Col <= 9',
	IS: 'IS NULL / IS NOT NULL are not supported',
};

export function parseQuery(text: string): ParseResult {
	if (typeof text !== 'string') {
		const error: QuerySyntaxError = {
			message: 'The query must be text',
			line: 1,
			column: 1,
			offset: 0,
			length: 0,
			expected: ['SELECT'],
		};
		return { ok: false, error };
	}
	const parser = new Parser(text);
	const ast = parser.parse();
	if (ast) return { ok: true, ast };
	return { ok: false, error: parser.error as QuerySyntaxError };
}

/** Joins expected items for a message: `A`, `A or B`, `A, B or C`. */
export function listAlternatives(items: readonly string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Each parse method returns its node, or undefined after recording the error in `this.error`;
 * callers return undefined in turn, so the first error wins.
 */
class Parser {
	error?: QuerySyntaxError;

	private readonly tokens: Token[];

	private readonly lines: LineMap;

	private index = 0;

	constructor(text: string) {
		this.tokens = tokenize(text);
		this.lines = new LineMap(text);
	}

	parse(): QueryAst | undefined {
		const first = this.token;
		if (!this.isKeyword('SELECT')) {
			const message =
				first.kind === 'end' ? 'The query is empty; a query starts with SELECT' : undefined;
			return this.fail(['SELECT'], message);
		}
		this.advance();
		const distinct = this.isKeyword('DISTINCT');
		if (distinct) this.advance();
		const select = this.selectList(distinct);
		if (!select) return undefined;
		const from = this.name('dataset name');
		if (!from) return undefined;
		// each optional clause returns undefined both when absent and on error: this.error tells them apart
		const where = this.whereClause();
		if (this.error) return undefined;
		const orderBy = this.orderByClause();
		if (this.error) return undefined;
		const limit = this.limitClause();
		if (this.error) return undefined;
		const timespan = this.timespanClause();
		if (this.error) return undefined;

		const present = ['SELECT', 'FROM'];
		if (where) present.push('WHERE');
		if (orderBy) present.push('ORDER BY');
		if (limit) present.push('LIMIT');
		if (timespan) present.push('TIMESPAN');
		if (this.token.kind !== 'end') return this.failAfterClause(present, orderBy);

		return {
			type: 'Query',
			distinct,
			select,
			from,
			where: where ?? [],
			orderBy: orderBy ?? [],
			limit,
			timespan,
			range: this.range(first.start, this.tokens[this.index - 1].end),
		};
	}

	/** The SELECT list, up to and including FROM. */
	private selectList(distinct: boolean): SelectItem[] | undefined {
		const select: SelectItem[] = [];
		for (;;) {
			const item = this.selectItem(select.length === 0 && !distinct);
			if (!item) return undefined;
			select.push(item);
			if (this.isSymbol(',')) {
				this.advance();
			} else if (this.isKeyword('FROM')) {
				this.advance();
				return select;
			} else {
				return this.failAfterSelectItem(item);
			}
		}
	}

	private whereClause(): FilterCondition[] | undefined {
		if (!this.isKeyword('WHERE')) return undefined;
		this.advance();
		const where: FilterCondition[] = [];
		let joinedBy: FilterCondition['joinedBy'];
		for (;;) {
			const condition = this.condition(joinedBy);
			if (!condition) return undefined;
			where.push(condition);
			const keyword = this.isKeyword('AND') ? 'AND' : this.isKeyword('OR') ? 'OR' : undefined;
			if (!keyword) return where;
			const token = this.advance();
			joinedBy = { keyword, range: this.range(token.start, token.end) };
		}
	}

	private orderByClause(): OrderItem[] | undefined {
		if (!this.isKeyword('ORDER')) return undefined;
		this.advance();
		if (!this.isKeyword('BY')) return this.fail(['BY']);
		this.advance();
		const orderBy: OrderItem[] = [];
		for (;;) {
			const item = this.orderItem();
			if (!item) return undefined;
			orderBy.push(item);
			if (!this.isSymbol(',')) return orderBy;
			this.advance();
		}
	}

	private limitClause(): LimitClause | undefined {
		if (!this.isKeyword('LIMIT')) return undefined;
		this.advance();
		const token = this.token;
		if (token.kind !== 'number') {
			return this.fail(
				['number'],
				`LIMIT takes a number of rows, e.g. LIMIT 100, but found ${this.describe(token)}`,
			);
		}
		this.advance();
		return {
			type: 'Limit',
			value: Number(token.text),
			raw: token.text,
			range: this.range(token.start, token.end),
		};
	}

	private timespanClause(): Identifier | undefined {
		if (!this.isKeyword('TIMESPAN')) return undefined;
		this.advance();
		const token = this.token;
		if (token.kind !== 'word' || isReservedWord(token.text)) {
			const message = `Expected a timespan such as LAST_MONTH, LAST_6_MONTHS or LIFETIME but found ${this.describe(token)}`;
			return this.fail([...DOCUMENTED_TIMESPANS], message);
		}
		this.advance();
		return { type: 'Identifier', name: token.text, range: this.range(token.start, token.end) };
	}

	private selectItem(first: boolean): SelectItem | undefined {
		const token = this.token;
		if (this.isSymbol('*')) {
			this.advance();
			return { type: 'Star', range: this.range(token.start, token.end) };
		}
		if (first && this.isKeyword('FROM')) {
			return this.fail([COLUMN], 'Expected a column or metric name after SELECT but found FROM');
		}
		return this.name(COLUMN);
	}

	private failAfterSelectItem(item: SelectItem): undefined {
		const token = this.token;
		const expected = ["','", 'FROM'];
		if (this.isSymbol('(')) {
			return this.fail(
				expected,
				'Functions are not supported: select a metric by its name, it is aggregated for every combination of the selected columns',
			);
		}
		if (token.kind === 'word' && !isReservedWord(token.text) && item.type === 'Identifier') {
			return this.fail(
				expected,
				`Expected ',' or FROM but found '${token.text}': is a comma missing after '${item.name}'?`,
			);
		}
		return this.fail(expected);
	}

	/** Something follows the last clause read: say which clauses could still come. */
	private failAfterClause(present: string[], orderBy: OrderItem[] | undefined): undefined {
		const token = this.token;
		const last = present[present.length - 1];
		const expected: string[] = [];
		if (last === 'WHERE') expected.push('AND');
		if (last === 'ORDER BY' && orderBy) {
			expected.push("','");
			if (orderBy[orderBy.length - 1].direction === undefined) expected.push('ASC', 'DESC');
		}
		expected.push(...CLAUSE_ORDER.slice(CLAUSE_ORDER.indexOf(last) + 1), 'end of query');
		const stray = this.strayAfterString();
		if (stray) return this.fail(expected, stray);
		if (token.kind === 'word') {
			const word = token.text.toUpperCase();
			const clause = word === 'ORDER' ? 'ORDER BY' : word;
			if (CLAUSE_ORDER.includes(clause)) {
				const reason = present.includes(clause)
					? `${clause} appears twice`
					: `${clause} is out of place`;
				return this.fail(
					expected,
					`${reason}: the clauses go in the order ${CLAUSE_ORDER.join(', ')}`,
				);
			}
			if (UNSUPPORTED_WORDS[word]) return this.fail(expected, UNSUPPORTED_WORDS[word]);
			if (last === 'WHERE' && !isReservedWord(word)) {
				return this.fail(
					expected,
					`Expected AND before '${token.text}': conditions are joined with AND`,
				);
			}
		}
		return this.fail(expected);
	}

	private condition(joinedBy: FilterCondition['joinedBy']): FilterCondition | undefined {
		if (this.isSymbol('(')) {
			return this.fail(
				[COLUMN],
				'Parentheses around conditions are not supported: conditions are joined with AND only',
			);
		}
		const column = this.name(COLUMN);
		if (!column) return undefined;
		const operatorStart = this.token;
		const operator = this.operator();
		if (!operator) return undefined;
		const operatorRange = this.range(operatorStart.start, this.tokens[this.index - 1].end);
		const value = this.value();
		if (!value) return undefined;
		return {
			type: 'Condition',
			column,
			operator,
			operatorRange,
			value,
			joinedBy,
			range: this.range(column.range.start.offset, value.range.end.offset),
		};
	}

	private operator(): FilterOperator | undefined {
		const token = this.token;
		if (
			token.kind === 'symbol' &&
			(COMPARISON_OPERATORS as readonly string[]).includes(token.text)
		) {
			this.advance();
			return token.text as FilterOperator;
		}
		if (this.isKeyword('LIKE') || this.isKeyword('IN')) {
			this.advance();
			return token.text.toUpperCase() as FilterOperator;
		}
		if (this.isKeyword('NOT')) {
			this.advance();
			if (!this.isKeyword('LIKE') && !this.isKeyword('IN')) return this.fail(['LIKE', 'IN']);
			return `NOT ${this.advance().text.toUpperCase()}` as FilterOperator;
		}
		const word = token.kind === 'word' ? token.text.toUpperCase() : '';
		if (UNSUPPORTED_WORDS[word]) return this.fail([...OPERATORS], UNSUPPORTED_WORDS[word]);
		return this.fail(
			[...OPERATORS],
			`Expected an operator (${OPERATORS.join(' ')}) but found ${this.describe(token)}`,
		);
	}

	private value(): FilterValue | undefined {
		const open = this.token;
		if (!this.isSymbol('(')) return this.scalar(VALUE_START);
		this.advance();
		const items: ScalarValue[] = [];
		for (;;) {
			const item = this.scalar(['number', 'string']);
			if (!item) return undefined;
			items.push(item);
			if (this.isSymbol(',')) {
				this.advance();
				continue;
			}
			const close = this.token;
			if (!this.isSymbol(')')) return this.fail(["','", "')'"], this.strayAfterString());
			this.advance();
			return { type: 'List', items, range: this.range(open.start, close.end) };
		}
	}

	private scalar(expected: string[]): ScalarValue | undefined {
		const token = this.token;
		const range = this.range(token.start, token.end);
		if (token.kind === 'string') {
			this.advance();
			const literal: StringLiteral = { type: 'String', value: token.text, range };
			return literal;
		}
		if (token.kind === 'number') {
			this.advance();
			const literal: NumberLiteral = {
				type: 'Number',
				value: Number(token.text),
				raw: token.text,
				range,
			};
			return literal;
		}
		if (token.kind === 'word' && !isReservedWord(token.text)) {
			return this.fail(
				expected,
				`Expected a value but found '${token.text}': write text values between single quotes: '${token.text}'`,
			);
		}
		if (this.isSymbol('('))
			return this.fail(expected, 'Lists cannot be nested: expected a number or a string');
		return this.fail(
			expected,
			`Expected a value (a number, a 'string' or a list) but found ${this.describe(token)}`,
		);
	}

	private orderItem(): OrderItem | undefined {
		const column = this.name(COLUMN);
		if (!column) return undefined;
		let direction: OrderItem['direction'];
		let end = column.range.end.offset;
		if (this.isKeyword('ASC') || this.isKeyword('DESC')) {
			const token = this.advance();
			direction = token.text.toUpperCase() as 'ASC' | 'DESC';
			end = token.end;
		}
		return {
			type: 'OrderItem',
			column,
			direction,
			range: this.range(column.range.start.offset, end),
		};
	}

	/** `'it's'`: a word glued to the end of a string is most likely an unescaped quote. */
	private strayAfterString(): string | undefined {
		const previous = this.tokens[this.index - 1];
		const token = this.token;
		if (previous?.kind !== 'string' || token.kind !== 'word' || previous.end !== token.start)
			return undefined;
		return `Unexpected '${token.text}' right after ${this.describe(previous)}: write a quote inside a value twice, as in 'it''s'`;
	}

	/** A dataset, column or metric name: a word that is not a keyword. */
	private name(what: string): Identifier | undefined {
		const token = this.token;
		if (token.kind !== 'word' || isReservedWord(token.text)) {
			return this.fail([what], `Expected a ${what} but found ${this.describe(token)}`);
		}
		this.advance();
		return { type: 'Identifier', name: token.text, range: this.range(token.start, token.end) };
	}

	private get token(): Token {
		return this.tokens[this.index];
	}

	private advance(): Token {
		const token = this.tokens[this.index];
		if (token.kind !== 'end') this.index++;
		return token;
	}

	private isKeyword(keyword: string): boolean {
		const token = this.token;
		return (
			token.kind === 'word' &&
			token.text.length === keyword.length &&
			token.text.toUpperCase() === keyword
		);
	}

	private isSymbol(symbol: string): boolean {
		return this.token.kind === 'symbol' && this.token.text === symbol;
	}

	private range(start: number, end: number): SourceRange {
		return { start: this.lines.position(start), end: this.lines.position(end) };
	}

	private describe(token: Token): string {
		switch (token.kind) {
			case 'end':
				return 'the end of the query';
			case 'word':
				return isReservedWord(token.text) ? token.text.toUpperCase() : `'${token.text}'`;
			case 'string': {
				const shown = token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text;
				return `the string '${shown.replace(/'/g, "''")}'`;
			}
			case 'number':
				return `the number ${token.text}`;
			default:
				return `'${token.text}'`;
		}
	}

	/** Records the error at the current token (an invalid token brings its own message). */
	private fail(expected: string[], message?: string): undefined {
		const token = this.token;
		const text =
			token.kind === 'invalid'
				? (token.problem as string)
				: (message ?? `Expected ${listAlternatives(expected)} but found ${this.describe(token)}`);
		const position = this.lines.position(token.start);
		this.error = { message: text, ...position, length: token.end - token.start, expected };
		return undefined;
	}
}
