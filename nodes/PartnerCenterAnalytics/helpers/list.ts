import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { camelCaseKeys, partnerCenterApiRequestAllItems, type ApiRequest } from '../transport';

/** The body of every "Get Many": Return All / Limit, all pages, one camelCase item per entity. */
export async function getManyEntities(
	context: IExecuteFunctions,
	itemIndex: number,
	request: Omit<ApiRequest, 'method' | 'itemIndex'>,
): Promise<INodeExecutionData[]> {
	const returnAll = context.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? undefined : (context.getNodeParameter('limit', itemIndex) as number);
	const entities = await partnerCenterApiRequestAllItems.call(
		context,
		{ ...request, method: 'GET', itemIndex },
		limit,
	);
	return entities.map((entity) => ({ json: camelCaseKeys(entity) }));
}
