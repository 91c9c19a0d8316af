/**
 * Sign-in as Partner Center has it in 2026: MFA for every App+User call
 * (https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication), app-only
 * tokens on partner insights (current text of insights-programmatic-first-api-call). The OAuth2 credential runs through n8n-core's own OAuth2 helper (sign, refresh on
 * 401, save the new tokens); the credential test runs in n8n-core's CredentialTestContext. All of it
 * against the emulator over HTTP.
 */
const { CredentialTestContext } = require('n8n-core');
const { createHarness } = require('../helpers/harness');
const {
	startTestEmulator,
	clientCredentials,
	passwordCredentials,
	oauth2Credentials,
	signIn,
	directGet,
	DEFAULTS,
} = require('../helpers/emulator');
const { PartnerCenterAnalytics } = require('../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');
const { MFA_GUIDANCE, RECONNECT_GUIDANCE } = require('../../credentials/entraErrors');

let server;
beforeAll(async () => {
	server = await startTestEmulator();
});
afterAll(async () => {
	await server.stop();
});
afterEach(async () => {
	await server.control('POST', 'config', { mfaRequired: false, mpnRequiresUser: false });
});

const getAll = (extra) => ({ resource: 'dataset', operation: 'getAll', returnAll: true, ...extra });
const grants = async () => (await server.stats()).tokenRequests.byGrant;

async function signedInHarness() {
	const tokenData = await signIn(server.url);
	const harness = createHarness({ credentials: { partnerCenterOAuth2Api: oauth2Credentials(server.url, tokenData) } });
	return { harness, tokenData };
}

async function errorOf(promise) {
	const error = await promise.then(
		() => undefined,
		(e) => e,
	);
	expect(error).toBeInstanceOf(Error);
	return error;
}

const fullText = (error) => `${error.message} ${error.description ?? ''}`;

describe('OAuth2 sign-in credential (authorization code with PKCE)', () => {
	test.each([
		['partner insights', { program: 'partnerInsights' }, '/insights/v1/mpn'],
		['commercial marketplace', { program: 'commercialMarketplace', apiVersion: 'v1.1' }, '/insights/v1.1/cmp'],
	])('Dataset → Get Many on %s with the signed-in user', async (_label, params, path) => {
		const { harness } = await signedInHarness();
		const expected = await directGet(server.url, `${path}/ScheduledDataset`);
		const output = await harness.run({ authentication: 'oAuth2', ...params, ...getAll() });
		expect(output.map((item) => item.json.datasetName)).toEqual(expected.value.map((d) => d.datasetName));
		expect(output.length).toBeGreaterThan(3);
	});

	test('an expired access token is renewed with exactly one refresh grant, and the new tokens are kept', async () => {
		const { harness, tokenData } = await signedInHarness();
		await harness.run({ authentication: 'oAuth2', program: 'partnerInsights', ...getAll() });
		await server.expireTokens();
		const before = await grants();
		const output = await harness.run({ authentication: 'oAuth2', program: 'partnerInsights', ...getAll() });
		const after = await grants();
		expect(output.length).toBeGreaterThan(3);
		expect((after.refresh_token ?? 0) - (before.refresh_token ?? 0)).toBe(1);
		// The emulator rotates refresh tokens: the stored one must be the new one, or the next refresh fails.
		const stored = harness.store.partnerCenterOAuth2Api.oauthTokenData;
		expect(stored.refresh_token).toBeTruthy();
		expect(stored.refresh_token).not.toBe(tokenData.refresh_token);
		await server.expireTokens();
		expect((await harness.run({ authentication: 'oAuth2', program: 'partnerInsights', ...getAll() })).length).toBeGreaterThan(3);
		expect(((await grants()).refresh_token ?? 0) - (before.refresh_token ?? 0)).toBe(2);
	});

	test('a revoked sign-in says to reconnect the credential, without the refresh token', async () => {
		const { harness, tokenData } = await signedInHarness();
		await server.control('POST', 'refresh-tokens/revoke');
		await server.expireTokens();
		const error = await errorOf(harness.run({ authentication: 'oAuth2', program: 'partnerInsights', ...getAll() }));
		// n8n 2.40 (n8n-core's OAuth2 helper) turns Entra's invalid_grant into its own reconnect error;
		// n8n before it left the node Entra's OAuth error ("Microsoft Entra refused to renew the sign-in: …").
		expect(error.message).toBe('The credential "test credential" needs to be reconnected.');
		expect(error.description).toBe(RECONNECT_GUIDANCE);
		expect(fullText(error)).not.toContain(tokenData.refresh_token);
		expect(fullText(error)).not.toContain(DEFAULTS.clientSecret);
	});

	test('an expired refresh token says to reconnect as well', async () => {
		const { harness } = await signedInHarness();
		await server.control('POST', 'refresh-tokens/expire');
		await server.expireTokens();
		const error = await errorOf(harness.run({ authentication: 'oAuth2', program: 'partnerInsights', ...getAll() }));
		expect(error.message).toBe('The credential "test credential" needs to be reconnected.');
		expect(error.description).toBe(RECONNECT_GUIDANCE);
	});

	test('a credential that was never connected is named before anything is sent', async () => {
		const harness = createHarness({ credentials: { partnerCenterOAuth2Api: oauth2Credentials(server.url) } });
		const before = (await server.stats()).requests?.total;
		const error = await errorOf(harness.run({ authentication: 'oAuth2', program: 'partnerInsights', ...getAll() }));
		expect(error.message).toMatch(/not connected yet.*Connect my account/);
		expect((await server.stats()).requests?.total).toBe(before);
	});

	test('sign-in tokens keep working when MFA is enforced: the sign-in did MFA', async () => {
		const { harness } = await signedInHarness();
		await server.control('POST', 'config', { mfaRequired: true });
		const output = await harness.run({ authentication: 'oAuth2', program: 'partnerInsights', ...getAll() });
		expect(output.length).toBeGreaterThan(3);
	});
});

describe('MFA enforced: the password grant', () => {
	test('a token request answered with AADSTS50076 names both ways forward', async () => {
		await server.control('POST', 'config', { mfaRequired: true });
		const harness = createHarness({ credentials: { partnerCenterPasswordApi: passwordCredentials(server.url) } });
		const error = await errorOf(harness.run({ authentication: 'password', program: 'partnerInsights', ...getAll() }));
		const text = fullText(error);
		expect(text).toMatch(/AADSTS50076/);
		expect(text).toContain('since April 2026');
		expect(text).toContain('Client Credentials');
		expect(text).toContain('(Sign-In) OAuth2 API');
		expect(text).not.toContain(DEFAULTS.password);
	});

	test('a cached token without MFA, refused by Partner Center, gets the same guidance', async () => {
		const harness = createHarness({ credentials: { partnerCenterPasswordApi: passwordCredentials(server.url) } });
		await harness.run({ authentication: 'password', program: 'partnerInsights', ...getAll() });
		await server.control('POST', 'config', { mfaRequired: true });
		const error = await errorOf(harness.run({ authentication: 'password', program: 'partnerInsights', ...getAll() }));
		expect(fullText(error)).toContain(MFA_GUIDANCE);
	});
});

describe('partner insights with app-only tokens', () => {
	test('client credentials read partner insights datasets (the current first-API-call page)', async () => {
		const harness = createHarness({ credentials: { partnerCenterClientCredentialsApi: clientCredentials(server.url) } });
		const output = await harness.run({ authentication: 'clientCredentials', program: 'partnerInsights', ...getAll() });
		expect(output.length).toBeGreaterThan(3);
	});

	test('where partner insights still wants App+User, the 403 says which role is missing', async () => {
		await server.control('POST', 'config', { mpnRequiresUser: true });
		const harness = createHarness({ credentials: { partnerCenterClientCredentialsApi: clientCredentials(server.url) } });
		const error = await errorOf(harness.run({ authentication: 'clientCredentials', program: 'partnerInsights', ...getAll() }));
		expect(error.httpCode).toBe('403');
	});
});

describe('credential test (testedBy: partnerCenterConnectionTest)', () => {
	const connectionTest = new PartnerCenterAnalytics().methods.credentialTest.partnerCenterConnectionTest;
	const runTest = async (type, data) => await connectionTest.call(new CredentialTestContext(), { id: 'c1', name: 'test', type, data });

	test('good client credentials: a new token, then both programs side by side', async () => {
		const before = await grants();
		const result = await runTest('partnerCenterClientCredentialsApi', clientCredentials(server.url));
		expect(result).toEqual({ status: 'OK', message: 'Commercial marketplace: OK · Partner insights: OK' });
		expect((await grants()).client_credentials - before.client_credentials).toBe(1);
	});

	test('a wrong secret fails even when a valid token is cached in the credential', async () => {
		const harness = createHarness({ credentials: { partnerCenterClientCredentialsApi: clientCredentials(server.url) } });
		await harness.run({ authentication: 'clientCredentials', ...getAll() });
		const cached = harness.store.partnerCenterClientCredentialsApi.accessToken;
		expect(cached).toBeTruthy();
		const result = await runTest('partnerCenterClientCredentialsApi', {
			...clientCredentials(server.url, { clientSecret: 'a-wrong-secret-value' }),
			accessToken: cached,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/AADSTS7000215/);
		expect(result.message).not.toContain('a-wrong-secret-value');
		expect(result.message).not.toContain(cached);
	});

	test('one program refused: OK, with the refusal named', async () => {
		await server.control('POST', 'config', { mpnRequiresUser: true });
		const result = await runTest('partnerCenterClientCredentialsApi', clientCredentials(server.url));
		expect(result).toEqual({
			status: 'OK',
			message: 'Commercial marketplace: OK · Partner insights: 403 (no role in Partner Center)',
		});
	});

	test('an app that was not added in Partner Center: an error naming both programs', async () => {
		const result = await runTest(
			'partnerCenterClientCredentialsApi',
			clientCredentials(server.url, { clientId: DEFAULTS.unregisteredClientId, clientSecret: DEFAULTS.unregisteredClientSecret }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Commercial marketplace: 403 (no role in Partner Center) · Partner insights: 403 (no role in Partner Center)');
	});

	test('the password credential under enforced MFA: the guidance, not only AADSTS50076', async () => {
		await server.control('POST', 'config', { mfaRequired: true });
		const result = await runTest('partnerCenterPasswordApi', passwordCredentials(server.url));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/AADSTS50076/);
		expect(result.message).toContain(MFA_GUIDANCE);
		expect(result.message).not.toContain(DEFAULTS.password);
	});

	test('the password credential without MFA enforcement passes with a new password grant', async () => {
		const before = await grants();
		const result = await runTest('partnerCenterPasswordApi', passwordCredentials(server.url));
		expect(result).toEqual({ status: 'OK', message: 'Commercial marketplace: OK · Partner insights: OK' });
		expect((await grants()).password - before.password).toBe(1);
	});
});
