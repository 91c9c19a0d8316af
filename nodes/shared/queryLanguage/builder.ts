import { isReservedWord, OPERATORS, type FilterOperator } from './ast';
import { QUOTE_LOOKALIKES } from './tokenizer';

/**
 * Builds query text from a structured description. Names are checked against a strict pattern and
 * values are always written as literals (strings quoted, `'` doubled), never pasted in raw, so a
 * value cannot change the shape of the query. The result always parses back to the same structure.
 */

export interface QueryFilterSpec {
	column: string;
	/** One of = > < >= <= != LIKE, NOT LIKE, IN, NOT IN (case and spacing of the words are free). */
	operator: string;
	/** The value, for every operator except IN and NOT IN. */
	value?: string | number;
	/** The values, for IN and NOT IN only. */
	values?: Array<string | number>;
}

export interface QueryOrderSpec {
	column: string;
	/** Leave out to use Partner Center's default, DESC. */
	direction?: 'ASC' | 'DESC';
}

export interface QuerySpec {
	dataset: string;
	columns: string[];
	/** Written after the columns. */
	metrics?: string[];
	distinct?: boolean;
	filters?: QueryFilterSpec[];
	orderBy?: QueryOrderSpec[];
	/** A whole number of rows, at least 1. */
	limit?: number;
	/** One of the dataset's availableDateRanges, e.g. LAST_MONTH. */
	timespan?: string;
}

export class QueryBuildError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'QueryBuildError';
	}
}

/** Dataset, column, metric and timespan names (they are all plain words in the docs). */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function buildQuery(spec: QuerySpec): string {
	if (!spec || typeof spec !== 'object')
		throw new QueryBuildError('The query description must be an object');
	const columns = [...list(spec.columns, 'columns'), ...list(spec.metrics, 'metrics')];
	if (!columns.length) throw new QueryBuildError('Select at least one column or metric');

	let text = spec.distinct ? 'SELECT DISTINCT ' : 'SELECT ';
	text += columns.map((column) => checkName(column, 'column')).join(', ');
	text += ` FROM ${checkName(spec.dataset, 'dataset')}`;

	const filters = list(spec.filters, 'filters');
	if (filters.length) text += ` WHERE ${filters.map(buildFilter).join(' AND ')}`;

	const orderBy = list(spec.orderBy, 'orderBy');
	if (orderBy.length) text += ` ORDER BY ${orderBy.map(buildOrder).join(', ')}`;

	if (spec.limit !== undefined) {
		if (typeof spec.limit !== 'number' || !Number.isSafeInteger(spec.limit) || spec.limit < 1) {
			throw new QueryBuildError(
				`The limit must be a whole number of rows, at least 1 (got ${String(spec.limit)})`,
			);
		}
		text += ` LIMIT ${spec.limit}`;
	}
	if (spec.timespan !== undefined) text += ` TIMESPAN ${checkName(spec.timespan, 'timespan')}`;
	return text;
}

/** A string literal: between single quotes, with each quote inside doubled. */
export function quoteString(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

/** A number as the grammar writes it (`-?[0-9]+(.[0-9]+)?`), without exponent notation. */
export function formatNumber(value: number): string {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new QueryBuildError(`A number value must be finite (got ${String(value)})`);
	}
	const text = String(value);
	if (!text.includes('e')) return text;
	// e.g. 1e21 or 1.5e-7: move the decimal point by the exponent
	const [mantissa, exponentText] = String(Math.abs(value)).split('e');
	const [whole, fraction = ''] = mantissa.split('.');
	const digits = whole + fraction;
	const point = whole.length + Number(exponentText);
	let plain: string;
	if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
	else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
	else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
	return value < 0 ? `-${plain}` : plain;
}

export function formatValue(value: string | number): string {
	if (typeof value === 'string') return quoteString(value);
	if (typeof value === 'number') return formatNumber(value);
	throw new QueryBuildError(
		`A value must be a string or a number (got ${value === null ? 'null' : typeof value})`,
	);
}

/** A filter value as a literal; a value holding a quote lookalike is refused rather than guessed at. */
function filterValue(value: string | number, column: string): string {
	const lookalike = typeof value === 'string' ? QUOTE_LOOKALIKES.exec(value) : null;
	if (lookalike) {
		const codePoint = lookalike[0].codePointAt(0)!.toString(16).toUpperCase();
		throw new QueryBuildError(
			`The value ${show(value)} of the filter on ${column} contains a typographic quote (${lookalike[0]} U+${codePoint}), which Partner Center may read as the end of the text: use a straight apostrophe (') instead, which is escaped`,
		);
	}
	return formatValue(value);
}

function buildFilter(filter: QueryFilterSpec, index: number): string {
	if (!filter || typeof filter !== 'object')
		throw new QueryBuildError(`Filter ${index + 1} must be an object`);
	const column = checkName(filter.column, 'column');
	const operator = normaliseOperator(filter.operator, column);
	if (operator === 'IN' || operator === 'NOT IN') {
		if (filter.value !== undefined) {
			throw new QueryBuildError(
				`The ${operator} filter on ${column} takes "values" (a list), not "value"`,
			);
		}
		const values = list(filter.values, `values of the filter on ${column}`);
		if (!values.length)
			throw new QueryBuildError(`The ${operator} filter on ${column} needs at least one value`);
		return `${column} ${operator} (${values.map((value) => filterValue(value, column)).join(', ')})`;
	}
	if (filter.values !== undefined) {
		throw new QueryBuildError(
			`Only IN and NOT IN take a list of values; the ${operator} filter on ${column} takes "value"`,
		);
	}
	if (filter.value === undefined)
		throw new QueryBuildError(`The ${operator} filter on ${column} needs a value`);
	return `${column} ${operator} ${filterValue(filter.value, column)}`;
}

function normaliseOperator(operator: string, column: string): FilterOperator {
	const normalised =
		typeof operator === 'string' ? operator.trim().replace(/\s+/g, ' ').toUpperCase() : '';
	if (!(OPERATORS as readonly string[]).includes(normalised)) {
		throw new QueryBuildError(
			`Unknown operator ${show(operator)} in the filter on ${column}; use one of ${OPERATORS.join(', ')}`,
		);
	}
	return normalised as FilterOperator;
}

function buildOrder(order: QueryOrderSpec, index: number): string {
	if (!order || typeof order !== 'object')
		throw new QueryBuildError(`Sort ${index + 1} must be an object`);
	const column = checkName(order.column, 'column');
	if (order.direction === undefined) return column;
	const direction = typeof order.direction === 'string' ? order.direction.toUpperCase() : '';
	if (direction !== 'ASC' && direction !== 'DESC') {
		throw new QueryBuildError(
			`The sort direction of ${column} must be ASC or DESC (got ${show(order.direction)})`,
		);
	}
	return `${column} ${direction}`;
}

function checkName(name: string, what: string): string {
	if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
		throw new QueryBuildError(
			`Invalid ${what} name ${show(name)}: use letters, digits and underscores, starting with a letter or an underscore`,
		);
	}
	if (isReservedWord(name)) {
		throw new QueryBuildError(
			`Invalid ${what} name "${name}": it is a keyword of the query language`,
		);
	}
	return name;
}

/** A value for an error message, cut short. */
function show(value: unknown): string {
	return typeof value === 'string'
		? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
		: String(value);
}

function list<T>(items: T[] | undefined, what: string): T[] {
	if (items === undefined) return [];
	if (!Array.isArray(items)) throw new QueryBuildError(`"${what}" must be a list`);
	return items;
}
