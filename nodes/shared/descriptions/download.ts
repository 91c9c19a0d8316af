import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_ROWS } from '../helpers/formats';

/** Output options shared by Execution → Download and Report → Run. */
export const outputOption: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{
			name: 'File',
			value: 'file',
			description: 'One item with the report file as binary data, for email, Slack or storage',
		},
		{
			name: 'Rows',
			value: 'rows',
			description: 'One item per data row, keyed by the column names, for Sheets or databases',
		},
	],
	default: 'file',
};

export const binaryPropertyNameOption: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	hint: 'The name of the output binary field to put the file in (Output: File)',
};

export const removeBomOption: INodeProperties = {
	displayName: 'Remove BOM',
	name: 'removeBom',
	type: 'boolean',
	default: false,
	description:
		'Whether to remove the UTF-8 byte order mark that Partner Center puts at the start of the file (Output: File). Keep it for Excel, which needs it to show non-English characters.',
};

export const maxRowsOption: INodeProperties = {
	displayName: 'Max Rows',
	name: 'maxRows',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_MAX_ROWS,
	description:
		'The most rows Output: Rows gives: a larger file fails instead of filling the memory. Read such a file with Output: File and "Read Rows From File" in a loop.',
};
