/**
 * The client-credentials token in use: one token per run, one refresh after expiry, never in output; and
 * the credential mistakes a user sees on the first call. Run inside real n8n-core contexts against the
 * emulator over HTTP.
 */
const { useTestEmulator } = require('../../helpers/emulator');
const { harnessesFor, getAll, getByItemName, datasetNameItems } = require('../../helpers/datasetCalls');

const server = useTestEmulator();
const harnessFor = harnessesFor(server);

describe('tokens', () => {
	test('200 API calls in one run ask for exactly one token; after expiry one refresh, then success', async () => {
		const harness = harnessFor();
		const items = await datasetNameItems(harness, 200);
		const parameters = getByItemName;

		// A fresh credential store: no cached token.
		const fresh = harnessFor();
		const before = await server.stats();
		const output = await fresh.run(parameters, items);
		const after = await server.stats();
		expect(output).toHaveLength(200);
		expect(output.map((item) => item.json.datasetName)).toEqual(items.map((item) => item.json.name));
		expect(after.tokenRequests.total - before.tokenRequests.total).toBe(1);
		expect(after.apiCalls.total - before.apiCalls.total).toBe(200);
		expect(fresh.store.partnerCenterClientCredentialsApi.accessToken).not.toBe('');

		await server.expireTokens();
		const again = await fresh.run(parameters, items.slice(0, 20));
		const afterExpiry = await server.stats();
		expect(again).toHaveLength(20);
		expect(afterExpiry.tokenRequests.total - after.tokenRequests.total).toBe(1);
		// One call was rejected with 401, sent once more through n8n's own 401 path (the transport reads
		// error responses whole, to keep Retry-After), which renewed the token and replayed it.
		expect(afterExpiry.apiCalls.total - after.apiCalls.total).toBe(22);
	});

	test('the token is sent only as a Bearer header and never appears in output', async () => {
		const harness = harnessFor();
		const output = await harness.run(getAll());
		const token = harness.store.partnerCenterClientCredentialsApi.accessToken;
		expect(token.length).toBeGreaterThan(10);
		expect(JSON.stringify(output)).not.toContain(token);
	});
});

describe('credential errors users see', () => {
	test('an app that was never added to Partner Center gets the 403 hint', async () => {
		const { DEFAULTS } = require('../../helpers/emulator');
		const harness = harnessFor({ clientId: DEFAULTS.unregisteredClientId, clientSecret: DEFAULTS.unregisteredClientSecret });
		const error = await harness.run(getAll()).catch((e) => e);
		expect(error.httpCode).toBe('403');
		expect(error.description).toMatch(/Add the Entra app in Partner Center/);
	});

	test('a malformed API Base URL fails before anything is sent', async () => {
		const before = await server.stats();
		await expect(harnessFor({ apiBaseUrl: 'api.partnercenter.microsoft.com' }).run(getAll())).rejects.toThrow(
			/"API Base URL" must be an http\(s\) URL/,
		);
		expect((await server.stats()).tokenRequests.total).toBe(before.tokenRequests.total);
	});
});
