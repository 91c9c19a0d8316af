/** Partner Center report query language: parse, validate against dataset definitions, build. */
export * from './ast';
export { parseQuery, type ParseResult, type QuerySyntaxError } from './parser';
export {
	checkQuery,
	formatProblem,
	validateQuery,
	type DatasetDefinition,
	type QueryProblem,
	type QueryProblemCode,
} from './validator';
export {
	buildQuery,
	formatNumber,
	formatValue,
	NAME_PATTERN,
	QueryBuildError,
	quoteString,
	type QueryFilterSpec,
	type QueryOrderSpec,
	type QuerySpec,
} from './builder';
export { closestNames } from './suggest';
