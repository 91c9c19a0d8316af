/**
 * Build Query, the Query Source shared by Query → Create, Query → Test and Report → Run: the text it
 * builds, quoted so values cannot change its structure, its preview, its pickers and its check before
 * sending (the emulator counts every query it receives). The check of query text per operation:
 * query/create.test.js, query/test.test.js, report/run.test.js.
 */
const { createHarness } = require('../helpers/harness');
const {
	PartnerCenterAnalytics,
} = require('../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');
const { useTestEmulator, harnessCredentials } = require('../helpers/emulator');

const server = useTestEmulator({ executionDelaysMs: { pending: 50, running: 50 } });

const harness = () => createHarness({ credentials: harnessCredentials(server.url) });
const received = async () => (await server.stats()).queriesReceived;

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
