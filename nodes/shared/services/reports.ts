import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { redactCallbackUrl } from '../helpers/redact';
import { toReportBody, type ReportFields } from '../helpers/reportFields';
import type { TimeContext } from '../helpers/parameters';
import { earliestStartTime, nextSlotFrom, runOnceSchedule } from '../helpers/schedule';
import { formatPartnerCenterTime, readPartnerCenterTime } from '../helpers/time';
import {
	getApiTarget,
	partnerCenterApiRequest,
	whenNotFound,
	whenRefused,
	type PartnerCenterContext,
} from '../transport';
import { createAtMostOnce, sameValue } from './created';
import { entityReaders } from './entities';

/**
 * Scheduled reports (`ScheduledReport`): the one place that reads, creates, changes and deletes them.
 * Entities come back in camelCase.
 */

const reportPath = (reportId: string) => `ScheduledReport/${encodeURIComponent(reportId)}`;

/**
 * One report (`findReport`: undefined when Partner Center has none with that ID; `getReport`: the error
 * for an unknown ID instead), or every report (`listReports`, or `limit` of them), filtered as the API
 * allows (`reportName`, `queryId`).
 */
export const {
	find: findReport,
	get: getReport,
	list: listReports,
} = entityReaders('ScheduledReport', 'reportId', 'report');

/**
 * Creates a report from a complete request body; answers it with its (checked) `reportId`. A create
 * whose answer is lost is recognised by its name, query ID and callback URL (and its creation time,
 * see createAtMostOnce).
 */
export async function createReport(
	context: PartnerCenterContext,
	body: IDataObject,
	itemIndex?: number,
): Promise<IDataObject> {
	// A run-once report gets schedule fields valid under both readings of ExecuteNow (see runOnceSchedule).
	if (body.ExecuteNow === true)
		body = { ...body, ...runOnceSchedule(getApiTarget(context, itemIndex)) };
	return await createAtMostOnce(
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

/**
 * Creates a report of `queryId` from its fields: the request body (checked by toReportBody, with
 * `QueryId` and `ExecuteNow`) is built here, never by an operation or a node.
 */
export async function createReportOf(
	context: PartnerCenterContext & TimeContext,
	queryId: string,
	fields: ReportFields,
	{ runOnce }: { runOnce: boolean },
	itemIndex?: number,
): Promise<IDataObject> {
	const target = getApiTarget(context, itemIndex);
	const body: IDataObject = {
		...toReportBody(context, itemIndex ?? 0, target, fields, { runOnce }),
		QueryId: queryId,
		ExecuteNow: runOnce,
	};
	return await createReport(context, body, itemIndex);
}

/** A report fit for an output item: a trigger's callback URL shows without its secret. */
export const reportForOutput = (report: IDataObject): IDataObject => redactCallbackUrl(report);

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

const START_TIME_REFUSED = /start time/i;

/** Removing a callback was refused in every form tried; the report was left as it was. */
export class CallbackNotRemovedError extends NodeOperationError {}

/** Where an update had to move a report's past start time, and the reports Partner Center answered. */
export interface UpdateResult {
	reports: IDataObject[];
	startTimeMovedTo?: string;
}

/**
 * Changes a report's settings. The v1 docs mark ReportName, StartTime, Format and CallbackUrl as
 * required on update, so the current report is read and the changes are laid over it.
 * `callbackUrl: null` removes the callback.
 *
 * Where the docs allow two readings, both are handled (emulator/README.md "Readings"):
 * - a start time that has passed may be refused although unchanged: the report moves to the next run
 *   of its own schedule at least 4 hours ahead (`startTimeMovedTo`);
 * - `CallbackUrl: ""` may be refused (the field is "required"): `null` is tried next, and if that is
 *   refused too, CallbackNotRemovedError says so and nothing was changed;
 * - the RecurrenceCount re-sent may be read as the total rather than the remaining count: when the
 *   answer has fewer runs left than were sent, the count is sent again with the runs already made.
 */
export async function updateReport(
	context: PartnerCenterContext,
	reportId: string,
	updates: IDataObject,
	itemIndex?: number,
): Promise<UpdateResult> {
	const target = getApiTarget(context, itemIndex);
	const current = await getReport(context, reportId, itemIndex);
	const pick = (name: string): unknown =>
		present(updates[name]) ? updates[name] : (current[name] ?? undefined);
	// Partner Center's own timestamps are UTC even when written without a Z.
	const pickTime = (name: string): unknown =>
		present(updates[name]) ? updates[name] : readPartnerCenterTime(current[name]);
	const clearCallback = updates.callbackUrl === null;
	const keepsCount = !present(updates.recurrenceCount) && !present(updates.endTime);
	const fields: ReportFields = {
		reportName: String(pick('reportName') ?? ''),
		description: pick('description') as string | undefined,
		format: pick('format') ?? 'csv',
		callbackUrl: clearCallback
			? undefined
			: (pick('callbackUrl') as string | undefined) || undefined,
		callbackMethod: pick('callbackMethod') as string | undefined,
		startTime: pickTime('startTime'),
		recurrenceInterval: pick('recurrenceInterval') as number | undefined,
		recurrenceCount: pick('recurrenceCount') as number | undefined,
		endTime: pickTime('endTime'),
	};
	const isNewStartTime = present(updates.startTime);
	const body = toReportBody(context, itemIndex ?? 0, target, fields, {
		runOnce: false,
		isNewStartTime,
	});
	if (clearCallback) body.CallbackUrl = '';
	const put = async () =>
		(
			await partnerCenterApiRequest(context, {
				method: 'PUT',
				endpoint: reportPath(reportId),
				body,
				itemIndex,
			})
		).value;

	let startTimeMovedTo: string | undefined;
	let reports: IDataObject[] | undefined;
	for (let attempt = 0; !reports; attempt++) {
		const refused = await whenRefused(
			put().then((value) => {
				reports = value;
				return undefined;
			}),
			(refusal) => refusal,
		);
		if (!refused) continue;
		if (attempt >= 3) throw refused;
		if (START_TIME_REFUSED.test(refused.message) && !isNewStartTime && !startTimeMovedTo) {
			startTimeMovedTo = movedStartTime(context, reportId, fields, itemIndex);
			body.StartTime = startTimeMovedTo;
			context.logger.warn(
				`Partner Center refused to keep the past start time of report ${reportId}; it now starts at ${startTimeMovedTo}, the next run of its schedule at least 4 hours ahead`,
			);
		} else if (clearCallback && body.CallbackUrl === '') {
			body.CallbackUrl = null;
		} else if (clearCallback) {
			throw new CallbackNotRemovedError(
				context.getNode(),
				`Partner Center does not let report ${reportId} lose its callback URL; nothing was changed`,
				{ itemIndex, description: refused.message },
			);
		} else {
			throw refused;
		}
	}
	const sentCount = body.RecurrenceCount;
	const leftAfter = (answer: IDataObject[]) => answer[0]?.recurrenceCount;
	if (keepsCount && typeof sentCount === 'number') {
		// The count was taken as the total: the runs already made were subtracted. Send it with them.
		// The answer says how many only while some runs are left (sent minus left); once the runs made
		// reach the count sent it answers 0: then the report's total and remaining count before the
		// update say it (v1.1), or else at least as many as were sent were made, and it is tried again.
		let sent = sentCount;
		let left = leftAfter(reports);
		for (let attempt = 0; typeof left === 'number' && left < sentCount; attempt++) {
			if (attempt >= 8) {
				throw new NodeOperationError(
					context.getNode(),
					`Partner Center took the recurrence count of report ${reportId} as the whole schedule's and left it ${left} of ${sentCount} runs; set "Recurrence Count" again`,
					{ itemIndex },
				);
			}
			const runsMade = left > 0 ? sent - left : Math.max(sent, runsMadeBefore(current) ?? 0);
			sent = sentCount + runsMade;
			body.RecurrenceCount = sent;
			reports = await put();
			left = leftAfter(reports);
		}
	}
	if (startTimeMovedTo) reports = reports.map((report) => ({ ...report, startTimeMovedTo }));
	return { reports, startTimeMovedTo };
}

/** The runs a report made, from its total and remaining counts (v1.1), or undefined when unknown. */
function runsMadeBefore(report: IDataObject): number | undefined {
	const { totalRecurrenceCount: total, recurrenceCount: left } = report;
	if (typeof total !== 'number' || typeof left !== 'number' || total < left) return undefined;
	return total - left;
}

/** The next run of the report's schedule at least 4 hours ahead, or an error when it has none. */
function movedStartTime(
	context: PartnerCenterContext,
	reportId: string,
	fields: ReportFields,
	itemIndex: number | undefined,
): string {
	const start = DateTime.isDateTime(fields.startTime) ? fields.startTime : undefined;
	const interval = fields.recurrenceInterval;
	if (!start || !interval) {
		throw new NodeOperationError(
			context.getNode(),
			`Partner Center refused to keep the past start time of report ${reportId}, and the report has no schedule to find its next run in; nothing was changed`,
			{ itemIndex, description: 'Set a new "Start Time" at least 4 hours ahead.' },
		);
	}
	return formatPartnerCenterTime(nextSlotFrom(start, interval, earliestStartTime()));
}

/** Pauses or resumes a report's schedule; answers the report. */
export async function setReportSchedule(
	context: PartnerCenterContext,
	reportId: string,
	action: 'pause' | 'resume',
	itemIndex?: number,
): Promise<IDataObject[]> {
	const { value } = await partnerCenterApiRequest(context, {
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
	const request = partnerCenterApiRequest(context, {
		method: 'DELETE',
		endpoint: reportPath(reportId),
		itemIndex,
	});
	const envelope = missingOk ? await whenNotFound(request, () => undefined) : await request;
	return envelope ? (envelope.value[0] ?? {}) : undefined;
}
