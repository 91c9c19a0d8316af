import type { IDataObject } from 'n8n-workflow';

import type { DatasetDefinition } from '../queryLanguage';
import {
	getConnection,
	partnerCenterApiRequest,
	partnerCenterApiRequestAllItems,
	whenNotFound,
	type PartnerCenterContext,
} from '../transport';

/** The datasets custom queries read (`ScheduledDataset`), with their columns, metrics and date ranges. */

export async function listDatasets(
	context: PartnerCenterContext,
	limit?: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await whenNotFound(
		partnerCenterApiRequestAllItems.call(
			context,
			{ method: 'GET', endpoint: 'ScheduledDataset', itemIndex },
			limit,
		),
		() => [] as IDataObject[],
	);
}

/** One dataset by name (any case), or undefined when the program has none of that name. */
export async function findDataset(
	context: PartnerCenterContext,
	datasetName: string,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const { value } = await whenNotFound(
		partnerCenterApiRequest.call(context, {
			method: 'GET',
			endpoint: 'ScheduledDataset',
			qs: { datasetName },
			itemIndex,
		}),
		() => ({ value: [] as IDataObject[] }),
	);
	const wanted = datasetName.toLowerCase();
	return value.find((dataset) => String(dataset.datasetName).toLowerCase() === wanted);
}

/** Dataset definitions, read once per node run, credential and program (the query check needs them). */
const definitionCache = new WeakMap<object, Map<string, Promise<DatasetDefinition[]>>>();

export async function datasetDefinitions(
	context: PartnerCenterContext,
	itemIndex?: number,
): Promise<DatasetDefinition[]> {
	const { target } = await getConnection(context, itemIndex);
	const key = `${target.credentialType} ${target.basePath}`;
	let byKey = definitionCache.get(context);
	if (!byKey) {
		byKey = new Map();
		definitionCache.set(context, byKey);
	}
	let pending = byKey.get(key);
	if (!pending) {
		pending = partnerCenterApiRequestAllItems
			.call(context, { method: 'GET', endpoint: 'ScheduledDataset', itemIndex })
			.then((datasets) => datasets as unknown as DatasetDefinition[]);
		pending.catch(() => byKey.delete(key));
		byKey.set(key, pending);
	}
	return await pending;
}
