import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { partnerCenterApiRequest, type PartnerCenterContext } from '../transport';

/**
 * POSTs a new query or report and answers the entity Partner Center made, after checking it has the
 * ID: a create that "succeeds" without one must not be stored (a trigger once kept "undefined").
 */
export async function createdEntity(
	context: PartnerCenterContext,
	endpoint: 'ScheduledQueries' | 'ScheduledReport',
	body: IDataObject,
	idField: 'queryId' | 'reportId',
	itemIndex?: number,
): Promise<IDataObject> {
	const { value } = await partnerCenterApiRequest.call(context, {
		method: 'POST',
		endpoint,
		body,
		itemIndex,
	});
	const created = value[0] ?? {};
	const id = created[idField];
	if (typeof id !== 'string' || id === '') {
		throw new NodeOperationError(
			context.getNode(),
			`Partner Center did not return a ${idField} for ${endpoint}`,
			{ itemIndex },
		);
	}
	return created;
}
