import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import {
	binaryPropertyNameOption,
	maxRowsOption,
	outputOption,
	removeBomOption,
} from '../../../shared/descriptions/download';
import { reportLocator } from '../../../shared/descriptions/locators';
import { getIdParameter, readOutputOptions } from '../../../shared/helpers/parameters';
import { downloadReportFile } from '../../../shared/services/download';
import { findCompletedExecution } from '../../../shared/services/executions';
import type { OperationExecute } from '../operation';

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
		maxRowsOption,
		outputOption,
		binaryPropertyNameOption,
		removeBomOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['download'] } },
	properties,
);

export const execute: OperationExecute = async function (itemIndex) {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const executionId = String(options.executionId ?? '').trim() || undefined;
	const outputOptions = readOutputOptions(this, options, itemIndex);
	const execution = await findCompletedExecution(this, reportId, executionId, itemIndex);
	return await downloadReportFile(this, { reportId, execution, itemIndex, ...outputOptions });
};
