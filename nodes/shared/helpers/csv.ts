const UNTERMINATED_QUOTE = 'The file ends inside a quoted field: it is incomplete or not valid CSV';

/**
 * Incremental RFC 4180 parsing for report files, fed chunk by chunk so a file is never held whole:
 * quoted fields may hold delimiters, doubled quotes and line breaks (CRLF or LF). TSV follows the
 * same rules with a tab.
 */
export class DelimitedTextParser {
	private readonly delimiter: number;

	private field = '';

	private record: string[] = [];

	private inQuotes = false;

	/** A quote ended the last chunk inside a quoted field: the next character decides what it was. */
	private quotePending = false;

	private fieldStart = true;

	private skipLineFeed = false;

	constructor(delimiter: ',' | '\t') {
		this.delimiter = delimiter.charCodeAt(0);
	}

	/** Parses one chunk of text; returns the records completed by it. */
	push(text: string): string[][] {
		const records: string[][] = [];
		const length = text.length;
		let i = 0;
		if (this.skipLineFeed && length > 0) {
			this.skipLineFeed = false;
			if (text.charCodeAt(0) === 10) i = 1;
		}
		if (this.quotePending && i < length) {
			this.quotePending = false;
			if (text.charCodeAt(i) === 34) {
				this.field += '"';
				i++;
			} else {
				this.inQuotes = false;
			}
		}
		while (i < length) {
			if (this.inQuotes) {
				const quote = text.indexOf('"', i);
				if (quote === -1) {
					this.field += text.slice(i);
					break;
				}
				this.field += text.slice(i, quote);
				i = quote + 1;
				if (i === length) {
					this.quotePending = true;
					break;
				}
				if (text.charCodeAt(i) === 34) {
					this.field += '"';
					i++;
				} else {
					this.inQuotes = false;
				}
				continue;
			}
			if (this.fieldStart && text.charCodeAt(i) === 34) {
				this.inQuotes = true;
				this.fieldStart = false;
				i++;
				continue;
			}
			let end = i;
			let code = 0;
			while (end < length) {
				code = text.charCodeAt(end);
				if (code === this.delimiter || code === 10 || code === 13) break;
				end++;
			}
			if (end > i) {
				this.field += text.slice(i, end);
				this.fieldStart = false;
			}
			if (end === length) break;
			i = end + 1;
			if (code === this.delimiter) {
				this.record.push(this.field);
				this.field = '';
				this.fieldStart = true;
				continue;
			}
			if (code === 13) {
				if (i < length) {
					if (text.charCodeAt(i) === 10) i++;
				} else {
					this.skipLineFeed = true;
				}
			}
			const record = this.finishRecord();
			if (record) records.push(record);
		}
		return records;
	}

	/** Completes the last record of a file that does not end with a line break. */
	end(): string[][] {
		if (this.inQuotes && !this.quotePending) {
			throw new Error(UNTERMINATED_QUOTE);
		}
		this.quotePending = false;
		this.inQuotes = false;
		const record = this.finishRecord();
		return record ? [record] : [];
	}

	private finishRecord(): string[] | undefined {
		this.record.push(this.field);
		const record = this.record;
		this.record = [];
		this.field = '';
		this.fieldStart = true;
		// A blank line is not a record.
		return record.length === 1 && record[0] === '' ? undefined : record;
	}
}

/** Column names from a header row, made unique and never empty. */
export function headerNames(header: string[]): string[] {
	const seen = new Map<string, number>();
	return header.map((raw, index) => {
		const base = raw.trim() === '' ? `column_${index + 1}` : raw;
		const count = (seen.get(base) ?? 0) + 1;
		seen.set(base, count);
		return count === 1 ? base : `${base}_${count}`;
	});
}

export function recordToObject(columns: string[], record: string[]): Record<string, string> {
	const row: Record<string, string> = {};
	for (let i = 0; i < columns.length; i++) row[columns[i]] = record[i] ?? '';
	for (let i = columns.length; i < record.length; i++) row[`column_${i + 1}`] = record[i];
	return row;
}

/**
 * Counts the records of a delimited file from its bytes, without decoding: only quotes and line
 * feeds matter, and both are single bytes in UTF-8. It jumps between them with indexOf, which is
 * several times faster than looking at every byte in JavaScript.
 */
export class RecordCounter {
	private inQuotes = false;

	private lineHasContent = false;

	records = 0;

	push(chunk: Uint8Array): void {
		const bytes = Buffer.isBuffer(chunk)
			? chunk
			: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		const length = bytes.length;
		let inQuotes = this.inQuotes;
		let hasContent = this.lineHasContent;
		let records = this.records;
		// Position of the next quote at or after i; -2 until looked up, -1 when there is none.
		let nextQuote = -2;
		let i = 0;
		while (i < length) {
			if (inQuotes) {
				const close = bytes.indexOf(34, i);
				hasContent = true;
				if (close === -1) break;
				inQuotes = false;
				i = close + 1;
				nextQuote = -2;
				continue;
			}
			if (nextQuote !== -1 && nextQuote < i) nextQuote = bytes.indexOf(34, i);
			const lineFeed = bytes.indexOf(10, i);
			const end = lineFeed === -1 ? length : lineFeed;
			if (nextQuote !== -1 && nextQuote < end) {
				inQuotes = true;
				hasContent = true;
				i = nextQuote + 1;
				continue;
			}
			// No quote before the line feed: the line has content unless it holds only carriage returns.
			for (let k = i; !hasContent && k < end; k++) if (bytes[k] !== 13) hasContent = true;
			if (lineFeed === -1) break;
			if (hasContent) records++;
			hasContent = false;
			i = lineFeed + 1;
		}
		this.inQuotes = inQuotes;
		this.lineHasContent = hasContent;
		this.records = records;
	}

	/** Records in the whole file, the last one counted even without a final line break. */
	total(): number {
		return this.records + (this.lineHasContent ? 1 : 0);
	}
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Drops a leading UTF-8 BOM from a file that arrives in chunks, however the chunks split it. Call the
 * function it returns on every chunk, in order.
 */
export function leadingBomRemover(): (chunk: Buffer) => Buffer {
	let head: Buffer | undefined = Buffer.alloc(0);
	return (chunk) => {
		if (!head) return chunk;
		const joined = head.length ? Buffer.concat([head, chunk]) : chunk;
		if (joined.length < 3 && UTF8_BOM.subarray(0, joined.length).equals(joined)) {
			head = joined;
			return Buffer.alloc(0);
		}
		head = undefined;
		return joined.subarray(0, 3).equals(UTF8_BOM) ? joined.subarray(3) : joined;
	};
}

/**
 * Finds where records end in the bytes of a delimited file, by the rules of DelimitedTextParser
 * (quotes open only at the start of a field, CR, LF or CRLF end a record outside quotes, a blank
 * line is no record), without decoding the text or building fields: rows before a page are skipped
 * with it. Only ASCII bytes matter, and in UTF-8 they never occur inside a multi-byte character.
 */
export class RecordSkipper {
	private readonly delimiter: number;

	private inQuotes = false;

	private quotePending = false;

	private fieldStart = true;

	/** Nothing of the current record counts yet (no delimiter, no character): a blank line so far. */
	private blank = true;

	/** The last chunk ended with a CR that ended a record: a LF right after it belongs to it. */
	lineFeedPending = false;

	/** Records completed so far. */
	records = 0;

	constructor(delimiter: ',' | '\t') {
		this.delimiter = delimiter.charCodeAt(0);
	}

	/**
	 * Reads `bytes` until `this.records` reaches `until`: answers the offset right after that record's
	 * line break, or -1 when the chunk ended first (all of it read).
	 */
	skip(bytes: Uint8Array, until: number): number {
		const length = bytes.length;
		const delimiter = this.delimiter;
		let i = 0;
		if (this.records >= until) return 0;
		if (this.lineFeedPending && length > 0) {
			this.lineFeedPending = false;
			if (bytes[0] === 10) i = 1;
		}
		if (this.quotePending && i < length) {
			this.quotePending = false;
			if (bytes[i] === 34) {
				this.blank = false;
				i++;
			} else {
				this.inQuotes = false;
			}
		}
		while (i < length) {
			if (this.inQuotes) {
				const quote = bytes.indexOf(34, i);
				if (quote === -1) {
					this.blank = false;
					return -1;
				}
				if (quote > i) this.blank = false;
				i = quote + 1;
				if (i === length) {
					this.quotePending = true;
					return -1;
				}
				if (bytes[i] === 34) {
					this.blank = false;
					i++;
				} else {
					this.inQuotes = false;
				}
				continue;
			}
			const code = bytes[i];
			if (code === delimiter) {
				this.blank = false;
				this.fieldStart = true;
				i++;
			} else if (code === 10 || code === 13) {
				i++;
				if (code === 13) {
					if (i < length) {
						if (bytes[i] === 10) i++;
					} else {
						this.lineFeedPending = true;
					}
				}
				const counted = !this.blank;
				this.blank = true;
				this.fieldStart = true;
				if (counted && ++this.records >= until) return i;
			} else if (code === 34 && this.fieldStart) {
				this.inQuotes = true;
				this.fieldStart = false;
				i++;
			} else {
				// Inside an unquoted field (or after a closing quote): quotes are plain characters here.
				this.blank = false;
				this.fieldStart = false;
				i++;
				while (i < length) {
					const next = bytes[i];
					if (next === delimiter || next === 10 || next === 13) break;
					i++;
				}
			}
		}
		return -1;
	}

	/** At the end of the file: counts a last record without a line break; a cut quoted field is an error. */
	end(): void {
		if (this.inQuotes && !this.quotePending) throw new Error(UNTERMINATED_QUOTE);
		if (!this.blank) this.records++;
		this.blank = true;
	}
}

export type Delimiter = ',' | '\t';

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
	/** Find `nextByte` and `tail` (a second look at the page's bytes, by RecordSkipper). */
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

const toBuffer = (bytes: Uint8Array): Buffer =>
	Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Reads one page of a delimited file as it streams by: the header, then `maxRows` rows from data row
 * `startRow` (0-based) on. The rows before the page are skipped byte by byte (RecordSkipper), passed
 * over unread from `resumeAt`, or not in the source at all (`from`); the page's rows are parsed by
 * DelimitedTextParser, and reading stops as soon as one row past the page has been seen. The source's
 * iterator is not ended: the caller ends the stream, or reads on from `tail`. A leading BOM is never
 * part of the first column's name. `delimiter: 'auto'` takes the one the header line uses most.
 */
export async function readRowPage(
	source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
	delimiter: Delimiter | 'auto',
	{ startRow = 0, maxRows = Infinity, resumeAt, from, withNextByte = false }: RowPageOptions = {},
): Promise<RowPage> {
	const removeBom = from ? toBuffer : leadingBomRemover();
	// Fatal: false keeps the parser's view (U+FFFD for bad bytes); ignoreBOM: the BOM is gone already.
	const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
	let skipper: RecordSkipper | undefined;
	let parser: DelimitedTextParser | undefined;
	const headerChunks: Buffer[] = [];
	let columns: string[] | undefined;
	let headerEnd = 0;
	/** Bytes (without the BOM) before the current chunk. */
	let position = 0;
	let nextByte: number | undefined;
	let tail: Buffer[] | undefined;
	const rows: Array<Record<string, string>> = [];
	let hasMore = false;
	/** Takes parsed records into the page; true once a record past the page shows there are more. */
	const take = (records: string[][]): boolean => {
		for (const record of records) {
			if (rows.length >= maxRows) {
				hasMore = true;
				return true;
			}
			rows.push(recordToObject(columns as string[], record));
		}
		return false;
	};
	const readHeader = () => {
		const headerParser = new DelimitedTextParser(delimiter as Delimiter);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(headerChunks));
		const [header] = [...headerParser.push(text), ...headerParser.end()];
		columns = header ? headerNames(header) : [];
	};
	/** The page starts here: a record boundary, `startRow` data rows after the header. */
	const startPage = () => {
		skipper = new RecordSkipper(delimiter as Delimiter);
		skipper.records = 1 + startRow;
		parser = new DelimitedTextParser(delimiter as Delimiter);
	};
	if (from) {
		if (delimiter === 'auto') throw new Error('readRowPage: "from" needs the delimiter');
		columns = from.columns;
		position = from.byte;
		startPage();
	}

	// Driven by hand: a for-await loop would end the source when it stops early.
	const iterator =
		Symbol.asyncIterator in source
			? source[Symbol.asyncIterator]()
			: (source as Iterable<Uint8Array>)[Symbol.iterator]();
	for (;;) {
		const next = await iterator.next();
		if (next.done) break;
		let chunk = removeBom(toBuffer(next.value));
		if (chunk.length === 0) continue;
		/** Where chunk[0] is in the file. */
		let start = position;
		position += chunk.length;
		if (!skipper) {
			if (delimiter === 'auto') delimiter = sniffDelimiter(chunk);
			skipper = new RecordSkipper(delimiter);
		}
		if (!parser) {
			if (!columns) {
				const end = skipper.skip(chunk, 1);
				headerChunks.push(end === -1 ? chunk : chunk.subarray(0, end));
				if (end === -1) continue;
				readHeader();
				chunk = chunk.subarray(end);
				start += end;
				headerEnd = start;
			}
			if (resumeAt !== undefined && resumeAt >= headerEnd) {
				if (resumeAt >= position) continue;
				chunk = chunk.subarray(resumeAt - start);
				start = resumeAt;
				// A record starts here: the rows before it are counted, not read.
				startPage();
			} else {
				const end = skipper.skip(chunk, 1 + startRow);
				if (end === -1) continue;
				chunk = chunk.subarray(end);
				start += end;
				parser = new DelimitedTextParser(delimiter as Delimiter);
			}
		}
		if (tail) tail.push(chunk);
		else if (withNextByte) {
			const end = (skipper as RecordSkipper).skip(chunk, 1 + startRow + maxRows);
			if (end !== -1) {
				nextByte = start + end;
				tail = [chunk.subarray(end)];
			}
		}
		// (A LF left over from the CR that ended the last skipped row reads as a blank line: no record.)
		if (take((parser as DelimitedTextParser).push(decoder.decode(chunk, { stream: true })))) break;
	}
	if (!hasMore) {
		if (parser) {
			if (!take(parser.push(decoder.decode()))) take(parser.end());
		} else if (skipper) {
			skipper.end();
			if (!columns) readHeader();
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
