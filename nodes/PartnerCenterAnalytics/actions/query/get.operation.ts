import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { queryLocator } from '../../../shared/descriptions/locators';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { getQuery } from '../../../shared/services/queries';

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['get'] } },
	[queryLocator()],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const queryId = getIdParameter(this, 'queryId', itemIndex);
	return [{ json: await getQuery(this, queryId, itemIndex) }];
}
