import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, returnAllOrLimit } from '../../descriptions/common';
import { getManyEntities } from '../../helpers/list';

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
		const queryId = String(options.queryId).trim();
		if (!/^[0-9a-zA-Z]{8}(-[0-9a-zA-Z]{4}){3}-[0-9a-zA-Z]{12}$/.test(queryId)) {
			throw new NodeOperationError(
				this.getNode(),
				`"Query ID" must be a query ID such as fd0f299c-5a1c-4929-9f48-bfc6cc44355d, got "${queryId}"`,
				{ itemIndex },
			);
		}
		qs.queryId = queryId;
	}
	return await getManyEntities(this, itemIndex, { endpoint: 'ScheduledReport', qs });
}
