/**
 * Pages of a delimited file (helpers/csv/pages readRowPage): one tokenizer passes over the rows before a
 * page and reads the page's rows. Every page must equal the same slice of a full parse, for any
 * chunking, also on text that is not well-formed CSV.
 */
const {
	DelimitedTextParser,
	headerNames,
	rowMaker,
} = require('../../nodes/shared/helpers/csv/parse');
const { readRowPage } = require('../../nodes/shared/helpers/csv/pages');
const { DelimitedTokenizer, leadingBomRemover } = require('../../nodes/shared/helpers/csv/tokenizer');
const { TRICKY_CSV, seededRandom } = require('../fixtures/csvReference');

/** The reference: the whole text through the parser at once, rows keyed by the header. */
function fullParse(text, delimiter = ',') {
	const parser = new DelimitedTextParser(delimiter);
	const bytes = Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8');
	const [header, ...records] = [...parser.push(bytes), ...parser.end()];
	if (!header) return { columns: [], rows: [] };
	const columns = headerNames(header);
	return { columns, rows: records.map(rowMaker(columns)) };
}

function chunksOf(text, size) {
	const bytes = Buffer.from(text, 'utf8');
	const chunks = [];
	for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
	return chunks;
}

/** A page of `text` fed in chunks of `size` bytes: { columns, rows, hasMore } (and nextByte when asked for). */
async function page(text, { size = 7, delimiter = ',', ...options } = {}) {
	const {
		delimiter: _found,
		tail: _tail,
		...result
	} = await readRowPage(chunksOf(text, size), delimiter, options);
	return result;
}

const random = seededRandom;

const TRICKY = TRICKY_CSV;

/** The pieces random texts are made of: delimiters, quotes, line ends, a non-ASCII letter, nothing. */
const PIECES = ['a', ',', '\t', '"', '""', '\n', '\r\n', '\r', 'é', ''];

/**
 * 300 random texts (seeded): a header `h1<delimiter>h2<lineEnd>` (after a BOM now and then, when `bom`),
 * then PIECES. `walkRows(text, { delimiter, size, maxRows })` reads all the rows page by page; they must
 * be the rows of a full parse (texts the full parse refuses are passed over).
 */
async function walksMatchFullParse(seed, walkRows, { bom, lineEnd }) {
	const next = random(seed);
	for (let round = 0; round < 300; round++) {
		const delimiter = next() < 0.5 ? ',' : '\t';
		const start = bom && next() < 0.3 ? '\uFEFF' : '';
		const body = Array.from({ length: Math.floor(next() * 60) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
		const text = `${start}h1${delimiter}h2${lineEnd}${body}`;
		let reference;
		try {
			reference = fullParse(text, delimiter);
		} catch {
			continue;
		}
		const rows = await walkRows(text, { delimiter, size: 1 + Math.floor(next() * 9), maxRows: 1 + Math.floor(next() * 3) });
		expect({ text, rows }).toEqual({ text, rows: reference.rows });
	}
}

describe('readRowPage', () => {
	test.each([1, 2, 3, 5, 64])(
		'every page equals the slice of a full parse (chunks of %i bytes)',
		async (size) => {
			const { columns, rows } = fullParse(TRICKY);
			expect(rows).toHaveLength(7);
			for (let maxRows = 1; maxRows <= 8; maxRows++) {
				for (let startRow = 0; startRow <= 9; startRow++) {
					const result = await page(TRICKY, { size, startRow, maxRows });
					expect({ startRow, maxRows, ...result }).toEqual({
						startRow,
						maxRows,
						columns,
						rows: rows.slice(startRow, startRow + maxRows),
						hasMore: startRow + maxRows < rows.length,
					});
				}
			}
		},
	);

	test('agrees with the full parse on random text, well-formed or not, CSV and TSV', async () => {
		const next = random(4242);
		// PIECES and a second letter, a character outside the BMP and a space.
		const alphabet = [...PIECES, 'b', '😀', ' '];
		for (let round = 0; round < 400; round++) {
			const delimiter = next() < 0.5 ? ',' : '\t';
			let text = Array.from(
				{ length: Math.floor(next() * 40) },
				() => alphabet[Math.floor(next() * alphabet.length)],
			).join('');
			if (next() < 0.3) text = `\uFEFF${text}`;
			let reference;
			try {
				reference = fullParse(text, delimiter);
			} catch (error) {
				await expect(page(text, { delimiter, size: 3 })).rejects.toThrow(
					/ends inside a quoted field/,
				);
				continue;
			}
			const size = 1 + Math.floor(next() * 9);
			const startRow = Math.floor(next() * 5);
			const maxRows = 1 + Math.floor(next() * 4);
			const result = await page(text, { delimiter, size, startRow, maxRows });
			expect({ text, ...result }).toEqual({
				text,
				columns: reference.columns,
				rows: reference.rows.slice(startRow, startRow + maxRows),
				hasMore: startRow + maxRows < reference.rows.length,
			});
		}
	});

	test('a walk from page to page that resumes at nextByte reads every row once, also on random text', async () => {
		/** All pages of `text`, each resumed where the one before ended; the rows of each page. */
		async function walk(text, { delimiter = ',', size, maxRows }) {
			const pages = [];
			let startRow = 0;
			let resumeAt;
			for (;;) {
				const result = await page(text, {
					delimiter,
					size,
					startRow,
					maxRows,
					resumeAt,
					withNextByte: true,
				});
				pages.push(result.rows);
				if (!result.hasMore) return pages;
				expect(typeof result.nextByte).toBe('number');
				startRow += result.rows.length;
				resumeAt = result.nextByte;
			}
		}
		const { rows } = fullParse(TRICKY);
		for (const size of [1, 3, 64]) {
			for (const maxRows of [1, 2, 3, 7]) {
				expect((await walk(TRICKY, { size, maxRows })).flat()).toEqual(rows);
			}
		}
		await walksMatchFullParse(777, async (text, options) => (await walk(text, options)).flat(), { bom: true, lineEnd: '\n' });
	});

	test('from: each page reads on where the last one stopped (its tail, then the same source), every row once', async () => {
		/** The file from a page's tail on: the tail's bytes, then the rest of the shared iterator. */
		function* readOn(tail, iterator) {
			yield* tail;
			for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
		}
		async function walk(text, { delimiter = ',', size, maxRows }) {
			const iterator = chunksOf(text, size)[Symbol.iterator]();
			let source = { [Symbol.iterator]: () => iterator };
			let from;
			let startRow = 0;
			const rows = [];
			for (;;) {
				const result = await readRowPage(source, delimiter, {
					startRow,
					maxRows,
					from,
					withNextByte: true,
				});
				rows.push(...result.rows);
				if (!result.hasMore) return rows;
				startRow += result.rows.length;
				from = { columns: result.columns, byte: result.nextByte };
				source = readOn(result.tail, iterator);
			}
		}
		expect(await walk(TRICKY, { size: 3, maxRows: 2 })).toEqual(fullParse(TRICKY).rows);
		await walksMatchFullParse(99, walk, { bom: false, lineEnd: '\r\n' });
	});

	test('resumeAt passes over the bytes before it unread; a resumeAt inside the header is not used', async () => {
		const text = 'n\n' + Array.from({ length: 100 }, (_, i) => `${i}\n`).join('');
		const first = await page(text, { maxRows: 10, withNextByte: true });
		expect(first.nextByte).toBe(Buffer.byteLength('n\n0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n'));
		// A resumeAt says where row 10 starts: the rows come from there, whatever startRow's own count would be.
		const resumed = await page(text, { startRow: 10, maxRows: 2, resumeAt: first.nextByte });
		expect(resumed.rows).toEqual([{ n: '10' }, { n: '11' }]);
		expect((await page(text, { startRow: 10, maxRows: 2, resumeAt: 1 })).rows).toEqual([
			{ n: '10' },
			{ n: '11' },
		]);
		expect(await page(text, { startRow: 100, maxRows: 2, resumeAt: 10_000 })).toEqual({
			columns: ['n'],
			rows: [],
			hasMore: false,
		});
	});

	test('TSV, a BOM that is never part of the first column, an empty file', async () => {
		const tsv = '\uFEFFId\tName\n1\t"a\tb"\n2\tc\n';
		expect(await page(tsv, { delimiter: '\t', size: 1, startRow: 1 })).toEqual({
			columns: ['Id', 'Name'],
			rows: [{ Id: '2', Name: 'c' }],
			hasMore: false,
		});
		expect((await page(tsv, { delimiter: 'auto' })).columns).toEqual(['Id', 'Name']);
		expect((await page('a,b\tc\n1,2\n', { delimiter: 'auto' })).columns).toEqual(['a', 'b\tc']);
		expect(await page('')).toEqual({ columns: [], rows: [], hasMore: false });
		expect(await page('\uFEFF')).toEqual({ columns: [], rows: [], hasMore: false });
		expect(await page('only,header')).toEqual({
			columns: ['only', 'header'],
			rows: [],
			hasMore: false,
		});
	});

	test('stops reading once a row past the page was seen', async () => {
		let read = 0;
		async function* lines() {
			yield Buffer.from('n\n');
			for (let i = 0; i < 1000; i++) {
				read++;
				yield Buffer.from(`${i}\n`);
			}
		}
		const result = await readRowPage(lines(), ',', { startRow: 10, maxRows: 5 });
		expect(result.rows.map((row) => row.n)).toEqual(['10', '11', '12', '13', '14']);
		expect(result.hasMore).toBe(true);
		expect(read).toBe(16);
	});

	test('a start row past the end gives no rows and nothing more', async () => {
		expect(await page('a\n1\n2\n', { startRow: 2 })).toEqual({
			columns: ['a'],
			rows: [],
			hasMore: false,
		});
		expect(await page('a\n1\n2', { startRow: 99 })).toEqual({
			columns: ['a'],
			rows: [],
			hasMore: false,
		});
	});
});

describe('DelimitedTokenizer', () => {
	test('counts the records the parser finds, including the last one without a line break', () => {
		const tokenizer = new DelimitedTokenizer(',');
		for (const chunk of chunksOf(TRICKY.slice(1), 4))
			expect(tokenizer.scan(chunk, 0, Infinity)).toBe(-1);
		tokenizer.finish();
		expect(tokenizer.records).toBe(8);
	});

	test('answers the offset right after the wanted record', () => {
		const tokenizer = new DelimitedTokenizer(',');
		const bytes = Buffer.from('a,b\r\n"x\ny",1\r\nlast\n');
		expect(tokenizer.scan(bytes, 0, 1)).toBe(5);
		expect(tokenizer.scan(bytes, 5, 2)).toBe(14);
		expect(tokenizer.scan(bytes, 14, 3)).toBe(19);
	});
});

describe('leadingBomRemover', () => {
	test('drops a BOM split over chunks, and only a leading one', () => {
		const remove = leadingBomRemover();
		const out = [
			Buffer.from([0xef]),
			Buffer.from([0xbb]),
			Buffer.from([0xbf, 0x41, 0xef, 0xbb, 0xbf]),
		].map(remove);
		expect(Buffer.concat(out)).toEqual(Buffer.from([0x41, 0xef, 0xbb, 0xbf]));
		const other = leadingBomRemover();
		expect(Buffer.concat([Buffer.from([0xef, 0xbb]), Buffer.from('x')].map(other))).toEqual(
			Buffer.from([0xef, 0xbb, 0x78]),
		);
	});
});
