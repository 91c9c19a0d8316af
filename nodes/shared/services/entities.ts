import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	getApiTarget,
	partnerCenterApiRequest,
	partnerCenterApiRequestAllItems,
	whenNotFound,
	type PartnerCenterContext,
} from '../transport';

/**
 * Reading datasets, queries and reports works the same way: a list endpoint filtered by query
 * parameters, where Partner Center answers "nothing matches" with 404.
 */
export type EntityEndpoint = 'ScheduledDataset' | 'ScheduledQueries' | 'ScheduledReport';

/** Every entity the filters match (or `limit` of them), all pages read; none is an empty list. */
export async function listEntities(
	context: PartnerCenterContext,
	endpoint: EntityEndpoint,
	filters: IDataObject = {},
	limit?: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await whenNotFound(
		partnerCenterApiRequestAllItems(
			context,
			{ method: 'GET', endpoint, qs: filters, itemIndex },
			limit,
		),
		() => [] as IDataObject[],
	);
}

/**
 * The entity whose `field` equals `value` (any case) among those the filters return, or undefined:
 * Partner Center answers 404 for an unknown ID, and some filters return neighbours too.
 */
export async function findEntity(
	context: PartnerCenterContext,
	endpoint: EntityEndpoint,
	filters: IDataObject,
	match: { field: string; value: string },
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const { value: entities } = await whenNotFound(
		partnerCenterApiRequest(context, { method: 'GET', endpoint, qs: filters, itemIndex }),
		() => ({ value: [] as IDataObject[] }),
	);
	const wanted = match.value.toLowerCase();
	return entities.find((entity) => String(entity[match.field]).toLowerCase() === wanted);
}

/** The list function of one entity type: `(context, filters?, limit?, itemIndex?)`. */
export function entityLister(endpoint: EntityEndpoint) {
	return async (
		context: PartnerCenterContext,
		filters: IDataObject = {},
		limit?: number,
		itemIndex?: number,
	): Promise<IDataObject[]> => await listEntities(context, endpoint, filters, limit, itemIndex);
}

/**
 * The find function of one entity type: `(context, id, itemIndex?)` answers the entity whose `field`
 * is `id` (any case), asking with `field` (and `filters`, e.g. system queries too) as the filter, or
 * undefined.
 */
export function entityFinder(endpoint: EntityEndpoint, field: string, filters: IDataObject = {}) {
	return async (
		context: PartnerCenterContext,
		id: string,
		itemIndex?: number,
	): Promise<IDataObject | undefined> =>
		await findEntity(
			context,
			endpoint,
			{ [field]: id, ...filters },
			{ field, value: id },
			itemIndex,
		);
}

/**
 * The read functions of one entity type with IDs: `find` (the entity, or undefined), `get` (the entity,
 * or the one error for an unknown ID, unknownIdError, so every entity answers it the same way) and
 * `list` (entityLister). `filters` go with every find (e.g. system queries too).
 */
export function entityReaders(
	endpoint: EntityEndpoint,
	field: string,
	entity: keyof typeof LOOKUPS,
	filters: IDataObject = {},
) {
	const find = entityFinder(endpoint, field, filters);
	const get = async (
		context: PartnerCenterContext,
		id: string,
		itemIndex?: number,
	): Promise<IDataObject> => {
		const found = await find(context, id, itemIndex);
		if (!found) throw unknownIdError(context, entity, id, itemIndex);
		return found;
	};
	return { find, get, list: entityLister(endpoint) };
}

/** What an unknown ID was looked for as, and where its IDs are listed. */
const LOOKUPS = {
	query: { plural: 'queries', list: 'Query → Get Many' },
	report: { plural: 'reports', list: 'Report → Get Many' },
	execution: { plural: 'executions', list: 'Execution → Get Many' },
} as const;

const PROGRAM_NAMES = {
	commercialMarketplace: 'commercial marketplace',
	partnerInsights: 'partner insights',
} as const;

/**
 * The one answer to an ID Partner Center does not know, for every entity: it names the entity, the ID,
 * the program and version looked in, and the next step. `of` narrows the place (`of report 'r'`).
 */
export function unknownIdError(
	context: PartnerCenterContext,
	entity: keyof typeof LOOKUPS,
	id: string,
	itemIndex?: number,
	of = '',
): NodeOperationError {
	const { program, apiVersion } = getApiTarget(context, itemIndex);
	const { plural, list } = LOOKUPS[entity];
	return new NodeOperationError(
		context.getNode(),
		`No ${entity} with ID '${id}'${of ? ` ${of}` : ''} in ${PROGRAM_NAMES[program]} ${apiVersion}. Pick one from the list, or use ${list} to see the IDs.`,
		{
			itemIndex,
			description: `Commercial marketplace and partner insights keep separate ${plural}: if the ID is right, check the Program.`,
		},
	);
}
