import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkQuery, type DatasetDefinition } from '../queryLanguage';
import { camelCaseKeys, getConnection, partnerCenterApiRequestAllItems } from '../transport';

/** Dataset definitions, read once per node run, credential and program. */
const datasetCache = new WeakMap<object, Map<string, Promise<DatasetDefinition[]>>>();

async function datasetsFor(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<DatasetDefinition[]> {
	const { target } = await getConnection(context, itemIndex);
	const key = `${target.credentialType} ${target.basePath}`;
	let byKey = datasetCache.get(context);
	if (!byKey) {
		byKey = new Map();
		datasetCache.set(context, byKey);
	}
	let pending = byKey.get(key);
	if (!pending) {
		pending = partnerCenterApiRequestAllItems
			.call(context, { method: 'GET', endpoint: 'ScheduledDataset', itemIndex })
			// Field names come in either casing, as everywhere else the datasets are read.
			.then((datasets) => datasets.map(camelCaseKeys) as unknown as DatasetDefinition[]);
		pending.catch(() => byKey.delete(key));
		byKey.set(key, pending);
	}
	return await pending;
}

/**
 * Checks query text against the language and the program's datasets before it is sent: Partner
 * Center answers a bad query with a terse 400, or with an empty file.
 */
export async function assertValidQuery(
	context: IExecuteFunctions,
	query: string,
	itemIndex: number,
): Promise<void> {
	const problem = checkQuery(query, await datasetsFor(context, itemIndex));
	if (problem) {
		throw new NodeOperationError(context.getNode(), `The query is not valid. ${problem}`, {
			itemIndex,
			description:
				'Fix the query; nothing was sent. If Partner Center accepts grammar this check does not know yet, turn off "Check Query Before Sending" under Options.',
		});
	}
}
