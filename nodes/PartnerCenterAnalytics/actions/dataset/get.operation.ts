import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { datasetProperty } from '../../../shared/descriptions/datasets';
import { findDataset } from '../../../shared/services/datasets';
import type { OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	datasetProperty('datasetName', 'The dataset to describe, e.g. ISVOrder or DynamicsUsage.'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['get'] } },
	properties,
);

export const execute: OperationExecute = async function (itemIndex) {
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
};
