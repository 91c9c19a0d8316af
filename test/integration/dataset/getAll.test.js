/**
 * Dataset → Get Many on every program, inside real n8n-core contexts against the emulator over HTTP.
 * Dataset → Get and the Dataset Name list: dataset/get.test.js.
 */
const { useTestEmulator, directGet } = require('../../helpers/emulator');
const { harnessesFor, getAll } = require('../../helpers/datasetCalls');
const { PROGRAMS } = require('../../helpers/operations');

const server = useTestEmulator();
const harnessFor = harnessesFor(server);

describe.each(PROGRAMS)('Dataset → Get Many on $label', ({ params, path }) => {
	test('returns every dataset the API serves, one item each', async () => {
		const expected = await directGet(server.url, `${path}/ScheduledDataset`, params.authentication === 'password' ? 'user' : 'client');
		const output = await harnessFor().run({ ...params, resource: 'dataset', operation: 'getAll', returnAll: true });
		expect(output.map((item) => item.json.datasetName)).toEqual(expected.value.map((d) => d.datasetName));
		expect(output.length).toBeGreaterThan(3);
		expect(output[0].json.selectableColumns.length).toBeGreaterThan(0);
		expect(output.every((item) => item.pairedItem.item === 0)).toBe(true);
	});

	test('honours Limit', async () => {
		const output = await harnessFor().run({ ...params, ...getAll({ returnAll: false, limit: 2 }) });
		expect(output).toHaveLength(2);
	});
});
