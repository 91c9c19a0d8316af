import type { INodeProperties } from 'n8n-workflow';

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
