'use strict';
const { startEmulator, useEmulator, DEFAULTS, tokenRequest, appForm, userForm, api, control, sleep, expectEntraErrorShape } = require('./helpers');

const emu = useEmulator();

function expectEntraError(r, status, error, code, descriptionPart) {
	expectEntraErrorShape(r, status, error, code);
	if (descriptionPart) expect(r.json.error_description).toContain(descriptionPart);
	for (const k of ['timestamp', 'trace_id', 'correlation_id']) expect(typeof r.json[k]).toBe('string');
	expect(r.json.access_token).toBeUndefined();
}

describe('token endpoint: client_credentials', () => {
	test('issues a v1 token shaped like the documented v1 answer (expires_in a string, expires_on, not_before, resource)', async () => {
		const r = await tokenRequest(emu, appForm());
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			token_type: 'Bearer',
			expires_in: '3599',
			ext_expires_in: '3599',
			expires_on: expect.stringMatching(/^\d+$/),
			not_before: expect.stringMatching(/^\d+$/),
			resource: 'https://api.partnercenter.microsoft.com',
			access_token: expect.any(String),
		});
		expect(Number(r.json.expires_on) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
	});

	test('accepts the tenant domain and a resource with a trailing slash / leading blank', async () => {
		const r = await tokenRequest(emu, appForm({ resource: ' https://api.partnercenter.microsoft.com/' }), { tenant: DEFAULTS.tenantDomain });
		expect(r.status).toBe(200);
		expect(r.json.resource).toBe(DEFAULTS.resource);
	});

	test('unknown tenant (GUID and domain) → 400 invalid_request AADSTS90002', async () => {
		const r1 = await tokenRequest(emu, appForm(), { tenant: '00000000-0000-0000-0000-000000000001' });
		expectEntraError(r1, 400, 'invalid_request', 90002, "Tenant '00000000-0000-0000-0000-000000000001' not found");
		const r2 = await tokenRequest(emu, appForm(), { tenant: 'fabrikam.onmicrosoft.com' });
		expectEntraError(r2, 400, 'invalid_request', 90002, "Tenant 'fabrikam.onmicrosoft.com' not found");
	});

	test('unknown client id → 400 unauthorized_client AADSTS700016', async () => {
		const r = await tokenRequest(emu, appForm({ client_id: '11111111-2222-3333-4444-555555555555' }));
		expectEntraError(r, 400, 'unauthorized_client', 700016, "Application with identifier '11111111-2222-3333-4444-555555555555' was not found");
	});

	test('wrong secret → 401 invalid_client AADSTS7000215, secret never echoed', async () => {
		const r = await tokenRequest(emu, appForm({ client_secret: 'TOP-SECRET-WRONG' }));
		expectEntraError(r, 401, 'invalid_client', 7000215, 'Invalid client secret provided');
		expect(r.text).not.toContain('TOP-SECRET-WRONG');
	});

	test('unknown resource → 400 invalid_resource AADSTS500011', async () => {
		const r = await tokenRequest(emu, appForm({ resource: 'https://management.azure.com' }));
		expectEntraError(r, 400, 'invalid_resource', 500011, 'The resource principal named https://management.azure.com was not found in the tenant named');
	});

	test('missing grant_type / client_id / client_secret / resource → 400 AADSTS900144 naming the parameter', async () => {
		for (const p of ['grant_type', 'client_id', 'client_secret', 'resource']) {
			const form = appForm();
			delete form[p];
			const r = await tokenRequest(emu, form);
			expectEntraError(r, 400, 'invalid_request', 900144, `The request body must contain the following parameter: '${p}'`);
		}
	});

	test('unsupported grant → 400 unsupported_grant_type', async () => {
		const r = await tokenRequest(emu, appForm({ grant_type: 'implicit' }));
		expectEntraError(r, 400, 'unsupported_grant_type', 70003);
	});

	test('v2.0 endpoint with scope=<resource>/.default', async () => {
		const form = appForm({ scope: 'https://api.partnercenter.microsoft.com/.default' });
		delete form.resource;
		const r = await tokenRequest(emu, form, { v2: true });
		expect(r.status).toBe(200);
		expect(r.json.expires_in).toBe(3599);
		const call = await api(emu, r.json.access_token, 'GET', '/insights/v1.1/cmp/ScheduledDataset');
		expect(call.status).toBe(200);
	});
});

describe('token endpoint: password (ROPC, App+User)', () => {
	test('issues a token with refresh_token, with or without client_secret', async () => {
		const r = await tokenRequest(emu, userForm());
		expect(r.status).toBe(200);
		expect(r.json.resource).toBe(DEFAULTS.resource);
		expect(r.json.expires_in).toBe('3599');
		expect(typeof r.json.refresh_token).toBe('string');
		const noSecret = userForm();
		delete noSecret.client_secret;
		const r2 = await tokenRequest(emu, noSecret);
		expect(r2.status).toBe(200);
		// The refresh token works (the official MPN sample refreshes this way).
		const r3 = await tokenRequest(emu, { grant_type: 'refresh_token', client_id: DEFAULTS.clientId, refresh_token: r.json.refresh_token });
		expect(r3.status).toBe(200);
		const call = await api(emu, r3.json.access_token, 'GET', '/insights/v1/mpn/ScheduledDataset');
		expect(call.status).toBe(200);
	});

	test('username is case-insensitive', async () => {
		const r = await tokenRequest(emu, userForm({ username: DEFAULTS.username.toUpperCase() }));
		expect(r.status).toBe(200);
	});

	test('bad password / unknown user → 400 invalid_grant AADSTS50126, password never echoed', async () => {
		const r = await tokenRequest(emu, userForm({ password: 'Wrong-Pass-123' }));
		expectEntraError(r, 400, 'invalid_grant', 50126, 'invalid username or password');
		expect(r.text).not.toContain('Wrong-Pass-123');
		const r2 = await tokenRequest(emu, userForm({ username: 'someone@contoso.onmicrosoft.com' }));
		expectEntraError(r2, 400, 'invalid_grant', 50126);
	});

	test('wrong client secret on the password grant → 401 invalid_client', async () => {
		const r = await tokenRequest(emu, userForm({ client_secret: 'nope' }));
		expectEntraError(r, 401, 'invalid_client', 7000215);
	});

	test('missing username / password → AADSTS900144', async () => {
		for (const p of ['username', 'password']) {
			const form = userForm();
			delete form[p];
			const r = await tokenRequest(emu, form);
			expectEntraError(r, 400, 'invalid_request', 900144, `'${p}'`);
		}
	});

	test('unknown tenant, unknown client and bad resource also fail on the password grant', async () => {
		expectEntraError(await tokenRequest(emu, userForm(), { tenant: 'nope.onmicrosoft.com' }), 400, 'invalid_request', 90002);
		expectEntraError(await tokenRequest(emu, userForm({ client_id: 'abc' })), 400, 'unauthorized_client', 700016);
		expectEntraError(await tokenRequest(emu, userForm({ resource: 'https://example.com' })), 400, 'invalid_resource', 500011);
	});
});

describe('bearer checks on the API', () => {
	test('missing, unknown and malformed tokens → 401 envelope with the FAQ message', async () => {
		for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }]) {
			const r = await api(emu, null, 'GET', '/insights/v1.1/cmp/ScheduledDataset', undefined, headers);
			expect(r.status).toBe(401);
			expect(r.json).toMatchObject({ value: [], statusCode: 401, totalCount: 0 });
			expect(r.json.message).toMatch(/^Unauthorized/);
			expect(r.json.message).toContain('The Azure AD token is valid for 60 minutes');
			expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
		}
	});

	test('401 after the token TTL elapses', async () => {
		const short = await startEmulator({ port: 0, tokenTtlSeconds: 1 });
		try {
			const t = await tokenRequest(short, appForm());
			expect(t.json.expires_in).toBe('1');
			expect((await api(short, t.json.access_token, 'GET', '/insights/v1.1/cmp/ScheduledDataset')).status).toBe(200);
			await sleep(1100);
			const r = await api(short, t.json.access_token, 'GET', '/insights/v1.1/cmp/ScheduledDataset');
			expect(r.status).toBe(401);
			expect(r.json.message).toContain('60 minutes');
		} finally {
			await short.stop();
		}
	});

	test('POST /_emulator/tokens/expire expires every issued token', async () => {
		const t = (await tokenRequest(emu, appForm())).json.access_token;
		expect((await api(emu, t, 'GET', '/insights/v1/cmp/ScheduledDataset')).status).toBe(200);
		const c = await control(emu, 'POST', '/tokens/expire');
		expect(c.status).toBe(200);
		expect(c.json.expired).toBeGreaterThan(0);
		expect((await api(emu, t, 'GET', '/insights/v1/cmp/ScheduledDataset')).status).toBe(401);
		const fresh = (await tokenRequest(emu, appForm())).json.access_token;
		expect((await api(emu, fresh, 'GET', '/insights/v1/cmp/ScheduledDataset')).status).toBe(200);
	});

	test('a graph.windows.net token is issued but rejected by the API (audience no longer supported)', async () => {
		const t = await tokenRequest(emu, appForm({ resource: 'https://graph.windows.net' }));
		expect(t.status).toBe(200);
		expect(t.json.resource).toBe('https://graph.windows.net');
		const r = await api(emu, t.json.access_token, 'GET', '/insights/v1/cmp/ScheduledDataset');
		expect(r.status).toBe(401);
		expect(r.json.message).toContain("The audience 'https://graph.windows.net' in the token is invalid and is no longer supported in Partner Center API");
	});

	test('an app not added to Partner Center gets tokens but 403 on every base', async () => {
		const t = await tokenRequest(emu, appForm({ client_id: DEFAULTS.unregisteredClientId, client_secret: DEFAULTS.unregisteredClientSecret }));
		expect(t.status).toBe(200);
		for (const base of ['/insights/v1.1/cmp', '/insights/v1/cmp', '/insights/v1/mpn']) {
			const r = await api(emu, t.json.access_token, 'GET', `${base}/ScheduledQueries`);
			expect(r.status).toBe(403);
			expect(r.json.statusCode).toBe(403);
			expect(r.json.message).toContain('has not been added in Partner Center');
			expect(r.json.message).toContain('Manager');
		}
	});

	test('mpn accepts app-only tokens by default (current partner insights docs); mpnRequiresUser=true rejects them with 403', async () => {
		const app = (await tokenRequest(emu, appForm())).json.access_token;
		const ok = await api(emu, app, 'GET', '/insights/v1/mpn/ScheduledDataset');
		expect(ok.status).toBe(200);
		expect(ok.headers.get('ismfacompliant')).toBeNull(); // app-only: no user, no MFA header
		const strict = await startEmulator({ port: 0, mpnRequiresUser: true });
		try {
			const t = (await tokenRequest(strict, appForm())).json.access_token;
			const r = await api(strict, t, 'GET', '/insights/v1/mpn/ScheduledDataset');
			expect(r.status).toBe(403);
			expect(r.json.statusCode).toBe(403);
			expect(r.json.message).toBe(
				'Forbidden. Partner insights programmatic access (mpn) requires App+User authentication: an Azure AD application with a secret plus a user with the Executive Report Viewer role. App-only (client_credentials) tokens are not accepted.',
			);
			const user = (await tokenRequest(strict, userForm())).json.access_token;
			expect((await api(strict, user, 'GET', '/insights/v1/mpn/ScheduledDataset')).status).toBe(200);
			// cmp accepts both.
			expect((await api(strict, user, 'GET', '/insights/v1.1/cmp/ScheduledDataset')).status).toBe(200);
			expect((await api(strict, t, 'GET', '/insights/v1.1/cmp/ScheduledDataset')).status).toBe(200);
		} finally {
			await strict.stop();
		}
	});

	test('mpnRequiresUser can be switched at run time through POST /_emulator/config', async () => {
		const e = await startEmulator({ port: 0 });
		try {
			const t = (await tokenRequest(e, appForm())).json.access_token;
			expect((await api(e, t, 'GET', '/insights/v1/mpn/ScheduledDataset')).status).toBe(200);
			const c = await control(e, 'POST', '/config', { mpnRequiresUser: true });
			expect(c.status).toBe(200);
			expect(c.json.mpnRequiresUser).toBe(true);
			expect((await api(e, t, 'GET', '/insights/v1/mpn/ScheduledDataset')).status).toBe(403);
		} finally {
			await e.stop();
		}
	});

	test('the undocumented X-AadUserTicket header is accepted as a fallback', async () => {
		const t = (await tokenRequest(emu, appForm())).json.access_token;
		const r = await api(emu, null, 'GET', '/insights/v1/cmp/ScheduledDataset', undefined, { 'X-AadUserTicket': t });
		expect(r.status).toBe(200);
	});

	test('token stats count grants and failures', async () => {
		const e = await startEmulator({ port: 0 });
		try {
			await tokenRequest(e, appForm());
			await tokenRequest(e, userForm());
			await tokenRequest(e, appForm({ client_secret: 'x' }));
			const s = (await control(e, 'GET', '/stats')).json;
			expect(s.tokenRequests).toEqual({ total: 3, byGrant: { client_credentials: 2, password: 1, refresh_token: 0, authorization_code: 0 }, failed: 1 });
			const log = (await control(e, 'GET', '/requests?limit=10')).json;
			expect(log.filter((l) => l.kind === 'token')).toHaveLength(3);
			expect(JSON.stringify(log)).not.toContain(DEFAULTS.clientSecret);
		} finally {
			await e.stop();
		}
	});
});
