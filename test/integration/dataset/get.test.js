/**
 * Dataset → Get on every program, the Dataset Name list it picks from, and the errors users see with it,
 * inside real n8n-core contexts against the emulator over HTTP.
 */
const { useTestEmulator } = require('../../helpers/emulator');
const { harnessesFor, getAll } = require('../../helpers/datasetCalls');
const { PROGRAMS } = require('../../helpers/operations');

const server = useTestEmulator();
const harnessFor = harnessesFor(server);

describe.each(PROGRAMS)('Dataset → Get on $label', ({ params }) => {
	test('returns one dataset by name, picked from the Dataset Name options', async () => {
		const harness = harnessFor();
		const options = await harness.loadOptions('getDatasets', { ...params, ...getAll() });
		expect(options.length).toBeGreaterThan(3);
		const name = options[options.length - 1].value;
		const [item] = await harness.run({ ...params, resource: 'dataset', operation: 'get', datasetName: name });
		expect(item.json.datasetName).toBe(name);
		expect(Array.isArray(item.json.availableDateRanges)).toBe(true);
	});
});

describe('Dataset → Get: errors users see', () => {
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
