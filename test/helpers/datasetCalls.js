/**
 * What the dataset, transport and token suites (test/integration/dataset, transport, credentials)
 * share: harnesses with the suite emulator's credentials, and Dataset → Get Many, the cheapest call.
 */
const { createHarness } = require('./harness');
const { harnessCredentials } = require('./emulator');

/** `harnessFor(overrides)` for one test emulator: a fresh harness (no cached token) each call. */
const harnessesFor = (server) => (overrides = {}) => createHarness({ credentials: harnessCredentials(server.url, overrides) });

const getAll = (extra = {}) => ({ resource: 'dataset', operation: 'getAll', returnAll: true, ...extra });

module.exports = { harnessesFor, getAll };
