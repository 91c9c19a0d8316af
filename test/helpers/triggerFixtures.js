/**
 * Shared by the integration suites: restart-like trigger harnesses, recurring reports, polling for a
 * condition.
 */
const { DateTime } = require('luxon');
const { createHarness } = require('./harness');
const { poll } = require('../fixtures/wait');

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

/**
 * Report → Create parameters of a recurring report of `queryId`: every 24 h, the first run
 * `startInHours` ahead (Partner Center wants at least 4), `recurrenceCount` runs.
 */
function recurringReportParameters(reportName, queryId, { startInHours = 6, recurrenceCount = 50 } = {}) {
	return {
		resource: 'report',
		operation: 'create',
		reportName,
		queryId: { __rl: true, mode: 'id', value: queryId },
		schedule: 'recurring',
		startTime: DateTime.utc().plus({ hours: startInHours }).toISO(),
		recurrenceInterval: 24,
		recurrenceEnd: 'count',
		recurrenceCount,
	};
}

/**
 * The same trigger after an n8n restart: a fresh module registry, the options it was created with, and
 * only the static data (and durable cursor) that `previous` (the harness before the restart) saved. With `samePort` it
 * listens where `previous` did (close that one first), so its webhook URL is the same, as in n8n.
 */
function restartedTriggerHarness(options, previous, { samePort = false } = {}) {
	const port = samePort ? Number(new URL(previous.baseUrl).port) : 0;
	return freshTriggerHarness({ ...options, staticData: previous.staticData, cursor: previous.cursor, port });
}

/** Harness options of a callback trigger that manages its own report of the system query. */
function managedTriggerOptions(credentials) {
	return {
		kind: 'callback',
		credentials,
		parameters: {
			watch: 'managedReport',
			queryId: { __rl: true, mode: 'id', value: SYSTEM_QUERY_ID },
			recurrenceInterval: 24,
			recurrenceCount: 10,
		},
	};
}

/** Creates a recurring report (first run 6 h ahead) of the system query; resolves to its ID. */
async function createRecurringReport(credentials, name) {
	const h = createHarness({ credentials });
	const [report] = await h.run(recurringReportParameters(name, SYSTEM_QUERY_ID));
	return report.json.reportId;
}

/**
 * Query → Create of `query` (named `queryName`), then a recurring report of it
 * (recurringReportParameters, then `report` on top); resolves to both output items.
 */
async function createQueryAndReport(h, { queryName, query, reportName, startInHours, recurrenceCount, report = {} }) {
	const [queryItem] = await h.run({ resource: 'query', operation: 'create', name: queryName, query });
	const [reportItem] = await h.run({
		...recurringReportParameters(reportName, queryItem.json.queryId, { startInHours, recurrenceCount }),
		...report,
	});
	return { query: queryItem, report: reportItem };
}

async function waitFor(predicate, what, timeoutMs = 15000) {
	return await poll(predicate, {
		timeoutMs,
		intervalMs: 50,
		timeoutError: () => new Error(`Timed out waiting for ${what}`),
	});
}

module.exports = {
	SYSTEM_QUERY_ID,
	freshTriggerHarness,
	managedTriggerOptions,
	restartedTriggerHarness,
	recurringReportParameters,
	createRecurringReport,
	createQueryAndReport,
	waitFor,
};
