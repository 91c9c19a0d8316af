const { resolveApiTarget, programBasePath } = require('../../nodes/shared/transport/target');
const { assertTenantId, assertHttpUrl } = require('../../credentials/entraToken');

describe('resolveApiTarget', () => {
	test('maps program and version to the documented base paths', () => {
		expect(programBasePath('commercialMarketplace', 'v1.1')).toBe('/insights/v1.1/cmp');
		expect(programBasePath('commercialMarketplace', 'v1')).toBe('/insights/v1/cmp');
		expect(programBasePath('partnerInsights', 'v1.1')).toBe('/insights/v1/mpn');
	});
	test('picks the credential type from the authentication parameter', () => {
		expect(resolveApiTarget({}).credentialType).toBe('partnerCenterClientCredentialsApi');
		const target = resolveApiTarget({ authentication: 'password', program: 'partnerInsights', apiVersion: 'v1.1' });
		expect(target).toEqual({
			credentialType: 'partnerCenterPasswordApi',
			program: 'partnerInsights',
			apiVersion: 'v1',
			basePath: '/insights/v1/mpn',
		});
	});
	test('names the parameter when an expression yields a bad value', () => {
		expect(() => resolveApiTarget({ program: 'mpn' })).toThrow(/"Program" must be/);
		expect(() => resolveApiTarget({ apiVersion: 'v2' })).toThrow(/"API Version" must be/);
		expect(() => resolveApiTarget({ authentication: 'oauth' })).toThrow(/"Authentication" must be/);
	});
});

describe('credential field checks', () => {
	test('accepts tenant GUIDs and domains', () => {
		expect(assertTenantId(' 72f988bf-86f1-41af-91ab-2d7cd011db47 ')).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
		expect(assertTenantId('contoso.onmicrosoft.com')).toBe('contoso.onmicrosoft.com');
	});
	test.each(['', 'not a tenant', '72f988bf-86f1-41af-91ab', '../etc/passwd', 'contoso', 'a/b.com'])(
		'rejects tenant %p naming the field',
		(value) => {
			expect(() => assertTenantId(value)).toThrow(/"Tenant ID" must be/);
		},
	);
	test('accepts http(s) URLs and strips trailing slashes', () => {
		expect(assertHttpUrl('http://127.0.0.1:4730/', 'Authority Host')).toBe('http://127.0.0.1:4730');
		expect(assertHttpUrl('https://login.microsoftonline.com', 'Authority Host')).toBe('https://login.microsoftonline.com');
	});
	test.each(['login.microsoftonline.com', 'ftp://x.example', 'javascript:alert(1)', 'https://user:pw@x.example', ''])(
		'rejects URL %p naming the field',
		(value) => {
			expect(() => assertHttpUrl(value, 'API Base URL')).toThrow(/"API Base URL" must be an http\(s\) URL/);
		},
	);
});

describe('schedule checks', () => {
	const { DateTime } = require('luxon');
	const { checkRecurrence, earliestStartTime, recurrenceIntervalBounds } = require('../../nodes/shared/helpers/schedule');
	const now = DateTime.fromISO('2026-11-21T10:00:30Z', { zone: 'utc' });
	const v11 = { program: 'commercialMarketplace', apiVersion: 'v1.1' };

	test('the earliest start named in the message is exactly what is accepted', () => {
		const earliest = earliestStartTime(now);
		expect(earliest.toISO()).toBe('2026-11-21T14:02:00.000Z');
		expect(checkRecurrence(v11, { startTime: earliest }, { now })).toBeUndefined();
		expect(checkRecurrence(v11, { startTime: earliest.minus({ seconds: 1 }) }, { now })).toBe(
			'"Start Time" (2026-11-21 14:01 UTC) must be at least 4 hours from now (a Partner Center rule): the earliest allowed is 2026-11-21 14:02 UTC',
		);
		// In the workflow's time zone, with UTC beside it (the rule in helpers/time.ts).
		expect(
			checkRecurrence(v11, { startTime: earliest.minus({ hours: 1 }) }, { now, zone: 'America/New_York' }),
		).toBe(
			'"Start Time" (2026-11-21 08:02 America/New_York (13:02 UTC)) must be at least 4 hours from now (a Partner Center rule): the earliest allowed is 2026-11-21 09:02 America/New_York (14:02 UTC)',
		);
		expect(checkRecurrence(v11, { startTime: now.minus({ days: 1 }) }, { now, checkLeadTime: false })).toBeUndefined();
	});

	test('interval bounds follow the program and version', () => {
		expect(recurrenceIntervalBounds(v11)).toEqual({ min: 1, max: 17520 });
		expect(recurrenceIntervalBounds({ program: 'commercialMarketplace', apiVersion: 'v1' })).toEqual({ min: 4, max: 90 });
		expect(recurrenceIntervalBounds({ program: 'partnerInsights', apiVersion: 'v1' })).toEqual({ min: 4, max: 2160 });
	});
});

test('a URL with a user name and password is refused without echoing the password', () => {
	let message = '';
	try {
		assertHttpUrl('https://admin:S3cretP4ss@login.microsoftonline.com/x', 'Authority Host');
	} catch (error) {
		message = error.message;
	}
	expect(message).toContain('"Authority Host" must be an http(s) URL without a user name or password');
	expect(message).toContain('https://login.microsoftonline.com/x');
	expect(message).not.toContain('S3cretP4ss');
	expect(message).not.toContain('admin');
});
