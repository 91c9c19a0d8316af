import { DelimitedTokenizer, toBuffer, type Delimiter, type RecordSink } from './tokenizer';

const EMPTY = Buffer.alloc(0);

/** A field that starts with a quote: the quoted part without its quotes (`""` is one), then the rest as it is. */
function unquote(raw: string): string {
	let value = '';
	let i = 1;
	for (;;) {
		const quote = raw.indexOf('"', i);
		// Only at the end of a file that ends after a quote that closes nothing (the tokenizer refuses others).
		if (quote === -1) return value + raw.slice(i);
		value += raw.slice(i, quote);
		if (raw.charCodeAt(quote + 1) !== 34) return value + raw.slice(quote + 1);
		value += '"';
		i = quote + 2;
	}
}

/** Fails on bytes that are not UTF-8. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of bytes[start, end) when they are UTF-8 (then byte offsets turn into character offsets exactly). */
function utf8Text(bytes: Buffer, start: number, end: number): string | undefined {
	try {
		return strictUtf8.decode(bytes.subarray(start, end));
	} catch {
		return undefined;
	}
}

const fieldValue = (raw: string): string => (raw.charCodeAt(0) === 34 ? unquote(raw) : raw);

/**
 * Builds the records the tokenizer finds, as field strings: the bytes of a line are decoded once and cut
 * where the tokenizer said its fields end (byte offsets turned into character offsets); a field that
 * starts with a quote is unquoted.
 */
export class RecordBuilder implements RecordSink {
	/** Records completed since the last take(). */
	private records: string[][] = [];

	private chunk: Buffer = EMPTY;

	/** Where the current line starts in the chunk (0 when it started in an earlier chunk). */
	private lineStart = 0;

	/** The current line's bytes from earlier chunks. */
	private carried: Buffer[] = [];

	private carriedLength = 0;

	/** Ends of the current line's fields, in bytes from the line's start. */
	private ends: number[] = [];

	/**
	 * Lets `tokenizer` read `chunk` from `from` (a line starts there, or goes on from the last chunk) until
	 * it has `until` records; answers where it stopped (DelimitedTokenizer.scan).
	 */
	read(tokenizer: DelimitedTokenizer, chunk: Buffer, from: number, until: number): number {
		this.chunk = chunk;
		this.lineStart = from;
		const stop = tokenizer.scan(chunk, from, until, this);
		if (stop === -1 && this.lineStart < chunk.length) {
			// A copy: the source may hand its buffer over again for its next chunk.
			const rest = Buffer.from(chunk.subarray(this.lineStart));
			this.carried.push(rest);
			this.carriedLength += rest.length;
		}
		return stop;
	}

	/** At the end of the file: the last line, when it has no line break. */
	finish(tokenizer: DelimitedTokenizer): void {
		this.chunk = EMPTY;
		this.lineStart = 0;
		tokenizer.finish(this);
	}

	/** The records completed since the last call. */
	take(): string[][] {
		const records = this.records;
		this.records = [];
		return records;
	}

	field(end: number): void {
		this.ends.push(this.carriedLength + end - this.lineStart);
	}

	line(next: number, blank: boolean): void {
		if (!blank) this.records.push(this.build());
		this.ends.length = 0;
		this.carried = [];
		this.carriedLength = 0;
		this.lineStart = next;
	}

	private build(): string[] {
		const ends = this.ends;
		const length = ends[ends.length - 1];
		let bytes = this.chunk;
		let base = this.lineStart;
		if (this.carriedLength > 0) {
			bytes = Buffer.concat([...this.carried, this.chunk.subarray(0, length - this.carriedLength)]);
			base = 0;
		}
		const record: string[] = new Array<string>(ends.length);
		const text = utf8Text(bytes, base, base + length);
		if (text === undefined) {
			// Not UTF-8: each field decoded on its own, bad bytes as U+FFFD (they never hide a delimiter).
			let start = 0;
			for (let k = 0; k < ends.length; k++) {
				record[k] = fieldValue(bytes.toString('utf8', base + start, base + ends[k]));
				start = ends[k] + 1;
			}
			return record;
		}
		if (text.length === length) {
			// ASCII: each byte one character, the ends are character offsets too.
			let start = 0;
			for (let k = 0; k < ends.length; k++) {
				record[k] = fieldValue(text.slice(start, ends[k]));
				start = ends[k] + 1;
			}
			return record;
		}
		// UTF-8: a character starts at each byte that is not a continuation byte (10xxxxxx), and one of four
		// bytes (11110xxx) is two UTF-16 units.
		let byte = base;
		let char = 0;
		let start = 0;
		for (let k = 0; k < ends.length; k++) {
			const end = base + ends[k];
			for (; byte < end; byte++) {
				const code = bytes[byte];
				if ((code & 0xc0) !== 0x80) char += code >= 0xf0 ? 2 : 1;
			}
			record[k] = fieldValue(text.slice(start, char));
			// Past the delimiter.
			byte++;
			char++;
			start = char;
		}
		return record;
	}
}

/**
 * Incremental parsing of a delimited file fed chunk by chunk (bytes, cut anywhere), so a file is never
 * held whole; the rules are DelimitedTokenizer's.
 */
export class DelimitedTextParser {
	private readonly tokenizer: DelimitedTokenizer;

	private readonly builder = new RecordBuilder();

	constructor(delimiter: Delimiter) {
		this.tokenizer = new DelimitedTokenizer(delimiter);
	}

	/** Parses one chunk; returns the records completed by it. */
	push(bytes: Uint8Array): string[][] {
		this.builder.read(this.tokenizer, toBuffer(bytes), 0, Infinity);
		return this.builder.take();
	}

	/** Completes the last record of a file that does not end with a line break. */
	end(): string[][] {
		this.builder.finish(this.tokenizer);
		return this.builder.take();
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
