import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { redactCallbackUrl } from '../helpers/redact';
import { toReportBody, type ReportFields } from '../helpers/reportFields';
import {
	getApiTarget,
	partnerCenterApiRequest,
	whenNotFound,
	type PartnerCenterContext,
} from '../transport';
import { createdEntity, sameValue } from './created';
import { entityFinder, entityLister } from './entities';

/**
 * Scheduled reports (`ScheduledReport`): the one place that reads, creates, changes and deletes them.
 * Entities come back in camelCase.
 */

const reportPath = (reportId: string) => `ScheduledReport/${encodeURIComponent(reportId)}`;

/** One report, or undefined when Partner Center has none with that ID. */
export const findReport = entityFinder('ScheduledReport', 'reportId');

/** One report; an error naming the ID when there is none. */
export async function getReport(
	context: PartnerCenterContext,
	reportId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	const report = await findReport(context, reportId, itemIndex);
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

/** Every report (or `limit` of them), optionally filtered as the API allows (`reportName`, `queryId`). */
export const listReports = entityLister('ScheduledReport');

/**
 * Creates a report from a complete request body; answers it with its (checked) `reportId`. A create
 * whose answer is lost is recognised by its name, query ID and callback URL (and its creation time,
 * see createdEntity).
 */
export async function createReport(
	context: PartnerCenterContext,
	body: IDataObject,
	itemIndex?: number,
): Promise<IDataObject> {
	return await createdEntity(
		context,
		'ScheduledReport',
		body,
		'reportId',
		{
			filters: { reportName: body.ReportName },
			matches: (candidate) =>
				sameValue(candidate.reportName, body.ReportName) &&
				sameValue(candidate.queryId, body.QueryId) &&
				(!body.CallbackUrl || candidate.callbackUrl === body.CallbackUrl),
		},
		itemIndex,
	);
}

/** A report fit for an output item: a trigger's callback URL shows without its secret. */
export const reportForOutput = (report: IDataObject): IDataObject => redactCallbackUrl(report);

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/**
 * Changes a report's settings. The v1 docs mark ReportName, StartTime, Format and CallbackUrl as
 * required on update, so the current report is read and the changes are laid over it.
 * `callbackUrl: null` removes the callback.
 */
export async function updateReport(
	context: PartnerCenterContext,
	reportId: string,
	updates: IDataObject,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const target = getApiTarget(context, itemIndex);
	const current = await getReport(context, reportId, itemIndex);
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
	const { value } = await partnerCenterApiRequest.call(context, {
		method: 'PUT',
		endpoint: reportPath(reportId),
		body,
		itemIndex,
	});
	return value;
}

/** Pauses or resumes a report's schedule; answers the report. */
export async function setReportSchedule(
	context: PartnerCenterContext,
	reportId: string,
	action: 'pause' | 'resume',
	itemIndex?: number,
): Promise<IDataObject[]> {
	const { value } = await partnerCenterApiRequest.call(context, {
		method: 'PUT',
		endpoint: `ScheduledReport/${action}/${encodeURIComponent(reportId)}`,
		itemIndex,
	});
	return value;
}

/**
 * Deletes a report with its executions; answers what Partner Center returned about it. With
 * `missingOk`, a report that is already gone (404) is not an error: the answer is undefined.
 */
export async function deleteReport(
	context: PartnerCenterContext,
	reportId: string,
	{ missingOk = false, itemIndex }: { missingOk?: boolean; itemIndex?: number } = {},
): Promise<IDataObject | undefined> {
	const request = partnerCenterApiRequest.call(context, {
		method: 'DELETE',
		endpoint: reportPath(reportId),
		itemIndex,
	});
	const envelope = missingOk ? await whenNotFound(request, () => undefined) : await request;
	return envelope ? (envelope.value[0] ?? {}) : undefined;
}
