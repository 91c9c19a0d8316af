import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	camelCaseKeys,
	partnerCenterApiRequestAllItems,
	whenNotFound,
	type ApiRequest,
} from '../transport';

/**
 * The body of every "Get Many": Return All / Limit, all pages, one camelCase item per entity.
 * Partner Center answers a filter that matches nothing with 404 "No item found": that is no items.
 */
export async function getManyEntities(
	context: IExecuteFunctions,
	itemIndex: number,
	request: Omit<ApiRequest, 'method' | 'itemIndex'>,
): Promise<INodeExecutionData[]> {
	const returnAll = context.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? undefined : (context.getNodeParameter('limit', itemIndex) as number);
	const entities = await whenNotFound(
		partnerCenterApiRequestAllItems.call(context, { ...request, method: 'GET', itemIndex }, limit),
		() => [] as IDataObject[],
	);
	return entities.map((entity) => ({ json: camelCaseKeys(entity) }));
}
