import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../../../shared/descriptions/locators';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { reportForOutput, setReportSchedule } from '../../../shared/services/reports';

/** Pause and Resume differ only in the word: both operations are built here. */
export function scheduleAction(action: 'pause' | 'resume') {
	const description = updateDisplayOptions(
		{ show: { resource: ['report'], operation: [action] } },
		[reportLocator(`The report whose schedule to ${action}`)],
	);
	async function execute(
		this: IExecuteFunctions,
		itemIndex: number,
	): Promise<INodeExecutionData[]> {
		const reportId = getIdParameter(this, 'reportId', itemIndex);
		const reports = await setReportSchedule(this, reportId, action, itemIndex);
		return reports.map((report) => ({ json: reportForOutput(report) }));
	}
	return { description, execute };
}
