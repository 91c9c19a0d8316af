'use strict';
/**
 * Jest config of the chaos suite (test/chaos/run.sh, `npm run test:chaos`): the real-n8n chaos run and
 * the in-process repro tests next to it (those load the TypeScript sources through ts-jest).
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
module.exports = {
	rootDir: root,
	roots: ['<rootDir>/test/chaos'],
	testMatch: ['<rootDir>/test/chaos/**/*.test.js'],
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.json') }] },
	moduleFileExtensions: ['ts', 'js', 'json'],
	modulePathIgnorePatterns: [
		'<rootDir>/test/chaos/.work/',
		'<rootDir>/test/e2e/.n8n-runtime/',
		'<rootDir>/test/e2e/.work/',
		'<rootDir>/test/queue/.work/',
	],
	testPathIgnorePatterns: ['/node_modules/', '/\\.work/', '/\\.n8n-runtime/'],
	watchPathIgnorePatterns: ['/\\.work/', '/\\.n8n-runtime/'],
	haste: { forceNodeFilesystemAPI: true },
	testTimeout: 900_000,
	slowTestThreshold: 120,
	maxWorkers: 1,
	verbose: true,
	// n8n-core's SSH client manager (in-process tests) keeps a 60 s interval alive.
	forceExit: true,
};
