import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../descriptions/locators';
import {
	camelCaseKeys,
	getApiTarget,
	partnerCenterApiRequest,
	type PartnerCenterContext,
} from '../transport';
import { getIdParameter } from './parameters';
import { toReportBody, type ReportFields } from './reportFields';

/** Reads one report; its fields in camelCase. */
export async function fetchReport(
	context: PartnerCenterContext,
	reportId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	const envelope = await partnerCenterApiRequest.call(context, {
		method: 'GET',
		endpoint: 'ScheduledReport',
		qs: { reportId },
		itemIndex,
	});
	const report = envelope.value
		.map(camelCaseKeys)
		.find((candidate) => String(candidate.reportId) === reportId);
	if (!report) {
		throw new NodeOperationError(
			context.getNode(),
			`Partner Center has no report with ID "${reportId}"`,
			{
				itemIndex,
				description:
					'Check the ID and the Program: commercial marketplace and partner insights keep separate reports.',
			},
		);
	}
	return report;
}

/** Pause and Resume differ only in the path segment: both operations are built here. */
export function reportStateOperation(action: 'pause' | 'resume') {
	const description = updateDisplayOptions(
		{ show: { resource: ['report'], operation: [action] } },
		[reportLocator(`The report whose schedule to ${action}`)],
	);
	async function execute(
		this: IExecuteFunctions,
		itemIndex: number,
	): Promise<INodeExecutionData[]> {
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

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/**
 * Changes a report's settings. The v1 docs mark ReportName, StartTime, Format and CallbackUrl as
 * required on update, so the current report is read and the changes are laid over it.
 * `callbackUrl: null` removes the callback.
 */
export async function updateReportSettings(
	context: PartnerCenterContext,
	reportId: string,
	updates: IDataObject,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const target = getApiTarget(context, itemIndex);
	const current = await fetchReport(context, reportId, itemIndex);
	const pick = (name: string): unknown =>
		present(updates[name]) ? updates[name] : (current[name] ?? undefined);
	const clearCallback = updates.callbackUrl === null;
	const fields: ReportFields = {
		reportName: String(pick('reportName') ?? ''),
		description: pick('description') as string | undefined,
		format: pick('format') ?? 'csv',
		callbackUrl: clearCallback
			? undefined
			: (pick('callbackUrl') as string | undefined) || undefined,
		callbackMethod: pick('callbackMethod') as string | undefined,
		startTime: pick('startTime'),
		recurrenceInterval: pick('recurrenceInterval') as number | undefined,
		recurrenceCount: pick('recurrenceCount') as number | undefined,
		endTime: pick('endTime'),
	};
	const body = toReportBody(context, itemIndex ?? 0, target, fields, {
		runOnce: false,
		isNewStartTime: present(updates.startTime),
	});
	if (clearCallback) body.CallbackUrl = '';
	const envelope = await partnerCenterApiRequest.call(context, {
		method: 'PUT',
		endpoint: `ScheduledReport/${encodeURIComponent(reportId)}`,
		body,
		itemIndex,
	});
	return envelope.value.map(camelCaseKeys);
}
