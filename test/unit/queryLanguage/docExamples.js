'use strict';
/**
 * Finds the example queries of the reference docs at test time (not copied into the tests):
 * every markdown page under reference/cmp and reference/mpn, and the seed documents.
 *
 * Sources of examples:
 * - fenced code blocks whose text starts with SELECT (mpn sample and system query pages);
 * - inline code spans and table cells starting with SELECT … FROM (cmp sample/system pages, spec tables);
 * - JSON "query"/"Query" fields (request and response examples);
 * - `exportQuery=` URL parameters (try-query examples, URL-decoded);
 * - the SELECT / DISTINCT / FROM / WHERE / ORDER BY sections of the two specification pages, whose
 *   bullet items and code blocks are clause fragments (kind select/from/where/orderBy), completed into
 *   whole queries by completeFragment().
 *
 * Markdown is normalised first: backslash escapes (`LAST\_MONTH`), bold markers, <br> and backticks
 * are removed, and typographic quotes (‘ ’ “ ”) become straight ones.
 */
const fs = require('fs');
const path = require('path');

function referenceDir() {
	const candidates = [path.resolve(__dirname, '../../../../shared/reference'), '/work/shared/reference'];
	const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'cmp')));
	if (!found) throw new Error(`reference docs not found in ${candidates.join(' or ')}`);
	return found;
}

function referenceFiles(root) {
	const files = [];
	for (const dir of ['cmp', 'mpn', 'seeds']) {
		for (const name of fs.readdirSync(path.join(root, dir)).sort()) files.push(`${dir}/${name}`);
	}
	return files;
}

function unescapeMarkdown(text) {
	return text
		.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1')
		.replace(/<br\s*\/?>/gi, ' ')
		.replace(/\*\*/g, '');
}

function straightenQuotes(text) {
	return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
}

const STARTS_WITH_SELECT = /^SELECT\b/i;
const HAS_FROM = /\bFROM\b/i;

/** Which API a file documents: decides the dataset catalogue its examples are checked against. */
function familyOf(file, content) {
	if (file.startsWith('cmp/')) return 'cmp';
	if (file.startsWith('mpn/')) return 'mpn';
	return /insights\/v1\/mpn|partner insights/i.test(content) ? 'mpn' : 'cmp';
}

function extractExamples() {
	const root = referenceDir();
	const examples = [];
	const seen = new Set();
	const add = (file, line, kind, raw, family, sourceLine = raw) => {
		const text = straightenQuotes(raw).trim();
		const key = `${file}:${line}:${kind}:${text}`;
		if (!text || seen.has(key)) return;
		seen.add(key);
		examples.push({ source: `${file}:${line}`, file, line, kind, family, sourceLine, text });
	};

	for (const file of referenceFiles(root)) {
		const content = fs.readFileSync(path.join(root, file), 'utf8');
		const family = familyOf(file, content);
		const lines = content.split(/\r?\n/);
		const isSpec = /custom-query/.test(file);
		let fence = null; // { start, lines } while inside a fenced block
		let section = null; // spec pages: the clause whose examples we are reading

		lines.forEach((rawLine, index) => {
			const lineNumber = index + 1;
			const line = unescapeMarkdown(rawLine);

			for (const match of line.matchAll(/"query"\s*:\s*"((?:[^"\\]|\\.)*)"/gi)) {
				const value = JSON.parse(`"${match[1]}"`);
				if (STARTS_WITH_SELECT.test(value.trim())) add(file, lineNumber, 'query', value, family, rawLine);
			}
			for (const match of line.matchAll(/exportQuery=([^'"&\s]+)/g)) {
				const value = decodeURIComponent(match[1]);
				if (STARTS_WITH_SELECT.test(value)) add(file, lineNumber, 'query', value, family);
			}

			if (/^\s*```/.test(line)) {
				if (fence) {
					const block = fence.lines.join('\n');
					if (STARTS_WITH_SELECT.test(block.trim())) {
						// the mpn spec shows two SELECT fragments in one block, separated by ';'
						for (const statement of block.split(/;\s*(?:\n|$)/)) {
							if (!statement.trim()) continue;
							const kind = HAS_FROM.test(statement) ? 'query' : 'select';
							add(file, fence.start, kind, statement, family);
						}
					}
					fence = null;
				} else {
					fence = { start: lineNumber + 1, lines: [] };
				}
				return;
			}
			if (fence) {
				fence.lines.push(line);
				return;
			}

			if (isSpec) {
				const heading = /^#{2,4}\s+(.*)$/.exec(line);
				if (heading) {
					const title = heading[1]
						.replace(/<a name="[^"]*"><\/a>/, '')
						.replace(/`/g, '')
						.trim()
						.toUpperCase();
					section =
						{ SELECT: 'select', DISTINCT: 'select', FROM: 'from', WHERE: 'where', 'ORDER BY': 'orderBy' }[title] ??
						null;
					return;
				}
				const bullet = /^\s*- (.*)$/.exec(line);
				if (section && bullet) {
					add(file, lineNumber, section, bullet[1].replace(/`/g, ''), family, rawLine);
					return;
				}
			}

			const candidates = [];
			for (const match of line.matchAll(/`([^`]+)`/g)) candidates.push(match[1]);
			if (/^\s*\|/.test(line)) candidates.push(...line.split('|').map((cell) => cell.replace(/`/g, '')));
			for (const candidate of candidates) {
				const value = candidate.trim().replace(/^"(.*)"$/, '$1');
				if (STARTS_WITH_SELECT.test(value) && HAS_FROM.test(value))
					add(file, lineNumber, 'query', value, family, rawLine);
			}
		});
	}
	return examples;
}

/**
 * Turns a clause fragment into { text, dataset }: a whole query over a dataset that has every column it names:
 * the first such dataset of the page's own API, else of the other one (the mpn specification page
 * copies some cmp filter examples, e.g. OrderQuantity=100).
 */
function completeFragment(example, catalogues, parseQuery) {
	const ordered = [...catalogues[example.family], ...catalogues[example.family === 'cmp' ? 'mpn' : 'cmp']];
	const hasAll = (dataset, names) => {
		const known = new Set([...dataset.selectableColumns, ...dataset.availableMetrics].map((n) => n.toLowerCase()));
		return names.every((name) => known.has(name.toLowerCase()));
	};
	const placeholder = 'PLACEHOLDER';
	let template;
	switch (example.kind) {
		case 'select':
			template = `${example.text} FROM ${placeholder}`;
			break;
		case 'from': {
			const name = /^FROM\s+(\w+)/i.exec(example.text)?.[1];
			const dataset = ordered.find((d) => d.datasetName.toLowerCase() === String(name).toLowerCase());
			return { text: `SELECT ${dataset ? dataset.selectableColumns[0] : 'x'} ${example.text}`, dataset: name };
		}
		case 'where':
			template = `SELECT COLUMN FROM ${placeholder} WHERE ${example.text}`;
			break;
		case 'orderBy':
			// the examples include the keywords: "ORDER BY CustomerName ASC, Month"
			template = `SELECT COLUMN FROM ${placeholder} ${example.text}`;
			break;
		default:
			return { text: example.text };
	}
	const parsed = parseQuery(template);
	if (!parsed.ok) return { text: template }; // the caller reports the syntax error
	const names = [
		...parsed.ast.select.filter((item) => item.type === 'Identifier').map((item) => item.name),
		...parsed.ast.where.map((condition) => condition.column.name),
		...parsed.ast.orderBy.map((item) => item.column.name),
	].filter((name) => name !== 'COLUMN');
	const dataset = ordered.find((d) => hasAll(d, names));
	const datasetName = dataset ? dataset.datasetName : placeholder;
	return { text: template.replace(placeholder, datasetName).replace('COLUMN', names[0]), dataset: datasetName };
}

module.exports = { extractExamples, completeFragment, referenceDir };
