'use strict';
/**
 * The emulator the e2e suites run in-process, and credential data that points at it
 * (test/fixtures/credentials.js, bound to that emulator's identity).
 * E2E_EMULATOR_MODULE: another emulator implementation (harness development only).
 */
const path = require('node:path');
const { credentialBuilders } = require('../../fixtures/credentials');

const emulator = require(
	process.env.E2E_EMULATOR_MODULE || path.join(__dirname, '..', '..', '..', 'emulator'),
);

module.exports = { ...emulator, ...credentialBuilders(emulator.DEFAULTS) };
