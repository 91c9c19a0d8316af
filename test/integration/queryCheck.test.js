/**
 * Queries are checked against the language and the program's datasets before anything is sent:
 * invalid ones never reach Partner Center (the emulator counts every query it receives).
 */
const { createHarness } = require('../helpers/harness');
const {
	PartnerCenterAnalytics,
} = require('../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');
const { useTestEmulator, harnessCredentials } = require('../helpers/emulator');

const server = useTestEmulator({ executionDelaysMs: { pending: 50, running: 50 } });

const harness = () => createHarness({ credentials: harnessCredentials(server.url) });
const received = async () => (await server.stats()).queriesReceived;
const routeCount = (stats, route) =>
	Object.entries(stats.apiCalls.byRoute)
		.filter(([key]) => key.includes(route))
		.reduce((sum, [, n]) => sum + n, 0);

const INVALID = [
	['SELECT * FROM ISVOrder', /SELECT \*/i],
	['SELECT OrderId FROM ISVOrdr', /ISVOrdr.*Did you mean 'ISVOrder'/],
	[
		'SELECT OrderId, OfferNme FROM ISVOrder',
		/line 1, column 17.*OfferNme.*Did you mean 'OfferName'/i,
	],
	[
		"SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' OR OrderStatus = 'Cancelled'",
		/\bOR\b/,
	],
	["SELECT OrderId FROM ISVOrder WHERE OrderStatus = ('Active', 'Cancelled')", /list/i],
	['SELECT OrderId FROM ISVOrder LIMIT 0', /LIMIT/i],
	['SELECT OrderId FROM ISVOrder TIMESPAN LAST_WEEK', /LAST_WEEK/],
	['SELECT OrderId FROM ISVOrder WHERE', /line 1, column \d+/i],
	["SELECT OrderId FROM ISVOrder WHERE OfferName = 'unterminated", /line 1, column \d+/i],
];
const VALID = [
	'SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH',
	"select distinct CustomerCountry from isvorder where OrderStatus in ('Active', 'Cancelled') order by CustomerCountry asc limit 10",
	"SELECT OrderId FROM ISVOrder WHERE CustomerName LIKE '%Contoso Ltd%' AND OrderQuantity >= 2",
];

test('a batch of invalid queries never reaches Partner Center; the valid ones all succeed', async () => {
	const before = await received();
	const items = [...INVALID.map(([query]) => query), ...VALID].map((query, i) => ({
		json: { query, name: `Batch query ${i}` },
	}));
	const output = await harness().run(
		{
			resource: 'query',
			operation: 'create',
			name: '={{ $json.name }}',
			query: '={{ $json.query }}',
		},
		items,
		{ continueOnFail: true },
	);
	expect(output).toHaveLength(items.length);
	INVALID.forEach(([, message], i) => {
		expect(output[i].json.error).toMatch(/^The query is not valid\./);
		expect(output[i].json.error).toMatch(message);
		expect(output[i].pairedItem).toEqual({ item: i });
	});
	VALID.forEach((query, i) => {
		const item = output[INVALID.length + i];
		expect(item.json.error).toBeUndefined();
		expect(item.json.query).toBe(query);
	});
	const after = await received();
	const newlyReceived = after.slice(before.length);
	expect(newlyReceived).toEqual(VALID);
});

test('Query → Test and Report → Run check too; the check can be turned off', async () => {
	const h = harness();
	const stats0 = await server.stats();
	await expect(
		h.run({
			resource: 'query',
			operation: 'test',
			querySource: 'text',
			query: 'SELECT Nope FROM ISVOrder',
		}),
	).rejects.toThrow(/Nope/);
	await expect(
		h.run({
			resource: 'report',
			operation: 'run',
			querySource: 'text',
			query: 'SELECT OrderId FROM ISVOrder TIMESPAN YESTERDAY_NOON',
		}),
	).rejects.toThrow(/YESTERDAY_NOON/);
	const stats1 = await server.stats();
	for (const route of ['testQueryResult', 'POST /ScheduledQueries', 'POST /ScheduledReport']) {
		expect(routeCount(stats1, route) - routeCount(stats0, route)).toBe(0);
	}
	// Turned off, the query goes to Partner Center, which answers with its own 400.
	await expect(
		h.run({
			resource: 'query',
			operation: 'test',
			querySource: 'text',
			query: 'SELECT Nope FROM ISVOrder',
			options: { validateQuery: false },
		}),
	).rejects.toThrow(/400 .*Incorrect column name/);
	expect(
		routeCount(await server.stats(), 'testQueryResult') - routeCount(stats1, 'testQueryResult'),
	).toBe(1);
});

test('dataset definitions are read once per node run, however many items', async () => {
	const before = await server.stats();
	const items = VALID.map((query, i) => ({ json: { query, name: `Cached ${i}` } }));
	await harness().run(
		{
			resource: 'query',
			operation: 'create',
			name: '={{ $json.name }}',
			query: '={{ $json.query }}',
		},
		items,
	);
	const after = await server.stats();
	expect(
		routeCount(after, 'GET /ScheduledDataset') - routeCount(before, 'GET /ScheduledDataset'),
	).toBe(1);
});

describe('query builder', () => {
	const builderParameters = (extra = {}) => ({
		querySource: 'builder',
		queryDataset: 'ISVOrder',
		queryColumns: ['OrderId', 'CustomerName'],
		queryMetrics: [],
		queryFilters: {
			filter: [
				{ column: 'CustomerName', operator: 'equals', value: "O'Brien' OR 1=1 --" },
				{ column: 'OrderStatus', operator: 'in', value: 'Active\nCancelled' },
			],
		},
		queryOrderBy: { sort: [{ column: 'CustomerName', direction: 'ASC' }] },
		queryTimespan: 'LAST_MONTH',
		queryLimit: 5,
		...extra,
	});
	const EXPECTED =
		"SELECT OrderId, CustomerName FROM ISVOrder WHERE CustomerName = 'O''Brien'' OR 1=1 --' AND OrderStatus IN ('Active', 'Cancelled') ORDER BY CustomerName ASC LIMIT 5 TIMESPAN LAST_MONTH";

	test('builds the query text, quoting values so they cannot change its structure, and shows it in the output', async () => {
		const h = harness();
		const [created] = await h.run({
			resource: 'query',
			operation: 'create',
			name: 'Built query',
			...builderParameters(),
		});
		expect(created.json.query).toBe(EXPECTED);
		expect((await received()).at(-1)).toBe(EXPECTED);
		const rows = await h.run({ resource: 'query', operation: 'test', ...builderParameters() });
		expect(rows.length).toBeLessThanOrEqual(5);
		const [file] = await h.run({
			resource: 'report',
			operation: 'run',
			...builderParameters(),
			options: { pollIntervalSeconds: 1 },
		});
		expect(file.json.query).toBe(EXPECTED);
	});

	test('Query Preview shows the text the node sends; Query → Test shows it as a hint, rows untouched', async () => {
		const h = harness();
		const parameters = { resource: 'query', operation: 'test', ...builderParameters() };
		const [preview] = await h.loadOptions('getBuiltQuery', parameters);
		// Valued '' (the parameter's default): the field shows the text, the workflow stores nothing.
		expect(preview).toEqual(expect.objectContaining({ name: EXPECTED, value: '' }));
		const withExpression = builderParameters();
		withExpression.queryFilters.filter[0].value = '={{ $json.customer }}';
		const [built] = await h.loadOptions('getBuiltQuery', { ...parameters, ...withExpression });
		expect(built.name).toContain("CustomerName = '{{ $json.customer }}'");
		expect(built.description).toMatch(/expressions are filled in when it runs/);
		const [incomplete] = await h.loadOptions('getBuiltQuery', {
			...parameters,
			queryColumns: [],
			queryMetrics: [],
		});
		expect(incomplete).toEqual({
			name: '(No query yet: Select at least one column or metric)',
			value: '',
		});

		const context = h.createContext(parameters);
		const [rows] = await new PartnerCenterAnalytics().execute.call(context);
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row.json).not.toHaveProperty('query');
		// Under the strict profile the emulator marks every answer dataRedacted (README "Readings" i).
		const redactedHint = {
			message:
				'Partner Center marked this answer dataRedacted: some values may be withheld. Users with the Executive Report Viewer role see every dataset in full; a Report Viewer does not see revenue or customer and employee personal data.',
			location: 'outputPane',
		};
		expect(context.hints).toEqual([
			{ message: `Query built and sent: ${EXPECTED}`, location: 'outputPane' },
			...(process.env.EMULATOR_PROFILE === 'strict' ? [redactedHint] : []),
		]);
	});

	test('the builder lists the dataset columns, metrics, fields and timespans from the API', async () => {
		const h = harness();
		const parameters = {
			resource: 'query',
			operation: 'create',
			...builderParameters({ queryDataset: 'ISVUsage' }),
		};
		const columns = (await h.loadOptions('getDatasetColumns', parameters)).map((o) => o.value);
		const metrics = (await h.loadOptions('getDatasetMetrics', parameters)).map((o) => o.value);
		const fields = (await h.loadOptions('getDatasetFields', parameters)).map((o) => o.value);
		const timespans = (await h.loadOptions('getDatasetTimespans', parameters)).map((o) => o.value);
		expect(columns).toContain('UsageDate');
		expect(metrics).toContain('NormalizedUsage');
		expect(fields).toEqual([...columns, ...metrics]);
		expect(timespans[0]).toBe('');
		expect(timespans).toContain('LAST_MONTH');
	});

	test('an unknown builder column is caught before sending', async () => {
		const before = await received();
		await expect(
			harness().run({
				resource: 'query',
				operation: 'create',
				name: 'Bad build',
				...builderParameters({ queryColumns: ['OrderIdd'] }),
			}),
		).rejects.toThrow(/OrderIdd.*Did you mean 'OrderId'/);
		expect(await received()).toEqual(before);
	});
});
