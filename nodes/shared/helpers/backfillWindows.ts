import { DateTime } from 'luxon';

/**
 * Report → Backfill's date arithmetic, pure: a range split into windows, the default range, and the
 * check of a range against a dataset's `availableDateRanges`. All instants are UTC.
 */

export const WINDOW_UNITS = ['month', 'week', 'day'] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];

/** One window: [start, end), as a run-once report's QueryStartTime / QueryEndTime. */
export interface TimeWindow {
	start: DateTime;
	end: DateTime;
}

/** The most windows one Backfill item runs (10 years of days). */
export const MAX_WINDOWS = 3660;

/**
 * Splits [from, to) into windows on calendar boundaries of `unit` (UTC; weeks start on Monday, as
 * ISO 8601 has it). The first and last windows are cut to the range when it does not start or end on
 * a boundary, so the windows cover the range exactly, without gaps or overlaps, oldest first.
 */
export function splitWindows(from: DateTime, to: DateTime, unit: WindowUnit): TimeWindow[] {
	const start = from.toUTC();
	const end = to.toUTC();
	if (!start.isValid || !end.isValid) throw new Error('The range has an invalid date');
	if (end <= start) throw new Error('"To" must be after "From"');
	const windows: TimeWindow[] = [];
	let cursor = start;
	while (cursor < end) {
		const boundary = cursor.startOf(unit === 'week' ? 'week' : unit).plus({ [`${unit}s`]: 1 });
		const windowEnd = boundary < end ? boundary : end;
		windows.push({ start: cursor, end: windowEnd });
		if (windows.length > MAX_WINDOWS) {
			throw new Error(
				`The range makes more than ${MAX_WINDOWS} windows of a ${unit}: choose a longer window or a shorter range`,
			);
		}
		cursor = windowEnd;
	}
	return windows;
}

/** The default range: the last 24 full calendar months before `now` (UTC). */
export function defaultRange(now: DateTime): { from: DateTime; to: DateTime } {
	const to = now.toUTC().startOf('month');
	return { from: to.minus({ months: 24 }), to };
}

/**
 * How far back a TIMESPAN reaches [inferred: the docs name the ranges (LAST_7_DAYS … LAST_1_YEAR), not
 * their exact first day; a month range is read as whole calendar months before the current one, a day
 * range as whole days before today]. Read from the name's shape, so a range of a documented shape with
 * another number (LAST_60_DAYS) is understood too; undefined for a name of another shape.
 */
function reachOf(name: string): { days: number } | { months: number } | undefined {
	const counted = /^LAST_(\d+)_(DAYS|MONTHS|YEARS?)$/.exec(name);
	if (counted) {
		const count = Number(counted[1]);
		if (counted[2] === 'DAYS') return { days: count };
		return { months: counted[2] === 'MONTHS' ? count : 12 * count };
	}
	if (name === 'TODAY') return { days: 0 };
	if (name === 'YESTERDAY') return { days: 1 };
	if (name === 'LAST_MONTH') return { months: 1 };
	return undefined;
}

/**
 * The earliest instant a dataset offers, from its `availableDateRanges`: undefined when it offers its
 * whole history (LIFETIME) or names no range this package knows (nothing to check against).
 */
export function earliestAvailable(ranges: unknown, now: DateTime): DateTime | undefined {
	const names = Array.isArray(ranges) ? ranges.map((range) => String(range).toUpperCase()) : [];
	if (names.includes('LIFETIME')) return undefined;
	let earliest: DateTime | undefined;
	for (const name of names) {
		const reach = reachOf(name);
		if (!reach) continue;
		const first =
			'months' in reach
				? now.toUTC().startOf('month').minus(reach)
				: now.toUTC().startOf('day').minus(reach);
		if (!earliest || first < earliest) earliest = first;
	}
	return earliest;
}

const day = (instant: DateTime) => instant.toUTC().toISODate();

/**
 * Why [from, to) is outside what the dataset offers, or undefined when it is inside: it must end by
 * now (there is no data from the future) and, unless the dataset offers LIFETIME, start no earlier
 * than its longest range reaches.
 */
export function rangeProblem(
	datasetName: string,
	ranges: unknown,
	from: DateTime,
	to: DateTime,
	now: DateTime,
): string | undefined {
	if (to > now) {
		return `"To" (${day(to)}) is in the future: dataset ${datasetName} has data up to now (${now.toUTC().toISO({ suppressMilliseconds: true })}) at most`;
	}
	const earliest = earliestAvailable(ranges, now);
	if (earliest && from < earliest) {
		const offered = Array.isArray(ranges) ? ranges.join(', ') : '';
		return `"From" (${day(from)}) is earlier than dataset ${datasetName} offers: its availableDateRanges (${offered}) reach back to ${day(earliest)}`;
	}
	return undefined;
}
