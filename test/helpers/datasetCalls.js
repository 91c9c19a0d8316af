/**
 * What the dataset, transport and token suites (test/integration/dataset, transport, credentials)
 * share: harnesses with the suite emulator's credentials, and Dataset → Get Many, the cheapest call.
 */
const { createHarness } = require('./harness');
const { harnessCredentials } = require('./emulator');

/** `harnessFor(overrides)` for one test emulator: a fresh harness (no cached token) each call. */
const harnessesFor = (server) => (overrides = {}) => createHarness({ credentials: harnessCredentials(server.url, overrides) });

/** Each program with where its datasets live and the credential it signs in with. */
const PROGRAMS = [
	{ label: 'commercial marketplace v1.1', params: { program: 'commercialMarketplace', apiVersion: 'v1.1' }, path: '/insights/v1.1/cmp', auth: 'clientCredentials' },
	{ label: 'commercial marketplace v1', params: { program: 'commercialMarketplace', apiVersion: 'v1' }, path: '/insights/v1/cmp', auth: 'clientCredentials' },
	{ label: 'partner insights', params: { program: 'partnerInsights' }, path: '/insights/v1/mpn', auth: 'password' },
];

const getAll = (extra = {}) => ({ resource: 'dataset', operation: 'getAll', returnAll: true, ...extra });

module.exports = { harnessesFor, getAll, PROGRAMS };
