import type { IBinaryData, IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import { readRowPage } from '../../../shared/helpers/csv/pages';
import type { Delimiter } from '../../../shared/helpers/csv/tokenizer';
import { DELIMITERS, formatOfFile } from '../../../shared/helpers/formats';
import { checkWholeNumber, getRequiredString } from '../../../shared/helpers/parameters';
import type { MultiOutputExecute } from '../operation';
import { keepOpen, readOn, takeOpen } from './openFiles';

/** Outputs: the page's rows, then one item that says where the next page starts. */
export const outputCount = 2;

/** Bytes read from n8n's binary data at a time. */
const CHUNK_BYTES = 256 * 1024;

/** A short fingerprint of which file a cursor belongs to: its binary data ID, or name and size. */
function fileKey(file: IBinaryData): string {
	const key = file.id ?? `${file.fileName ?? ''}|${file.fileSize ?? ''}|${file.data.length}`;
	let hash = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
	return (hash >>> 0).toString(36);
}

/**
 * The Page item's `cursor`: where the next page starts, `<row>:<byte offset>:<format setting>:<file>`.
 * A run whose input item carries it, for the same row, format setting and file, starts reading at
 * that byte: the rows before it are not looked at again.
 */
function cursorFor(row: number, byte: number, setting: string, file: IBinaryData): string {
	return `${row}:${byte}:${setting}:${fileKey(file)}`;
}

function resumeAt(
	cursor: unknown,
	startRow: number,
	setting: string,
	file: IBinaryData,
): number | undefined {
	if (typeof cursor !== 'string') return undefined;
	const [row, byte, format, key] = cursor.split(':');
	return Number(row) === startRow &&
		format === setting &&
		key === fileKey(file) &&
		/^\d+$/.test(byte ?? '')
		? Number(byte)
		: undefined;
}

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field that holds the CSV or TSV file',
	},
	{
		displayName: 'Start Row',
		name: 'startRow',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'The first data row to output, counted from 0 (the header row does not count). In a loop, map nextStartRow from the Page output, 0 for the first page.',
	},
	{
		// Stored as maxRows (saved workflows); Max Rows elsewhere is Rows output's refusal limit, not a page.
		displayName: 'Rows per Page',
		name: 'maxRows',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10000,
		description: 'The most rows to output in one run: the size of a page',
	},
	optionsCollection([
		{
			displayName: 'File Format',
			name: 'format',
			type: 'options',
			options: [
				{
					name: 'Auto-Detect',
					value: 'auto',
					description:
						'From the file name or MIME type (.tsv, text/tab-separated-values: TSV; .csv, text/csv: CSV), otherwise from the header row',
				},
				{ name: 'CSV', value: 'csv', description: 'Comma-separated values' },
				{ name: 'TSV', value: 'tsv', description: 'Tab-separated values' },
			],
			default: 'auto',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['readRows'] } },
	properties,
);

/**
 * One page of rows of a CSV or TSV file from an input binary field, streamed from n8n's binary data:
 * the rows before Start Row are skipped without being built, reading stops once the page is full.
 * Output 1 (Rows): one item per row, keyed by the header's column names, exactly as Output: Rows of
 * a download. Output 2 (Page): one item with where the page started, how many rows it has, where the
 * next one starts and whether there is one (and a `cursor` that lets the next run start reading at the
 * next page's first byte), and the input's binary data, so that it can be fed back.
 */
export const execute: MultiOutputExecute = async function (itemIndex) {
	const node = this.getNode();
	const binaryPropertyName = getRequiredString(
		this,
		'binaryPropertyName',
		'Input Binary Field',
		itemIndex,
	);
	const startRow = checkWholeNumber(
		node,
		this.getNodeParameter('startRow', itemIndex, 0),
		'Start Row',
		0,
		itemIndex,
	);
	const maxRows = checkWholeNumber(
		node,
		this.getNodeParameter('maxRows', itemIndex, 10000),
		'Rows per Page',
		1,
		itemIndex,
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const input = this.getInputData()[itemIndex];
	const file = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const setting = options.format === 'csv' || options.format === 'tsv' ? options.format : 'auto';
	const format = setting === 'auto' ? formatOfFile(file) : setting;
	const delimiter: Delimiter | 'auto' = format ? DELIMITERS[format] : 'auto';

	const cursor = typeof input?.json.cursor === 'string' ? input.json.cursor : '';
	const resumeByte = resumeAt(cursor, startRow, setting, file);
	// The file read on where the last page stopped, when this process still has it open; otherwise
	// opened again (from n8n's binary data, or the bytes of a file kept in memory).
	let open = resumeByte === undefined ? undefined : takeOpen(cursor);
	if (!open) {
		const stream = file.id ? await this.helpers.getBinaryStream(file.id, CHUNK_BYTES) : undefined;
		open = {
			columns: [],
			delimiter: ',',
			tail: [],
			iterator: stream
				? stream[Symbol.asyncIterator]()
				: [Buffer.from(file.data, BINARY_ENCODING)][Symbol.iterator](),
			close: () => stream?.destroy(),
		};
	}
	const readsOn = open.columns.length > 0 && resumeByte !== undefined;
	let page;
	try {
		page = readsOn
			? await readRowPage(readOn(open), open.delimiter, {
					startRow,
					maxRows,
					from: { columns: open.columns, byte: resumeByte },
					withNextByte: true,
				})
			: await readRowPage(readOn(open), delimiter, {
					startRow,
					maxRows,
					resumeAt: resumeByte,
					withNextByte: true,
				});
	} catch (error) {
		open.close();
		throw new NodeOperationError(node, error as Error, {
			itemIndex,
			description: `The file in "${binaryPropertyName}" could not be read as ${format ? format.toUpperCase() : 'CSV or TSV'}`,
		});
	}
	const nextCursor =
		page.nextByte === undefined
			? undefined
			: cursorFor(startRow + page.rows.length, page.nextByte, setting, file);
	if (nextCursor && page.tail) {
		keepOpen(nextCursor, {
			...open,
			columns: page.columns,
			delimiter: page.delimiter,
			tail: page.tail,
		});
	} else {
		open.close();
	}

	const rows: INodeExecutionData[] = page.rows.map((json) => ({ json }));
	const nextStartRow = startRow + page.rows.length;
	const next: INodeExecutionData = {
		json: {
			startRow,
			rowsInPage: page.rows.length,
			nextStartRow,
			hasMore: page.hasMore,
			...(nextCursor ? { cursor: nextCursor } : {}),
		},
		// The file goes on with the page item, for a loop that feeds it back.
		binary: input?.binary ?? { [binaryPropertyName]: file },
	};
	return [rows, [next]];
};
