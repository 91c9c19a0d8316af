import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { findDataset } from '../../../shared/services/datasets';

const properties: INodeProperties[] = [
	{
		displayName: 'Dataset Name or ID',
		name: 'datasetName',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getDatasets',
			loadOptionsDependsOn: ['program', 'apiVersion', 'authentication'],
		},
		required: true,
		default: '',
		description:
			'The dataset to describe, e.g. ISVOrder or DynamicsUsage. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const datasetName = String(this.getNodeParameter('datasetName', itemIndex)).trim();
	if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(datasetName)) {
		throw new NodeOperationError(
			this.getNode(),
			`"Dataset Name or ID" must be a dataset name such as ISVOrder (letters, digits, underscores), got "${datasetName}"`,
			{ itemIndex },
		);
	}
	const dataset = await findDataset(this, datasetName, itemIndex);
	if (!dataset) {
		throw new NodeOperationError(
			this.getNode(),
			`Partner Center has no dataset named "${datasetName}"`,
			{
				itemIndex,
				description:
					'Use Dataset → Get Many to list the datasets this program and credential can read.',
			},
		);
	}
	return [{ json: dataset }];
}
