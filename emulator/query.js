'use strict';
/**
 * Parser/validator for the report query language of analytics-custom-query-specification.md (cmp) and
 * insights-programmatic-custom-query.md (mpn):
 *
 *   SELECT [DISTINCT] col (, col)* FROM Dataset [WHERE cond (AND cond)*] [ORDER BY col [ASC|DESC] (, …)*]
 *   [LIMIT n] [TIMESPAN range]
 *
 * "The specification is completely case insensitive." Errors carry the FAQ messages
 * (analytics-programmatic-faq.md / insights-programmatic-faq.md): "Invalid table name",
 * "Incorrect column name". Anything else that does not parse is reported as "Invalid query syntax"
 * ([inferred]: the docs give no message for grammar errors).
 */

const TIMESPANS = [
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
];

const KEYWORDS = new Set(['select', 'distinct', 'from', 'where', 'and', 'or', 'order', 'by', 'limit', 'timespan', 'asc', 'desc', 'like', 'not', 'in']);

/**
 * Values the FAQs name as the only allowed ones for a column. A filter with none of them "returns zero
 * results" (200 with an empty file): cmp FAQ `SKUBillingType = 'Paided'`, mpn FAQ
 * `IsDuplicateRowForPGA = 'False'` (allowed 0/1).
 */
const KNOWN_VALUES = {
	skubillingtype: ['paid', 'free'],
	isduplicaterowforpga: ['0', '1'],
};

class QueryError extends Error {
	constructor(message) {
		super(message);
		this.status = 400;
	}
}

function tokenize(text) {
	// The docs' samples use typographic quotes (‘…’, ’…’); accept them like ASCII quotes.
	const src = text.replace(/[\u2018\u2019\u201A\u201B]/g, "'");
	const tokens = [];
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (c === "'") {
			let j = i + 1;
			let value = '';
			for (;;) {
				if (j >= src.length) throw new QueryError('Invalid query syntax - unterminated string literal');
				if (src[j] === "'") {
					if (src[j + 1] === "'") {
						value += "'";
						j += 2;
						continue;
					}
					break;
				}
				value += src[j++];
			}
			tokens.push({ type: 'string', value });
			i = j + 1;
			continue;
		}
		const two = src.slice(i, i + 2);
		if (two === '>=' || two === '<=' || two === '!=' || two === '<>') {
			tokens.push({ type: 'op', value: two === '<>' ? '!=' : two });
			i += 2;
			continue;
		}
		if ('=<>'.includes(c)) {
			tokens.push({ type: 'op', value: c });
			i++;
			continue;
		}
		if (',()*'.includes(c)) {
			tokens.push({ type: 'punct', value: c });
			i++;
			continue;
		}
		const m = /^-?[0-9]+(\.[0-9]+)?(?![A-Za-z0-9_])/.exec(src.slice(i));
		if (m) {
			tokens.push({ type: 'number', value: m[0] });
			i += m[0].length;
			continue;
		}
		const w = /^[A-Za-z0-9_.\-%]+/.exec(src.slice(i));
		if (w) {
			const word = w[0];
			const isIdent = /^[A-Za-z_][A-Za-z0-9_]*$/.test(word);
			tokens.push({ type: isIdent ? 'ident' : 'word', value: word });
			i += word.length;
			continue;
		}
		throw new QueryError(`Invalid query syntax - unexpected character '${c}'`);
	}
	return tokens;
}

/**
 * Parses and validates `text` against `datasets` (array of catalogue entries).
 * Returns { text, dataset, columns, filters, orderBy, limit, timespan, distinct, emptyResult }.
 */
function parseQuery(text, datasets) {
	if (typeof text !== 'string' || !text.trim()) throw new QueryError('Null or missing value - Query');
	const tokens = tokenize(text);
	let p = 0;
	const peek = () => tokens[p];
	const isKw = (t, kw) => t && t.type === 'ident' && t.value.toLowerCase() === kw;
	const expectKw = (kw) => {
		if (!isKw(peek(), kw)) throw new QueryError(`Invalid query syntax - expected ${kw.toUpperCase()}`);
		p++;
	};

	expectKw('select');
	let distinct = false;
	if (isKw(peek(), 'distinct')) {
		distinct = true;
		p++;
	}
	const selected = [];
	for (;;) {
		const t = peek();
		if (!t) throw new QueryError('Invalid query syntax - expected FROM');
		if (t.type === 'punct' && t.value === '*') {
			// "SELECT *" is not in the grammar (analytics-custom-query-specification; public clients list columns).
			throw new QueryError("Incorrect column name - '*': SELECT * is not supported, list the columns explicitly");
		}
		if (t.type !== 'ident' || KEYWORDS.has(t.value.toLowerCase())) {
			throw new QueryError(`Incorrect column name - '${t.value}'`);
		}
		selected.push(t.value);
		p++;
		const n = peek();
		if (n && n.type === 'punct' && n.value === ',') {
			p++;
			continue;
		}
		if (isKw(n, 'from')) break;
		if (!n) throw new QueryError('Invalid query syntax - expected FROM');
		// Two names without a comma between them (e.g. "TrialDeployment EstimatedRevenueUSD").
		throw new QueryError(`Incorrect column name - '${t.value} ${n.value}'`);
	}
	expectKw('from');
	const dsTok = peek();
	if (!dsTok || (dsTok.type !== 'ident' && dsTok.type !== 'word')) throw new QueryError('Invalid table name - missing dataset name after FROM');
	p++;
	const dataset = datasets.find((d) => d.datasetName.toLowerCase() === dsTok.value.toLowerCase());
	if (!dataset) throw new QueryError(`Invalid table name - '${dsTok.value}' is not a dataset, call the Get all datasets API (ScheduledDataset)`);

	const lookup = new Map();
	for (const c of dataset.selectableColumns) lookup.set(c.toLowerCase(), { name: c, metric: false });
	for (const c of dataset.availableMetrics) lookup.set(c.toLowerCase(), { name: c, metric: true });
	const column = (name) => {
		const hit = lookup.get(String(name).toLowerCase());
		if (!hit) throw new QueryError(`Incorrect column name - '${name}' is not a column or metric of dataset ${dataset.datasetName}`);
		return hit.name;
	};

	const columns = [];
	for (const s of selected) {
		const c = column(s);
		if (!columns.includes(c)) columns.push(c);
	}

	const filters = [];
	const orderBy = [];
	let limit = null;
	let timespan = null;
	const seen = new Set();
	const readValue = () => {
		const t = peek();
		if (!t || !['string', 'number', 'ident', 'word'].includes(t.type)) throw new QueryError('Invalid query syntax - expected a value');
		p++;
		return t.value;
	};
	while (p < tokens.length) {
		const t = peek();
		const kw = t.type === 'ident' ? t.value.toLowerCase() : '';
		if (!['where', 'order', 'limit', 'timespan'].includes(kw)) {
			if (kw === 'or') throw new QueryError('Invalid query syntax - OR is not supported, filter conditions are joined with AND');
			throw new QueryError(`Invalid query syntax - unexpected '${t.value}'`);
		}
		if (seen.has(kw)) throw new QueryError(`Invalid query syntax - duplicate ${kw.toUpperCase()} clause`);
		seen.add(kw);
		p++;
		if (kw === 'where') {
			for (;;) {
				const c = peek();
				if (!c || c.type !== 'ident') throw new QueryError(`Incorrect column name - '${c ? c.value : ''}'`);
				p++;
				const col = column(c.value);
				let op;
				const o = peek();
				if (o && o.type === 'op') {
					op = o.value;
					p++;
				} else if (isKw(o, 'like')) {
					op = 'LIKE';
					p++;
				} else if (isKw(o, 'in')) {
					op = 'IN';
					p++;
				} else if (isKw(o, 'not')) {
					p++;
					if (isKw(peek(), 'like')) op = 'NOT LIKE';
					else if (isKw(peek(), 'in')) op = 'NOT IN';
					else throw new QueryError('Invalid query syntax - expected LIKE or IN after NOT');
					p++;
				} else {
					throw new QueryError(`Invalid query syntax - expected an operator after ${c.value}`);
				}
				let values;
				if (op === 'IN' || op === 'NOT IN') {
					const open = peek();
					if (!open || open.value !== '(') throw new QueryError('Invalid query syntax - expected ( after IN');
					p++;
					values = [];
					for (;;) {
						values.push(readValue());
						const n = peek();
						if (n && n.value === ',') {
							p++;
							continue;
						}
						if (n && n.value === ')') {
							p++;
							break;
						}
						throw new QueryError('Invalid query syntax - expected , or ) in value list');
					}
				} else {
					values = [readValue()];
				}
				filters.push({ column: col, op, values });
				if (isKw(peek(), 'and')) {
					p++;
					continue;
				}
				if (isKw(peek(), 'or')) throw new QueryError('Invalid query syntax - OR is not supported, filter conditions are joined with AND');
				break;
			}
		} else if (kw === 'order') {
			expectKw('by');
			for (;;) {
				const c = peek();
				if (!c || c.type !== 'ident') throw new QueryError(`Incorrect column name - '${c ? c.value : ''}'`);
				p++;
				const col = column(c.value);
				let dir = 'DESC'; // "If there is no ordering direction specified, it will be defaulted to DESC"
				if (isKw(peek(), 'asc') || isKw(peek(), 'desc')) {
					dir = peek().value.toUpperCase();
					p++;
				}
				orderBy.push({ column: col, dir });
				if (peek() && peek().value === ',') {
					p++;
					continue;
				}
				break;
			}
		} else if (kw === 'limit') {
			const n = peek();
			if (!n || n.type !== 'number' || !/^[0-9]+$/.test(n.value) || Number(n.value) < 1) {
				throw new QueryError('Invalid query syntax - LIMIT must be a positive nonzero integer');
			}
			limit = Number(n.value);
			p++;
		} else if (kw === 'timespan') {
			const n = peek();
			const v = n && String(n.value).toUpperCase();
			if (!v || !TIMESPANS.includes(v)) throw new QueryError(`Invalid query syntax - TIMESPAN must be one of ${TIMESPANS.join(', ')}`);
			timespan = v;
			p++;
		}
	}

	let emptyResult = false;
	for (const f of filters) {
		const allowed = KNOWN_VALUES[f.column.toLowerCase()];
		if (allowed && (f.op === '=' || f.op === 'IN') && !f.values.some((v) => allowed.includes(String(v).toLowerCase()))) {
			emptyResult = true;
		}
	}

	return {
		text: text.trim(),
		dataset: dataset.datasetName,
		columns,
		filters,
		orderBy,
		limit,
		timespan,
		distinct,
		emptyResult,
	};
}

module.exports = { parseQuery, QueryError, TIMESPANS };
