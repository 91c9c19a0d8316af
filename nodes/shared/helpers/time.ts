import { DateTime } from 'luxon';

/*
 * The one rule for time in this package (docs/architecture.md repeats it):
 *
 * - A value that selects data by day or month (Report → Backfill's From and To, Query Start Time and
 *   Query End Time of a run-once report, Query → Test's Start Time and End Time) is a UTC calendar date
 *   and time, read as written: n8n's date picker adds the workflow's zone (2026-09-01T00:00:00.000-04:00
 *   in America/New_York), and that zone is dropped, so the value means 2026-09-01 00:00 UTC. Partner
 *   Center's days and months are UTC; the user's time zone must not shift them. (`parseDataTime`)
 * - An instant (a report's Start Time and End Time: when it runs) follows n8n's date picker: a value
 *   with an offset is that instant, one without is read in the workflow's time zone (`getTimezone()`).
 *   Every message shows an instant in that zone with UTC beside it, e.g.
 *   "2026-12-08 09:00 America/New_York (14:00 UTC)", so the user can tell which clock is meant.
 *   (`parseTimeValue`, `formatForUser`)
 *
 * Partner Center receives both as `yyyy-MM-ddTHH:mm:ssZ` (`formatPartnerCenterTime`).
 */

/** Partner Center's only accepted timestamp form; anything else is answered with a bare 500. */
export const PARTNER_CENTER_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

const EXAMPLE = '2026-12-01T09:00:00Z (or an n8n date)';
const UTC_NAMES = new Set([
	'utc',
	'etc/utc',
	'gmt',
	'etc/gmt',
	'z',
	'zulu',
	'universal',
	'etc/universal',
]);

function invalid(label: string, value: unknown): Error {
	return new Error(`"${label}" must be a date and time such as ${EXAMPLE}, got "${String(value)}"`);
}

/**
 * Reads a string as written: with `setZone` the offset it carries is kept (its wall clock stays as
 * typed), and a string without one is read in `zone`.
 */
function parseText(text: string, zone: string, setZone: boolean): DateTime {
	let parsed = DateTime.fromISO(text, { zone, setZone });
	if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone, setZone });
	if (!parsed.isValid) parsed = DateTime.fromRFC2822(text, { zone, setZone });
	return parsed;
}

/**
 * Reads an n8n date (a luxon DateTime, a JS Date, an ISO string or an epoch in milliseconds) as an
 * instant. Strings without an offset are read in the workflow's time zone, as n8n's date picker means.
 */
export function parseTimeValue(value: unknown, label: string, zone: string): DateTime {
	return readDateValue(value, label, zone, false).setZone(zone);
}

/**
 * Reads a date that selects data (see the rule above) as a UTC date and time: the date and time as
 * written, whatever zone they carry. A JS Date or an epoch carries no written zone: it is seen in the
 * workflow's time zone first (what n8n's own expressions such as `$today` show the user).
 */
export function parseDataTime(value: unknown, label: string, zone: string): DateTime {
	return readDateValue(value, label, zone, true).setZone('utc', { keepLocalTime: true });
}

/**
 * Any n8n date as a luxon DateTime: a JS Date or an epoch seen in `zone`, a string read by parseText
 * (`keepWrittenZone`: with the offset it carries); the two rules above differ only in what follows.
 */
function readDateValue(
	value: unknown,
	label: string,
	zone: string,
	keepWrittenZone: boolean,
): DateTime {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone });
	else if (typeof value === 'number') parsed = DateTime.fromMillis(value, { zone });
	else if (typeof value === 'string' && value.trim() !== '')
		parsed = parseText(value.trim(), zone, keepWrittenZone);
	if (!parsed || !parsed.isValid) throw invalid(label, value);
	return parsed;
}

export function formatPartnerCenterTime(instant: DateTime): string {
	return instant.toUTC().toFormat(PARTNER_CENTER_TIME_FORMAT);
}

/**
 * An instant for a message: in the workflow's time zone with UTC beside it,
 * "2026-12-08 09:00 America/New_York (14:00 UTC)" (the UTC date too when it differs), or
 * "2026-12-08 14:00 UTC" when the workflow runs in UTC.
 */
export function formatForUser(instant: DateTime, zone: string): string {
	const utc = instant.toUTC();
	const local = instant.setZone(zone);
	const utcText = `${utc.toFormat('yyyy-MM-dd HH:mm')} UTC`;
	if (!local.isValid || UTC_NAMES.has(zone.toLowerCase())) return utcText;
	const sameDay = local.toISODate() === utc.toISODate();
	return `${local.toFormat('yyyy-MM-dd HH:mm')} ${zone} (${sameDay ? utc.toFormat('HH:mm') : utc.toFormat('yyyy-MM-dd HH:mm')} UTC)`;
}

/**
 * A timestamp Partner Center wrote (a report's startTime, an execution's reportGeneratedTime). Its
 * examples show them with and without the `Z`; all of them are UTC, so one without an offset is read
 * as UTC, never in the workflow's time zone. Undefined for an empty or unreadable value.
 */
export function readPartnerCenterTime(value: unknown): DateTime | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const parsed = DateTime.fromISO(value.trim(), { zone: 'utc' });
	return parsed.isValid ? parsed : undefined;
}
