/**
 * The pure helpers behind the fallbacks for the docs' two readings (issue 13): the next slot of a
 * schedule, "Ends: At a Time" as a count, the run-once schedule, UTC timestamps without a Z, IDs in
 * any case, and where a secure link's redirect may lead.
 */
const { DateTime } = require('luxon');
const {
	nextSlotFrom,
	runsUntil,
	runOnceSchedule,
	earliestStartTime,
} = require('../../nodes/shared/helpers/schedule');
const { readPartnerCenterTime } = require('../../nodes/shared/helpers/time');
const { sameId } = require('../../nodes/shared/helpers/ids');
const { allowedRedirect } = require('../../nodes/shared/helpers/urls');
const { PartnerCenterAnalyticsTrigger } = require('../../nodes/PartnerCenterAnalyticsTrigger/PartnerCenterAnalyticsTrigger.node');

const at = (iso) => DateTime.fromISO(iso, { zone: 'utc' });

describe('nextSlotFrom', () => {
	test('the first run of the schedule at or after the earliest allowed time', () => {
		const start = at('2026-01-01T00:00:00Z');
		expect(nextSlotFrom(start, 4, at('2026-01-01T09:30:00Z')).toISO()).toBe(at('2026-01-01T12:00:00Z').toISO());
		expect(nextSlotFrom(start, 4, at('2026-01-01T12:00:00Z')).toISO()).toBe(at('2026-01-01T12:00:00Z').toISO());
		expect(nextSlotFrom(start, 24, at('2025-12-01T00:00:00Z')).toISO()).toBe(start.toISO());
	});
});

describe('runsUntil', () => {
	const start = at('2026-01-01T00:00:00Z');
	test('counts the runs up to and including the end', () => {
		expect(runsUntil(start, 24, at('2026-01-04T08:00:00Z'))).toBe(4);
		expect(runsUntil(start, 24, at('2026-01-04T00:00:00Z'))).toBe(4);
		expect(runsUntil(start, 24, at('2026-01-01T00:00:00Z'))).toBe(1);
	});
	test('from a later time, only the runs still to come', () => {
		expect(runsUntil(start, 24, at('2026-01-04T08:00:00Z'), at('2026-01-02T01:00:00Z'))).toBe(2);
		expect(runsUntil(start, 24, at('2026-01-02T08:00:00Z'), at('2026-01-02T09:00:00Z'))).toBe(0);
	});
});

describe('runOnceSchedule', () => {
	test.each([
		[{ program: 'commercialMarketplace', apiVersion: 'v1.1' }, 17520],
		[{ program: 'commercialMarketplace', apiVersion: 'v1' }, 90],
		[{ program: 'partnerInsights', apiVersion: 'v1' }, 2160],
	])('%o: a start 4 h ahead, the largest interval, one run', (target, interval) => {
		const now = at('2026-03-01T10:00:30Z');
		expect(runOnceSchedule(target, now)).toEqual({
			StartTime: earliestStartTime(now).toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'"),
			RecurrenceInterval: interval,
			RecurrenceCount: 1,
		});
	});
});

describe('readPartnerCenterTime', () => {
	test('a timestamp without a Z is UTC, whatever the process time zone', () => {
		expect(readPartnerCenterTime('2026-12-01T09:00:00').toMillis()).toBe(Date.UTC(2026, 11, 1, 9));
		expect(readPartnerCenterTime('2026-12-01T09:00:00Z').toMillis()).toBe(Date.UTC(2026, 11, 1, 9));
		expect(readPartnerCenterTime('2026-12-01T09:00:00+02:00').toMillis()).toBe(Date.UTC(2026, 11, 1, 7));
	});
	test('nothing for an empty or unreadable value', () => {
		expect(readPartnerCenterTime(null)).toBeUndefined();
		expect(readPartnerCenterTime('')).toBeUndefined();
		expect(readPartnerCenterTime('soon')).toBeUndefined();
	});
});

test('sameId compares IDs case-insensitively, and only strings', () => {
	expect(sameId('72FA95AB-35F5-4D44-A1EE-503ABBC88003', '72fa95ab-35f5-4d44-a1ee-503abbc88003')).toBe(true);
	expect(sameId('72fa95ab-35f5-4d44-a1ee-503abbc88003', '72fa95ab-35f5-4d44-a1ee-503abbc88004')).toBe(false);
	expect(sameId(undefined, undefined)).toBe(false);
});

describe('allowedRedirect', () => {
	const link = 'https://pcreports.blob.core.windows.net/reports/x.csv?sig=abc';
	const api = 'https://api.partnercenter.microsoft.com';
	test.each([
		'https://other.blob.core.windows.net/c/x.csv?sig=abc',
		'https://acct.z13.blob.storage.azure.net/c/x.csv',
		'https://gov.blob.core.usgovcloudapi.net/c/x.csv',
		'https://cn.blob.core.chinacloudapi.cn/c/x.csv',
		'https://lake.dfs.core.windows.net/c/x.csv',
		'/moved/x.csv',
	])('follows %s (https Azure Storage)', (location) => {
		expect(allowedRedirect(location, link, api)).toBeInstanceOf(URL);
	});
	test.each([
		'http://other.blob.core.windows.net/c/x.csv',
		'https://blob.core.windows.net.evil.example/x.csv',
		'https://evil.example/blob.core.windows.net/x.csv',
		'https://cdn.example/x.csv',
		'https://acct.blob.core.windows.net:8443/x.csv',
		'javascript:alert(1)',
		'',
	])('refuses %s', (location) => {
		expect(allowedRedirect(location, 'https://cdn.example/x.csv', api)).toBeUndefined();
	});
	test('the API host itself is allowed (an emulator serves its files there)', () => {
		expect(allowedRedirect('http://127.0.0.1:4730/_blob/x.csv', 'http://127.0.0.1:4730/_files/x.csv', 'http://127.0.0.1:4730')).toBeInstanceOf(URL);
		expect(allowedRedirect('http://127.0.0.1:4731/_blob/x.csv', 'http://127.0.0.1:4730/_files/x.csv', 'http://127.0.0.1:4730')).toBeUndefined();
	});
});

test('the callback trigger registers POST {url}/{reportId}, GET {url}?reportId= and POST {url}, for either Callback Method', () => {
	const webhooks = new PartnerCenterAnalyticsTrigger().description.webhooks;
	const evaluate = (value, callbackMethod) =>
		value.startsWith('={{')
			? // The expressions read only $parameter["callbackMethod"] and $workflow.id.
				new Function('$parameter', '$workflow', `return ${value.slice(3, -2)}`)({ callbackMethod }, { id: 'wf' })
			: value;
	for (const callbackMethod of ['POST', 'GET']) {
		const registered = webhooks.map((w) => `${evaluate(w.httpMethod, callbackMethod)} ${evaluate(w.path, callbackMethod)}`).sort();
		expect(registered).toEqual(['GET wf/:secret', 'POST wf/:secret', 'POST wf/:secret/:reportId']);
	}
	// Activation and deactivation run for the 'default' webhook only.
	expect(webhooks.filter((w) => w.name === 'default')).toHaveLength(1);
});
