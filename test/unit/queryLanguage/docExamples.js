'use strict';
/**
 * The example queries of the public Partner Center analytics docs, from the committed fixture
 * test/fixtures/docExamples.json: each example with the page it is printed on (title, public
 * learn.microsoft.com address, which text of the page). The tests read only this file, so a clone of
 * the repository runs them with nothing beside it.
 *
 * What the fixture holds, per example:
 * - whole queries (kind query): fenced SELECT blocks, inline code and table cells reading SELECT … FROM,
 *   JSON "query" fields of request and response examples, and `exportQuery=` URL parameters (decoded);
 * - clause fragments of the two specification pages (kind select/from/where/orderBy), which
 *   completeFragment() below turns into whole queries over a dataset that has every column they name.
 *
 * The texts were normalised when collected: Markdown backslash escapes (`LAST\_MONTH`), bold markers,
 * <br> and backticks removed, typographic quotes (‘ ’ “ ”) made straight.
 */
const fs = require('fs');
const path = require('path');

const FIXTURE = path.join(__dirname, '../../fixtures/docExamples.json');
const KINDS = new Set(['query', 'select', 'from', 'where', 'orderBy']);

function loadFixture() {
	return JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
}

/**
 * The examples as the tests use them: { source, file, n, kind, family, text, title, url }. `file` is the
 * fixture's page key (e.g. cmp/analytics-sample-queries.md), `n` the example's place on that page.
 */
function extractExamples() {
	const { pages, examples } = loadFixture();
	return examples.map((example) => {
		const where = `docExamples.json: ${example.page} #${example.n}`;
		const page = pages[example.page];
		if (!page) throw new Error(`${where} names no entry of "pages"`);
		if (!KINDS.has(example.kind)) throw new Error(`${where} has kind ${example.kind}, not one of ${[...KINDS]}`);
		return {
			source: `${example.page} #${example.n}`,
			file: example.page,
			n: example.n,
			kind: example.kind,
			family: page.family,
			text: example.text,
			title: page.title,
			url: page.url,
		};
	});
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

module.exports = { extractExamples, completeFragment, loadFixture };
