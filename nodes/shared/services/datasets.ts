import { oncePerRun } from '../helpers/perRun';
import type { DatasetDefinition } from '../queryLanguage';
import {
	getConnection,
	partnerCenterApiRequestAllItems,
	type PartnerCenterContext,
} from '../transport';
import { entityFinder, entityLister } from './entities';

/** The datasets custom queries read (`ScheduledDataset`), with their columns, metrics and date ranges. */

/** Every dataset (or `limit` of them). */
export const listDatasets = entityLister('ScheduledDataset');

/** One dataset by name (any case), or undefined when the program has none of that name. */
export const findDataset = entityFinder('ScheduledDataset', 'datasetName');

/** Dataset definitions, read once per node run, credential and program (the query check needs them). */
export async function datasetDefinitions(
	context: PartnerCenterContext,
	itemIndex?: number,
): Promise<DatasetDefinition[]> {
	const { target } = await getConnection(context, itemIndex);
	const key = `datasets ${target.credentialType} ${target.basePath}`;
	return await oncePerRun(context, key, async () => {
		const datasets = await partnerCenterApiRequestAllItems(context, {
			method: 'GET',
			endpoint: 'ScheduledDataset',
			itemIndex,
		});
		return datasets as unknown as DatasetDefinition[];
	});
}
