/** Unit and integration tests (the real-n8n suite under test/e2e has its own config). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/unit', '<rootDir>/test/integration', '<rootDir>/test/emulator'],
	testMatch: ['**/*.test.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	moduleFileExtensions: ['ts', 'js', 'json'],
	testTimeout: 60000,
	// n8n-core's SSH client manager (created with every node context) keeps a 60 s interval alive.
	forceExit: true,
};
