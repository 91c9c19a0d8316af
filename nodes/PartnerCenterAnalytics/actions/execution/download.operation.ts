import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	binaryPropertyNameOption,
	outputOption,
	readOutputOptions,
} from '../../descriptions/download';
import { reportLocator } from '../../descriptions/locators';
import { downloadReportFile, findCompletedExecution } from '../../helpers/download';
import { getIdParameter } from '../../helpers/parameters';
import { optionsCollection } from '../../descriptions/common';

const properties: INodeProperties[] = [
	reportLocator('The report whose file to download'),
	optionsCollection([
		{
			displayName: 'Execution ID',
			name: 'executionId',
			type: 'string',
			default: '',
			description: 'The execution whose file to download. Default: the latest completed one.',
		},
		outputOption,
		binaryPropertyNameOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['download'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const executionId = String(options.executionId ?? '').trim() || undefined;
	const execution = await findCompletedExecution(this, reportId, executionId, itemIndex);
	return await downloadReportFile(this, {
		reportId,
		execution,
		itemIndex,
		...readOutputOptions(this, options, itemIndex),
	});
}
