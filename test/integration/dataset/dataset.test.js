/**
 * The dataset operations (Get Many, Get, the Dataset Name list) and the errors users see with them, run
 * inside real n8n-core contexts against the emulator over HTTP.
 */
const { useTestEmulator, directGet } = require('../../helpers/emulator');
const { harnessesFor, getAll } = require('../../helpers/datasetCalls');

const PROGRAMS = [
	{ label: 'commercial marketplace v1.1', params: { program: 'commercialMarketplace', apiVersion: 'v1.1' }, path: '/insights/v1.1/cmp', auth: 'clientCredentials' },
	{ label: 'commercial marketplace v1', params: { program: 'commercialMarketplace', apiVersion: 'v1' }, path: '/insights/v1/cmp', auth: 'clientCredentials' },
	{ label: 'partner insights', params: { program: 'partnerInsights' }, path: '/insights/v1/mpn', auth: 'password' },
];

const server = useTestEmulator();
const harnessFor = harnessesFor(server);

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
});
