'use strict';
/**
 * Jest config of the chaos suite (test/chaos/run.sh, `npm run test:chaos`): the real-n8n chaos run and
 * the in-process repro tests next to it (those load the TypeScript sources through ts-jest).
 */
const path = require('node:path');
const { root, realN8nSuiteConfig } = require('../e2e/lib/jest-suite-config');

module.exports = realN8nSuiteConfig('chaos', {
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.json') }] },
	moduleFileExtensions: ['ts', 'js', 'json'],
	testTimeout: 900_000,
});
