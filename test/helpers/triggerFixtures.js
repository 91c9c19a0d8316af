/**
 * Shared by the integration suites: restart-like trigger harnesses, recurring reports, polling for a
 * condition; useTriggerEmulator(), the emulator and helpers of the two triggers' suites.
 */
const crypto = require('crypto');
const { DateTime } = require('luxon');
const { createHarness, readBinary } = require('./harness');
const { useTestEmulator, harnessCredentials } = require('./emulator');
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

/** A file's SHA-256, hex: what the suites compare downloaded and served files by. */
const sha256 = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

/**
 * The emulator of a trigger suite (callbackTrigger.test.js, pollTrigger.test.js): executions complete in
 * 100 ms; each test leaves callbacks sent once. Answers the handle and helpers bound to it: reports of
 * an orders query, completed executions, the served file and what a run must hold.
 */
function useTriggerEmulator() {
	const server = useTestEmulator({ executionDelaysMs: { pending: 50, running: 50 } });
	afterEach(() => server.control('POST', 'config', { callbackRepeat: 1 }));

	const credentials = () => harnessCredentials(server.url);

	/** A recurring report of a new orders query (`extra`: Report → Create parameters on top). */
	async function createOrdersReport(extra = {}) {
		const { query, report } = await createQueryAndReport(createHarness({ credentials: credentials() }), {
			queryName: 'Trigger source',
			query: 'SELECT OrderId, CustomerName, CustomerCountry FROM ISVOrder TIMESPAN LAST_MONTH',
			reportName: 'Weekly orders',
			report: extra,
		});
		return { reportId: report.json.reportId, queryId: query.json.queryId };
	}

	/** Completes the next execution of a report in the emulator (7 rows); its callback fires on completion. */
	async function completeExecution(reportId) {
		const execution = await server.control('POST', `reports/${reportId}/executions`, { rowCount: 7 });
		return execution.executionId ?? execution.value?.[0]?.executionId;
	}

	/** IDs as the node hands them over: in whatever case Partner Center wrote them (strict profile: capitals). */
	const lower = (value) => String(value).toLowerCase();
	const executionIdsOf = (run) => run.map((item) => lower(item.json.executionId));

	/** A run of exactly the file of `executionId`, byte for byte as served. */
	async function expectRunOf(run, executionId) {
		expect(run).toHaveLength(1);
		expect(executionIdsOf(run)).toEqual([executionId]);
		expect(run[0].json).toMatchObject({ format: 'csv', rowCount: 7 });
		expect(sha256(await readBinary(run[0].binary.data))).toBe(sha256(await server.servedFile(executionId)));
	}

	/** A new recurring report and a fresh trigger of `kind` watching it (`parameters` on top). */
	async function triggerOnNewReport(kind, parameters = {}) {
		const { reportId } = await createOrdersReport();
		const trigger = await freshTriggerHarness({ kind, credentials: credentials(), parameters: { reportIds: reportId, ...parameters } });
		return { reportId, trigger };
	}

	// The suites take what they use of these.
	return { server, credentials, sha256, createOrdersReport, completeExecution, lower, executionIdsOf, expectRunOf, triggerOnNewReport };
}

module.exports = {
	SYSTEM_QUERY_ID,
	useTriggerEmulator,
	freshTriggerHarness,
	managedTriggerOptions,
	restartedTriggerHarness,
	recurringReportParameters,
	createRecurringReport,
	createQueryAndReport,
	waitFor,
	sha256,
};
