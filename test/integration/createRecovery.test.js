/**
 * Creates whose answer is lost (issue #14): Partner Center processed the POST, then the connection was
 * reset (emulator fault `processedReset`) or the answer was a 500 (`processed500`). Every create path
 * finds what it made and adopts it, or creates it again when nothing was made: exactly one entity
 * afterwards, and the output names it. Real n8n-core contexts, emulator over HTTP.
 */
const { createHarness } = require('../helpers/harness');
const { useTestEmulator, clientCredentials } = require('../helpers/emulator');
const fixtures = require('../helpers/triggerFixtures');
const { idKey, idKeys, idPattern } = require('../fixtures/ids');

const { SYSTEM_QUERY_ID, managedTriggerOptions, recurringReportParameters } = fixtures;

const server = useTestEmulator({ executionDelaysMs: { pending: 0, running: 0 } });
afterEach(() => server.setFaults({}));

const QUERY = 'SELECT OrderId, CustomerCountry FROM ISVOrder LIMIT 5 TIMESPAN LAST_MONTH';
const CREATE_QUERY = 'POST /ScheduledQueries';
const CREATE_REPORT = 'POST /ScheduledReport';
const credentials = () => ({ partnerCenterClientCredentialsApi: clientCredentials(server.url) });
/** Letters, digits and spaces only (Partner Center's rule for query names), unique per call. */
const uniqueName = (label) =>
	`${label} ${Date.now().toString(36)} ${Math.random().toString(36).slice(2, 8)}`;

const cmp = () => server.emu.state.cmp;
const queriesNamed = (name) => [...cmp().queries.values()].filter((q) => q.name === name);
const reportsWhere = (test) => [...cmp().reports.values()].filter(test);

/** A harness with its token already fetched, so that the faults hit the create itself. */
async function readyHarness() {
	const h = createHarness({ credentials: credentials() });
	await h.run({ resource: 'dataset', operation: 'getAll' });
	return h;
}

/** Runs `create` with the next request to `route` answered by `kind`; checks that the fault hit. */
async function withFault(route, kind, create) {
	const before = (await server.stats()).faultsInjected[kind] ?? 0;
	await server.setFaults({ paths: [route], queue: [kind] });
	const result = await create();
	expect((await server.stats()).faultsInjected[kind]).toBe(before + 1);
	return result;
}

const run = (h, options = {}) =>
	h.run({
		resource: 'report',
		operation: 'run',
		querySource: 'text',
		query: QUERY,
		options: { pollIntervalSeconds: 1, validateQuery: false, ...options },
	});

describe.each(['processedReset', 'processed500'])(
	'the create was processed, its answer lost (%s)',
	(kind) => {
		test('Query → Create adopts the query it made: exactly one, named in the output', async () => {
			const h = await readyHarness();
			const name = uniqueName('Adopted query');
			const [item] = await withFault(CREATE_QUERY, kind, () =>
				h.run({ resource: 'query', operation: 'create', name, querySource: 'text', query: QUERY }),
			);
			const made = queriesNamed(name);
			expect(made).toHaveLength(1);
			expect(item.json).toMatchObject({ queryId: expect.stringMatching(idPattern(made[0].queryId)), name });
			expect(h.logs.join('\n')).toMatch(/was created although Partner Center's answer was lost/);
		});

		test('Report → Create adopts the report it made: exactly one, named in the output', async () => {
			const h = await readyHarness();
			const name = uniqueName('Adopted report');
			const [item] = await withFault(CREATE_REPORT, kind, () =>
				h.run(recurringReportParameters(name, SYSTEM_QUERY_ID)),
			);
			const made = reportsWhere((r) => r.reportName === name);
			expect(made).toHaveLength(1);
			expect(item.json).toMatchObject({
				reportId: expect.stringMatching(idPattern(made[0].reportId)),
				reportName: name,
			});
		});

		test.each([
			['its query', CREATE_QUERY],
			['its report', CREATE_REPORT],
		])(
			'Report → Run survives a lost answer to the create of %s: one query, one report, one file',
			async (_, route) => {
				const h = await readyHarness();
				const [item] = await withFault(route, kind, () => run(h, { keepQueryAndReport: true }));
				const query = cmp().queries.get(item.json.queryId);
				expect(queriesNamed(query.name)).toHaveLength(1);
				const reports = reportsWhere((r) => r.reportName === query.name);
				expect(idKeys(reports.map((r) => r.reportId))).toEqual(idKeys([item.json.reportId]));
				expect(item.json.executionId).toBeDefined();
				expect(item.binary.data).toBeDefined();
			},
		);

		test("the callback trigger's managed report: exactly one, with the trigger's callback, remembered by the trigger", async () => {
			const trigger = await fixtures.freshTriggerHarness(managedTriggerOptions(credentials()));
			try {
				await withFault(CREATE_REPORT, kind, () => trigger.activate());
				const { managedReportId, callbackUrl } =
					trigger.staticData['node:Partner Center Analytics'];
				const made = reportsWhere((r) => r.callbackUrl === callbackUrl);
				expect(idKeys(made.map((r) => r.reportId))).toEqual(idKeys([managedReportId]));
				await trigger.deactivate();
				expect(reportsWhere((r) => r.callbackUrl === callbackUrl)).toHaveLength(0);
			} finally {
				await trigger.close();
			}
		});
	},
);

test('Report → Run that deletes its temporary items leaves nothing behind after lost answers', async () => {
	const h = await readyHarness();
	const before = { queries: cmp().queries.size, reports: cmp().reports.size };
	await server.setFaults({
		paths: [CREATE_QUERY, CREATE_REPORT],
		queue: ['processed500', 'processedReset'],
	});
	const [item] = await run(h);
	expect(item.json.temporaryItemsDeleted).toBe(true);
	expect({ queries: cmp().queries.size, reports: cmp().reports.size }).toEqual(before);
});

test('a create reset before Partner Center processed it is sent again: exactly one', async () => {
	const h = await readyHarness();
	const name = uniqueName('Sent again');
	const [item] = await withFault(CREATE_QUERY, 'reset', () =>
		h.run({ resource: 'query', operation: 'create', name, querySource: 'text', query: QUERY }),
	);
	expect(idKeys(queriesNamed(name).map((q) => q.queryId))).toEqual(idKeys([item.json.queryId]));
	expect(h.logs.join('\n')).toMatch(/was not created; creating it again/);
});

test('an older query of the same name and text is not taken for the one a lost answer made', async () => {
	const h = await readyHarness();
	const name = uniqueName('Same name');
	const create = () =>
		h.run({ resource: 'query', operation: 'create', name, querySource: 'text', query: QUERY });
	const [older] = await create();
	// Created ten minutes ago, as far as Partner Center's record says.
	cmp().queries.get(older.json.queryId).createdTime = new Date(Date.now() - 10 * 60_000)
		.toISOString()
		.replace(/\.\d+Z$/, 'Z');
	const [item] = await withFault(CREATE_QUERY, 'processedReset', create);
	expect(idKey(item.json.queryId)).not.toBe(idKey(older.json.queryId));
	expect(idKeys(queriesNamed(name).map((q) => q.queryId)).sort()).toEqual(
		idKeys([older.json.queryId, item.json.queryId]).sort(),
	);
});

test('when every answer is lost and nothing was made, the error says what the node checked', async () => {
	const h = await readyHarness();
	const name = uniqueName('Never made');
	await server.setFaults({ paths: [CREATE_QUERY], rate: 1, kinds: ['reset'] });
	const error = await h
		.run({ resource: 'query', operation: 'create', name, querySource: 'text', query: QUERY })
		.catch((e) => e);
	expect(error.message).toMatch(/Could not reach Partner Center for POST ScheduledQueries/);
	expect(error.description).toMatch(
		/did not confirm the create \(8 attempts\)\. After each lost answer the node checked that the query ".*" had not been created/,
	);
	expect(queriesNamed(name)).toHaveLength(0);
}, 90_000);
