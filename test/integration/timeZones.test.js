/**
 * The rule for time (nodes/shared/helpers/time.ts) under several n8n time zones, against the emulator
 * over HTTP: what Partner Center receives is asserted exactly.
 *
 * - Dates that select data (Backfill's From/To, Query Start/End Time, Query → Test's Start/End Time)
 *   are UTC dates as picked: the same QueryStartTime/QueryEndTime whatever n8n's zone.
 * - A report's Start Time is an instant: picked as 09:00 in n8n's zone, it is sent as that instant,
 *   and the "4 hours ahead" error shows it in that zone with UTC beside it.
 *
 * n8n's zone reaches nodes through this.getTimezone(): the workflow's setting, else n8n's default
 * (GENERIC_TIMEZONE), which the harness's workflows (no setting) take from n8n-workflow's global state.
 */
const { DateTime } = require('luxon');
const { getGlobalState, setGlobalState } = require('n8n-workflow');
const { createHarness } = require('../helpers/harness');
const { useTestEmulator, harnessCredentials } = require('../helpers/emulator');
const { id, createQuery } = require('../helpers/operations');

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata'];
const QUERY = 'SELECT UsageDate, OfferName, CustomerCountry, NormalizedUsage FROM ISVUsage';

/** Every report the emulator held, as first seen (Backfill and Run delete theirs once read). */
const reportsSeen = new Map();
const server = useTestEmulator({
	executionDelaysMs: { pending: 50, running: 50 },
	log: () => {
		if (!server.emu) return;
		for (const state of [server.emu.state.cmp, server.emu.state.mpn])
			for (const report of state.reports.values())
				if (!reportsSeen.has(report.reportId)) reportsSeen.set(report.reportId, { ...report });
	},
});

const originalState = getGlobalState();
function useZone(zone) {
	setGlobalState({ ...originalState, defaultTimezone: zone });
}
afterAll(() => setGlobalState(originalState));
beforeEach(async () => {
	await server.control('POST', 'reset');
	reportsSeen.clear();
});

const harness = () => createHarness({ credentials: harnessCredentials(server.url) });

/** What n8n's date picker stores for a wall-clock time in `zone`: e.g. 2026-09-01T00:00:00.000-04:00. */
const picked = (wallClock, zone) => DateTime.fromISO(wallClock, { zone }).toISO();

/** The windows the run-once reports were made with, oldest first. */
const windowsSent = () =>
	[...reportsSeen.values()]
		.map((r) => [r.queryStartTime, r.queryEndTime])
		.sort((a, b) => a[0].localeCompare(b[0]));

async function backfillWindows(zone, from, to, window) {
	useZone(zone);
	const items = await harness().run({
		resource: 'report',
		operation: 'backfill',
		querySource: 'text',
		query: QUERY,
		backfillFrom: picked(from, zone),
		backfillTo: picked(to, zone),
		backfillWindow: window,
		concurrency: 4,
		options: { pollIntervalSeconds: 1 },
	});
	return {
		items: items.map((item) => [item.json.windowStart, item.json.windowEnd]),
		sent: windowsSent(),
	};
}

const MONTHS = [
	['2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z'],
	['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'],
	['2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'],
];

describe.each(ZONES)('n8n time zone %s', (zone) => {
	test('Backfill 2026-09-01 → 2026-12-01 in months: three UTC calendar months, as picked', async () => {
		const { items, sent } = await backfillWindows(
			zone,
			'2026-09-01T00:00',
			'2026-12-01T00:00',
			'month',
		);
		// Printed for the record: the windows Partner Center received under this zone.
		console.log(`Backfill windows under ${zone}:\n${sent.map((w) => w.join(' → ')).join('\n')}`);
		expect(sent).toEqual(MONTHS);
		expect(items).toEqual(MONTHS);
	});

	test('Report → Create, run once: Query Start/End Time are sent as the UTC dates picked', async () => {
		useZone(zone);
		const h = harness();
		const queryId = await createQuery(h, { query: QUERY }, 'Zone query');
		const [report] = await h.run({
			resource: 'report',
			operation: 'create',
			reportName: 'Zone once',
			queryId: id(queryId),
			schedule: 'once',
			options: {
				queryStartTime: picked('2026-09-01T00:00', zone),
				queryEndTime: picked('2026-10-01T00:00', zone),
			},
		});
		const stored = server.emu.state.cmp.reports.get(report.json.reportId.toLowerCase());
		expect([stored.queryStartTime, stored.queryEndTime]).toEqual([
			'2026-09-01T00:00:00Z',
			'2026-10-01T00:00:00Z',
		]);
	});

	test('Query → Test on partner insights: startTime/endTime are the UTC dates picked', async () => {
		useZone(zone);
		await harness().run({
			program: 'partnerInsights',
			authentication: 'password',
			resource: 'query',
			operation: 'test',
			querySource: 'text',
			query: 'SELECT SubscriptionId, CustomerName FROM DynamicsUsage',
			options: {
				startTime: picked('2026-09-01T00:00', zone),
				endTime: picked('2026-10-01T00:00', zone),
			},
		});
		const tried = server.emu.state.requests.filter((r) => /testQueryResult/i.test(r.path));
		expect(tried).toHaveLength(1);
		const params = new URL(tried[0].path, 'http://emulator.local').searchParams;
		expect([params.get('startTime'), params.get('endTime')]).toEqual([
			'2026-09-01T00:00:00Z',
			'2026-10-01T00:00:00Z',
		]);
	});

	test("Report → Create, recurring: Start Time picked as 09:00 is 09:00 in n8n's zone; the 4-hour error shows both clocks", async () => {
		useZone(zone);
		const h = harness();
		const queryId = await createQuery(h, { query: QUERY }, 'Zone query');
		const day = DateTime.now().setZone(zone).plus({ days: 2 }).toISODate();
		const nineLocal = DateTime.fromISO(`${day}T09:00`, { zone });
		const base = {
			resource: 'report',
			operation: 'create',
			reportName: 'Zone recurring',
			queryId: id(queryId),
			schedule: 'recurring',
			recurrenceInterval: 24,
			recurrenceEnd: 'count',
			recurrenceCount: 3,
		};
		// As the date picker stores it (with n8n's offset), and as typed without an offset.
		for (const startTime of [picked(`${day}T09:00`, zone), `${day}T09:00:00`]) {
			const [report] = await h.run({ ...base, startTime });
			const stored = server.emu.state.cmp.reports.get(report.json.reportId.toLowerCase());
			expect(stored.startTime).toBe(nineLocal.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'"));
		}

		const soon = DateTime.now().setZone(zone).plus({ hours: 1 }).startOf('minute');
		const error = await h.run({ ...base, startTime: soon.toISO() }).catch((e) => e);
		expect(error).toBeInstanceOf(Error);
		const clock = (instant) =>
			zone === 'UTC'
				? `${instant.toUTC().toFormat('yyyy-MM-dd HH:mm')} UTC`
				: `${instant.setZone(zone).toFormat('yyyy-MM-dd HH:mm')} ${zone} (`;
		expect(error.message).toContain(`"Start Time" (${clock(soon)}`);
		expect(error.message).toMatch(
			zone === 'UTC'
				? /earliest allowed is \d{4}-\d\d-\d\d \d\d:\d\d UTC$/
				: new RegExp(
						`earliest allowed is \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d ${zone} \\((\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d UTC\\)$`,
					),
		);
	});
});

test('Backfill in days across a DST change (Europe/Berlin, 2026-10-25): whole UTC days, none cut at 22:00 or 23:00', async () => {
	const { items, sent } = await backfillWindows(
		'Europe/Berlin',
		'2026-10-24T00:00',
		'2026-10-27T00:00',
		'day',
	);
	const DAYS = [
		['2026-10-24T00:00:00Z', '2026-10-25T00:00:00Z'],
		['2026-10-25T00:00:00Z', '2026-10-26T00:00:00Z'],
		['2026-10-26T00:00:00Z', '2026-10-27T00:00:00Z'],
	];
	console.log(
		`Backfill windows under Europe/Berlin:\n${sent.map((w) => w.join(' → ')).join('\n')}`,
	);
	expect(sent).toEqual(DAYS);
	expect(items).toEqual(DAYS);
});
