/** Report → Backfill's pure date arithmetic: windows, the default range, the availableDateRanges check. */
const { DateTime } = require('luxon');
const {
	splitWindows,
	defaultRange,
	earliestAvailable,
	rangeProblem,
	MAX_WINDOWS,
} = require('../../nodes/shared/helpers/backfillWindows');

const utc = (iso) => DateTime.fromISO(iso, { zone: 'utc' });
const show = (windows) => windows.map((w) => `${w.start.toISO()} ${w.end.toISO()}`);
const iso = (text) => utc(text).toISO();
/** The windows between consecutive boundaries, as show() writes them: spans(a, b, c) is a→b, b→c. */
const spans = (...bounds) => bounds.slice(1).map((end, i) => `${iso(bounds[i])} ${iso(end)}`);

describe('splitWindows', () => {
	test('months: calendar months, oldest first, the range covered exactly', () => {
		const windows = splitWindows(utc('2024-01-01'), utc('2024-04-01'), 'month');
		expect(show(windows)).toEqual(spans('2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01'));
	});

	test('a leap February is 29 days, a common one 28', () => {
		const [leap] = splitWindows(utc('2024-02-01'), utc('2024-03-01'), 'month');
		expect(leap.end.diff(leap.start, 'days').days).toBe(29);
		const [common] = splitWindows(utc('2023-02-01'), utc('2023-03-01'), 'month');
		expect(common.end.diff(common.start, 'days').days).toBe(28);
		const days = splitWindows(utc('2024-02-27'), utc('2024-03-02'), 'day');
		expect(days.map((w) => w.start.toISODate())).toEqual([
			'2024-02-27',
			'2024-02-28',
			'2024-02-29',
			'2024-03-01',
		]);
	});

	test('a range not on boundaries: the first and last windows are cut to it', () => {
		const windows = splitWindows(utc('2024-01-15T12:00:00'), utc('2024-03-10'), 'month');
		expect(show(windows)).toEqual(spans('2024-01-15T12:00:00', '2024-02-01', '2024-03-01', '2024-03-10'));
		// Within one month: one window, the range itself.
		expect(show(splitWindows(utc('2024-05-03'), utc('2024-05-20'), 'month'))).toEqual(spans('2024-05-03', '2024-05-20'));
	});

	test('weeks run Monday to Monday (ISO 8601), across a year end', () => {
		// 2024-12-25 is a Wednesday; 2024-12-30 and 2025-01-06 are Mondays.
		const windows = splitWindows(utc('2024-12-25'), utc('2025-01-10'), 'week');
		expect(show(windows)).toEqual(spans('2024-12-25', '2024-12-30', '2025-01-06', '2025-01-10'));
		expect(windows.slice(1).every((w) => w.start.weekday === 1)).toBe(true);
	});

	test('days: one per calendar day; times in other zones are read as instants in UTC', () => {
		const from = DateTime.fromISO('2024-03-01T01:00:00+02:00'); // 2024-02-29T23:00Z
		const windows = splitWindows(from, utc('2024-03-02'), 'day');
		expect(show(windows)).toEqual(spans('2024-02-29T23:00:00', '2024-03-01', '2024-03-02'));
		expect(windows.every((w) => w.start.zoneName === 'UTC')).toBe(true);
	});

	test('windows have no gaps or overlaps, and leap years count 366 days', () => {
		const windows = splitWindows(utc('2024-01-01'), utc('2025-01-01'), 'day');
		expect(windows).toHaveLength(366);
		for (let i = 1; i < windows.length; i++) expect(+windows[i].start).toBe(+windows[i - 1].end);
		expect(splitWindows(utc('2023-01-01'), utc('2024-01-01'), 'day')).toHaveLength(365);
		expect(splitWindows(utc('2023-01-01'), utc('2025-01-01'), 'month')).toHaveLength(24);
	});

	test('an empty or reversed range, and too many windows, are refused', () => {
		expect(() => splitWindows(utc('2024-01-01'), utc('2024-01-01'), 'day')).toThrow(
			'"To" must be after "From"',
		);
		expect(() => splitWindows(utc('2024-02-01'), utc('2024-01-01'), 'month')).toThrow(
			'"To" must be after "From"',
		);
		expect(() => splitWindows(utc('2000-01-01'), utc('2024-01-01'), 'day')).toThrow(
			`more than ${MAX_WINDOWS} windows`,
		);
	});
});

test('defaultRange: the last 24 full months before now', () => {
	const { from, to } = defaultRange(utc('2026-12-01T18:53:00'));
	expect([from.toISO(), to.toISO()]).toEqual([iso('2024-12-01'), iso('2026-12-01')]);
	expect(splitWindows(from, to, 'month')).toHaveLength(24);
	const leap = defaultRange(utc('2024-02-29T10:00:00'));
	expect([leap.from.toISO(), leap.to.toISO()]).toEqual([iso('2022-02-01'), iso('2024-02-01')]);
});

describe('availableDateRanges', () => {
	const now = utc('2026-12-01T18:00:00');
	test('LIFETIME: no lower bound; otherwise the longest range reaches back', () => {
		expect(earliestAvailable(['LAST_MONTH', 'LIFETIME'], now)).toBeUndefined();
		expect(earliestAvailable(['LAST_MONTH', 'LAST_1_YEAR', 'LAST_3_MONTHS'], now).toISO()).toBe(
			iso('2025-12-01'),
		);
		expect(earliestAvailable(['LAST_7_DAYS', 'LAST_30_DAYS'], now).toISO()).toBe(iso('2026-11-01'));
		expect(earliestAvailable(['SOMETHING_NEW'], now)).toBeUndefined();
		expect(earliestAvailable(undefined, now)).toBeUndefined();
	});
	test('a range is read from its name: another number of days, months or years, today and yesterday', () => {
		expect(earliestAvailable(['LAST_60_DAYS'], now).toISO()).toBe(iso('2026-10-02'));
		expect(earliestAvailable(['LAST_2_YEARS'], now).toISO()).toBe(iso('2024-12-01'));
		expect(earliestAvailable(['LAST_6_MONTHS', 'TODAY'], now).toISO()).toBe(iso('2026-06-01'));
		expect(earliestAvailable(['YESTERDAY'], now).toISO()).toBe(iso('2026-11-30'));
		expect(earliestAvailable(['LAST_WEEKEND'], now)).toBeUndefined();
	});

	test('rangeProblem names the dataset, the ranges and the earliest day; a future To is refused', () => {
		const ranges = ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS'];
		expect(
			rangeProblem('ISVUsage', ranges, utc('2026-06-01'), utc('2026-12-01'), now),
		).toBeUndefined();
		expect(rangeProblem('ISVUsage', ranges, utc('2026-05-31'), utc('2026-12-01'), now)).toBe(
			'"From" (2026-05-31) is earlier than dataset ISVUsage offers: its availableDateRanges (LAST_MONTH, LAST_3_MONTHS, LAST_6_MONTHS) reach back to 2026-06-01',
		);
		expect(
			rangeProblem('ISVUsage', ['LIFETIME'], utc('2001-01-01'), utc('2026-12-01'), now),
		).toBeUndefined();
		expect(
			rangeProblem('ISVOrder', ['LIFETIME'], utc('2026-01-01'), utc('2027-01-01'), now),
		).toMatch(/^"To" \(2027-01-01\) is in the future: dataset ISVOrder has data up to now/);
	});
});
