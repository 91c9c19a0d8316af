/**
 * The one reading of delimited text (CSV, TSV) in this package: the parser (parse.ts), the counter
 * (count.ts) and the page reader (pages.ts) all run this tokenizer, so a file has the same rows
 * whichever of them reads it. The rules (RFC 4180, and what real writers do beside it):
 *
 * - a quote opens a quoted field only at the start of a field; a quoted field holds delimiters, line
 *   breaks and doubled quotes, and ends at a quote that is not doubled;
 * - anywhere else a quote is a plain character (`Fabrikam 24" Premium Display`, or text after a
 *   closing quote);
 * - CR, LF and CRLF end a record outside quotes;
 * - a line with nothing on it (no delimiter, no character, or only `""`) is no record.
 *
 * It reads bytes, never decoded text: every character that matters is ASCII, and in UTF-8 an ASCII byte
 * is never part of another character. Files arrive in chunks, cut anywhere.
 */

export type Delimiter = ',' | '\t';

/** A chunk as a Buffer, without copying it. */
export const toBuffer = (bytes: Uint8Array): Buffer =>
	Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export const UNTERMINATED_QUOTE =
	'The file ends inside a quoted field: it is incomplete or not valid CSV';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Four bytes at a time (a 32-bit word read with DataView, which V8 compiles to one load): the top bit
 * of each byte of `plainWord(word)` / `quotedWord(word)` is clear for all four only when all four bytes
 * are ASCII and, outside quotes, from 45 on (no delimiter, tab or comma, no line break), in quotes,
 * not a quote. Such words are passed over without looking at their bytes; any other word (a byte that
 * ends the field, a non-ASCII byte to count code units for) is read byte by byte. Subtracting per byte
 * borrows only from a byte that is below the value subtracted, and such a byte sets its own top bit
 * first: no word that holds one is passed over. The parser took 5-8% less CPU on Node 24 (n8n's) with
 * it, about the same on Node 20; the counter needs none of it (it jumps with indexOf, see scan).
 */
const HIGH_BITS = 0x80808080;
const plainWord = (word: number): number => ((word - 0x2d2d2d2d) | word) & HIGH_BITS;
const quotedWord = (word: number): number =>
	(((word ^ 0x22222222) - 0x01010101) | word) & HIGH_BITS;

/** What the parser is told while the tokenizer reads; the counter and the skipper need nothing. */
export interface RecordSink {
	/**
	 * Where fields end in the current chunk (the offset of their delimiter or line break), written by
	 * the tokenizer at `fieldCount` as it finds them: typed arrays and a count, not arrays pushed to or
	 * a call per field (the parser's hot path: push checks and grows capacity at every field).
	 */
	fieldEnds: Int32Array;
	/**
	 * The same ends in UTF-16 code units, as the text decoded from the scan's `from` on would have them
	 * (counted from the bytes by UTF-8's shape: exact only where the bytes are valid UTF-8; the sink
	 * checks). Lets the parser cut fields from decoded text without looking for them a second time.
	 */
	fieldUnits: Int32Array;
	/** How many of fieldEnds (and fieldUnits) are written; the tokenizer writes it back before line(). */
	fieldCount: number;
	/** Makes room for `more` field ends after the `fieldCount` written (fieldEnds, fieldUnits may be replaced). */
	reserve(more: number): void;
	/**
	 * A line ended (its last field end was just written); the next one starts at `next` of the current
	 * chunk (`nextUnit` in code units, as fieldUnits). `blank`: nothing was on it, so it is no record.
	 */
	line(next: number, blank: boolean, nextUnit: number): void;
}

/**
 * What a byte adds to (bytes - UTF-16 code units) in valid UTF-8: a continuation byte is no code unit
 * of its own, a 4-byte sequence is two (a surrogate pair). Only called for bytes from 0x80 on.
 */
const unitSkew = (byte: number): number => (byte < 0xc0 ? 1 : byte >= 0xf0 ? -1 : 0);

/** Where `byte` next is in `bytes` from `from` on; the length of `bytes` when it is not there. */
function find(bytes: Buffer, byte: number, from: number): number {
	const at = bytes.indexOf(byte, from);
	return at === -1 ? bytes.length : at;
}

export class DelimitedTokenizer {
	private readonly delimiter: number;

	private inQuotes = false;

	/** The last chunk ended on a quote inside a quoted field: the next byte says whether it was doubled. */
	private quotePending = false;

	private fieldStart = true;

	/** Nothing of the current line counts yet (no delimiter, no character). */
	private blank = true;

	/** Records completed so far. */
	records = 0;

	constructor(delimiter: Delimiter) {
		this.delimiter = delimiter.charCodeAt(0);
	}

	/**
	 * Reads `bytes` from `from` until `records` reaches `until`: answers the offset right after that
	 * record's line break, or -1 when the chunk ended first (all of it read). A CR that ends a chunk
	 * ends its line: a LF at the start of the next chunk is then an empty line, which is no record.
	 */
	scan(bytes: Buffer, from: number, until: number, sink?: RecordSink): number {
		if (this.records >= until) return from;
		const length = bytes.length;
		const delimiter = this.delimiter;
		// The state in locals while the loop runs (written back when it stops): much faster in V8.
		let inQuotes = this.inQuotes;
		let fieldStart = this.fieldStart;
		let blank = this.blank;
		let records = this.records;
		// A field end is a delimiter or a line break: at most one a byte, and one more at finish().
		sink?.reserve(length - from);
		const ends = sink?.fieldEnds;
		const units = sink?.fieldUnits as Int32Array;
		let count = sink === undefined ? 0 : sink.fieldCount;
		/**
		 * Without a sink (the counter, the rows before a page) no field end is wanted, and the bytes that
		 * change nothing else are passed over with Buffer.indexOf (native memchr) instead of one by one:
		 * the next quote, LF and CR from `i` on (the chunk's length when there is none), each looked up
		 * again only once `i` has passed it. Same states, same rules: only fewer bytes looked at.
		 */
		let nextQuote = -1;
		let nextLF = -1;
		let nextCR = -1;
		const words = new DataView(bytes.buffer, bytes.byteOffset, length);
		/** The last offset a word can be read from. */
		const lastWord = length - 4;
		/** Bytes minus code units from `from` to `i`: `i - skew` is i's code unit offset. */
		let skew = 0;
		let i = from;
		let stop = -1;
		if (this.quotePending && i < length) {
			this.quotePending = false;
			if (bytes[i] === QUOTE) {
				blank = false;
				i++;
			} else {
				inQuotes = false;
			}
		}
		while (i < length) {
			if (inQuotes) {
				const start = i;
				if (sink === undefined) {
					if (nextQuote < i) nextQuote = find(bytes, QUOTE, i);
					i = nextQuote;
				}
				// With a sink, a loop over words then bytes: for the short fields of reports it beats a
				// native indexOf call, and it counts the code units.
				while (i <= lastWord && quotedWord(words.getUint32(i)) === 0) i += 4;
				while (i < length) {
					const next = bytes[i];
					// One test for most bytes: ASCII above the quote is plain here.
					if ((next - 35) >>> 0 < 93) {
						i++;
						continue;
					}
					if (next === QUOTE) break;
					if (next >= 0x80) skew += unitSkew(next);
					i++;
				}
				if (i > start) blank = false;
				if (i === length) break;
				i++;
				if (i === length) {
					this.quotePending = true;
					break;
				}
				if (bytes[i] === QUOTE) {
					blank = false;
					i++;
				} else {
					inQuotes = false;
				}
				continue;
			}
			const code = bytes[i];
			if (code === delimiter) {
				if (ends !== undefined) {
					ends[count] = i;
					units[count++] = i - skew;
				}
				blank = false;
				fieldStart = true;
				i++;
			} else if (code === LF || code === CR) {
				const at = i;
				i++;
				if (code === CR && i < length && bytes[i] === LF) i++;
				const empty = blank;
				blank = true;
				fieldStart = true;
				if (ends !== undefined) {
					ends[count] = at;
					units[count++] = at - skew;
					const to = sink as RecordSink;
					to.fieldCount = count;
					to.line(i, empty, i - skew);
					// line() may have taken the ends written so far (a line from an earlier chunk).
					count = to.fieldCount;
				}
				if (!empty && ++records >= until) {
					stop = i;
					break;
				}
			} else if (code === QUOTE && fieldStart) {
				inQuotes = true;
				fieldStart = false;
				i++;
			} else if (sink === undefined) {
				// Inside an unquoted field (or after a closing quote), `code` a plain character. What can
				// matter next is a line break, or a quote that opens a quoted field: one right after a
				// delimiter (the delimiters before it only end fields, and none is wanted here).
				blank = false;
				if (nextQuote <= i) nextQuote = find(bytes, QUOTE, i + 1);
				if (nextLF <= i) nextLF = find(bytes, LF, i + 1);
				if (nextCR <= i) nextCR = find(bytes, CR, i + 1);
				i = nextQuote < nextLF ? nextQuote : nextLF;
				if (nextCR < i) i = nextCR;
				fieldStart = bytes[i - 1] === delimiter;
			} else {
				// Inside an unquoted field (or after a closing quote): quotes are plain characters here.
				if (code >= 0x80) skew += unitSkew(code);
				blank = false;
				fieldStart = false;
				i++;
				while (i <= lastWord && plainWord(words.getUint32(i)) === 0) i += 4;
				while (i < length) {
					const next = bytes[i];
					// One test for most bytes: ASCII above the comma is plain here (the delimiter, a tab
					// or a comma, and the line breaks are all below it).
					if ((next - 45) >>> 0 < 83) {
						i++;
						continue;
					}
					if (next === delimiter || next === LF || next === CR) break;
					if (next >= 0x80) skew += unitSkew(next);
					i++;
				}
			}
		}
		if (sink !== undefined) sink.fieldCount = count;
		this.inQuotes = inQuotes;
		this.fieldStart = fieldStart;
		this.blank = blank;
		this.records = records;
		return stop;
	}

	/**
	 * At the end of the file: ends a last line that has no line break (at offset 0 of an empty chunk,
	 * for the sink). A file cut inside a quoted field is an error, not a short row.
	 */
	finish(sink?: RecordSink): void {
		if (this.inQuotes && !this.quotePending) throw new Error(UNTERMINATED_QUOTE);
		this.inQuotes = false;
		this.quotePending = false;
		const blank = this.blank;
		this.blank = true;
		this.fieldStart = true;
		if (sink !== undefined) {
			sink.reserve(1);
			sink.fieldEnds[sink.fieldCount] = 0;
			sink.fieldUnits[sink.fieldCount++] = 0;
			sink.line(0, blank, 0);
		}
		if (!blank) this.records++;
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
