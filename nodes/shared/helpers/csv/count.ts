import { DelimitedTokenizer, leadingBomRemover, toBuffer, type Delimiter } from './tokenizer';

/**
 * Counts the records of a delimited file from its bytes as they stream by (File output's `rowCount`),
 * by the tokenizer's rules: the same number the parser and Read Rows From File find. A leading BOM is
 * not part of the first field, as for them.
 */
export class RecordCounter {
	private readonly tokenizer: DelimitedTokenizer;

	private readonly removeBom = leadingBomRemover();

	private counted: number | undefined;

	constructor(delimiter: Delimiter) {
		this.tokenizer = new DelimitedTokenizer(delimiter);
	}

	push(chunk: Uint8Array): void {
		this.tokenizer.scan(this.removeBom(toBuffer(chunk)), 0, Infinity);
	}

	/** Records in the whole file (header included), the last one counted even without a final line break. */
	total(): number {
		if (this.counted === undefined) {
			try {
				this.tokenizer.finish();
				this.counted = this.tokenizer.records;
			} catch {
				// Cut inside a quoted field: the file is kept as it came, and its last record counts.
				this.counted = this.tokenizer.records + 1;
			}
		}
		return this.counted;
	}
}
