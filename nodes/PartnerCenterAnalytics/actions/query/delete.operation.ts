import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { queryLocator } from '../../descriptions/locators';
import { getIdParameter } from '../../helpers/parameters';
import { camelCaseKeys, partnerCenterApiRequest } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['delete'] } },
	[queryLocator('The query to delete. Only your own queries can be deleted, not system queries.')],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const queryId = getIdParameter(this, 'queryId', itemIndex);
	const envelope = await partnerCenterApiRequest.call(this, {
		method: 'DELETE',
		endpoint: `ScheduledQueries/${encodeURIComponent(queryId)}`,
		itemIndex,
	});
	const deleted = envelope.value[0] ? camelCaseKeys(envelope.value[0]) : {};
	return [{ json: { deleted: true, queryId, ...deleted } }];
}
