import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../descriptions/locators';
import { camelCaseKeys, partnerCenterApiRequest } from '../transport';
import { getIdParameter } from './parameters';

/** Reads one report; its fields in camelCase. */
export async function fetchReport(context: IExecuteFunctions, reportId: string, itemIndex: number): Promise<IDataObject> {
	const envelope = await partnerCenterApiRequest.call(context, {
		method: 'GET',
		endpoint: 'ScheduledReport',
		qs: { reportId },
		itemIndex,
	});
	const report = envelope.value.map(camelCaseKeys).find((candidate) => String(candidate.reportId) === reportId);
	if (!report) {
		throw new NodeOperationError(context.getNode(), `Partner Center has no report with ID "${reportId}"`, {
			itemIndex,
			description: 'Check the ID and the Program: commercial marketplace and partner insights keep separate reports.',
		});
	}
	return report;
}

/** Pause and Resume differ only in the path segment: both operations are built here. */
export function reportStateOperation(action: 'pause' | 'resume') {
	const description = updateDisplayOptions({ show: { resource: ['report'], operation: [action] } }, [
		reportLocator(`The report whose schedule to ${action}`),
	]);
	async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
		const reportId = getIdParameter(this, 'reportId', itemIndex);
		const envelope = await partnerCenterApiRequest.call(this, {
			method: 'PUT',
			endpoint: `ScheduledReport/${action}/${encodeURIComponent(reportId)}`,
			itemIndex,
		});
		return envelope.value.map((report) => ({ json: camelCaseKeys(report) }));
	}
	return { description, execute };
}
