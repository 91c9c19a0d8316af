/**
 * Unit and integration tests (the real-n8n suite under test/e2e has its own config).
 *
 * Two projects: `default` runs everything against the emulator's default readings of the docs;
 * `strict` runs the integration suites (test/integration; all but a few slow ones, see below) again
 * with every strict reading at once (EMULATOR_PROFILE=strict, emulator/README.md "Readings").
 * `npx jest --selectProjects default` runs one of them.
 */
const common = {
	testEnvironment: 'node',
	testMatch: ['**/*.test.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
	testTimeout: 60000,
	// The suites mostly wait (the emulator over HTTP, retry back-offs, poll intervals), not compute: on a
	// 2-core machine jest's default of one worker took 6 min 37 s of wall time for 1 min 44 s of CPU, three
	// workers 2 min 27 s.
	maxWorkers: 3,
	// n8n-core's SSH client manager (created with every node context) keeps a 60 s interval alive.
	forceExit: true,
	projects: [
		{
			...common,
			displayName: 'default',
			roots: ['<rootDir>/test/unit', '<rootDir>/test/integration', '<rootDir>/test/emulator'],
		},
		{
			...common,
			displayName: 'strict',
			roots: ['<rootDir>/test/integration'],
			// Left out for time (about 70 s of suite time; they pass under strict too, run them with
			// `EMULATOR_PROFILE=strict npx jest --selectProjects default --testPathPattern <name>`): the
			// dataset operations, the transport's retries and paging, the token in use, the fault-timeout
			// suite and the backfill windows.
			testPathIgnorePatterns: [
				'/integration/dataset/(get|getAll)\\.test\\.js$',
				'/integration/transport/retry\\.test\\.js$',
				'/integration/transport/paging\\.test\\.js$',
				'/integration/credentials/token\\.test\\.js$',
				'/integration/report/runUnderFaults\\.test\\.js$',
				'/integration/report/backfill\\.test\\.js$',
			],
			setupFiles: ['<rootDir>/test/helpers/strictProfile.js'],
		},
	],
};
