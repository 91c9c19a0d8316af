import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DownloadOutput } from '../helpers/download';

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

export function readOutputOptions(
	context: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): { output: DownloadOutput; binaryPropertyName: string } {
	const output = (options.output ?? 'file') as DownloadOutput;
	if (output !== 'file' && output !== 'rows') {
		throw new NodeOperationError(
			context.getNode(),
			`"Output" must be file or rows, got "${String(output)}"`,
			{ itemIndex },
		);
	}
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!/^[A-Za-z0-9_-]+$/.test(binaryPropertyName)) {
		throw new NodeOperationError(
			context.getNode(),
			`"Put Output File in Field" must be a field name such as data (letters, digits, _ and -), got "${binaryPropertyName}"`,
			{ itemIndex },
		);
	}
	return { output, binaryPropertyName };
}
