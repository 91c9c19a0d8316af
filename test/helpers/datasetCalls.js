/**
 * What the dataset, transport and token suites (test/integration/dataset, transport, credentials)
 * share: harnesses with the suite emulator's credentials, and Dataset → Get Many, the cheapest call.
 */
const { createHarness } = require('./harness');
const { harnessCredentials } = require('./emulator');

/** `harnessFor(overrides)` for one test emulator: a fresh harness (no cached token) each call. */
const harnessesFor = (server) => (overrides = {}) => createHarness({ credentials: harnessCredentials(server.url, overrides) });

const getAll = (extra = {}) => ({ resource: 'dataset', operation: 'getAll', returnAll: true, ...extra });

/** Dataset → Get of the dataset named in each input item's `name`. */
const getByItemName = { resource: 'dataset', operation: 'get', datasetName: '={{ $json.name }}' };

/** `count` input items naming the program's datasets in turn, read from the Dataset Name list. */
async function datasetNameItems(harness, count) {
	const names = (await harness.loadOptions('getDatasets', getAll())).map((o) => o.value);
	return Array.from({ length: count }, (_, i) => ({ json: { name: names[i % names.length] } }));
}

module.exports = { harnessesFor, getAll, getByItemName, datasetNameItems };
