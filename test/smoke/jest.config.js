'use strict';
/** Jest config of the smoke suite (test/smoke/run.sh <n8n version>, `npm run test:versions`). */
const { realN8nSuiteConfig } = require('../e2e/lib/jest-suite-config');

module.exports = realN8nSuiteConfig('smoke');
