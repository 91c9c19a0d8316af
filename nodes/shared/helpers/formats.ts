/** The file formats of Partner Center reports, and what n8n calls them. */
export const REPORT_FORMATS = ['csv', 'tsv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MIME_TYPES: Record<ReportFormat, string> = {
	csv: 'text/csv',
	tsv: 'text/tab-separated-values',
};

export const DELIMITERS = { csv: ',', tsv: '\t' } as const satisfies Record<ReportFormat, string>;

/** A format the user gave: csv or tsv in any case, or an error naming the field. */
export function parseFormat(value: unknown): ReportFormat {
	const format = String(value ?? 'csv')
		.trim()
		.toLowerCase();
	if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
		throw new Error(`"Format" must be csv or tsv, got "${String(value)}"`);
	}
	return format as ReportFormat;
}

/** The format of a file Partner Center made (`CSV`, `TSV`, …); csv when it says nothing usable. */
export function formatOf(value: unknown): ReportFormat {
	return String(value ?? '').toLowerCase() === 'tsv' ? 'tsv' : 'csv';
}

/** File output hands over the file; rows output one item per data row. */
export type DownloadOutput = 'file' | 'rows';

/** Default of "Max Rows" of Rows output: as many items as n8n holds without trouble. */
export const DEFAULT_MAX_ROWS = 100_000;

/** How Partner Center calls a report's callback URL (the mpn paradigm doc; POST when none is given). */
export const CALLBACK_METHODS = ['POST', 'GET'] as const;

/** The states of a report execution, as the executions API names them. */
export const EXECUTION_STATUSES = ['Completed', 'Paused', 'Pending', 'Running'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/**
 * The format a file's name or MIME type gives (`.tsv`, `.tab`, `text/tab-separated-values`: tsv;
 * `.csv`, `text/csv`: csv), or undefined when neither says.
 */
export function formatOfFile(file: {
	fileName?: string;
	fileExtension?: string;
	mimeType?: string;
}): ReportFormat | undefined {
	const extension = (file.fileExtension ?? /\.([^.]+)$/.exec(file.fileName ?? '')?.[1] ?? '')
		.trim()
		.toLowerCase();
	const mimeType = String(file.mimeType ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (extension === 'tsv' || extension === 'tab' || mimeType === MIME_TYPES.tsv) return 'tsv';
	if (extension === 'csv' || mimeType === MIME_TYPES.csv) return 'csv';
	return undefined;
}
