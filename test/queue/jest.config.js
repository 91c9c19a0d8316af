'use strict';
/** Jest config of the queue-mode suite (test/queue/run.sh, `npm run test:queue`). */
const { realN8nSuiteConfig } = require('../e2e/lib/jest-suite-config');

module.exports = realN8nSuiteConfig('queue');
