'use strict';
/** Jest config of the queue-mode suite (test/queue/run.sh, `npm run test:queue`). */
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
module.exports = {
	rootDir: root,
	roots: ['<rootDir>/test/queue'],
	testMatch: ['<rootDir>/test/queue/**/*.test.js'],
	testEnvironment: 'node',
	transform: {},
	modulePathIgnorePatterns: [
		'<rootDir>/test/queue/.work/',
		'<rootDir>/test/e2e/.n8n-runtime/',
		'<rootDir>/test/e2e/.work/',
		'<rootDir>/test/chaos/.work/',
	],
	testPathIgnorePatterns: ['/node_modules/', '/\\.work/', '/\\.n8n-runtime/'],
	watchPathIgnorePatterns: ['/\\.work/', '/\\.n8n-runtime/'],
	haste: { forceNodeFilesystemAPI: true },
	testTimeout: 600_000,
	slowTestThreshold: 120,
	maxWorkers: 1,
	verbose: true,
	forceExit: true,
};
