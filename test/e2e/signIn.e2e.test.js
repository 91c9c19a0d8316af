'use strict';
/**
 * Sign-in as Partner Center has it in 2026, in a real n8n 2.40.7 with the packed package:
 * - the OAuth2 Sign-In credential connected through n8n's own OAuth endpoints
 *   (GET /rest/oauth2-credential/auth → the emulator's authorize → n8n's callback), then
 *   Dataset → Get Many on partner insights and on commercial marketplace with it;
 * - an access token expired in the emulator → the next run succeeds with exactly one refresh grant;
 * - the password grant under enforced MFA → the clear error naming both alternatives;
 * - a wrong secret fails the credential test even after a run cached a token.
 */
const path = require('node:path');
const n8n = require('./lib/n8n');
const { pcaNode, manualTrigger, chain } = require('./lib/workflows');

const { startEmulator, DEFAULTS } = require(path.join(__dirname, '..', '..', 'emulator'));

let emu;
let server;
let folder;
const OAUTH = { id: 'e2eOauthSignIn01', name: 'PC sign-in (OAuth2)' };
const PASSWORD = { id: 'e2ePwMfa00000001', name: 'PC delegated user (MFA)' };
const CLIENT = { id: 'e2eCcCachedTok01', name: 'PC client credentials (cached token)' };

async function control(method, p, body) {
	const r = await fetch(`${emu.url}/_emulator/${p}`, {
		method,
		headers: body ? { 'content-type': 'application/json' } : undefined,
		body: body ? JSON.stringify(body) : undefined,
	});
	return await r.json();
}
const grants = async () => (await control('GET', 'stats')).tokenRequests.byGrant;

function clientCredentialsData(overrides = {}) {
	return {
		tenantId: DEFAULTS.tenantId,
		clientId: DEFAULTS.clientId,
		clientSecret: DEFAULTS.clientSecret,
		resource: DEFAULTS.resource,
		authorityHost: emu.url,
		apiBaseUrl: emu.url,
		...overrides,
	};
}

function datasetsWorkflow(id, authentication, credential, connection) {
	return chain(id, id, [
		manualTrigger(),
		pcaNode('Datasets', { authentication, ...connection, resource: 'dataset', operation: 'getAll', returnAll: true }, credential),
	]);
}

async function run(id) {
	return await n8n.executeWorkflow(id, { userFolder: folder });
}

function failureOf(result) {
	return `${result.status}: ${result.error ? `${result.error.message} ${result.error.description || ''}` : ''}\n${result.ok ? '' : result.failureReport()}`;
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0, host: '127.0.0.1', authorizeMode: 'redirect' });
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);
	server = await n8n.startN8n();
	folder = server.userFolder;
	await n8n.loginOwner(server);
});

afterAll(async () => {
	await n8n.stopN8n(server);
	if (emu) await emu.stop();
});

describe('OAuth2 Sign-In credential in real n8n', () => {
	let credentialId;

	test("connects through n8n's OAuth endpoints: PKCE, Entra v2 URLs built from Tenant ID and Authority Host", async () => {
		const created = await server.rest('POST', '/rest/credentials', {
			name: OAUTH.name,
			type: 'partnerCenterOAuth2Api',
			data: { tenantId: DEFAULTS.tenantId, clientId: DEFAULTS.clientId, clientSecret: DEFAULTS.clientSecret, authorityHost: emu.url, apiBaseUrl: emu.url },
		});
		expect(created.status).toBe(200);
		credentialId = (created.json.data || created.json).id;

		const auth = await server.rest('GET', `/rest/oauth2-credential/auth?id=${credentialId}`);
		expect(auth.status).toBe(200);
		const authorizeUrl = new URL(auth.json.data || auth.json);
		expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${emu.url}/${DEFAULTS.tenantId}/oauth2/v2.0/authorize`);
		expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
		expect(authorizeUrl.searchParams.get('code_challenge')).toBeTruthy();
		expect(authorizeUrl.searchParams.get('scope')).toBe('https://api.partnercenter.microsoft.com/user_impersonation offline_access');

		const before = await grants();
		const signIn = await fetch(authorizeUrl, { redirect: 'manual' });
		expect(signIn.status).toBe(302);
		const callback = new URL(signIn.headers.get('location'));
		expect(`${callback.origin}${callback.pathname}`).toBe(`${server.url}/rest/oauth2-credential/callback`);
		const page = await fetch(callback, { headers: { cookie: server.cookie, 'browser-id': 'e2e-browser' } });
		const html = await page.text();
		expect({ status: page.status, failed: /Failed to connect/i.test(html) }).toEqual({ status: 200, failed: false });
		expect((await grants()).authorization_code - (before.authorization_code || 0)).toBe(1);

		const stored = await server.rest('GET', `/rest/credentials/${credentialId}?includeData=true`);
		const test = await server.rest('POST', '/rest/credentials/test', {
			credentials: { id: credentialId, name: OAUTH.name, type: 'partnerCenterOAuth2Api', data: (stored.json.data || stored.json).data },
		});
		expect(test.json.data || test.json).toEqual({ status: 'OK', message: expect.any(String) });
	});

	test('Dataset → Get Many on partner insights and on commercial marketplace with the signed-in user; an expired token costs exactly one refresh', async () => {
		expect(credentialId).toBeTruthy();
		await n8n.stopN8n(server);
		const credential = { id: credentialId, name: OAUTH.name };
		await n8n.importWorkflow(
			[
				datasetsWorkflow('e2eSignInMpn', 'oAuth2', credential, { program: 'partnerInsights' }),
				datasetsWorkflow('e2eSignInCmp', 'oAuth2', credential, { program: 'commercialMarketplace', apiVersion: 'v1.1' }),
			],
			{ userFolder: folder },
		);
		for (const id of ['e2eSignInMpn', 'e2eSignInCmp']) {
			const result = await run(id);
			if (!result.ok) throw new Error(failureOf(result));
			expect(result.nodes.Datasets.length).toBeGreaterThan(3);
		}

		emu.expireTokens();
		const before = await grants();
		const result = await run('e2eSignInMpn');
		if (!result.ok) throw new Error(failureOf(result));
		expect(result.nodes.Datasets.length).toBeGreaterThan(3);
		const after = await grants();
		expect((after.refresh_token || 0) - (before.refresh_token || 0)).toBe(1);
		// The rotated refresh token was saved: a second expiry is renewed as well.
		emu.expireTokens();
		const again = await run('e2eSignInCmp');
		if (!again.ok) throw new Error(failureOf(again));
		expect(((await grants()).refresh_token || 0) - (before.refresh_token || 0)).toBe(2);
	});
});

describe('password grant and credential tests', () => {
	test('under enforced MFA the password grant fails with the way forward, without the password', async () => {
		await n8n.importCredentials(
			[{ ...PASSWORD, type: 'partnerCenterPasswordApi', data: { ...clientCredentialsData(), username: DEFAULTS.username, password: DEFAULTS.password } }],
			{ userFolder: folder },
		);
		await n8n.importWorkflow(datasetsWorkflow('e2eMfaPassword', 'password', PASSWORD, { program: 'partnerInsights' }), { userFolder: folder });
		await control('POST', 'config', { mfaRequired: true });
		try {
			const result = await run('e2eMfaPassword');
			expect(result.ok).toBe(false);
			const text = `${result.error.message} ${result.error.description || ''}`;
			expect(text).toMatch(/AADSTS50076/);
			expect(text).toContain('since April 2026');
			expect(text).toContain('(Client Credentials) API');
			expect(text).toContain('(Sign-In) OAuth2 API');
			expect(text.includes(DEFAULTS.password)).toBe(false);
		} finally {
			await control('POST', 'config', { mfaRequired: false });
		}
	});

	test('a wrong secret fails the credential test even after a run cached a token', async () => {
		await n8n.importCredentials([{ ...CLIENT, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData() }], { userFolder: folder });
		await n8n.importWorkflow(datasetsWorkflow('e2eCachedToken', 'clientCredentials', CLIENT, { program: 'commercialMarketplace' }), { userFolder: folder });
		const result = await run('e2eCachedToken');
		if (!result.ok) throw new Error(failureOf(result));

		server = await n8n.startN8n({ userFolder: folder });
		await n8n.loginOwner(server);
		const stored = await server.rest('GET', `/rest/credentials/${CLIENT.id}?includeData=true`);
		expect(stored.status).toBe(200);
		// What the editor sends: the stored data (the cached token included) with the secret edited.
		const storedData = (stored.json.data || stored.json).data;
		expect(storedData.accessToken).toBeTruthy();
		const good = await server.rest('POST', '/rest/credentials/test', {
			credentials: { id: CLIENT.id, name: CLIENT.name, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData() },
		});
		expect(good.json.data || good.json).toEqual({ status: 'OK', message: 'Commercial marketplace: OK · Partner insights: OK' });

		const wrongSecret = 'wrong-secret-after-cache-e2e';
		n8n.addSecrets(wrongSecret);
		const before = await grants();
		const wrong = await server.rest('POST', '/rest/credentials/test', {
			credentials: {
				id: CLIENT.id,
				name: CLIENT.name,
				type: 'partnerCenterClientCredentialsApi',
				data: { ...storedData, clientSecret: wrongSecret },
			},
		});
		const verdict = wrong.json.data || wrong.json;
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/AADSTS7000215/);
		expect(verdict.message.includes(wrongSecret)).toBe(false);
		expect((await grants()).client_credentials - before.client_credentials).toBe(1);
	});
});
