/**
 * The dataset operations, the transport and both credentials, run inside real n8n-core contexts
 * against the emulator over HTTP.
 */
const { createHarness } = require('../../helpers/harness');
const {
	startTestEmulator,
	useTestEmulator,
	clientCredentials,
	harnessCredentials,
	directGet,
} = require('../../helpers/emulator');

const PROGRAMS = [
	{ label: 'commercial marketplace v1.1', params: { program: 'commercialMarketplace', apiVersion: 'v1.1' }, path: '/insights/v1.1/cmp', auth: 'clientCredentials' },
	{ label: 'commercial marketplace v1', params: { program: 'commercialMarketplace', apiVersion: 'v1' }, path: '/insights/v1/cmp', auth: 'clientCredentials' },
	{ label: 'partner insights', params: { program: 'partnerInsights' }, path: '/insights/v1/mpn', auth: 'password' },
];

const server = useTestEmulator();
afterEach(async () => {
	await server.setFaults({});
});

function harnessFor(overrides = {}) {
	return createHarness({ credentials: harnessCredentials(server.url, overrides) });
}

const getAll = (extra = {}) => ({ resource: 'dataset', operation: 'getAll', returnAll: true, ...extra });

describe.each(PROGRAMS)('Dataset on $label', ({ params, path, auth }) => {
	test('Get Many returns every dataset the API serves, one item each', async () => {
		const expected = await directGet(server.url, `${path}/ScheduledDataset`, auth === 'password' ? 'user' : 'client');
		const output = await harnessFor().run({ authentication: auth, ...params, ...getAll() });
		expect(output.map((item) => item.json.datasetName)).toEqual(expected.value.map((d) => d.datasetName));
		expect(output.length).toBeGreaterThan(3);
		expect(output[0].json.selectableColumns.length).toBeGreaterThan(0);
		expect(output.every((item) => item.pairedItem.item === 0)).toBe(true);
	});

	test('Get returns one dataset by name, and the list feeds the Dataset Name options', async () => {
		const harness = harnessFor();
		const options = await harness.loadOptions('getDatasets', { authentication: auth, ...params, ...getAll() });
		expect(options.length).toBeGreaterThan(3);
		const name = options[options.length - 1].value;
		const [item] = await harness.run({ authentication: auth, ...params, resource: 'dataset', operation: 'get', datasetName: name });
		expect(item.json.datasetName).toBe(name);
		expect(Array.isArray(item.json.availableDateRanges)).toBe(true);
	});

	test('Get Many honours Limit', async () => {
		const output = await harnessFor().run({ authentication: auth, ...params, ...getAll({ returnAll: false, limit: 2 }) });
		expect(output).toHaveLength(2);
	});
});

describe('tokens', () => {
	test('200 API calls in one run ask for exactly one token; after expiry one refresh, then success', async () => {
		const harness = harnessFor();
		const names = (await harness.loadOptions('getDatasets', getAll())).map((o) => o.value);
		const items = Array.from({ length: 200 }, (_, i) => ({ json: { name: names[i % names.length] } }));
		const parameters = { resource: 'dataset', operation: 'get', datasetName: '={{ $json.name }}' };

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

describe('retries', () => {
	test('with 30% of calls failing (5xx, 429, resets) a 100-call run returns the right results', async () => {
		const harness = harnessFor();
		const names = (await harness.loadOptions('getDatasets', getAll())).map((o) => o.value);
		const items = Array.from({ length: 100 }, (_, i) => ({ json: { name: names[i % names.length] } }));
		await server.resetStats();
		await server.setFaults({ rate: 0.3, kinds: ['5xx', '429', 'reset'], retryAfterSeconds: 1, seed: 7 });
		const output = await harness.run({ resource: 'dataset', operation: 'get', datasetName: '={{ $json.name }}' }, items);
		const stats = await server.stats();
		expect(output.map((item) => item.json.datasetName)).toEqual(items.map((item) => item.json.name));
		const injected = Object.values(stats.faultsInjected).reduce((sum, n) => sum + n, 0);
		expect(injected).toBeGreaterThanOrEqual(15);
		for (const kind of ['5xx', '429', 'reset']) expect(stats.faultsInjected[kind]).toBeGreaterThan(0);
		expect(harness.logs.some((line) => /retry 1 of 7/.test(line))).toBe(true);
	}, 120000);

	test("a 429's Retry-After sets the wait before the retry, in seconds", async () => {
		const harness = harnessFor();
		await harness.run(getAll());
		await server.setFaults({ paths: ['GET /ScheduledDataset'], queue: ['429', '429'], retryAfterSeconds: 3 });
		const output = await harness.run(getAll());
		await server.setFaults({});
		expect(output.length).toBeGreaterThan(0);
		const waits = harness.logs
			.map((line) => /Partner Center 429 on GET ScheduledDataset; retry \d of 7 in (\d+) ms/.exec(line)?.[1])
			.filter(Boolean)
			.map(Number);
		expect(waits).toHaveLength(2);
		// Exponential backoff alone would wait 125–250 ms, then 250–500 ms.
		for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(3000);
	}, 60000);

	test('a 400 is never retried and its message reaches the user', async () => {
		const harness = harnessFor();
		const { partnerCenterApiRequest } = require('../../../nodes/shared/transport');
		const context = harness.createContext(getAll());
		await server.resetStats();
		await expect(
			partnerCenterApiRequest(context, { method: 'POST', endpoint: 'ScheduledQueries', body: { Name: 'no query' } }),
		).rejects.toThrow(/Partner Center answered 400 to POST ScheduledQueries: Null or missing value/);
		const stats = await server.stats();
		expect(stats.apiCalls.total).toBe(1);
	});

	test('a 404 is not retried and carries the "no executions yet" hint', async () => {
		const harness = harnessFor();
		const { partnerCenterApiRequest } = require('../../../nodes/shared/transport');
		const context = harness.createContext(getAll());
		await server.resetStats();
		const error = await partnerCenterApiRequest(context, { method: 'GET', endpoint: 'ScheduledReport/execution/00000000-0000-0000-0000-000000000000' })
			.catch((e) => e);
		expect(error.httpCode).toBe('404');
		expect(error.description).toMatch(/until the first execution has completed/);
		expect((await server.stats()).apiCalls.total).toBe(1);
	});
});

describe('pagination', () => {
	test.each(['relative', 'absolute'])('follows %s nextLinks to the end, and stops at Limit', async (nextLinkStyle) => {
		const paged = await startTestEmulator({ pageSize: 2, nextLinkStyle });
		try {
			const harness = createHarness({ credentials: { partnerCenterClientCredentialsApi: clientCredentials(paged.url) } });
			const unpagedCount = (await harnessFor().run(getAll())).length;
			const all = await harness.run(getAll());
			expect(all).toHaveLength(unpagedCount);
			expect(new Set(all.map((i) => i.json.datasetName)).size).toBe(unpagedCount);
			const before = (await paged.stats()).apiCalls.total;
			const three = await harness.run(getAll({ returnAll: false, limit: 3 }));
			expect(three).toHaveLength(3);
			expect((await paged.stats()).apiCalls.total - before).toBe(2);
		} finally {
			await paged.stop();
		}
	});
});

describe('errors users see', () => {
	test('an unknown dataset name is reported with a way forward', async () => {
		await expect(
			harnessFor().run({ resource: 'dataset', operation: 'get', datasetName: 'ISVNothing' }),
		).rejects.toThrow(/no dataset named "ISVNothing"/);
	});

	test('a malformed dataset name fails before anything is sent', async () => {
		const before = await server.stats();
		await expect(
			harnessFor().run({ resource: 'dataset', operation: 'get', datasetName: "ISVOrder' OR 1=1" }),
		).rejects.toThrow(/"Dataset Name or ID" must be a dataset name/);
		const after = await server.stats();
		expect(after.apiCalls.total).toBe(before.apiCalls.total);
		expect(after.tokenRequests.total).toBe(before.tokenRequests.total);
	});

	test('continueOnFail turns a failing item into an error item and keeps the others, paired', async () => {
		const items = [{ json: { name: 'ISVOrder' } }, { json: { name: 'Nope' } }, { json: { name: 'ISVUsage' } }];
		const output = await harnessFor().run(
			{ resource: 'dataset', operation: 'get', datasetName: '={{ $json.name }}' },
			items,
			{ continueOnFail: true },
		);
		expect(output.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
		expect(output[0].json.datasetName).toBe('ISVOrder');
		expect(output[1].json.error).toMatch(/no dataset named "Nope"/);
		expect(output[2].json.datasetName).toBe('ISVUsage');
	});

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
