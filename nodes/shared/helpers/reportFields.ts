import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiTarget } from '../transport/target';
import { parseOptionalDataTime, parseOptionalTime, type TimeContext } from './parameters';
import { parseFormat } from './formats';
import { checkRecurrence, runsUntil } from './schedule';
import { parseHttpUrl } from './urls';
import { formatForUser, formatPartnerCenterTime } from './time';

/** Report settings as the user gave them, before they become a Partner Center request body. */
export interface ReportFields {
	reportName?: string;
	description?: string;
	format?: unknown;
	callbackUrl?: string;
	callbackMethod?: string;
	startTime?: unknown;
	recurrenceInterval?: number;
	recurrenceCount?: number;
	endTime?: unknown;
	queryStartTime?: unknown;
	queryEndTime?: unknown;
}

function fail(context: TimeContext, itemIndex: number, message: string): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex });
}

function checkCallbackUrl(context: TimeContext, itemIndex: number, value: string): string {
	if (!parseHttpUrl(value)) {
		fail(
			context,
			itemIndex,
			`"Callback URL" must be an absolute http(s) URL that Partner Center can reach, got "${value}"`,
		);
	}
	return value;
}

/**
 * Checks report settings locally (Partner Center answers bad dates with a bare 500 and most other
 * mistakes with a terse 400) and maps them to the API's PascalCase body.
 * `isNewStartTime` is false when an update keeps the report's current start time.
 */
export function toReportBody(
	context: TimeContext,
	itemIndex: number,
	target: ApiTarget,
	fields: ReportFields,
	{ runOnce, isNewStartTime = true }: { runOnce: boolean; isNewStartTime?: boolean },
): IDataObject {
	const body: IDataObject = {};
	const time = (value: unknown, label: string): DateTime | undefined =>
		parseOptionalTime(context, value, label, itemIndex);

	if (fields.reportName !== undefined) {
		const name = fields.reportName.trim();
		if (name === '') fail(context, itemIndex, '"Report Name" is empty: fill it in');
		body.ReportName = name;
	}
	if (fields.description) body.Description = fields.description;
	if (fields.format !== undefined) {
		try {
			body.Format = parseFormat(fields.format).toUpperCase();
		} catch (error) {
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		}
	}
	if (fields.callbackUrl) {
		body.CallbackUrl = checkCallbackUrl(context, itemIndex, fields.callbackUrl.trim());
		body.CallbackMethod = (fields.callbackMethod ?? 'POST').toUpperCase();
		if (body.CallbackMethod !== 'GET' && body.CallbackMethod !== 'POST') {
			fail(
				context,
				itemIndex,
				`"Callback Method" must be GET or POST, got "${fields.callbackMethod}"`,
			);
		}
	}

	// Query Start/End Time select data: UTC dates as written. Start/End Time are instants.
	const queryStart = parseOptionalDataTime(
		context,
		fields.queryStartTime,
		'Query Start Time',
		itemIndex,
	);
	const queryEnd = parseOptionalDataTime(context, fields.queryEndTime, 'Query End Time', itemIndex);
	if (runOnce) {
		if (queryStart && queryEnd && queryEnd <= queryStart) {
			fail(context, itemIndex, '"Query End Time" must be after "Query Start Time"');
		}
		if (queryStart) body.QueryStartTime = formatPartnerCenterTime(queryStart);
		if (queryEnd) body.QueryEndTime = formatPartnerCenterTime(queryEnd);
		return body;
	}
	if (queryStart || queryEnd) {
		fail(
			context,
			itemIndex,
			'"Query Start Time" and "Query End Time" apply only to run-once reports; a recurring report reads the query\'s TIMESPAN',
		);
	}

	const startTime = time(fields.startTime, 'Start Time');
	const endTime = time(fields.endTime, 'End Time');
	const problem = checkRecurrence(
		target,
		{
			startTime,
			recurrenceInterval: fields.recurrenceInterval,
			recurrenceCount: fields.recurrenceCount,
			endTime,
		},
		{ checkLeadTime: isNewStartTime, zone: context.getTimezone() },
	);
	if (problem) fail(context, itemIndex, problem);
	if (startTime) body.StartTime = formatPartnerCenterTime(startTime);
	if (fields.recurrenceInterval !== undefined) body.RecurrenceInterval = fields.recurrenceInterval;
	if (fields.recurrenceCount !== undefined) body.RecurrenceCount = fields.recurrenceCount;
	if (endTime && endTimeIsDocumented(target)) body.EndTime = formatPartnerCenterTime(endTime);
	else if (endTime)
		body.RecurrenceCount = endTimeAsCount(context, itemIndex, fields, startTime, endTime);
	return body;
}

/** EndTime is documented only for commercial marketplace v1.1 (create and update pages). */
export const endTimeIsDocumented = (target: Pick<ApiTarget, 'program' | 'apiVersion'>): boolean =>
	target.program === 'commercialMarketplace' && target.apiVersion === 'v1.1';

/** "Ends: At a Time" where EndTime is not documented: the runs left up to that time, counted here. */
function endTimeAsCount(
	context: TimeContext,
	itemIndex: number,
	fields: ReportFields,
	startTime: DateTime | undefined,
	endTime: DateTime,
): number {
	if (!startTime || fields.recurrenceInterval === undefined) {
		fail(
			context,
			itemIndex,
			'"End Time" needs "Start Time" and "Recurrence Interval (Hours)" on this API',
		);
	}
	const now = DateTime.utc();
	const runs = runsUntil(
		startTime,
		fields.recurrenceInterval,
		endTime,
		startTime > now ? startTime : now,
	);
	if (runs < 1) {
		fail(
			context,
			itemIndex,
			`"End Time" (${formatForUser(endTime, context.getTimezone())}) leaves no run of the schedule before it`,
		);
	}
	return runs;
}
