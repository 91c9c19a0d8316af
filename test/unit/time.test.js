/**
 * The rule for time (nodes/shared/helpers/time.ts), on the helpers themselves: dates that select data
 * are read as the UTC date and time written, whatever zone the value carries; instants follow n8n's
 * zone; messages show instants in that zone with UTC beside them.
 */
const { DateTime } = require('luxon');
const {
	parseDataTime,
	parseTimeValue,
	formatForUser,
	formatPartnerCenterTime,
} = require('../../nodes/shared/helpers/time');

const utc = (instant) => formatPartnerCenterTime(instant);

describe('parseDataTime: the date and time as written, in UTC', () => {
	test.each([
		['a date picker value in New York', '2026-09-01T00:00:00.000-04:00', 'America/New_York'],
		['a date picker value in Kolkata', '2026-09-01T00:00:00.000+05:30', 'Asia/Kolkata'],
		['a value with Z', '2026-09-01T00:00:00Z', 'America/New_York'],
		['a value without an offset', '2026-09-01T00:00:00', 'Asia/Kolkata'],
		['a date alone', '2026-09-01', 'Europe/Berlin'],
		['an SQL-style value', '2026-09-01 00:00:00', 'America/New_York'],
	])('%s', (_, value, zone) => {
		expect(utc(parseDataTime(value, 'From', zone))).toBe('2026-09-01T00:00:00Z');
	});

	test('an n8n DateTime ($today) keeps its wall clock; a JS Date or epoch is seen in the zone first', () => {
		const today = DateTime.fromISO('2026-09-01T00:00', { zone: 'America/New_York' });
		expect(utc(parseDataTime(today, 'From', 'America/New_York'))).toBe('2026-09-01T00:00:00Z');
		expect(utc(parseDataTime(today.toJSDate(), 'From', 'America/New_York'))).toBe(
			'2026-09-01T00:00:00Z',
		);
		expect(utc(parseDataTime(today.toMillis(), 'From', 'America/New_York'))).toBe(
			'2026-09-01T00:00:00Z',
		);
	});

	test('the time of day stays as written', () => {
		expect(utc(parseDataTime('2026-09-01T15:30:00-04:00', 'From', 'America/New_York'))).toBe(
			'2026-09-01T15:30:00Z',
		);
	});

	test('an unreadable value names the field', () => {
		expect(() => parseDataTime('next tuesday', 'From', 'UTC')).toThrow(
			/^"From" must be a date and time/,
		);
	});
});

describe('parseTimeValue: an instant, read in n8n zone when it has no offset', () => {
	test('09:00 without an offset is 09:00 in the zone; with an offset, that instant', () => {
		expect(utc(parseTimeValue('2026-12-08T09:00:00', 'Start Time', 'America/New_York'))).toBe(
			'2026-12-08T14:00:00Z',
		);
		expect(utc(parseTimeValue('2026-12-08T09:00:00+01:00', 'Start Time', 'America/New_York'))).toBe(
			'2026-12-08T08:00:00Z',
		);
	});
});

describe('formatForUser: the zone, with UTC beside it', () => {
	const instant = DateTime.fromISO('2026-12-08T14:00:00Z');
	test.each([
		['America/New_York', '2026-12-08 09:00 America/New_York (14:00 UTC)'],
		['Asia/Kolkata', '2026-12-08 19:30 Asia/Kolkata (14:00 UTC)'],
		['Pacific/Kiritimati', '2026-12-09 04:00 Pacific/Kiritimati (2026-12-08 14:00 UTC)'],
		['Europe/London', '2026-12-08 14:00 Europe/London (14:00 UTC)'],
		['UTC', '2026-12-08 14:00 UTC'],
		['Etc/UTC', '2026-12-08 14:00 UTC'],
	])('%s', (zone, expected) => {
		expect(formatForUser(instant, zone)).toBe(expected);
	});
});
