import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../../descriptions/locators';
import { getIdParameter } from '../../helpers/parameters';
import { fetchReport } from '../../helpers/reports';

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['get'] } },
	[reportLocator()],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return [
		{ json: await fetchReport(this, getIdParameter(this, 'reportId', itemIndex), itemIndex) },
	];
}
