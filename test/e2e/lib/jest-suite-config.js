'use strict';
/**
 * Jest config of a real-n8n suite that runs from the project root (test/chaos, test/queue; each
 * suite's jest.config.js adds what it needs): only that suite's tests, the n8n runtime and every
 * suite's work folder kept out of jest's haste map (the node crawler honours these ignore patterns
 * while walking, the `find` crawler would walk the ~2.8 GB runtime first), one test file at a time.
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');

function realN8nSuiteConfig(suite, overrides = {}) {
	return {
		rootDir: root,
		roots: [`<rootDir>/test/${suite}`],
		testMatch: [`<rootDir>/test/${suite}/**/*.test.js`],
		testEnvironment: 'node',
		transform: {},
		modulePathIgnorePatterns: [
			// Also the runtimes of the other n8n versions (.n8n-runtime-<version>, test/smoke).
			'<rootDir>/test/e2e/.n8n-runtime',
			'<rootDir>/test/e2e/.work/',
			'<rootDir>/test/chaos/.work/',
			'<rootDir>/test/queue/.work/',
			'<rootDir>/test/smoke/.work/',
		],
		testPathIgnorePatterns: ['/node_modules/', '/\\.work/', '/\\.n8n-runtime'],
		watchPathIgnorePatterns: ['/\\.work/', '/\\.n8n-runtime'],
		haste: { forceNodeFilesystemAPI: true },
		testTimeout: 600_000,
		slowTestThreshold: 120,
		maxWorkers: 1,
		verbose: true,
		// n8n-core's SSH client manager (in-process tests) keeps a 60 s interval alive.
		forceExit: true,
		...overrides,
	};
}

module.exports = { root, realN8nSuiteConfig };
