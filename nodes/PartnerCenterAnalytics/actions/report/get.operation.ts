import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../../../shared/descriptions/locators';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { getReport } from '../../../shared/services/reports';

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['get'] } },
	[reportLocator()],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	return [{ json: await getReport(this, reportId, itemIndex) }];
}
