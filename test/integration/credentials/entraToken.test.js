/**
 * The credentials' token exchange (preAuthentication) against the emulator's Entra endpoint, through
 * n8n-core's real httpRequest helper: good values pass; each mistake gets its own clear message; no
 * secret ever appears in one.
 */
const { createHarness, credentialTypes } = require('../../helpers/harness');
const { useTestEmulator, clientCredentials, passwordCredentials, DEFAULTS } = require('../../helpers/emulator');

const server = useTestEmulator();
let helpers;
beforeAll(async () => {
	const harness = createHarness({ credentials: { partnerCenterClientCredentialsApi: clientCredentials(server.url) } });
	helpers = { helpers: harness.createContext({ resource: 'dataset', operation: 'getAll' }).helpers };
});

const clientType = () => credentialTypes.partnerCenterClientCredentialsApi;
const passwordType = () => credentialTypes.partnerCenterPasswordApi;
const tokenFor = (type, credentials) => type.preAuthentication.call(helpers, credentials);

async function messageOf(promise) {
	const error = await promise.then(
		() => undefined,
		(e) => e,
	);
	expect(error).toBeInstanceOf(Error);
	return error.message;
}

describe('client credentials', () => {
	test('good values yield an access token', async () => {
		const result = await tokenFor(clientType(), clientCredentials(server.url));
		expect(Object.keys(result)).toEqual(['accessToken']);
		expect(result.accessToken.length).toBeGreaterThan(10);
	});

	test('wrong secret, wrong tenant and wrong resource fail with different, clear messages', async () => {
		const wrongSecret = await messageOf(tokenFor(clientType(), clientCredentials(server.url, { clientSecret: 'not-the-secret-value' })));
		const wrongTenant = await messageOf(
			tokenFor(clientType(), clientCredentials(server.url, { tenantId: '0b0b0b0b-1111-2222-3333-444444444444' })),
		);
		const wrongResource = await messageOf(
			tokenFor(clientType(), clientCredentials(server.url, { resource: 'https://api.partnercenter.example.com' })),
		);
		expect(wrongSecret).toMatch(/^Microsoft Entra refused the token request \(invalid_client\): AADSTS7000215/);
		expect(wrongTenant).toMatch(/AADSTS90002/);
		expect(wrongTenant).toMatch(/0b0b0b0b-1111-2222-3333-444444444444/);
		expect(wrongResource).toMatch(/AADSTS500011/);
		expect(new Set([wrongSecret, wrongTenant, wrongResource]).size).toBe(3);
		for (const message of [wrongSecret, wrongTenant, wrongResource]) {
			expect(message).not.toContain('not-the-secret-value');
			expect(message).not.toContain(DEFAULTS.clientSecret);
		}
	});

	test('an unknown client id is named as such', async () => {
		const message = await messageOf(
			tokenFor(clientType(), clientCredentials(server.url, { clientId: '99999999-9999-4999-8999-999999999999' })),
		);
		expect(message).toMatch(/AADSTS700016/);
	});

	test('malformed tenant or URLs are rejected before anything is sent', async () => {
		const before = (await server.stats()).tokenRequests.total;
		expect(await messageOf(tokenFor(clientType(), clientCredentials(server.url, { tenantId: 'my tenant' })))).toMatch(
			/"Tenant ID" must be a directory GUID/,
		);
		expect(await messageOf(tokenFor(clientType(), clientCredentials(server.url, { authorityHost: 'login.microsoftonline.com' })))).toMatch(
			/"Authority Host" must be an http\(s\) URL/,
		);
		expect(await messageOf(tokenFor(clientType(), clientCredentials(server.url, { apiBaseUrl: 'ftp://x' })))).toMatch(
			/"API Base URL" must be an http\(s\) URL/,
		);
		expect(await messageOf(tokenFor(clientType(), clientCredentials(server.url, { clientSecret: '' })))).toMatch(
			/"Client Secret" is empty/,
		);
		expect((await server.stats()).tokenRequests.total).toBe(before);
	});

	test('an unreachable authority host says so', async () => {
		const message = await messageOf(tokenFor(clientType(), clientCredentials('http://127.0.0.1:9')));
		expect(message).toMatch(/ECONNREFUSED|connect/i);
		expect(message).not.toContain(DEFAULTS.clientSecret);
	});
});

describe('delegated user (password grant)', () => {
	test('good values yield an access token, with or without a client secret', async () => {
		expect((await tokenFor(passwordType(), passwordCredentials(server.url))).accessToken.length).toBeGreaterThan(10);
		const before = await server.stats();
		await tokenFor(passwordType(), passwordCredentials(server.url, { clientSecret: '' }));
		const after = await server.stats();
		expect(after.tokenRequests.byGrant.password - before.tokenRequests.byGrant.password).toBe(1);
	});

	test('a wrong password is reported without echoing it', async () => {
		const message = await messageOf(tokenFor(passwordType(), passwordCredentials(server.url, { password: 'hunter2-wrong' })));
		expect(message).toMatch(/AADSTS50126/);
		expect(message).not.toContain('hunter2-wrong');
	});

	test('an empty username is named before anything is sent', async () => {
		expect(await messageOf(tokenFor(passwordType(), passwordCredentials(server.url, { username: ' ' })))).toMatch(
			/"Username" is empty/,
		);
	});
});

describe('credential tests', () => {
	test('client credentials and password are tested by the nodes (a new token every time); OAuth2 by a partner insights request', () => {
		expect(clientType().test).toBeUndefined();
		expect(passwordType().test).toBeUndefined();
		const { PartnerCenterAnalytics } = require('../../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');
		const node = new PartnerCenterAnalytics();
		const testedBy = Object.fromEntries(node.description.credentials.map((c) => [c.name, c.testedBy]));
		expect(testedBy.partnerCenterClientCredentialsApi).toBe('partnerCenterConnectionTest');
		expect(testedBy.partnerCenterPasswordApi).toBe('partnerCenterConnectionTest');
		expect(typeof node.methods.credentialTest.partnerCenterConnectionTest).toBe('function');
		const oauth2 = credentialTypes.partnerCenterOAuth2Api;
		expect(oauth2.test.request.url).toBe('/ScheduledDataset');
		expect(oauth2.test.request.baseURL).toContain('/insights/v1/mpn');
	});
});
