import { DateTime } from 'luxon';

import type { ApiTarget } from '../transport/target';
import { formatForUser, formatPartnerCenterTime } from './time';

/** Documented bounds of RecurrenceInterval (hours) per program and version. */
export function recurrenceIntervalBounds(target: Pick<ApiTarget, 'program' | 'apiVersion'>): {
	min: number;
	max: number;
} {
	if (target.program === 'partnerInsights') return { min: 4, max: 2160 };
	return target.apiVersion === 'v1' ? { min: 4, max: 90 } : { min: 1, max: 17520 };
}

/**
 * "Start time of report should at least be 4 hours from current UTC time": the earliest start this
 * node sends is 4 hours ahead plus a minute or two, so the request still qualifies when it arrives.
 */
export function earliestStartTime(now: DateTime = DateTime.utc()): DateTime {
	return now.plus({ hours: 4, minutes: 1 }).startOf('minute').plus({ minutes: 1 });
}

export interface RecurrenceInput {
	startTime?: DateTime;
	recurrenceInterval?: number;
	recurrenceCount?: number;
	endTime?: DateTime;
}

/**
 * Returns the first problem with a recurring schedule, worded for the user, or undefined. Times are
 * shown in the workflow's time zone `zone` with UTC beside them (the rule in helpers/time.ts).
 */
export function checkRecurrence(
	target: Pick<ApiTarget, 'program' | 'apiVersion'>,
	input: RecurrenceInput,
	{
		checkLeadTime = true,
		now = DateTime.utc(),
		zone = 'UTC',
	}: { checkLeadTime?: boolean; now?: DateTime; zone?: string } = {},
): string | undefined {
	const show = (instant: DateTime) => formatForUser(instant, zone);
	if (input.startTime && checkLeadTime) {
		const earliest = earliestStartTime(now);
		if (input.startTime < earliest) {
			return `"Start Time" (${show(input.startTime)}) must be at least 4 hours from now (a Partner Center rule): the earliest allowed is ${show(earliest)}`;
		}
	}
	if (input.recurrenceInterval !== undefined) {
		const { min, max } = recurrenceIntervalBounds(target);
		const interval = input.recurrenceInterval;
		if (!Number.isInteger(interval) || interval < min || interval > max) {
			const where =
				target.program === 'partnerInsights'
					? 'partner insights'
					: `commercial marketplace ${target.apiVersion}`;
			return `"Recurrence Interval (Hours)" must be a whole number of hours between ${min} and ${max} on ${where}, got ${interval}`;
		}
	}
	if (
		input.recurrenceCount !== undefined &&
		(!Number.isInteger(input.recurrenceCount) || input.recurrenceCount < 1)
	) {
		return `"Recurrence Count" must be a whole number of 1 or more, got ${input.recurrenceCount}`;
	}
	if (input.endTime && input.startTime && input.endTime <= input.startTime) {
		return `"End Time" (${show(input.endTime)}) must be after "Start Time" (${show(input.startTime)})`;
	}
	return undefined;
}

const HOUR_MS = 3_600_000;

/**
 * The first run of a schedule (`start`, every `intervalHours`) at or after `earliest`: where a report
 * is moved when Partner Center refuses to keep a start time that has passed.
 */
export function nextSlotFrom(start: DateTime, intervalHours: number, earliest: DateTime): DateTime {
	const step = intervalHours * HOUR_MS;
	const behind = earliest.toMillis() - start.toMillis();
	if (behind <= 0) return start;
	return start.plus({ milliseconds: Math.ceil(behind / step) * step });
}

/**
 * How many runs a schedule makes from `from` (default: its start) up to and including `end`:
 * "Ends: At a Time" as a RecurrenceCount, where only v1.1 documents EndTime.
 */
export function runsUntil(
	start: DateTime,
	intervalHours: number,
	end: DateTime,
	from: DateTime = start,
): number {
	const first = nextSlotFrom(start, intervalHours, from);
	if (end < first) return 0;
	return Math.floor((end.toMillis() - first.toMillis()) / (intervalHours * HOUR_MS)) + 1;
}

/**
 * The schedule fields of a run-once (ExecuteNow) report. The docs say they are ignored, but also mark
 * them required: a start 4 h ahead, the program's largest interval (so above any dataset's
 * minimumRecurrenceInterval) and one run are valid under both readings; the file still comes at once.
 */
export function runOnceSchedule(
	target: Pick<ApiTarget, 'program' | 'apiVersion'>,
	now: DateTime = DateTime.utc(),
): { StartTime: string; RecurrenceInterval: number; RecurrenceCount: number } {
	return {
		StartTime: formatPartnerCenterTime(earliestStartTime(now)),
		RecurrenceInterval: recurrenceIntervalBounds(target).max,
		RecurrenceCount: 1,
	};
}
