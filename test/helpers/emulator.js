/** Starts the emulator for a test file and builds credentials that point at it. */
const { startEmulator, DEFAULTS } = require('../../emulator');
const { emulatorControl } = require('../fixtures/emulatorControl');
const { clientCredentialsData, passwordData, oauth2Data, SIGN_IN_SCOPE } = require('../fixtures/credentials');

/** EMULATOR_PROFILE=strict (jest project "strict"): every strict reading of the docs at once (issue 13). */
const PROFILE = process.env.EMULATOR_PROFILE || 'default';

async function startTestEmulator(options = {}) {
	const emu = await startEmulator({ port: 0, host: '127.0.0.1', profile: PROFILE, ...options });
	return {
		emu,
		url: emu.url,
		...emulatorControl(emu.url),
		/** The file of an execution as Partner Center (the emulator) serves it, raw: BOM included. */
		servedFile: async (executionId) => {
			const response = await fetch(emu.signLink(executionId, {}), { headers: { 'accept-encoding': 'identity' } });
			return Buffer.from(await response.arrayBuffer());
		},
		stop: () => emu.stop(),
	};
}

/**
 * startTestEmulator() before the tests of the file, stop() after them. The handle is filled in by
 * beforeAll, so tests and hooks read `server.url`, `server.control(…)` etc. when they run.
 */
function useTestEmulator(options) {
	const server = {};
	beforeAll(async () => {
		Object.assign(server, await startTestEmulator(options));
	});
	afterAll(async () => {
		if (server.stop) await server.stop();
	});
	return server;
}

/** The client-credentials credential as the harness stores it: no cached token yet (n8n's expirable field). */
function clientCredentials(url, overrides = {}) {
	return clientCredentialsData(url, { accessToken: '', ...overrides });
}

function passwordCredentials(url, overrides = {}) {
	return passwordData(url, { accessToken: '', ...overrides });
}

/** Both app and delegated-user credentials of a harness (createHarness({ credentials })). */
function harnessCredentials(url, overrides = {}) {
	return {
		partnerCenterClientCredentialsApi: clientCredentials(url, overrides),
		partnerCenterPasswordApi: passwordCredentials(url, overrides),
	};
}

/**
 * Signs the demo user in the way n8n does for the OAuth2 credential: authorization code with PKCE
 * (S256) on the emulator's Entra v2 endpoints, the sign-in page's button "pressed" when the emulator
 * shows one. Answers the token response, which n8n stores as `oauthTokenData`.
 */
async function signIn(url, { clientSecret = DEFAULTS.clientSecret, redirectUri = 'http://127.0.0.1:5678/rest/oauth2-credential/callback' } = {}) {
	const crypto = require('crypto');
	const verifier = crypto.randomBytes(32).toString('base64url');
	const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
	const params = new URLSearchParams({
		client_id: DEFAULTS.clientId,
		response_type: 'code',
		redirect_uri: redirectUri,
		scope: SIGN_IN_SCOPE,
		state: 'test-state',
		code_challenge: challenge,
		code_challenge_method: 'S256',
	});
	const authorizeUrl = `${url}/${DEFAULTS.tenantId}/oauth2/v2.0/authorize`;
	let response = await fetch(`${authorizeUrl}?${params}`, { redirect: 'manual' });
	if (response.status === 200) {
		// The sign-in page: its form posts the request back.
		response = await fetch(authorizeUrl, { method: 'POST', body: params, redirect: 'manual' });
	}
	const location = response.headers.get('location');
	if (response.status !== 302 || !location) throw new Error(`sign-in did not redirect: ${response.status}`);
	const code = new URL(location).searchParams.get('code');
	const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: DEFAULTS.clientId });
	if (clientSecret) form.set('client_secret', clientSecret);
	const token = await fetch(`${url}/${DEFAULTS.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
	const body = await token.json();
	if (!body.access_token) throw new Error(`code exchange failed: ${JSON.stringify(body)}`);
	return body;
}

/**
 * An OAuth2 sign-in credential as n8n hands it to a node: expressions resolved (n8n resolves the
 * hidden URL fields from Tenant ID and Authority Host), plus the stored token data.
 */
const oauth2Credentials = oauth2Data;

/** Fetches a resource straight from the emulator with a token of its own, to compare against. */
async function directGet(url, path, credentials = 'client') {
	const form = new URLSearchParams({
		grant_type: credentials === 'client' ? 'client_credentials' : 'password',
		client_id: DEFAULTS.clientId,
		client_secret: DEFAULTS.clientSecret,
		resource: DEFAULTS.resource,
		...(credentials === 'client' ? {} : { username: DEFAULTS.username, password: DEFAULTS.password, scope: 'openid' }),
	});
	const token = await (
		await fetch(`${url}/${DEFAULTS.tenantId}/oauth2/token`, { method: 'POST', body: form })
	).json();
	const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token.access_token}` } });
	return await response.json();
}

module.exports = {
	PROFILE,
	startTestEmulator,
	useTestEmulator,
	clientCredentials,
	passwordCredentials,
	harnessCredentials,
	oauth2Credentials,
	signIn,
	directGet,
	DEFAULTS,
};
