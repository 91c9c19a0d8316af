import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions/common';
import { readLimit } from '../../../shared/helpers/parameters';
import { listDatasets } from '../../../shared/services/datasets';

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['getAll'] } },
	returnAllOrLimit,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const datasets = await listDatasets(this, readLimit(this, itemIndex), itemIndex);
	return datasets.map((json) => ({ json }));
}
