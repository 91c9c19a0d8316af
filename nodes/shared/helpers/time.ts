import { DateTime } from 'luxon';

/** Partner Center's only accepted timestamp form; anything else is answered with a bare 500. */
export const PARTNER_CENTER_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

/**
 * Reads an n8n date (a luxon DateTime, a JS Date, an ISO string or an epoch in milliseconds) as an
 * instant. Strings without an offset are read in the workflow's time zone, as n8n's date picker means.
 */
export function parseTimeValue(value: unknown, label: string, zone: string): DateTime {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'number') parsed = DateTime.fromMillis(value);
	else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		parsed = DateTime.fromISO(text, { zone, setZone: false });
		if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone });
		if (!parsed.isValid) parsed = DateTime.fromRFC2822(text, { zone });
	}
	if (!parsed || !parsed.isValid) {
		throw new Error(
			`"${label}" must be a date and time such as 2026-12-01T09:00:00Z (or an n8n date), got "${String(value)}"`,
		);
	}
	return parsed;
}

export function formatPartnerCenterTime(instant: DateTime): string {
	return instant.toUTC().toFormat(PARTNER_CENTER_TIME_FORMAT);
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
