import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../../descriptions/locators';
import { getIdParameter } from '../../helpers/parameters';
import { camelCaseKeys, partnerCenterApiRequest } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['delete'] } },
	[reportLocator('The report to delete, with all its executions')],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	const envelope = await partnerCenterApiRequest.call(this, {
		method: 'DELETE',
		endpoint: `ScheduledReport/${encodeURIComponent(reportId)}`,
		itemIndex,
	});
	const deleted = envelope.value[0] ? camelCaseKeys(envelope.value[0]) : {};
	return [{ json: { deleted: true, reportId, ...deleted } }];
}
