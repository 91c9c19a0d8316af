import { updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../../../shared/descriptions/locators';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { getReport, reportForOutput } from '../../../shared/services/reports';
import type { OperationExecute } from '../operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['get'] } },
	[reportLocator()],
);

export const execute: OperationExecute = async function (itemIndex) {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	return [{ json: reportForOutput(await getReport(this, reportId, itemIndex)) }];
};
