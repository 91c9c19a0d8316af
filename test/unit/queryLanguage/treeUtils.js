'use strict';
/** Helpers shared by the query-language tests. */

/** The tree without positions and number spellings: what "the same structure" means. */
function structure(ast) {
	return JSON.parse(
		JSON.stringify(ast, (key, value) =>
			key === 'range' || key === 'operatorRange' || key === 'raw' ? undefined : value,
		),
	);
}

/** The buildQuery() input that describes a parsed query. */
function specFromTree(ast) {
	const spec = {
		dataset: ast.from.name,
		columns: ast.select.map((item) => item.name),
		distinct: ast.distinct,
		filters: ast.where.map((condition) =>
			condition.value.type === 'List'
				? {
						column: condition.column.name,
						operator: condition.operator,
						values: condition.value.items.map((item) => item.value),
					}
				: { column: condition.column.name, operator: condition.operator, value: condition.value.value },
		),
		orderBy: ast.orderBy.map((item) =>
			item.direction ? { column: item.column.name, direction: item.direction } : { column: item.column.name },
		),
	};
	if (ast.limit) spec.limit = ast.limit.value;
	if (ast.timespan) spec.timespan = ast.timespan.name;
	return spec;
}

/** Line and column of an offset, computed naively (\r\n, \n and \r end a line). */
function lineColumn(text, offset) {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < offset; i++) {
		const char = text[i];
		if (char === '\r' && text[i + 1] === '\n') continue; // counted at the \n
		if (char === '\n' || char === '\r') {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, column: offset - lineStart + 1 };
}

/** Deterministic PRNG (mulberry32). */
function random(seed) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	next.int = (n) => Math.floor(next() * n);
	next.pick = (items) => items[next.int(items.length)];
	next.chance = (p) => next() < p;
	return next;
}

module.exports = { structure, specFromTree, lineColumn, random };
