'use strict';
/**
 * Jest config for the real-n8n end-to-end tests (run through test/e2e/run.sh, `npm run test:e2e`).
 * The jest runner itself runs on the system Node; n8n processes run on the Node 24 of the runtime.
 */
module.exports = {
	rootDir: __dirname,
	roots: ['<rootDir>'],
	testMatch: ['<rootDir>/**/*.e2e.test.js'],
	testEnvironment: 'node',
	// The n8n runtime (~2.8 GB) and the work folders must not be crawled by jest's haste map: the node
	// crawler honours these ignore patterns while walking, the `find` crawler would walk everything first.
	// `.n8n-runtime` without a slash: also the other versions' runtimes (.n8n-runtime-<version>, test/smoke).
	modulePathIgnorePatterns: ['<rootDir>/.n8n-runtime', '<rootDir>/.work/'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.n8n-runtime', '<rootDir>/.work/'],
	watchPathIgnorePatterns: ['<rootDir>/.n8n-runtime', '<rootDir>/.work/'],
	haste: { forceNodeFilesystemAPI: true },
	transform: {},
	testTimeout: 600_000,
	slowTestThreshold: 60,
	maxWorkers: 1,
	verbose: true,
};
