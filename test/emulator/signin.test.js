'use strict';
/**
 * OAuth2 sign-in emulation: authorize endpoint (page and redirect modes), authorization code + PKCE,
 * refresh tokens (rotation, expiry, revocation) and the 2026 MFA rules
 * (https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication). Real HTTP.
 */
const {
	startEmulator,
	withEmulator,
	useEmulator,
	DEFAULTS,
	REDIRECT_URI,
	SIGN_IN_SCOPE,
	tokenRequest,
	appForm,
	userForm,
	pkcePair,
	authorizeParams,
	authorizeCall,
	parseSignInForm,
	locationParams,
	signIn,
	redeemForm,
	signInTokens,
	api,
	control,
	sleep,
	expectEntraErrorShape,
} = require('./helpers');

const PC_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';
const AUTHORIZE_PATH = `/${DEFAULTS.tenantId}/oauth2/v2.0/authorize`;
const MFA_50076 =
	"Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'https://api.partnercenter.microsoft.com'.";
const MFA_401 =
	'Unauthorized. Multi-factor authentication is required for App+User access to Partner Center APIs; the access token was issued without MFA. Sign in interactively (authorization code flow with PKCE) instead of using the password grant.';

const emu = useEmulator();

function expectEntraError(r, status, error, code, description) {
	expectEntraErrorShape(r, status, error, code);
	if (description) expect(r.json.error_description.slice(0, `AADSTS${code}: `.length + description.length)).toBe(`AADSTS${code}: ${description}`);
	expect(r.json.access_token).toBeUndefined();
	expect(r.json.refresh_token).toBeUndefined();
}

function expectErrorPage(r, code, text) {
	expect(r.status).toBe(400);
	expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
	expect(r.location).toBeNull();
	expect(r.text).toContain(`<dd id="error-code">AADSTS${code}</dd>`);
	const message = /<p id="error-message">([^<]*)<\/p>/.exec(r.text)[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
	expect(message.startsWith(`AADSTS${code}: `)).toBe(true);
	if (text) expect(message).toContain(text);
	expect(r.text).not.toContain('<form');
}

const stats = async (e) => (await control(e, 'GET', '/stats')).json;

describe('authorize endpoint, page mode (default)', () => {
	test('GET shows a sign-in page with the demo user and a form that carries the request', async () => {
		const { challenge } = pkcePair();
		const before = (await stats(emu)).authorizeRequests;
		const r = await authorizeCall(emu, authorizeParams({ code_challenge: challenge, code_challenge_method: 'S256' }));
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(r.headers.get('cache-control')).toBe('no-store');
		expect(r.text).toContain(`<p class="user" id="username">${DEFAULTS.username}</p>`);
		const form = parseSignInForm(r.text);
		expect(form).toMatchObject({ id: 'sign-in-form', method: 'post', action: AUTHORIZE_PATH });
		expect(form.fields).toEqual({
			client_id: DEFAULTS.clientId,
			redirect_uri: REDIRECT_URI,
			response_type: 'code',
			scope: SIGN_IN_SCOPE,
			state: 'state-123',
			code_challenge: challenge,
			code_challenge_method: 'S256',
		});
		expect(form.buttons[0]).toEqual({ id: 'sign-in', name: 'action', value: 'sign-in', type: 'submit', text: 'Sign in' });
		expect(form.buttons[1]).toMatchObject({ id: 'cancel', value: 'cancel', text: 'Cancel' });
		const after = (await stats(emu)).authorizeRequests;
		expect(after.total - before.total).toBe(1);
		expect(after.signInPages - before.signInPages).toBe(1);
		expect(after.codesIssued - before.codesIssued).toBe(0); // no code until "Sign in"
	});

	test('"Sign in" posts the form back and gets 302 to redirect_uri?code=…&state=…', async () => {
		const page = await authorizeCall(emu, authorizeParams());
		const form = parseSignInForm(page.text);
		const r = await authorizeCall(emu, { ...form.fields, action: 'sign-in' }, { method: 'POST', path: form.action });
		expect(r.status).toBe(302);
		expect(r.location.startsWith(`${REDIRECT_URI}?code=`)).toBe(true);
		const q = locationParams(r.location);
		expect(Object.keys(q)).toEqual(['code', 'state']);
		expect(q.state).toBe('state-123');
		expect(q.code).toMatch(/^emu-code\.[A-Za-z0-9_-]{43}$/);
		// A form posted without the button's name/value (a script submitting the hidden fields) signs in too.
		const r2 = await authorizeCall(emu, form.fields, { method: 'POST', path: form.action });
		expect(r2.status).toBe(302);
		expect(locationParams(r2.location).code).not.toBe(q.code); // random, one per sign-in
	});

	test('redirect_uri with a query gets &code=; no state means no state parameter', async () => {
		const { location } = await signIn(emu, { redirect_uri: 'https://n8n.example.com/cb?tenant=a%20b', state: undefined });
		expect(location).toMatch(/^https:\/\/n8n\.example\.com\/cb\?tenant=a%20b&code=emu-code\.[A-Za-z0-9_-]+$/);
		expect(locationParams(location)).toEqual({ tenant: 'a b', code: expect.any(String) });
	});

	test('path segments and the tenant domain are accepted case-insensitively', async () => {
		const r = await authorizeCall(emu, authorizeParams(), { path: `/${DEFAULTS.tenantDomain.toUpperCase()}/OAuth2/V2.0/Authorize` });
		expect(r.status).toBe(200);
		expect(r.text).toContain('id="sign-in"');
	});

	test('"Cancel" answers 302 with error=access_denied (AADSTS65004) and the state', async () => {
		const page = await authorizeCall(emu, authorizeParams());
		const form = parseSignInForm(page.text);
		const r = await authorizeCall(emu, { ...form.fields, action: 'cancel' }, { method: 'POST', path: form.action });
		expect(r.status).toBe(302);
		expect(locationParams(r.location)).toEqual({
			error: 'access_denied',
			error_description: 'AADSTS65004: User declined to consent to access the app.',
			state: 'state-123',
		});
	});

	test('request values are HTML-escaped and secret-looking parameters are not copied into the page', async () => {
		const r = await authorizeCall(emu, authorizeParams({ state: '"><script>alert(1)</script>', client_secret: 'TOP-SECRET-IN-QUERY' }));
		expect(r.status).toBe(200);
		expect(r.text).not.toContain('<script>');
		expect(r.text).not.toContain('TOP-SECRET-IN-QUERY');
		expect(parseSignInForm(r.text).fields.state).toBe('"><script>alert(1)</script>');
		const log = (await control(emu, 'GET', '/requests?limit=5')).json;
		expect(JSON.stringify(log)).not.toContain('TOP-SECRET-IN-QUERY');
	});
});

describe('authorize endpoint, redirect mode', () => {
	test("authorizeMode 'redirect' answers the GET with the 302 at once", async () => {
		await withEmulator({ authorizeMode: 'redirect' }, async (e) => {
			const r = await authorizeCall(e, authorizeParams());
			expect(r.status).toBe(302);
			expect(r.text).toBe('');
			const q = locationParams(r.location);
			expect(q.state).toBe('state-123');
			expect(q.code).toMatch(/^emu-code\./);
			expect((await stats(e)).authorizeRequests).toEqual({ total: 1, signInPages: 0, codesIssued: 1, cancelled: 0, failed: 0 });
		});
	});

	test('the mode switches at run time through POST /_emulator/config; bad values are refused', async () => {
		await withEmulator({}, async (e) => {
			expect((await authorizeCall(e, authorizeParams())).status).toBe(200);
			const c = await control(e, 'POST', '/config', { authorizeMode: 'redirect' });
			expect(c.status).toBe(200);
			expect(c.json.authorizeMode).toBe('redirect');
			expect((await authorizeCall(e, authorizeParams())).status).toBe(302);
			const bad = await control(e, 'POST', '/config', { authorizeMode: 'popup' });
			expect(bad.status).toBe(400);
			expect(bad.json.error).toBe('authorizeMode must be one of page, redirect');
			expect((await control(e, 'GET', '/config')).json.authorizeMode).toBe('redirect');
		});
		await expect(startEmulator({ port: 0, authorizeMode: 'popup' })).rejects.toThrow('authorizeMode must be one of page, redirect');
	});
});

describe('authorize endpoint errors (400 HTML page, no redirect)', () => {
	test.each([
		['unknown tenant', {}, { tenant: 'fabrikam.onmicrosoft.com' }, 90002, "Tenant 'fabrikam.onmicrosoft.com' not found"],
		['unknown client', { client_id: '11111111-2222-3333-4444-555555555555' }, {}, 700016, "Application with identifier '11111111-2222-3333-4444-555555555555' was not found"],
		['missing client_id', { client_id: undefined }, {}, 900144, "parameter: 'client_id'"],
		['missing response_type', { response_type: undefined }, {}, 900144, "parameter: 'response_type'"],
		['response_type=token', { response_type: 'token' }, {}, 70005, "unsupported response type 'token'"],
		['missing redirect_uri', { redirect_uri: undefined }, {}, 900144, "parameter: 'redirect_uri'"],
		['redirect_uri not http(s)', { redirect_uri: 'ftp://n8n.example.com/cb' }, {}, 50011, "The redirect URI 'ftp://n8n.example.com/cb' specified in the request does not match"],
		['redirect_uri not a URL', { redirect_uri: 'callback' }, {}, 50011, 'does not match the redirect URIs configured for the application'],
		['redirect_uri with a fragment', { redirect_uri: 'https://n8n.example.com/cb#x' }, {}, 50011, null],
		['response_mode=fragment', { response_mode: 'fragment' }, {}, 70007, null],
		['missing scope', { scope: undefined }, {}, 900144, "parameter: 'scope'"],
		['scope without Partner Center', { scope: 'openid offline_access' }, {}, 70011, "AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope openid offline_access is not valid."],
		['scope for another resource', { scope: 'https://graph.microsoft.com/.default' }, {}, 70011, null],
		['code_challenge_method S512', { code_challenge: pkcePair().challenge, code_challenge_method: 'S512' }, {}, 50149, 'Invalid Code_Challenge_method parameter.'],
		['code_challenge_method s256 (case-sensitive)', { code_challenge: pkcePair().challenge, code_challenge_method: 's256' }, {}, 50149, null],
		['code_challenge too short', { code_challenge: 'abc', code_challenge_method: 'S256' }, {}, 501491, 'Invalid size of Code_Challenge parameter.'],
	])('%s', async (_label, over, opts, code, text) => {
		const r = await authorizeCall(emu, authorizeParams(over), opts);
		expectErrorPage(r, code, text);
	});

	test('a failed request issues no code (also on POST) and counts as failed', async () => {
		await withEmulator({}, async (e) => {
			expectErrorPage(await authorizeCall(e, authorizeParams({ scope: 'openid' }), { method: 'POST', path: AUTHORIZE_PATH }), 70011);
			expect((await stats(e)).authorizeRequests).toEqual({ total: 1, signInPages: 0, codesIssued: 0, cancelled: 0, failed: 1 });
			expect(e.state.authCodes.size).toBe(0);
		});
	});

	test('the error page never echoes a secret', async () => {
		const r = await authorizeCall(emu, authorizeParams({ redirect_uri: 'ftp://x.example.com/cb?client_secret=LEAKED-SECRET', client_secret: 'OTHER-SECRET' }));
		expectErrorPage(r, 50011);
		expect(r.text).not.toContain('LEAKED-SECRET');
		expect(r.text).not.toContain('OTHER-SECRET');
	});
});

describe('token endpoint: authorization_code + PKCE', () => {
	test('n8n-style exchange (no scope, public client, S256) → v2 tokens with refresh_token; the token works with MFA', async () => {
		const { verifier, challenge } = pkcePair();
		const { code } = await signIn(emu, { code_challenge: challenge, code_challenge_method: 'S256' });
		const r = await tokenRequest(emu, redeemForm(code, { code_verifier: verifier }), { v2: true });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			token_type: 'Bearer',
			scope: PC_SCOPE,
			expires_in: 3599,
			ext_expires_in: 3599,
			access_token: expect.any(String),
			refresh_token: expect.stringMatching(/^emu-rt\./),
		});
		for (const path of ['/insights/v1/mpn/ScheduledDataset', '/insights/v1.1/cmp/ScheduledDataset']) {
			const call = await api(emu, r.json.access_token, 'GET', path);
			expect(call.status).toBe(200);
			expect(call.headers.get('ismfacompliant')).toBe('true');
		}
		const info = emu.state.tokens.get(r.json.access_token);
		expect(info).toMatchObject({ grant: 'authorization_code', user: DEFAULTS.username, mfa: true, resource: 'https://api.partnercenter.microsoft.com' });
	});

	test('PKCE plain, and no PKCE at all, also work', async () => {
		const { verifier } = pkcePair();
		const plain = await signIn(emu, { code_challenge: verifier, code_challenge_method: 'plain' });
		expect((await tokenRequest(emu, redeemForm(plain.code, { code_verifier: verifier }), { v2: true })).status).toBe(200);
		const noMethod = await signIn(emu, { code_challenge: verifier }); // RFC 7636: defaults to plain
		expect((await tokenRequest(emu, redeemForm(noMethod.code, { code_verifier: verifier }), { v2: true })).status).toBe(200);
		const none = await signIn(emu);
		expect((await tokenRequest(emu, redeemForm(none.code), { v2: true })).status).toBe(200);
	});

	test('wrong code_verifier → 400 invalid_grant AADSTS501481; the code survives the failed attempt', async () => {
		const { verifier, challenge } = pkcePair();
		const { code } = await signIn(emu, { code_challenge: challenge, code_challenge_method: 'S256' });
		const bad = await tokenRequest(emu, redeemForm(code, { code_verifier: pkcePair().verifier }), { v2: true });
		expectEntraError(bad, 400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
		// plain comparison is not accepted for an S256 challenge
		const asPlain = await tokenRequest(emu, redeemForm(code, { code_verifier: challenge }), { v2: true });
		expectEntraError(asPlain, 400, 'invalid_grant', 501481);
		expect((await tokenRequest(emu, redeemForm(code, { code_verifier: verifier }), { v2: true })).status).toBe(200);
	});

	test('missing code_verifier when a challenge was given → 400 invalid_grant AADSTS50148', async () => {
		const { challenge } = pkcePair();
		const { code } = await signIn(emu, { code_challenge: challenge, code_challenge_method: 'S256' });
		const r = await tokenRequest(emu, redeemForm(code), { v2: true });
		expectEntraError(r, 400, 'invalid_grant', 50148, 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.');
	});

	test('a code is single-use → AADSTS54005 on reuse', async () => {
		const { verifier, challenge } = pkcePair();
		const { code } = await signIn(emu, { code_challenge: challenge, code_challenge_method: 'S256' });
		expect((await tokenRequest(emu, redeemForm(code, { code_verifier: verifier }), { v2: true })).status).toBe(200);
		const again = await tokenRequest(emu, redeemForm(code, { code_verifier: verifier }), { v2: true });
		expectEntraError(again, 400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
	});

	test('redirect_uri must equal the one of the authorize request → AADSTS50011 invalid_grant; missing → 900144', async () => {
		const { code } = await signIn(emu);
		const r = await tokenRequest(emu, redeemForm(code, { redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback/' }), { v2: true });
		expectEntraError(
			r,
			400,
			'invalid_grant',
			50011,
			`The reply address 'http://localhost:5678/rest/oauth2-credential/callback/' does not match the reply address '${REDIRECT_URI}' provided when requesting Authorization code.`,
		);
		expectEntraError(await tokenRequest(emu, redeemForm(code, { redirect_uri: undefined }), { v2: true }), 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'redirect_uri'.");
		expect((await tokenRequest(emu, redeemForm(code), { v2: true })).status).toBe(200);
	});

	test('unknown code, missing code, and a code redeemed by another client → errors', async () => {
		expectEntraError(await tokenRequest(emu, redeemForm('emu-code.nope'), { v2: true }), 400, 'invalid_grant', 70000, "The provided value for the 'code' parameter is not valid.");
		expectEntraError(await tokenRequest(emu, redeemForm(undefined), { v2: true }), 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'code'.");
		const { code } = await signIn(emu);
		const other = await tokenRequest(emu, redeemForm(code, { client_id: DEFAULTS.unregisteredClientId }), { v2: true });
		expectEntraError(other, 400, 'invalid_grant', 70000);
	});

	test('client secret: optional, right in the body or as HTTP Basic (what n8n sends when a secret is set), wrong → 401 7000215', async () => {
		const ok1 = await signIn(emu);
		expect((await tokenRequest(emu, redeemForm(ok1.code, { client_secret: DEFAULTS.clientSecret }), { v2: true })).status).toBe(200);

		// n8n's PKCE exchange with a secret: Authorization: Basic base64(id:secret), no client_id in the body.
		const basic = (id, secret) => ({ authorization: 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64') });
		const ok2 = await signIn(emu);
		const viaBasic = await tokenRequest(emu, redeemForm(ok2.code, { client_id: undefined }), { v2: true, headers: basic(DEFAULTS.clientId, DEFAULTS.clientSecret) });
		expect(viaBasic.status).toBe(200);
		expect(viaBasic.json.scope).toBe(PC_SCOPE);

		const wrong = await signIn(emu);
		const r = await tokenRequest(emu, redeemForm(wrong.code, { client_secret: 'WRONG-SECRET-VALUE' }), { v2: true });
		expectEntraError(r, 401, 'invalid_client', 7000215);
		expect(r.text).not.toContain('WRONG-SECRET-VALUE');
		const r2 = await tokenRequest(emu, redeemForm(wrong.code, { client_id: undefined }), { v2: true, headers: basic(DEFAULTS.clientId, 'WRONG-SECRET-VALUE') });
		expectEntraError(r2, 401, 'invalid_client', 7000215);
		// Body fields that disagree with the Basic header → 400 invalid_request, nothing echoed.
		const secretConflict = await tokenRequest(emu, redeemForm(wrong.code, { client_secret: 'OTHER-SECRET-VALUE' }), { v2: true, headers: basic(DEFAULTS.clientId, DEFAULTS.clientSecret) });
		expectEntraError(secretConflict, 400, 'invalid_request', 9002313);
		expect(secretConflict.json.error_description).toContain('client_secret in the request body does not match');
		expect(secretConflict.text).not.toContain('OTHER-SECRET-VALUE');
		expect(secretConflict.text).not.toContain(DEFAULTS.clientSecret);
		const idConflict = await tokenRequest(emu, redeemForm(wrong.code, { client_id: DEFAULTS.unregisteredClientId }), { v2: true, headers: basic(DEFAULTS.clientId, DEFAULTS.clientSecret) });
		expectEntraError(idConflict, 400, 'invalid_request', 9002313);
		expect(idConflict.json.error_description).toContain('client_id in the request body does not match');
		// The failures did not consume the code; body fields that agree with the header are fine.
		const agree = await tokenRequest(emu, redeemForm(wrong.code, { client_secret: DEFAULTS.clientSecret }), { v2: true, headers: basic(DEFAULTS.clientId, DEFAULTS.clientSecret) });
		expect(agree.status).toBe(200);
	});

	test('HTTP Basic on the v1 endpoint and RFC 6749 §2.3.1 form-encoded credentials', async () => {
		const identity = { clientSecret: 'p@ss w+rd:/%=' };
		await withEmulator({ authorizeMode: 'redirect', identity }, async (e) => {
			const rfc = 'Basic ' + Buffer.from(`${encodeURIComponent(DEFAULTS.clientId)}:${encodeURIComponent(identity.clientSecret).replace(/%20/g, '+')}`).toString('base64');
			const raw = 'Basic ' + Buffer.from(`${DEFAULTS.clientId}:${identity.clientSecret}`).toString('base64');
			for (const authorization of [rfc, raw]) {
				const { code } = await signIn(e);
				const r = await tokenRequest(e, redeemForm(code, { client_id: undefined, resource: DEFAULTS.resource }), { headers: { authorization } });
				expect(r.status).toBe(200);
				expect(r.json.resource).toBe(DEFAULTS.resource);
				expect(typeof r.json.refresh_token).toBe('string');
			}
			const { code } = await signIn(e);
			const bad = 'Basic ' + Buffer.from(`${DEFAULTS.clientId}:p@ss`).toString('base64');
			expectEntraError(await tokenRequest(e, redeemForm(code, { client_id: undefined }), { headers: { authorization: bad } }), 401, 'invalid_client', 7000215);
		});
	});

	test('codes expire (authCodeTtlSeconds) → AADSTS70008', async () => {
		await withEmulator({ authCodeTtlSeconds: 1, authorizeMode: 'redirect' }, async (e) => {
			const { code } = await signIn(e);
			await sleep(1100);
			const r = await tokenRequest(e, redeemForm(code), { v2: true });
			expectEntraError(
				r,
				400,
				'invalid_grant',
				70008,
				'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
			);
		});
	});

	test('the v1 endpoint redeems codes too (v1 response shape)', async () => {
		const { code } = await signIn(emu);
		const r = await tokenRequest(emu, redeemForm(code));
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: '3599', resource: 'https://api.partnercenter.microsoft.com', scope: 'user_impersonation' });
		expect(typeof r.json.refresh_token).toBe('string');
	});

	test('stats count authorization_code and refresh_token grants separately', async () => {
		await withEmulator({}, async (e) => {
			const t = await signInTokens(e);
			await tokenRequest(e, { grant_type: 'refresh_token', client_id: DEFAULTS.clientId, refresh_token: t.refresh_token }, { v2: true });
			await tokenRequest(e, appForm());
			const s = await stats(e);
			expect(s.tokenRequests).toEqual({ total: 3, byGrant: { client_credentials: 1, password: 0, refresh_token: 1, authorization_code: 1 }, failed: 0 });
			expect(s.authorizeRequests).toEqual({ total: 2, signInPages: 1, codesIssued: 1, cancelled: 0, failed: 0 });
		});
	});
});

describe('refresh tokens: rotation, expiry, revocation', () => {
	const refresh = (e, rt, over = {}, v2 = true) =>
		tokenRequest(e, { grant_type: 'refresh_token', refresh_token: rt, client_id: DEFAULTS.clientId, ...over }, { v2 });

	test('each refresh returns a new refresh token; the used one is refused (rotation) → AADSTS70008', async () => {
		const t = await signInTokens(emu);
		const r1 = await refresh(emu, t.refresh_token, { scope: SIGN_IN_SCOPE }); // n8n may send the scope
		expect(r1.status).toBe(200);
		expect(r1.json).toEqual({ token_type: 'Bearer', scope: PC_SCOPE, expires_in: 3599, ext_expires_in: 3599, access_token: expect.any(String), refresh_token: expect.any(String) });
		expect(r1.json.refresh_token).not.toBe(t.refresh_token);
		const reuse = await refresh(emu, t.refresh_token);
		expectEntraError(reuse, 400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity.');
		const r2 = await refresh(emu, r1.json.refresh_token); // no scope: the refresh token's own
		expect(r2.status).toBe(200);
		// MFA is inherited from the sign-in.
		expect(emu.state.tokens.get(r2.json.access_token)).toMatchObject({ grant: 'refresh_token', mfa: true, user: DEFAULTS.username });
		const call = await api(emu, r2.json.access_token, 'GET', '/insights/v1/mpn/ScheduledDataset');
		expect(call.status).toBe(200);
		expect(call.headers.get('ismfacompliant')).toBe('true');
	});

	test('rotateRefreshTokens=false keeps the used refresh token valid', async () => {
		await withEmulator({ rotateRefreshTokens: false }, async (e) => {
			const t = await signInTokens(e);
			const r1 = await refresh(e, t.refresh_token);
			expect(r1.status).toBe(200);
			expect(r1.json.refresh_token).not.toBe(t.refresh_token);
			expect((await refresh(e, t.refresh_token)).status).toBe(200);
		});
	});

	test('password-grant refresh tokens rotate as well, and keep mfa=false', async () => {
		const p = await tokenRequest(emu, userForm());
		const r1 = await refresh(emu, p.json.refresh_token, {}, false);
		expect(r1.status).toBe(200);
		expect(emu.state.tokens.get(r1.json.access_token)).toMatchObject({ mfa: false, user: DEFAULTS.username });
		expectEntraError(await refresh(emu, p.json.refresh_token, {}, false), 400, 'invalid_grant', 70008);
	});

	test('refresh tokens expire after refreshTokenTtlSeconds of inactivity → AADSTS700082', async () => {
		await withEmulator({ refreshTokenTtlSeconds: 1, authorizeMode: 'redirect' }, async (e) => {
			const t = await signInTokens(e);
			await sleep(1100);
			const r = await refresh(e, t.refresh_token);
			expectEntraError(r, 400, 'invalid_grant', 700082);
			expect(r.json.error_description).toMatch(/^AADSTS700082: The refresh token has expired due to inactivity\. The token was issued on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ and was inactive for \d+ seconds\./);
		});
	});

	test('POST /_emulator/refresh-tokens/expire and emu.expireRefreshTokens() expire all outstanding ones', async () => {
		await withEmulator({ authorizeMode: 'redirect' }, async (e) => {
			const a = await signInTokens(e);
			const b = await signInTokens(e);
			const c = await control(e, 'POST', '/refresh-tokens/expire');
			expect(c.status).toBe(200);
			expect(c.json).toEqual({ expired: 2 });
			expectEntraError(await refresh(e, a.refresh_token), 400, 'invalid_grant', 700082);
			expectEntraError(await refresh(e, b.refresh_token), 400, 'invalid_grant', 700082);
			const d = await signInTokens(e);
			expect(e.expireRefreshTokens()).toBe(1);
			expectEntraError(await refresh(e, d.refresh_token), 400, 'invalid_grant', 700082);
		});
	});

	test('POST /_emulator/refresh-tokens/revoke and emu.revokeRefreshTokens() → AADSTS50173; access tokens live on', async () => {
		await withEmulator({ authorizeMode: 'redirect' }, async (e) => {
			const a = await signInTokens(e);
			const p = await tokenRequest(e, userForm());
			const used = await refresh(e, a.refresh_token); // a's refresh token is now rotated away
			const c = await control(e, 'POST', '/refresh-tokens/revoke');
			expect(c.status).toBe(200);
			expect(c.json).toEqual({ revoked: 2 }); // used.refresh_token and the password grant's
			const r = await refresh(e, used.json.refresh_token);
			expectEntraError(r, 400, 'invalid_grant', 50173);
			expect(r.json.error_description).toMatch(/^AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed\./);
			expectEntraError(await refresh(e, p.json.refresh_token, {}, false), 400, 'invalid_grant', 50173);
			// [inferred] like Entra, revocation does not recall access tokens already issued.
			expect((await api(e, used.json.access_token, 'GET', '/insights/v1/mpn/ScheduledDataset')).status).toBe(200);
			// A fresh sign-in works again; the JS handle does the same.
			const b = await signInTokens(e);
			expect(e.revokeRefreshTokens()).toBe(1);
			expectEntraError(await refresh(e, b.refresh_token), 400, 'invalid_grant', 50173);
			expect((await control(e, 'POST', '/refresh-tokens/revoke')).json).toEqual({ revoked: 0 });
		});
	});

	test('a refresh token of another client or an unknown one → AADSTS9002313', async () => {
		const t = await signInTokens(emu);
		expectEntraError(await refresh(emu, t.refresh_token, { client_id: DEFAULTS.unregisteredClientId }), 400, 'invalid_grant', 9002313);
		expectEntraError(await refresh(emu, 'emu-rt.unknown'), 400, 'invalid_grant', 9002313);
		expect((await refresh(emu, t.refresh_token)).status).toBe(200); // not consumed by the failures
	});

	test('client authentication by HTTP Basic on refresh_token (v2 and v1), like body fields', async () => {
		const basic = (id, secret) => ({ authorization: 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64') });
		const good = basic(DEFAULTS.clientId, DEFAULTS.clientSecret);
		const t = await signInTokens(emu);
		// No client_id in the body: the header supplies it.
		const r1 = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: t.refresh_token }, { v2: true, headers: good });
		expect(r1.status).toBe(200);
		expect(r1.json.scope).toBe(PC_SCOPE);
		expect(emu.state.tokens.get(r1.json.access_token)).toMatchObject({ grant: 'refresh_token', clientId: DEFAULTS.clientId, mfa: true });
		// Wrong secret via Basic → 401 AADSTS7000215, not echoed, refresh token not consumed.
		const wrong = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: r1.json.refresh_token }, { v2: true, headers: basic(DEFAULTS.clientId, 'WRONG-SECRET-VALUE') });
		expectEntraError(wrong, 401, 'invalid_client', 7000215);
		expect(wrong.text).not.toContain('WRONG-SECRET-VALUE');
		// Body fields present and disagreeing → 400 invalid_request; agreeing → fine.
		const clash = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: r1.json.refresh_token, client_id: DEFAULTS.clientId, client_secret: 'OTHER-SECRET-VALUE' }, { v2: true, headers: good });
		expectEntraError(clash, 400, 'invalid_request', 9002313);
		const r2 = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: r1.json.refresh_token, client_id: DEFAULTS.clientId, client_secret: DEFAULTS.clientSecret }, { v2: true, headers: good });
		expect(r2.status).toBe(200);
		// v1: a password-grant refresh token redeemed with Basic, and the other app's Basic credentials are
		// refused for it like the body's.
		const p = await tokenRequest(emu, userForm());
		const other = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: p.json.refresh_token }, { headers: basic(DEFAULTS.unregisteredClientId, DEFAULTS.unregisteredClientSecret) });
		expectEntraError(other, 400, 'invalid_grant', 9002313);
		const v1 = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: p.json.refresh_token }, { headers: good });
		expect(v1.status).toBe(200);
		expect(v1.json.resource).toBe(DEFAULTS.resource);
		expect(typeof v1.json.refresh_token).toBe('string');
	});

	test('client_credentials with HTTP Basic only (v1 and v2)', async () => {
		const good = { authorization: 'Basic ' + Buffer.from(`${DEFAULTS.clientId}:${DEFAULTS.clientSecret}`).toString('base64') };
		const v1 = await tokenRequest(emu, { grant_type: 'client_credentials', resource: DEFAULTS.resource }, { headers: good });
		expect(v1.status).toBe(200);
		expect((await api(emu, v1.json.access_token, 'GET', '/insights/v1.1/cmp/ScheduledDataset')).status).toBe(200);
		const v2 = await tokenRequest(emu, { grant_type: 'client_credentials', scope: `${DEFAULTS.resource}/.default` }, { v2: true, headers: good });
		expect(v2.status).toBe(200);
	});
});

describe('MFA required (April 2026)', () => {
	let mfa;
	beforeAll(async () => {
		mfa = await startEmulator({ port: 0, mfaRequired: true });
	});
	afterAll(() => mfa.stop());

	test('the password grant → 400 invalid_grant AADSTS50076 (ROPC cannot do MFA); a wrong password is still 50126', async () => {
		const r = await tokenRequest(mfa, userForm());
		expectEntraError(r, 400, 'invalid_grant', 50076, MFA_50076);
		expect(r.json.suberror).toBe('basic_action');
		const form = userForm({ scope: 'https://api.partnercenter.microsoft.com/.default' });
		delete form.resource;
		expectEntraError(await tokenRequest(mfa, form, { v2: true }), 400, 'invalid_grant', 50076, MFA_50076);
		expectEntraError(await tokenRequest(mfa, userForm({ password: 'wrong' })), 400, 'invalid_grant', 50126);
	});

	test('sign-in tokens work (isMfaCompliant: true); app-only tokens are unaffected (no header)', async () => {
		const t = await signInTokens(mfa);
		for (const path of ['/insights/v1/mpn/ScheduledDataset', '/insights/v1/cmp/ScheduledDataset', '/insights/v1.1/cmp/ScheduledQueries']) {
			const r = await api(mfa, t.access_token, 'GET', path);
			expect(r.status).toBe(200);
			expect(r.headers.get('ismfacompliant')).toBe('true');
		}
		// Error answers of the API carry the header too.
		const bad = await api(mfa, t.access_token, 'POST', '/insights/v1/mpn/ScheduledQueries', '{not json');
		expect(bad.status).toBe(400);
		expect(bad.headers.get('ismfacompliant')).toBe('true');
		const refreshed = await tokenRequest(mfa, { grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: DEFAULTS.clientId }, { v2: true });
		expect(refreshed.status).toBe(200);
		expect((await api(mfa, refreshed.json.access_token, 'GET', '/insights/v1/mpn/ScheduledDataset')).status).toBe(200);
		const app = (await tokenRequest(mfa, appForm())).json.access_token;
		for (const path of ['/insights/v1/mpn/ScheduledDataset', '/insights/v1.1/cmp/ScheduledDataset']) {
			const r = await api(mfa, app, 'GET', path);
			expect(r.status).toBe(200);
			expect(r.headers.get('ismfacompliant')).toBeNull();
		}
	});

	test('a delegated token issued without MFA → API 401 naming MFA, isMfaCompliant: false; its refresh token → 50076', async () => {
		await withEmulator({}, async (e) => {
			const p = await tokenRequest(e, userForm());
			expect(p.status).toBe(200);
			// Before enforcement the API answers and reports the missing MFA (since October 2025, the page above).
			const before = await api(e, p.json.access_token, 'GET', '/insights/v1/mpn/ScheduledDataset');
			expect(before.status).toBe(200);
			expect(before.headers.get('ismfacompliant')).toBe('false');
			expect((await control(e, 'POST', '/config', { mfaRequired: true })).json.mfaRequired).toBe(true);
			for (const path of ['/insights/v1/mpn/ScheduledDataset', '/insights/v1.1/cmp/ScheduledDataset']) {
				const r = await api(e, p.json.access_token, 'GET', path);
				expect(r.status).toBe(401);
				expect(r.json).toMatchObject({ statusCode: 401, message: MFA_401, value: [] });
				expect(r.headers.get('ismfacompliant')).toBe('false');
				expect(r.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_user_authentication"/);
			}
			const rt = await tokenRequest(e, { grant_type: 'refresh_token', refresh_token: p.json.refresh_token, client_id: DEFAULTS.clientId });
			expectEntraError(rt, 400, 'invalid_grant', 50076, MFA_50076);
			// The sign-in path still works on the same emulator.
			const t = await signInTokens(e);
			expect((await api(e, t.access_token, 'GET', '/insights/v1/mpn/ScheduledDataset')).status).toBe(200);
			// Switching it off again lets the password grant through.
			await control(e, 'POST', '/config', { mfaRequired: false });
			expect((await tokenRequest(e, userForm())).status).toBe(200);
		});
	});

	test('config refuses a non-boolean mfaRequired', async () => {
		const r = await control(mfa, 'POST', '/config', { mfaRequired: 'yes' });
		expect(r.status).toBe(400);
		expect(r.json.error).toBe('mfaRequired must be true or false');
		expect((await control(mfa, 'GET', '/config')).json.mfaRequired).toBe(true);
	});
});
