import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { partnerCenterApiRequestAllItems } from '../transport';

export async function getDatasets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const datasets = await partnerCenterApiRequestAllItems.call(this, {
		method: 'GET',
		endpoint: 'ScheduledDataset',
	});
	return datasets
		.map((dataset) => String(dataset.datasetName ?? dataset.DatasetName ?? ''))
		.filter((name) => name !== '')
		.sort((a, b) => a.localeCompare(b))
		.map((name) => ({ name, value: name }));
}
