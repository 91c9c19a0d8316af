/**
 * What the operation suites (test/integration/<resource>/<operation>.test.js) share: the three programs
 * with a query each, an emulator whose executions complete quickly and whose settings are put back after
 * every test, and the small readers they all use (resource locator IDs, route counts, file hashes).
 */
const { DateTime } = require('luxon');
const { createHarness } = require('./harness');
const { useTestEmulator, harnessCredentials } = require('./emulator');
const { createQueryAndReport, sha256 } = require('./triggerFixtures');
const { id } = require('../fixtures/ids');
const { parseRecords } = require('../fixtures/csvReference');

/**
 * Each program: its connection parameters, the emulator state and API path of its data, a query its
 * datasets accept and its Recurrence Interval bounds in hours.
 */
const PROGRAMS = [
	{
		label: 'commercial marketplace v1.1',
		params: { program: 'commercialMarketplace', apiVersion: 'v1.1' },
		state: 'cmp', path: '/insights/v1.1/cmp',
		query:
			"SELECT OrderId, OfferName, CustomerCountry FROM ISVOrder WHERE OrderStatus = 'Active' TIMESPAN LAST_MONTH",
		interval: { min: 1, max: 17520 },
	},
	{
		label: 'commercial marketplace v1',
		params: { program: 'commercialMarketplace', apiVersion: 'v1' },
		state: 'cmp', path: '/insights/v1/cmp',
		query: 'SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH',
		interval: { min: 4, max: 90 },
	},
	{
		label: 'partner insights',
		params: { program: 'partnerInsights', authentication: 'password' },
		state: 'mpn', path: '/insights/v1/mpn',
		query: 'SELECT SubscriptionId, CustomerName FROM DynamicsUsage TIMESPAN LAST_MONTH',
		// 24 is DynamicsUsage's minimumRecurrenceInterval; the program allows 4–2160.
		interval: { min: 24, max: 2160, programMin: 4 },
	},
];

const inHours = (hours) => DateTime.utc().plus({ hours }).toISO();
/** Requests the emulator counted on the routes whose key contains `route` ("POST /ScheduledReport"). */
const routeCount = (stats, route) =>
	Object.entries(stats.apiCalls.byRoute)
		.filter(([key]) => key.includes(route))
		.reduce((sum, [, n]) => sum + n, 0);

/** How many requests on each route `act` made (route → count), e.g. to show nothing was sent. */
async function routeCallsDuring(server, routes, act) {
	const before = await server.stats();
	await act();
	const after = await server.stats();
	return Object.fromEntries(routes.map((route) => [route, routeCount(after, route) - routeCount(before, route)]));
}

const SETTINGS = { gzipFiles: 'negotiate', linkTtlSeconds: 3600, executionDelaysMs: { pending: 150, running: 150 } };

/**
 * The emulator of an operation suite: started for the file, its faults and settings put back after each
 * test. `harness()` is a fresh harness (no cached token) with both app and user credentials.
 */
function useOperationEmulator() {
	const server = useTestEmulator({ executionDelaysMs: SETTINGS.executionDelaysMs });
	afterEach(async () => {
		await server.setFaults({});
		await server.control('POST', 'config', SETTINGS);
	});
	const harness = () => createHarness({ credentials: harnessCredentials(server.url) });

	/** The file as the emulator serves it, raw, and without its BOM. */
	async function emulatorFile(executionId) {
		const execution =
			server.emu.state.cmp.executions.get(executionId) ?? server.emu.state.mpn.executions.get(executionId);
		const raw = await server.servedFile(executionId);
		const withoutBom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
		return { execution, raw, withoutBom };
	}

	return { server, harness, emulatorFile };
}

/** The rows of a file read independently (test/fixtures/csvReference.js), not by the node's parser. */
function parseFile(buffer, delimiter) {
	const [header, ...rows] = parseRecords(buffer.toString('utf8'), delimiter);
	return rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i] ?? ''])));
}

/** Query → Create of the program's query; answers the query's ID. */
async function createQuery(h, { params, query }, name = 'Integration query', extra = {}) {
	const [created] = await h.run({ ...params, resource: 'query', operation: 'create', name, query, ...extra });
	return created.json.queryId;
}

/** Report → Create, recurring, of a new query of the program: answers the created report's item. */
async function createReport(h, program, extra = {}) {
	const { params, interval } = program;
	const queryId = await createQuery(h, program, 'Report source');
	const [created] = await h.run({
		...params,
		resource: 'report',
		operation: 'create',
		reportName: 'Integration report',
		queryId: id(queryId),
		schedule: 'recurring',
		startTime: inHours(6),
		recurrenceInterval: interval.min + 4 <= interval.max ? interval.min + 4 : interval.min,
		recurrenceEnd: 'count',
		recurrenceCount: 5,
		...extra,
	});
	return created;
}

/**
 * A recurring report of order IDs on commercial marketplace, and its query, both named `name`
 * (createQueryAndReport; `query`, `startInHours` and the like in `extra`); answers the report's ID.
 */
async function createOrdersReport(h, name, extra = {}) {
	const fields = { queryName: name, query: 'SELECT OrderId FROM ISVOrder', reportName: name, recurrenceCount: 2, ...extra };
	const { report } = await createQueryAndReport(h, fields);
	return report.json.reportId;
}

/** The error of Output: Rows over "Max Rows", which sends the user to Output: File and Read Rows From File. */
const maxRowsMessage = (maxRows) =>
	new RegExp(
		`^The file has more than ${maxRows.toLocaleString('en-US')} rows, the most Output: Rows gives \\("Max Rows"\\): read it with Output: File and "Read Rows From File" in a loop, one page at a time$`,
	);

/** Report → Run of a query text on commercial marketplace, polled every second. */
const runText = (extra = {}) => ({
	resource: 'report',
	operation: 'run',
	querySource: 'text',
	query: 'SELECT OrderId, CustomerName, CustomerCountry, OfferName FROM ISVOrder TIMESPAN LAST_MONTH',
	options: { pollIntervalSeconds: 1, ...extra },
});

module.exports = {
	PROGRAMS,
	id,
	inHours,
	routeCount,
	routeCallsDuring,
	sha256,
	useOperationEmulator,
	parseFile,
	createQuery,
	createReport,
	createOrdersReport,
	maxRowsMessage,
	runText,
};
