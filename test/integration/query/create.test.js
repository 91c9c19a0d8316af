/**
 * Query → Create against the emulator over HTTP: the query saved on every program, the local check
 * that keeps invalid queries from Partner Center (the emulator counts every query it receives), Partner
 * Center's own answers when that check is off, and the Query Source this operation refuses.
 */
const { PROGRAMS, id, routeCallsDuring, useOperationEmulator } = require('../../helpers/operations');

const { server, harness } = useOperationEmulator();
const received = async () => (await server.stats()).queriesReceived;
const createEach = (items, options) =>
	harness().run({ resource: 'query', operation: 'create', name: '={{ $json.name }}', query: '={{ $json.query }}' }, items, options);

const INVALID = [
	['SELECT * FROM ISVOrder', /SELECT \*/i],
	['SELECT OrderId FROM ISVOrdr', /ISVOrdr.*Did you mean 'ISVOrder'/],
	['SELECT OrderId, OfferNme FROM ISVOrder', /line 1, column 17.*OfferNme.*Did you mean 'OfferName'/i],
	["SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' OR OrderStatus = 'Cancelled'", /\bOR\b/],
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

describe.each(PROGRAMS)('Query → Create on $label', ({ params, query }) => {
	test('saves the query with its name and description, as a user-defined query', async () => {
		const [created] = await harness().run({
			...params,
			resource: 'query',
			operation: 'create',
			name: 'Integration query',
			query,
			options: { description: 'made by a test' },
		});
		expect(created.json).toMatchObject({ name: 'Integration query', type: 'userDefined', description: 'made by a test' });
		expect(created.json.query).toBe(query);
	});
});

test('a batch of invalid queries never reaches Partner Center; the valid ones all succeed', async () => {
	const before = await received();
	const items = [...INVALID.map(([query]) => query), ...VALID].map((query, i) => ({
		json: { query, name: `Batch query ${i}` },
	}));
	const output = await createEach(items, { continueOnFail: true });
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
	expect(after.slice(before.length)).toEqual(VALID);
});

test('dataset definitions are read once per node run, however many items', async () => {
	const items = VALID.map((query, i) => ({ json: { query, name: `Cached ${i}` } }));
	const calls = await routeCallsDuring(server, ['GET /ScheduledDataset'], () => createEach(items));
	expect(calls).toEqual({ 'GET /ScheduledDataset': 1 });
});

test.each([
	['an invalid table', 'SELECT OrderId FROM NoSuchSet', /400 .*Invalid table name/],
	['an incorrect column', 'SELECT Nope FROM ISVOrder', /400 .*Incorrect column name/],
])("with the local check off, Partner Center's own answer to %s reaches the user", async (_what, query, message) => {
	await expect(
		harness().run({ resource: 'query', operation: 'create', name: 'unchecked', query, options: { validateQuery: false } }),
	).rejects.toThrow(message);
});

// Query Source is shared by Query → Create, Test, Report → Run and Backfill (descriptions/querySource.ts):
// a Saved Query picked on Test or Run stays in the node's parameters when the user switches to Create.
test('a Saved Query left by another operation: an error naming Query Source, nothing sent', async () => {
	const before = server.emu.state.requests.filter((r) => r.kind === 'api').length;
	const error = await harness()
		.run({
			resource: 'query',
			operation: 'create',
			name: 'Left over',
			querySource: 'id',
			queryId: id('72fa95ab-35f5-4d44-a1ee-503abbc88003'),
		})
		.catch((e) => e);
	expect(error).toBeInstanceOf(Error);
	expect(error.message).toBe('"Query Source" must be Query Text or Build Query here: Query → Create saves a new query');
	expect(server.emu.state.requests.filter((r) => r.kind === 'api').length).toBe(before);
});
