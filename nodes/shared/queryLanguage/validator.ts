import {
	DOCUMENTED_TIMESPANS,
	type FilterCondition,
	type Identifier,
	type QueryAst,
	type SourceRange,
} from './ast';
import { formatValue } from './builder';
import { parseQuery } from './parser';
import { closestNames } from './suggest';

/**
 * Checks a parsed query against the dataset definitions of GET ScheduledDataset, and against the
 * rules the docs state in prose (no SELECT *, AND only, lists only with IN / NOT IN, LIMIT ≥ 1,
 * TIMESPAN from the dataset's availableDateRanges).
 *
 * Names match case-insensitively and the canonical casing is not enforced: the specification
 * says it "is completely case insensitive", and the documented system queries themselves write
 * `month`, `ResellerMpnid` or `estimatedcharges` against other casings.
 */

export interface DatasetDefinition {
	datasetName: string;
	selectableColumns?: string[];
	availableMetrics?: string[];
	availableDateRanges?: string[];
}

export type QueryProblemCode =
	| 'syntax'
	| 'unknown-dataset'
	| 'unknown-column'
	| 'select-star'
	| 'or-not-supported'
	| 'list-not-allowed'
	| 'list-required'
	| 'mixed-list'
	| 'invalid-limit'
	| 'unknown-timespan'
	| 'timespan-not-available';

export interface QueryProblem {
	code: QueryProblemCode;
	message: string;
	line: number;
	column: number;
	offset: number;
	length: number;
	/** A sentence telling how to fix it, e.g. "Did you mean 'OfferName'?". */
	suggestion?: string;
	/** Valid names close to the wrong one, best first (for quick fixes). */
	candidates?: string[];
}

/** Problems in the order they appear in the text; empty when the query is valid. */
export function validateQuery(
	ast: QueryAst,
	datasets: readonly DatasetDefinition[],
): QueryProblem[] {
	const problems: QueryProblem[] = [];
	const add = (
		code: QueryProblemCode,
		range: SourceRange,
		message: string,
		suggestion?: string,
		candidates?: string[],
	) => {
		const problem: QueryProblem = {
			code,
			message,
			line: range.start.line,
			column: range.start.column,
			offset: range.start.offset,
			length: range.end.offset - range.start.offset,
		};
		if (suggestion) problem.suggestion = suggestion;
		if (candidates?.length) problem.candidates = candidates;
		problems.push(problem);
	};

	const dataset = findDataset(ast.from.name, datasets);
	if (!dataset && datasets.length) {
		const names = datasets.map((definition) => definition.datasetName);
		const close = closestNames(ast.from.name, names);
		const suggestion = close.length
			? didYouMean(close)
			: `Available datasets: ${names.join(', ')}.`;
		add('unknown-dataset', ast.from.range, `Unknown dataset '${ast.from.name}'`, suggestion, close);
	}
	const names = dataset
		? [...(dataset.selectableColumns ?? []), ...(dataset.availableMetrics ?? [])]
		: [];
	const known = new Set(names.map((name) => name.toLowerCase()));
	const checkColumn = (identifier: Identifier) => {
		if (!dataset || known.has(identifier.name.toLowerCase())) return;
		const close = closestNames(identifier.name, names);
		const suggestion = close.length
			? didYouMean(close)
			: `See the selectableColumns and availableMetrics of ${dataset.datasetName}.`;
		add(
			'unknown-column',
			identifier.range,
			`Unknown column or metric '${identifier.name}' in dataset ${dataset.datasetName}`,
			suggestion,
			close,
		);
	};

	for (const item of ast.select) {
		if (item.type === 'Identifier') {
			checkColumn(item);
			continue;
		}
		const columns = dataset?.selectableColumns ?? [];
		const suggestion = columns.length
			? `Name the columns, e.g. SELECT ${columns.join(', ')} FROM ${dataset?.datasetName}`
			: 'Name the columns to export, separated by commas.';
		add(
			'select-star',
			item.range,
			'SELECT * is not supported: name the columns to export',
			suggestion,
		);
	}

	ast.where.forEach((condition, index) => {
		checkColumn(condition.column);
		checkCondition(condition, index > 0 ? ast.where[index - 1] : undefined, add);
	});

	for (const item of ast.orderBy) checkColumn(item.column);

	if (ast.limit && (!/^[0-9]+$/.test(ast.limit.raw) || ast.limit.value < 1)) {
		add(
			'invalid-limit',
			ast.limit.range,
			`LIMIT must be a whole number of rows, at least 1 (found ${ast.limit.raw})`,
		);
	}

	if (ast.timespan) {
		const ranges = dataset?.availableDateRanges?.length
			? dataset.availableDateRanges
			: [...DOCUMENTED_TIMESPANS];
		const written = ast.timespan.name.toUpperCase();
		if (!ranges.some((range) => range.toUpperCase() === written)) {
			const where = dataset?.availableDateRanges?.length ? ` for ${dataset.datasetName}` : '';
			const available = `Available${where}: ${ranges.join(', ')}.`;
			if ((DOCUMENTED_TIMESPANS as readonly string[]).includes(written)) {
				add(
					'timespan-not-available',
					ast.timespan.range,
					`TIMESPAN ${ast.timespan.name} is not available${where}`,
					available,
					[...ranges],
				);
			} else {
				const close = closestNames(ast.timespan.name, ranges);
				const suggestion = close.length ? `${didYouMean(close)} ${available}` : available;
				add(
					'unknown-timespan',
					ast.timespan.range,
					`Unknown timespan '${ast.timespan.name}'`,
					suggestion,
					close,
				);
			}
		}
	}

	return problems.sort((a, b) => a.offset - b.offset);
}

type AddProblem = (
	code: QueryProblemCode,
	range: SourceRange,
	message: string,
	suggestion?: string,
	candidates?: string[],
) => void;

function checkCondition(
	condition: FilterCondition,
	previous: FilterCondition | undefined,
	add: AddProblem,
): void {
	const { operator, value } = condition;
	if (condition.joinedBy?.keyword === 'OR') {
		let suggestion =
			'Run one query per alternative, or use IN (…) for several values of one column.';
		if (
			previous &&
			previous.column.name.toLowerCase() === condition.column.name.toLowerCase() &&
			previous.operator === '=' &&
			operator === '=' &&
			previous.value.type !== 'List' &&
			value.type !== 'List'
		) {
			suggestion = `Use ${previous.column.name} IN (${formatValue(previous.value.value)}, ${formatValue(value.value)}).`;
		}
		add(
			'or-not-supported',
			condition.joinedBy.range,
			'OR is not supported: conditions can only be joined with AND',
			suggestion,
		);
	}
	const takesList = operator === 'IN' || operator === 'NOT IN';
	if (value.type === 'List' && !takesList) {
		const instead = operator === '!=' ? 'NOT IN' : 'IN';
		add(
			'list-not-allowed',
			value.range,
			`A list of values is only allowed with IN or NOT IN, not with ${operator}`,
			operator === '=' || operator === '!='
				? `Use ${condition.column.name} ${instead} (…).`
				: 'Compare with a single value.',
		);
	}
	if (value.type !== 'List' && takesList) {
		const literal = value.type === 'String' ? formatValue(value.value) : value.raw;
		add(
			'list-required',
			value.range,
			`${operator} takes a list of values in parentheses`,
			`Write ${operator} (${literal}).`,
		);
	}
	if (value.type === 'List' && new Set(value.items.map((item) => item.type)).size > 1) {
		add(
			'mixed-list',
			value.range,
			'A list must hold only numbers or only strings',
			'Quote every value: values given as strings are converted to the type of the column.',
		);
	}
}

function findDataset(
	name: string,
	datasets: readonly DatasetDefinition[],
): DatasetDefinition | undefined {
	const lower = name.toLowerCase();
	return (
		datasets.find((definition) => definition.datasetName === name) ??
		datasets.find((definition) => String(definition.datasetName).toLowerCase() === lower)
	);
}

function didYouMean(names: string[]): string {
	return `Did you mean ${names.map((name) => `'${name}'`).join(' or ')}?`;
}

/** "Line 1, column 8: message. Suggestion" */
export function formatProblem(problem: {
	message: string;
	line: number;
	column: number;
	suggestion?: string;
}): string {
	const text = `Line ${problem.line}, column ${problem.column}: ${problem.message}`;
	return problem.suggestion ? `${text}. ${problem.suggestion}` : text;
}

/**
 * Parses and validates in one go: undefined when the query is fine, otherwise one message for the
 * user, one line per problem, each with its line, column and suggestion.
 */
export function checkQuery(
	text: string,
	datasets: readonly DatasetDefinition[],
): string | undefined {
	const parsed = parseQuery(text);
	if (!parsed.ok) return formatProblem(parsed.error);
	const problems = validateQuery(parsed.ast, datasets ?? []);
	return problems.length ? problems.map(formatProblem).join('\n') : undefined;
}
