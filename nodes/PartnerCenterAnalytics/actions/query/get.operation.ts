import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { queryLocator } from '../../descriptions/locators';
import { getIdParameter } from '../../helpers/parameters';
import { camelCaseKeys, partnerCenterApiRequest } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['get'] } },
	[queryLocator()],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const queryId = getIdParameter(this, 'queryId', itemIndex);
	const envelope = await partnerCenterApiRequest.call(this, {
		method: 'GET',
		endpoint: 'ScheduledQueries',
		qs: { queryId, includeSystemQueries: true },
		itemIndex,
	});
	const query = envelope.value.find(
		(candidate) => String(candidate.queryId ?? candidate.QueryId) === queryId,
	);
	if (!query) {
		throw new NodeOperationError(
			this.getNode(),
			`Partner Center has no query with ID "${queryId}"`,
			{ itemIndex },
		);
	}
	return [{ json: camelCaseKeys(query) }];
}
