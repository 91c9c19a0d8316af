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
			throw new Error('The file ends inside a quoted field: it is incomplete or not valid CSV');
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
