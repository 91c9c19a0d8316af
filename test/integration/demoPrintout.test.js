/**
 * `npm run demo` prints the emulator's demo identity for each Partner Center credential type
 * (scripts/demo.js, demoCredentialsGuide), so that a new user can try the sign-in (OAuth2) and the
 * password credential without reading the emulator's log. These tests read the values back out of
 * the printout and use them against the emulator over HTTP, the way n8n would: a printout that
 * leaves a value out, or prints one the emulator refuses, fails here.
 */
const crypto = require('node:crypto');
const { DEFAULTS } = require('../../emulator');
const { demoCredentialsGuide, CREDENTIAL_TYPES } = require('../../scripts/demo');
const { PartnerCenterClientCredentialsApi } = require('../../credentials/PartnerCenterClientCredentialsApi.credentials');
const { PartnerCenterOAuth2Api } = require('../../credentials/PartnerCenterOAuth2Api.credentials');
const { PartnerCenterPasswordApi } = require('../../credentials/PartnerCenterPasswordApi.credentials');
const { useTestEmulator } = require('../helpers/emulator');

const emulator = useTestEmulator();
const N8N_URL = 'http://127.0.0.1:5678/';

function printout() {
	return demoCredentialsGuide(DEFAULTS, {
		emulatorUrl: emulator.url,
		n8nUrl: N8N_URL,
		importedCredential: 'Partner Center (emulator)',
	}).join('\n');
}

/** One value of the printout, found by the label in front of it. */
function printed(text, pattern) {
	const match = text.match(pattern);
	if (!match) throw new Error(`the demo printout has no ${pattern}:\n${text}`);
	return match[1];
}

/** What a user copies from the printout into a credential. */
function valuesOf(text) {
	return {
		host: printed(text, /Authority Host and API Base URL to (\S+?),/),
		tenantId: printed(text, /Tenant ID +(\S+)/),
		clientId: printed(text, /Client ID +(\S+)/),
		clientSecret: printed(text, /Client Secret +(\S+)/),
		username: printed(text, /Username (\S+),/),
		password: printed(text, /Password (\S+?)\.$/m),
		signInUser: printed(text, /sign-in page signs in (\S+)/),
		redirectUrl: printed(text, /OAuth Redirect URL[^:]*: (\S+)/),
	};
}

/** A token request with the printed app (client ID and secret) and the given grant. */
async function token({ host, tenantId, clientId, clientSecret }, grant) {
	const form = { client_id: clientId, client_secret: clientSecret, resource: DEFAULTS.resource, ...grant };
	const response = await fetch(`${host}/${tenantId}/oauth2/token`, { method: 'POST', body: new URLSearchParams(form) });
	return { status: response.status, body: await response.json() };
}

test('the printout names each credential type as n8n shows it', () => {
	expect(CREDENTIAL_TYPES).toEqual({
		clientCredentials: new PartnerCenterClientCredentialsApi().displayName,
		signIn: new PartnerCenterOAuth2Api().displayName,
		password: new PartnerCenterPasswordApi().displayName,
	});
	const text = printout();
	for (const name of Object.values(CREDENTIAL_TYPES)) expect(text).toContain(name);
	expect(text).toContain('"Partner Center (emulator)"');
});

test("the printout carries the emulator's identity and n8n's OAuth Redirect URL", () => {
	const values = valuesOf(printout());
	expect(values).toEqual({
		host: emulator.url,
		tenantId: DEFAULTS.tenantId,
		clientId: DEFAULTS.clientId,
		clientSecret: DEFAULTS.clientSecret,
		username: DEFAULTS.username,
		password: DEFAULTS.password,
		signInUser: DEFAULTS.username,
		// n8n's callback for OAuth2 credentials, under the instance's base URL (one slash, whatever the URL ends with).
		redirectUrl: 'http://127.0.0.1:5678/rest/oauth2-credential/callback',
	});
});

test('client credentials from the printout get a token that lists datasets', async () => {
	const v = valuesOf(printout());
	const { status, body } = await token(v, { grant_type: 'client_credentials' });
	expect(status).toBe(200);
	const datasets = await fetch(`${v.host}/insights/v1.1/cmp/ScheduledDataset`, {
		headers: { authorization: `Bearer ${body.access_token}` },
	});
	expect(datasets.status).toBe(200);
	expect((await datasets.json()).value.length).toBeGreaterThan(0);
});

test('the username and password from the printout sign in with the legacy password grant', async () => {
	const v = valuesOf(printout());
	const { status, body } = await token(v, {
		grant_type: 'password',
		username: v.username,
		password: v.password,
		scope: 'openid',
	});
	expect(status).toBe(200);
	expect(body.refresh_token).toEqual(expect.any(String));
});

test('the sign-in credential with the printed values: the page shows the printed user, the code exchange succeeds', async () => {
	const v = valuesOf(printout());
	const verifier = crypto.randomBytes(32).toString('base64url');
	const params = new URLSearchParams({
		client_id: v.clientId,
		response_type: 'code',
		redirect_uri: v.redirectUrl,
		scope: `${DEFAULTS.resource}/user_impersonation offline_access`,
		state: 'demo',
		code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url'),
		code_challenge_method: 'S256',
	});
	const authorizeUrl = `${v.host}/${v.tenantId}/oauth2/v2.0/authorize`;
	const page = await fetch(`${authorizeUrl}?${params}`);
	expect(page.status).toBe(200);
	expect(await page.text()).toContain(v.signInUser);

	const signedIn = await fetch(authorizeUrl, { method: 'POST', body: params, redirect: 'manual' });
	expect(signedIn.status).toBe(302);
	const location = new URL(signedIn.headers.get('location'));
	expect(`${location.origin}${location.pathname}`).toBe(v.redirectUrl);
	const exchanged = await fetch(`${v.host}/${v.tenantId}/oauth2/v2.0/token`, {
		method: 'POST',
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			code: location.searchParams.get('code'),
			redirect_uri: v.redirectUrl,
			code_verifier: verifier,
			client_id: v.clientId,
			client_secret: v.clientSecret,
		}),
	});
	expect(exchanged.status).toBe(200);
	expect((await exchanged.json()).access_token).toEqual(expect.any(String));
});
