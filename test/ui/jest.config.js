'use strict';
/** Jest config of the browser suite (test/ui/run.sh, `npm run test:ui`). */
const { realN8nSuiteConfig } = require('../e2e/lib/jest-suite-config');

const config = realN8nSuiteConfig('ui');
module.exports = {
	...config,
	modulePathIgnorePatterns: [
		...config.modulePathIgnorePatterns,
		'<rootDir>/test/ui/.work/',
		'<rootDir>/test/ui/.screenshots/',
	],
	slowTestThreshold: 300,
};
