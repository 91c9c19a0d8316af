'use strict';
/** Jest config of the n8n 3.0 defaults suite (test/n8n3/run.sh, `npm run test:n8n3`). */
const { realN8nSuiteConfig } = require('../e2e/lib/jest-suite-config');

const config = realN8nSuiteConfig('n8n3');
module.exports = {
	...config,
	modulePathIgnorePatterns: [...config.modulePathIgnorePatterns, '<rootDir>/test/n8n3/.work/'],
};
