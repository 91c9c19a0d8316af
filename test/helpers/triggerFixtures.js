/** Shared by the trigger suites: restart-like harnesses, a recurring report, polling for a condition. */
const { DateTime } = require('luxon');
const { createHarness } = require('./harness');

/** A documented cmp system query: any query yields files. */
const SYSTEM_QUERY_ID = 'b9df4929-073f-4795-b0cb-a2c81b11e28d';

/** A fresh module registry: process memory is lost as in an n8n restart; only static data carries over. */
function freshTriggerHarness(options) {
	let harness;
	jest.isolateModules(() => {
		harness = require('./triggerHarness').createTriggerHarness(options);
	});
	return harness;
}

/** Creates a recurring report (first run 6 h ahead) of the system query; resolves to its ID. */
async function createRecurringReport(credentials, name) {
	const h = createHarness({ credentials });
	const [report] = await h.run({
		resource: 'report',
		operation: 'create',
		reportName: name,
		queryId: { __rl: true, mode: 'id', value: SYSTEM_QUERY_ID },
		schedule: 'recurring',
		startTime: DateTime.utc().plus({ hours: 6 }).toISO(),
		recurrenceInterval: 24,
		recurrenceEnd: 'count',
		recurrenceCount: 50,
	});
	return report.json.reportId;
}

async function waitFor(predicate, what, timeoutMs = 15000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

module.exports = { SYSTEM_QUERY_ID, freshTriggerHarness, createRecurringReport, waitFor };
