import { RecordBuilder, headerNames, rowMaker } from './parse';
import { DelimitedTokenizer, leadingBomRemover, toBuffer, type Delimiter } from './tokenizer';

export interface RowPage {
	/** The header's column names (empty for an empty file). */
	columns: string[];
	/** The page's rows, keyed by the column names. */
	rows: Array<Record<string, string>>;
	/** Whether the file has rows after the page. */
	hasMore: boolean;
	/** The delimiter read by (the one found, for `auto`). */
	delimiter: Delimiter;
	/**
	 * With `withNextByte`, when there are more rows: the byte offset (in the file without its BOM) at
	 * which the row after the page starts, to give back as `resumeAt` (or `from.byte`) for that row.
	 */
	nextByte?: number;
	/**
	 * With `nextByte`: the bytes from `nextByte` on that were read already. They, then the rest of the
	 * source's iterator (not ended by readRowPage), are the file from the next page on (`from`).
	 */
	tail?: Buffer[];
}

export interface RowPageOptions {
	/** The first data row of the page, 0-based. */
	startRow?: number;
	/** The page size. */
	maxRows?: number;
	/**
	 * The byte offset at which row `startRow` starts, an earlier page's `nextByte` for this file: the
	 * bytes before it are passed over without being looked at.
	 */
	resumeAt?: number;
	/**
	 * The source holds no header and starts with row `startRow`, at this byte of the file (an earlier
	 * page's `tail` and the rest of its source): the file read on where that page stopped.
	 */
	from?: { columns: string[]; byte: number };
	/** Find `nextByte` and `tail`. */
	withNextByte?: boolean;
}

/** Comma, unless the header line has more tabs than commas. */
function sniffDelimiter(bytes: Uint8Array): Delimiter {
	let commas = 0;
	let tabs = 0;
	for (let i = 0; i < bytes.length && bytes[i] !== 10 && bytes[i] !== 13; i++) {
		if (bytes[i] === 44) commas++;
		else if (bytes[i] === 9) tabs++;
	}
	return tabs > commas ? '\t' : ',';
}

/**
 * Reads one page of a delimited file as it streams by: the header, then `maxRows` rows from data row
 * `startRow` (0-based) on. One tokenizer reads the whole way: the rows before the page are passed over
 * without building fields, or not looked at from `resumeAt` on, or not in the source at all (`from`);
 * the page's rows are built (RecordBuilder), and reading stops as soon as one row past the page has
 * been seen. The source's iterator is not ended: the caller ends the stream, or reads on from `tail`.
 * A leading BOM is never part of the first column's name. `delimiter: 'auto'` takes the one the header
 * line uses most.
 */
export async function readRowPage(
	source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
	delimiter: Delimiter | 'auto',
	{ startRow = 0, maxRows = Infinity, resumeAt, from, withNextByte = false }: RowPageOptions = {},
): Promise<RowPage> {
	const removeBom = from ? toBuffer : leadingBomRemover();
	let tokenizer: DelimitedTokenizer | undefined;
	const builder = new RecordBuilder();
	let columns: string[] | undefined;
	/** Records (the header is record 1) when the page is full. */
	const pageFull = 1 + startRow + maxRows;
	/** Bytes (without the BOM) before the current chunk. */
	let position = 0;
	let nextByte: number | undefined;
	let tail: Buffer[] | undefined;
	const rows: Array<Record<string, string>> = [];
	/** Made once the columns are known (the header read, or given by `from`). */
	let makeRow: ((record: string[]) => Record<string, string>) | undefined;
	const takeRows = () => {
		makeRow ??= rowMaker(columns as string[]);
		for (const record of builder.take()) rows.push(makeRow(record));
	};
	/**
	 * header: reading the header; resume: passing over the bytes before `resumeAt`; skip: passing over
	 * the rows before the page; page: building the page's rows; more: looking for one row past the page.
	 */
	let phase: 'header' | 'resume' | 'skip' | 'page' | 'more' = 'header';
	/** A record boundary, `startRow` data rows after the header: the rows before it are counted, not read. */
	const startAtPage = () => {
		tokenizer = new DelimitedTokenizer(delimiter as Delimiter);
		tokenizer.records = 1 + startRow;
	};
	if (from) {
		if (delimiter === 'auto') throw new Error('readRowPage: "from" needs the delimiter');
		columns = from.columns;
		position = from.byte;
		startAtPage();
		phase = 'page';
	}

	// Driven by hand: a for-await loop would end the source when it stops early.
	const iterator =
		Symbol.asyncIterator in source
			? source[Symbol.asyncIterator]()
			: (source as Iterable<Uint8Array>)[Symbol.iterator]();
	let hasMore = false;
	for (;;) {
		const next = await iterator.next();
		if (next.done) break;
		const chunk = removeBom(toBuffer(next.value));
		if (chunk.length === 0) continue;
		/** Where chunk[0] is in the file. */
		const start = position;
		position += chunk.length;
		if (!tokenizer) {
			if (delimiter === 'auto') delimiter = sniffDelimiter(chunk);
			tokenizer = new DelimitedTokenizer(delimiter);
		}
		// A chunk after the one the page ended in: all of it comes after nextByte.
		if (phase === 'more' && tail) tail.push(chunk);
		let at = 0;
		if (phase === 'header') {
			at = builder.read(tokenizer, chunk, 0, 1);
			if (at === -1) continue;
			columns = headerNames(builder.take()[0]);
			// A resumeAt inside the header is no row's start: not used.
			phase = resumeAt !== undefined && resumeAt >= start + at ? 'resume' : 'skip';
		}
		if (phase === 'resume') {
			if ((resumeAt as number) >= position) continue;
			at = (resumeAt as number) - start;
			startAtPage();
			phase = 'page';
		}
		const reader = tokenizer as DelimitedTokenizer;
		if (phase === 'skip') {
			at = reader.scan(chunk, at, 1 + startRow);
			if (at === -1) continue;
			phase = 'page';
		}
		if (phase === 'page') {
			at = builder.read(reader, chunk, at, pageFull);
			takeRows();
			if (at === -1) continue;
			if (withNextByte) {
				nextByte = start + at;
				tail = [chunk.subarray(at)];
			}
			phase = 'more';
		}
		if (reader.scan(chunk, at, pageFull + 1) !== -1) {
			hasMore = true;
			break;
		}
	}
	if (!hasMore && tokenizer) {
		if (phase === 'header') {
			builder.finish(tokenizer);
			columns = headerNames(builder.take()[0] ?? []);
		} else if (phase === 'skip') {
			// A file cut inside a quoted field is refused here too.
			tokenizer.finish();
		} else if (phase === 'page') {
			builder.finish(tokenizer);
			takeRows();
		} else if (phase === 'more') {
			tokenizer.finish();
			hasMore = tokenizer.records > pageFull;
		}
	}
	return {
		columns: columns ?? [],
		rows,
		hasMore,
		delimiter: delimiter === 'auto' ? ',' : delimiter,
		...(hasMore && nextByte !== undefined ? { nextByte, tail } : {}),
	};
}
