/**
 * One reading of delimited text: for generated files, the counter (rowCount of a downloaded file), the
 * parser (Output: Rows) and File → Read Rows From File (pages of random sizes, read on from the kept
 * file as the operation does) must all find the rows the file was written with. The files mix what
 * real writers do: quoted delimiters and line breaks, doubled quotes, quotes left bare inside unquoted
 * fields, CR, LF and CRLF line ends, a BOM, empty lines, a last line without a line end, TSV.
 */
const { RecordCounter } = require('../../nodes/shared/helpers/csv/count');
const { DelimitedTextParser, headerNames, rowMaker } = require('../../nodes/shared/helpers/csv/parse');
const { readRowPage } = require('../../nodes/shared/helpers/csv/pages');
const { readOn } = require('../../nodes/PartnerCenterAnalytics/actions/file/openFiles');
const { seededRandom, TRICKY_VALUES } = require('../fixtures/csvReference');

const CASES = 600;

/** A value as a writer puts it in the file: quoted when it must be, a stray quote left bare or not. */
function written(value, delimiter, random) {
	const mustQuote =
		value.includes(delimiter) || /[\r\n]/.test(value) || value.startsWith('"') || value === '';
	if (mustQuote ? value !== '' || random() < 0.5 : value.includes('"') && random() < 0.5) {
		return `"${value.replace(/"/g, '""')}"`;
	}
	return value;
}

/** A generated file: its bytes, delimiter and the rows it was written with. */
function generate(random) {
	const pick = (list) => list[Math.floor(random() * list.length)];
	const delimiter = random() < 0.3 ? '\t' : ',';
	const width = 1 + Math.floor(random() * 4);
	const columns = Array.from({ length: width }, (_, i) => `col${i}`);
	const values = [...TRICKY_VALUES, 'x"y', '24" Premium', 'a""b', 'plain', '7', 'é 😀', ' ', ''];
	const rowCount = Math.floor(random() * 12);
	const rows = [];
	for (let r = 0; r < rowCount; r++) {
		const record = columns.map(() => pick(values));
		// A record of one empty field is an empty line, which is no row.
		if (width === 1 && record[0] === '') record[0] = 'z';
		rows.push(record);
	}
	const lineEnd = () => pick(['\n', '\r\n', '\r']);
	let text = random() < 0.3 ? '\uFEFF' : '';
	const lines = [columns, ...rows].map((record) =>
		record.map((value) => written(value, delimiter, random)).join(delimiter),
	);
	lines.forEach((line, i) => {
		text += line;
		const last = i === lines.length - 1;
		if (!last || random() < 0.6) text += lineEnd();
		// Empty lines between rows (after a line end, never glued to the last line).
		if (!last && random() < 0.15) text += lineEnd();
	});
	return {
		bytes: Buffer.from(text, 'utf8'),
		delimiter,
		text,
		rows: rows.map((record) => Object.fromEntries(columns.map((name, i) => [name, record[i]]))),
	};
}

function chunksOf(bytes, size) {
	const chunks = [];
	for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
	return chunks;
}

/** rowCount as File output of a download gives it: the counter over the bytes as they arrive (BOM kept). */
function counted(bytes, delimiter, size) {
	const counter = new RecordCounter(delimiter);
	for (const chunk of chunksOf(bytes, size)) counter.push(chunk);
	return Math.max(0, counter.total() - 1);
}

/** The rows of Output: Rows: the parser over the whole file (no BOM). */
function parsed(bytes, delimiter, size) {
	const parser = new DelimitedTextParser(delimiter);
	const records = [];
	for (const chunk of chunksOf(bytes, size)) records.push(...parser.push(chunk));
	records.push(...parser.end());
	const [header = [], ...data] = records;
	const columns = headerNames(header);
	return data.map(rowMaker(columns));
}

/**
 * Every page of Read Rows From File, as its loop reads them: each page reads on from the file the last
 * one left open (readOn over the kept tail and source), or, at random, from a fresh source that is
 * passed over up to the cursor's byte (another process); pages of random sizes.
 */
async function allPages(bytes, delimiter, size, random) {
	const rows = [];
	let open;
	let resumeAt;
	let startRow = 0;
	for (let guard = 0; guard < 1000; guard++) {
		const maxRows = 1 + Math.floor(random() * 4);
		const fresh = () => {
			const iterator = chunksOf(bytes, size)[Symbol.iterator]();
			return { columns: [], delimiter: ',', tail: [], iterator, close: () => undefined };
		};
		const readsOn = open && random() < 0.7;
		const source = readsOn ? open : fresh();
		const page = readsOn
			? await readRowPage(readOn(source), source.delimiter, {
					startRow,
					maxRows,
					from: { columns: source.columns, byte: resumeAt },
					withNextByte: true,
				})
			: await readRowPage(readOn(source), delimiter, {
					startRow,
					maxRows,
					resumeAt,
					withNextByte: true,
				});
		rows.push(...page.rows);
		if (!page.hasMore) return rows;
		startRow += page.rows.length;
		resumeAt = page.nextByte;
		open = { ...source, columns: page.columns, delimiter: page.delimiter, tail: page.tail };
	}
	throw new Error('pages never ended');
}

describe('counter, parser and pages agree on generated files', () => {
	test(`${CASES} seeded cases: rowCount = parsed rows = all pages joined = the rows written`, async () => {
		const random = seededRandom(20260523);
		/** Per reader: how many cases it got wrong, and the first of them. */
		const wrong = { rowCount: [], parsed: [], pages: [] };
		for (let n = 0; n < CASES; n++) {
			const file = generate(random);
			const size = 1 + Math.floor(random() * 16);
			const bom = file.text.startsWith('\uFEFF') ? 3 : 0;
			const got = {
				rowCount: counted(file.bytes, file.delimiter, size),
				parsed: parsed(file.bytes.subarray(bom), file.delimiter, size),
				pages: await allPages(file.bytes, file.delimiter, size, random),
			};
			const want = { rowCount: file.rows.length, parsed: file.rows, pages: file.rows };
			for (const reader of Object.keys(wrong)) {
				if (JSON.stringify(got[reader]) !== JSON.stringify(want[reader])) {
					wrong[reader].push({ case: n, text: file.text, size, got: got[reader], want: want[reader] });
				}
			}
		}
		const summary = Object.fromEntries(
			Object.entries(wrong).map(([reader, cases]) => [reader, { wrong: cases.length, first: cases[0] }]),
		);
		expect(summary).toEqual({
			rowCount: { wrong: 0, first: undefined },
			parsed: { wrong: 0, first: undefined },
			pages: { wrong: 0, first: undefined },
		});
	});
});
