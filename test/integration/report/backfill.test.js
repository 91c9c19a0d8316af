/**
 * Report → Backfill through real n8n-core contexts against the emulator over HTTP: windows oldest
 * first, the QueryStartTime/QueryEndTime each run-once report was created with, the rows' dates inside
 * their window, nothing temporary left behind (also when a window fails), Continue On Fail, a failed
 * window retried alone, and the availableDateRanges check that sends nothing.
 */
const { createHarness, readBinary } = require('../../helpers/harness');
const { useTestEmulator, harnessCredentials } = require('../../helpers/emulator');
const { parseRows } = require('../../fixtures/csvReference');
const { id, createQuery } = require('../../helpers/operations');
const { CMP_DATASETS } = require('../../../emulator/datasets');

const QUERY = 'SELECT UsageDate, OfferName, CustomerCountry, NormalizedUsage FROM ISVUsage';

/** Every report the emulator held, as first seen (Backfill deletes each once its file is read). */
const reportsSeen = new Map();
/** Window starts (QueryStartTime) whose execution is paused as soon as its report exists: it never completes. */
const stuckWindows = new Set();
const server = useTestEmulator({
	executionDelaysMs: { pending: 100, running: 100 },
	log: () => onRequest(),
});

function onRequest() {
	if (!server.emu) return;
	for (const report of server.emu.state.cmp.reports.values()) {
		if (reportsSeen.has(report.reportId)) continue;
		reportsSeen.set(report.reportId, { ...report });
		if (!stuckWindows.has(report.queryStartTime)) continue;
		for (const execution of server.emu.state.cmp.executions.values())
			if (execution.reportId === report.reportId)
				server.emu.setExecutionStatus(execution.executionId, 'Paused');
	}
}

beforeEach(async () => {
	await server.control('POST', 'reset');
	reportsSeen.clear();
	stuckWindows.clear();
});
afterEach(async () => {
	await server.setFaults({});
});

const harness = () => createHarness({ credentials: harnessCredentials(server.url) });
const backfill = (extra = {}, options = {}) => ({
	resource: 'report',
	operation: 'backfill',
	querySource: 'text',
	query: QUERY,
	backfillFrom: '2024-01-01T00:00:00Z',
	backfillTo: '2024-04-01T00:00:00Z',
	backfillWindow: 'month',
	concurrency: 2,
	...extra,
	options: { pollIntervalSeconds: 1, ...options },
});
const MONTHS = [
	['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'],
	['2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'],
	['2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z'],
];
const windowOf = (json) => [json.windowStart, json.windowEnd];
const inWindow = (date, [start, end]) => date >= start.slice(0, 10) && date < end.slice(0, 10);

/** What a backfill left in Partner Center: its queries and reports (the emulator holds only user ones). */
function leftovers() {
	return {
		queries: [...server.emu.state.cmp.queries.values()].map((q) => q.name),
		reports: [...server.emu.state.cmp.reports.values()].map((r) => r.reportName),
	};
}

/** The API requests made, as the emulator logged them: method and path. */
const apiRequests = () =>
	server.emu.state.requests.filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.path}`);

test('month windows: one file per window, oldest first, each report made with its QueryStartTime/QueryEndTime, the rows dated in their window; nothing left behind', async () => {
	const h = harness();
	const items = await h.run(backfill());
	expect(items.map((item) => windowOf(item.json))).toEqual(MONTHS);
	for (const item of items) {
		expect(item.json).toMatchObject({
			dataset: 'ISVUsage',
			format: 'csv',
			executionId: expect.any(String),
			reportId: expect.any(String),
			rowCount: 25,
		});
		const file = await readBinary(item.binary.data);
		const { rows } = parseRows(file, ',');
		expect(rows).toHaveLength(item.json.rowCount);
		const outside = rows.filter((row) => !inWindow(row.UsageDate, windowOf(item.json)));
		expect({ window: windowOf(item.json), outside }).toEqual({
			window: windowOf(item.json),
			outside: [],
		});
	}
	// What Partner Center was asked: one run-once report per window, with the window's dates.
	const reports = [...reportsSeen.values()].sort((a, b) =>
		a.queryStartTime.localeCompare(b.queryStartTime),
	);
	expect(
		reports.map((r) => ({
			executeNow: r.executeNow,
			// IDs compare without case (the emulator's strict profile answers them in upper case).
			queryId: r.queryId.toLowerCase(),
			window: [r.queryStartTime, r.queryEndTime],
		})),
	).toEqual(
		MONTHS.map((window) => ({
			executeNow: true,
			queryId: items[0].json.queryId.toLowerCase(),
			window,
		})),
	);
	const lower = (ids) => ids.map((id) => id.toLowerCase()).sort();
	expect(lower(items.map((item) => item.json.reportId))).toEqual(
		lower(reports.map((r) => r.reportId)),
	);
	expect(leftovers()).toEqual({ queries: [], reports: [] });
});

test('concurrency bounds the windows in flight; the output order stays oldest first', async () => {
	let inFlight = 0;
	let most = 0;
	const h = harness();
	const watcher = setInterval(() => {
		inFlight = server.emu.state.cmp.reports.size;
		most = Math.max(most, inFlight);
	}, 5);
	let items;
	try {
		items = await h.run(
			backfill(
				{
					backfillFrom: '2024-02-26T00:00:00Z',
					backfillTo: '2024-03-03T00:00:00Z',
					backfillWindow: 'day',
					concurrency: 3,
				},
				{ output: 'rows' },
			),
		);
	} finally {
		clearInterval(watcher);
	}
	expect(most).toBeGreaterThan(1);
	expect(most).toBeLessThanOrEqual(3);
	const windows = [...new Set(items.map((item) => item.json.windowStart))];
	expect(windows).toEqual([
		'2024-02-26T00:00:00Z',
		'2024-02-27T00:00:00Z',
		'2024-02-28T00:00:00Z',
		'2024-02-29T00:00:00Z',
		'2024-03-01T00:00:00Z',
		'2024-03-02T00:00:00Z',
	]);
	// Rows carry their window; each row's date is its window's day; every item pairs with the input.
	expect(items).toHaveLength(6 * 25);
	for (const item of items) {
		expect(Object.keys(item.json)).toEqual([
			'UsageDate',
			'OfferName',
			'CustomerCountry',
			'NormalizedUsage',
			'windowStart',
			'windowEnd',
		]);
		expect(item.json.UsageDate).toBe(item.json.windowStart.slice(0, 10));
		expect(item.pairedItem).toEqual({ item: 0 });
	}
	expect(leftovers()).toEqual({ queries: [], reports: [] });
});

test('a saved query: used as it is, kept; two input items each get their own windows, paired', async () => {
	const h = harness();
	const queryId = await createQuery(h, { query: QUERY }, 'Backfill saved query');
	const items = await h.run(
		{
			...backfill({
				querySource: 'id',
				queryId: id(queryId),
				backfillFrom: '={{ $json.from }}',
				backfillTo: '={{ $json.to }}',
			}),
		},
		[
			{ json: { from: '2024-01-01T00:00:00Z', to: '2024-03-01T00:00:00Z' } },
			{ json: { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' } },
		],
	);
	expect(items.map((item) => [item.pairedItem.item, ...windowOf(item.json)])).toEqual([
		[0, ...MONTHS[0]],
		[0, ...MONTHS[1]],
		[1, ...MONTHS[2]],
	]);
	expect(items.every((item) => item.json.queryId === queryId)).toBe(true);
	expect(leftovers()).toEqual({ queries: ['Backfill saved query'], reports: [] });
});

test('a window that never completes fails the item, named with its dates and how to retry it alone; its report and the query are deleted; the retry runs that window alone', async () => {
	stuckWindows.add(MONTHS[1][0]);
	const h = harness();
	const error = await h.run(backfill({ concurrency: 1 }, { timeoutMinutes: 0.05 })).catch((e) => e);
	expect(error).toBeInstanceOf(Error);
	expect(error.message).toMatch(
		/^Backfill window 2024-02-01T00:00:00Z – 2024-03-01T00:00:00Z failed: Report [0-9a-fA-F-]{36} was not ready within 0\.05 minutes/,
	);
	expect(error.description).toContain(
		'To retry this window alone, run Backfill with From 2024-02-01T00:00:00Z and To 2024-03-01T00:00:00Z.',
	);
	expect(error.description).not.toMatch(/was kept/);
	// After the failure no further window started (concurrency 1: January, then February).
	expect([...reportsSeen.values()].map((r) => r.queryStartTime)).toEqual([
		MONTHS[0][0],
		MONTHS[1][0],
	]);
	expect(leftovers()).toEqual({ queries: [], reports: [] });

	stuckWindows.clear();
	const retry = await h.run(
		backfill({ backfillFrom: '2024-02-01T00:00:00Z', backfillTo: '2024-03-01T00:00:00Z' }),
	);
	expect(retry.map((item) => windowOf(item.json))).toEqual([MONTHS[1]]);
	expect(leftovers()).toEqual({ queries: [], reports: [] });
});

test('Continue On Fail: the other windows give their files, the failed one an error item with its dates', async () => {
	stuckWindows.add(MONTHS[1][0]);
	const h = harness();
	const items = await h.run(backfill({}, { timeoutMinutes: 0.05 }), undefined, {
		continueOnFail: true,
	});
	expect(items.map((item) => windowOf(item.json))).toEqual(MONTHS);
	expect(items.map((item) => Boolean(item.binary && item.binary.data))).toEqual([
		true,
		false,
		true,
	]);
	expect(items[1].json).toMatchObject({
		error: expect.stringMatching(
			/^Backfill window 2024-02-01T00:00:00Z – 2024-03-01T00:00:00Z failed/,
		),
		description: expect.stringContaining(
			'run Backfill with From 2024-02-01T00:00:00Z and To 2024-03-01T00:00:00Z',
		),
		dataset: 'ISVUsage',
	});
	expect(items.every((item) => item.pairedItem.item === 0)).toBe(true);
	expect(leftovers()).toEqual({ queries: [], reports: [] });
});

test('fault injection: a window whose report cannot be created (429 on every attempt) fails alone with Continue On Fail; the query is still deleted', async () => {
	// Concurrency 1: January's create takes the whole queue (the transport's 8 attempts), the rest none.
	await server.setFaults({
		paths: ['POST /ScheduledReport'],
		queue: Array(8).fill('429'),
		retryAfterSeconds: 0,
	});
	const h = harness();
	const items = await h.run(backfill({ concurrency: 1 }), undefined, { continueOnFail: true });
	expect(items.map((item) => windowOf(item.json))).toEqual(MONTHS);
	expect(items[0].json).toMatchObject({
		error: expect.stringMatching(
			/^Backfill window 2024-01-01T00:00:00Z – 2024-02-01T00:00:00Z failed: .*(429|throttl)/i,
		),
		httpCode: '429',
	});
	expect(items.slice(1).every((item) => item.binary && item.binary.data)).toBe(true);
	const stats = await server.control('GET', 'stats');
	expect(stats.faultsInjected['429']).toBe(8);
	expect(leftovers()).toEqual({ queries: [], reports: [] });
});

describe('availableDateRanges: checked before anything is created', () => {
	const usage = CMP_DATASETS.find((d) => d.datasetName === 'ISVUsage');
	const offered = usage.availableDateRanges;
	afterEach(() => {
		usage.availableDateRanges = offered;
	});

	test('a dataset without LIFETIME: the default 24 months reach too far back; only the datasets were read', async () => {
		usage.availableDateRanges = ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS'];
		const h = harness();
		const error = await h.run(backfill({ backfillFrom: '', backfillTo: '' })).catch((e) => e);
		expect(error.message).toMatch(
			/^The backfill range is not available\. "From" \(\d{4}-\d\d-01\) is earlier than dataset ISVUsage offers: its availableDateRanges \(LAST_MONTH, LAST_3_MONTHS, LAST_6_MONTHS\) reach back to \d{4}-\d\d-01$/,
		);
		expect(error.description).toMatch(/^Nothing was sent\./);
		expect(apiRequests().every((line) => line.startsWith('GET '))).toBe(true);
		expect(apiRequests().some((line) => /ScheduledDataset/.test(line))).toBe(true);
		expect(leftovers()).toEqual({ queries: [], reports: [] });
	});

	test('a To in the future is refused, with LIFETIME too; nothing is created', async () => {
		const h = harness();
		const error = await h
			.run(backfill({ backfillFrom: '2024-01-01T00:00:00Z', backfillTo: '2099-01-01T00:00:00Z' }))
			.catch((e) => e);
		expect(error.message).toMatch(/"To" \(2099-01-01\) is in the future: dataset ISVUsage/);
		expect(apiRequests().filter((line) => !line.startsWith('GET '))).toEqual([]);
		expect(reportsSeen.size).toBe(0);
	});
});

test('local checks: Concurrency above 4, a reversed range and an unknown Window fail before anything is sent', async () => {
	const h = harness();
	const problems = [
		[backfill({ concurrency: 5 }), '"Concurrency" must be at most 4, got 5'],
		[backfill({ concurrency: 0 }), '"Concurrency" must be a whole number of at least 1, got "0"'],
		[
			backfill({ backfillFrom: '2024-04-01T00:00:00Z', backfillTo: '2024-01-01T00:00:00Z' }),
			'"To" must be after "From"',
		],
		[backfill({ backfillWindow: 'year' }), '"Window" must be one of month, week, day, got "year"'],
	];
	for (const [parameters, message] of problems) {
		const error = await h.run(parameters).catch((e) => e);
		expect(error.message).toBe(message);
	}
	expect(apiRequests()).toEqual([]);
});

test("a system query (Microsoft's Orders): its dataset is read from its text, it is not deleted", async () => {
	const h = harness();
	const items = await h.run(
		backfill({
			querySource: 'id',
			queryId: { __rl: true, mode: 'id', value: 'fd0f299c-5a1c-4929-9f48-bfc6cc44355d' },
			backfillFrom: '2024-03-01T00:00:00Z',
		}),
	);
	expect(items.map((item) => [item.json.dataset, ...windowOf(item.json)])).toEqual([
		['ISVOrder', ...MONTHS[2]],
	]);
	expect(leftovers()).toEqual({ queries: [], reports: [] });
});
