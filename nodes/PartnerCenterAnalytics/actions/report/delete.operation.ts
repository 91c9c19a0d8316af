import { updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../../../shared/descriptions/locators';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { deleteReport, reportForOutput } from '../../../shared/services/reports';
import type { OperationExecute } from '../operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['delete'] } },
	[reportLocator('The report to delete, with all its executions')],
);

export const execute: OperationExecute = async function (itemIndex) {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	const deleted = await deleteReport(this, reportId, { itemIndex });
	return [{ json: { deleted: true, reportId, ...reportForOutput(deleted ?? {}) } }];
};
