/** The builder's operator values (words: n8n reads a value starting with "=" as an expression). */
export const FILTER_OPERATORS: Record<string, string> = {
	equals: '=',
	notEquals: '!=',
	greaterThan: '>',
	lessThan: '<',
	greaterOrEqual: '>=',
	lessOrEqual: '<=',
	like: 'LIKE',
	notLike: 'NOT LIKE',
	in: 'IN',
	notIn: 'NOT IN',
};
