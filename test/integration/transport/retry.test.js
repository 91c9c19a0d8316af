/**
 * The transport's retries (nodes/shared/transport): injected faults, Retry-After, and the errors it
 * never retries, run inside real n8n-core contexts against the emulator over HTTP.
 */
const { useTestEmulator } = require('../../helpers/emulator');
const { harnessesFor, getAll, getByItemName, datasetNameItems } = require('../../helpers/datasetCalls');

const server = useTestEmulator();
afterEach(async () => {
	await server.setFaults({});
});
const harnessFor = harnessesFor(server);

describe('retries', () => {
	test('with 30% of calls failing (5xx, 429, resets) a 100-call run returns the right results', async () => {
		const harness = harnessFor();
		const items = await datasetNameItems(harness, 100);
		await server.resetStats();
		await server.setFaults({ rate: 0.3, kinds: ['5xx', '429', 'reset'], retryAfterSeconds: 1, seed: 7 });
		const output = await harness.run(getByItemName, items);
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
