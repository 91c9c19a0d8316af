import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, returnAllOrLimit } from '../../descriptions/common';
import { getManyEntities } from '../../helpers/list';
import { checkId } from '../../helpers/parameters';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	optionsCollection([
		{
			displayName: 'Query ID',
			name: 'queryId',
			type: 'string',
			default: '',
			description: 'Return only reports that run this query',
		},
		{
			displayName: 'Report Name',
			name: 'reportName',
			type: 'string',
			default: '',
			description: 'Return only reports with this name',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (options.reportName) qs.reportName = String(options.reportName).trim();
	if (options.queryId) {
		try {
			qs.queryId = checkId(options.queryId, 'queryId');
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return await getManyEntities(this, itemIndex, { endpoint: 'ScheduledReport', qs });
}
