'use strict';
const { BASES, programOf, useEmulator, useTokens, tokenFor, api, control, utc, makeReport } = require('./helpers');

const emu = useEmulator({ executionDelaysMs: { pending: 0, running: 0 } });
const tokens = useTokens(emu);
const { tok } = tokens;
const ENVELOPE_KEYS = ['value', 'nextLink', 'totalCount', 'message', 'statusCode', 'dataRedacted'];

function expectError(r, status, messageStart) {
	expect(r.status).toBe(status);
	expect(Object.keys(r.json).sort()).toEqual([...ENVELOPE_KEYS].sort());
	expect(r.json.value).toEqual([]);
	expect(r.json.statusCode).toBe(status);
	expect(r.json.message.startsWith(messageStart)).toBe(true);
}

describe.each(BASES)('all 12 operations on %s', (base) => {
	const program = programOf(base);
	const sample = program === 'mpn' ? 'SELECT CustomerName, CustomerTenantId, Month, PaidAvailableUnits FROM OfficeUsage' : 'SELECT CustomerId, CustomerName, OrderPurchaseDate FROM ISVOrder';

	test('GET ScheduledDataset (all, filtered, unknown)', async () => {
		const all = await api(emu, tok(base), 'GET', `${base}/ScheduledDataset`);
		expect(all.status).toBe(200);
		expect(Object.keys(all.json).sort()).toEqual([...ENVELOPE_KEYS].sort());
		expect(all.json.message).toBe('Dataset fetched successfully');
		expect(all.json.totalCount).toBe(all.json.value.length);
		const names = all.json.value.map((d) => d.datasetName);
		if (program === 'cmp') {
			expect(names).toEqual(expect.arrayContaining(['ISVOrder', 'ISVUsage', 'ISVCustomer', 'ISVMarketplaceInsights', 'ISVRevenue', 'ISVQualityOfService', 'ISVOfferRetention', 'ISVOrderV2']));
		} else {
			expect(names).toEqual(expect.arrayContaining(['CustomersAndTenants', 'DynamicsUsage', 'OfficeUsage', 'AzureUsage', 'Profile', 'MSLearn', 'TeamsUsageWorkload', 'CLASAzurePropensity']));
			expect(names).toHaveLength(21);
		}
		const one = await api(emu, tok(base), 'GET', `${base}/ScheduledDataset?datasetName=${program === 'mpn' ? 'dynamicsusage' : 'ISVOrder'}`);
		expect(one.json.value).toHaveLength(1);
		const ds = one.json.value[0];
		expect(ds.selectableColumns.length).toBeGreaterThan(10);
		expect(Array.isArray(ds.availableMetrics)).toBe(true);
		expect(ds.availableDateRanges).toContain('LAST_6_MONTHS');
		if (program === 'mpn') {
			// insights-programmatic-first-api-call: DynamicsUsage, minimumRecurrenceInterval 24, metrics as documented.
			expect(ds.minimumRecurrenceInterval).toBe(24);
			expect(ds.availableMetrics).toEqual(['SubscriptionCount', 'TotalAssignedSeats', 'TotalSoldSeats', 'TotalActiveSeats', 'TotalRevenueAndACR', 'CustomerCount', 'CustomerTenantCount']);
		} else if (base.includes('v1.1')) {
			expect(ds.minimumRecurrenceInterval).toBe(1); // analytics-make-your-first-api-call, v1.1 text
		} else {
			expect(ds.minimumRecurrenceInterval).toBeUndefined(); // the same page's v1 text
		}
		expectError(await api(emu, tok(base), 'GET', `${base}/ScheduledDataset?datasetName=Nope`), 404, 'No item found with given filters.');
	});

	test('queries: create, list (filters, system flags), try, delete', async () => {
		const c = await api(emu, tok(base), 'POST', `${base}/ScheduledQueries`, { Name: ' My Query 1 ', Description: 'desc', Query: `${sample} ` });
		expect(c.status).toBe(200);
		expect(c.json.message).toBe('Query created successfully');
		const q = c.json.value[0];
		expect(q).toMatchObject({ name: 'My Query 1', description: 'desc', query: sample, type: 'userDefined', modifiedTime: null });
		expect(q.queryId).toMatch(/^[0-9a-f-]{36}$/);
		expect(q.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		if (program === 'mpn') expect(q.user).toBe('analyst@contoso.onmicrosoft.com');
		else expect(q.user).toMatch(/^\d+$/);

		const byId = await api(emu, tok(base), 'GET', `${base}/ScheduledQueries?queryId=${q.queryId}`);
		expect(byId.json.value.map((x) => x.queryId)).toEqual([q.queryId]);
		const byName = await api(emu, tok(base), 'GET', `${base}/ScheduledQueries?queryName=my query 1`);
		expect(byName.json.value.map((x) => x.queryId)).toEqual([q.queryId]);
		const onlySystem = await api(emu, tok(base), 'GET', `${base}/ScheduledQueries?IncludeOnlySystemQueries=true`);
		expect(onlySystem.json.value.every((x) => x.type === 'system')).toBe(true);
		expect(onlySystem.json.value).toHaveLength(program === 'mpn' ? 20 : 10);
		const noSystem = await api(emu, tok(base), 'GET', `${base}/ScheduledQueries?includeSystemQueries=false`);
		expect(noSystem.json.value.every((x) => x.type === 'userDefined')).toBe(true);
		expect(noSystem.json.value.map((x) => x.queryId)).toContain(q.queryId);
		const dflt = await api(emu, tok(base), 'GET', `${base}/ScheduledQueries`);
		expect(dflt.json.value.some((x) => x.type === 'system')).toBe(true);
		expect(dflt.json.value.some((x) => x.queryId === q.queryId)).toBe(true);
		expectError(await api(emu, tok(base), 'GET', `${base}/ScheduledQueries?queryId=00000000-0000-0000-0000-000000000000`), 404, 'No item found');

		const tryText = await api(emu, tok(base), 'GET', `${base}/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent(sample)}`);
		expect(tryText.status).toBe(200);
		// cmp: "returns only 10 records"; mpn: "only 100 records".
		expect(tryText.json.value).toHaveLength(program === 'mpn' ? 100 : 10);
		expect(tryText.json.totalCount).toBe(tryText.json.value.length);
		expect(Object.keys(tryText.json.value[0])).toEqual(sample.replace(/^SELECT /, '').replace(/ FROM.*$/, '').split(', '));
		const tryId = await api(emu, tok(base), 'GET', `${base}/ScheduledQueries/testQueryResult?queryId=${q.queryId}&startTime=${utc(-720)}&endTime=${utc(0)}`);
		expect(tryId.json.value).toEqual(tryText.json.value); // deterministic
		const tryLimit = await api(emu, tok(base), 'GET', `${base}/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent(sample + ' LIMIT 3')}`);
		expect(tryLimit.json.value).toHaveLength(3);
		expectError(await api(emu, tok(base), 'GET', `${base}/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent(sample)}&queryId=${q.queryId}`), 400, 'Invalid report parameters - exportQuery and queryId are mutually exclusive');
		expectError(await api(emu, tok(base), 'GET', `${base}/ScheduledQueries/testQueryResult`), 400, 'Null or missing value');
		expectError(await api(emu, tok(base), 'GET', `${base}/ScheduledQueries/testQueryResult?queryId=nope`), 400, 'Invalid QueryId');

		const del = await api(emu, tok(base), 'DELETE', `${base}/ScheduledQueries/${q.queryId}`);
		expect(del.status).toBe(200);
		expect(del.json.value[0]).toMatchObject({ queryId: q.queryId, name: 'My Query 1', query: sample });
		expectError(await api(emu, tok(base), 'DELETE', `${base}/ScheduledQueries/${q.queryId}`), 404, 'No item found');
		const sys = onlySystem.json.value[0].queryId;
		expectError(await api(emu, tok(base), 'DELETE', `${base}/ScheduledQueries/${sys}`), 400, 'Invalid QueryId - system queries cannot be deleted');
	});

	test('reports: create, get, update, pause, resume, executions 404, delete', async () => {
		const { reportId, report, queryId } = await makeReport(emu, tok(base), base, { query: sample });
		expect(report).toMatchObject({ reportName: 'Test report', queryId, query: sample, reportStatus: 'Active', format: 'csv', recurrenceCount: 10, callbackUrl: null, executeNow: false });

		const get = await api(emu, tok(base), 'GET', `${base}/ScheduledReport?reportId=${reportId}`);
		expect(get.status).toBe(200);
		expect(get.json.value[0].reportId).toBe(reportId);
		const byName = await api(emu, tok(base), 'GET', `${base}/ScheduledReport?reportName=test REPORT&queryId=${queryId}`);
		expect(byName.json.value.map((r) => r.reportId)).toContain(reportId);
		const second = await makeReport(emu, tok(base), base, { query: sample, name: 'Second query' });
		const list = await api(emu, tok(base), 'GET', `${base}/ScheduledReport?reportId=${reportId};${second.reportId}`);
		expect(list.json.value.map((r) => r.reportId).sort()).toEqual([reportId, second.reportId].sort());
		expect(list.json.totalCount).toBe(2);
		expectError(await api(emu, tok(base), 'GET', `${base}/ScheduledReport?reportId=00000000-0000-0000-0000-000000000000`), 404, 'No item found with given filters.');

		const up = await api(emu, tok(base), 'PUT', `${base}/ScheduledReport/${reportId}`, { ReportName: 'Renamed', Format: 'TSV', RecurrenceCount: 3, CallbackUrl: 'https://example.com/cb', CallbackMethod: 'get' });
		expect(up.status).toBe(200);
		expect(up.json.value[0]).toMatchObject({ reportName: 'Renamed', format: 'tsv', recurrenceCount: 3, callbackUrl: 'https://example.com/cb', callbackMethod: 'GET' });
		expect(up.json.value[0].modifiedTime).toMatch(/Z$/);

		const pause = await api(emu, tok(base), 'PUT', `${base}/ScheduledReport/pause/${reportId}`);
		expect(pause.status).toBe(200);
		expect(pause.json.value[0].reportStatus).toBe('Paused');
		expect((await control(emu, 'POST', `/reports/${reportId}/executions`)).status).toBe(409);
		const resume = await api(emu, tok(base), 'PUT', `${base}/ScheduledReport/resume/${reportId}`);
		expect(resume.json.value[0].reportStatus).toBe('Active');

		// 404 before the first execution (analytics-programmatic-access, "Important").
		const ex = await api(emu, tok(base), 'GET', `${base}/ScheduledReport/execution/${reportId}`);
		expectError(ex, 404, 'There are no executions that have occurred for the given filter conditions.');
		expect((await control(emu, 'POST', `/reports/${reportId}/executions`)).status).toBe(200);
		const ex2 = await api(emu, tok(base), 'GET', `${base}/ScheduledReport/execution/${reportId}`);
		expect(ex2.status).toBe(200);
		expect(ex2.json.value[0]).toMatchObject({ reportId, executionStatus: 'Completed', format: 'tsv', reportLocation: null });

		const del = await api(emu, tok(base), 'DELETE', `${base}/ScheduledReport/${reportId}`);
		expect(del.status).toBe(200);
		expect(del.json.value[0].reportId).toBe(reportId);
		expectError(await api(emu, tok(base), 'GET', `${base}/ScheduledReport/execution/${reportId}?executionStatus=Completed;Pending`), 404, 'No item found with given filters.');
		expect([...emu.state[program].executions.values()].some((e) => e.reportId === reportId)).toBe(false);
		expectError(await api(emu, tok(base), 'PUT', `${base}/ScheduledReport/pause/${reportId}`), 404, 'No item found');
	});

	test('Create report envelope: PascalCase on commercial marketplace, camelCase on partner insights', async () => {
		const cq = await api(emu, tok(base), 'POST', `${base}/ScheduledQueries`, { Name: 'Envelope', Query: sample });
		const r = await api(emu, tok(base), 'POST', `${base}/ScheduledReport`, { ReportName: 'Env', QueryId: cq.json.value[0].queryId, StartTime: utc(5), RecurrenceInterval: 24, RecurrenceCount: 2 });
		expect(r.status).toBe(200);
		if (program === 'cmp') {
			expect(Object.keys(r.json)).toEqual(['Value', 'TotalCount', 'Message', 'StatusCode']);
			expect(r.json).toMatchObject({ TotalCount: 1, Message: 'Report created successfully', StatusCode: 200 });
			expect(r.json.Value[0].reportId).toBeDefined();
		} else {
			expect(Object.keys(r.json).sort()).toEqual([...ENVELOPE_KEYS].sort());
			expect(r.json).toMatchObject({ totalCount: 1, message: 'Report created successfully', statusCode: 200, nextLink: null, dataRedacted: false });
		}
	});

	test('system query can back a report directly', async () => {
		const sys = (await api(emu, tok(base), 'GET', `${base}/ScheduledQueries?includeOnlySystemQueries=true`)).json.value[0];
		const r = await api(emu, tok(base), 'POST', `${base}/ScheduledReport`, { ReportName: 'Sys', QueryId: sys.queryId, StartTime: utc(5), RecurrenceInterval: 24, RecurrenceCount: 1 });
		expect(r.status).toBe(200);
		expect((r.json.Value || r.json.value)[0].query).toBe(sys.query);
	});
});

describe('routing, catalogue and program separation', () => {
	test('path segments are case-insensitive; unknown routes 404, wrong verbs 405', async () => {
		const r = await api(emu, tokens.app, 'GET', '/INSIGHTS/V1.1/CMP/scheduleddataset?DATASETNAME=isvusage');
		expect(r.status).toBe(200);
		expect(r.json.value[0].datasetName).toBe('ISVUsage');
		expect((await api(emu, tokens.app, 'GET', '/insights/v2/cmp/ScheduledDataset')).status).toBe(404);
		expect((await api(emu, tokens.app, 'GET', '/insights/v1.1/cmp/Nope')).status).toBe(404);
		expect((await api(emu, tokens.app, 'POST', '/insights/v1.1/cmp/ScheduledDataset', {})).status).toBe(405);
	});

	test('documented system query IDs and texts are served (type system)', async () => {
		const cmp = (await api(emu, tokens.app, 'GET', '/insights/v1/cmp/ScheduledQueries?includeOnlySystemQueries=true')).json.value;
		const orders = cmp.find((q) => q.queryId === 'fd0f299c-5a1c-4929-9f48-bfc6cc44355d');
		expect(orders.type).toBe('system');
		expect(orders.query).toMatch(/^SELECT MarketplaceSubscriptionId,MonthStartDate,.* FROM ISVOrder TIMESPAN LAST_6_MONTHS$/);
		expect(cmp.map((q) => q.queryId)).toEqual(expect.arrayContaining(['b9df4929-073f-4795-b0cb-a2c81b11e28d', 'bd1b0cc1-ce45-4578-beba-6fe5a69fd421', '2c6f384b-ad52-4aed-965f-32bfa09b3778', 'q9df4939-073f-5795-b0cb-v2c81d11e58d', '6d37d057-06f3-45aa-a971-3a34415e8511']));
		const mpn = (await api(emu, tokens.user, 'GET', '/insights/v1/mpn/ScheduledQueries?includeOnlySystemQueries=true')).json.value;
		expect(mpn.map((q) => q.queryId)).toEqual(expect.arrayContaining(['6664daf3-c161-423a-92a1-0ea6db2c0384', '6209a8fd-93af-442e-8b3f-3df0f77e8463', '0e06c7c3-75ab-4cd5-8178-8cf1a2de49cc']));
		// Every system query tries successfully (its columns are in the catalogue).
		for (const q of [...cmp.slice(0, 3), ...mpn.slice(0, 3)]) {
			const base = mpn.includes(q) ? '/insights/v1/mpn' : '/insights/v1/cmp';
			const r = await api(emu, mpn.includes(q) ? tokens.user : tokens.app, 'GET', `${base}/ScheduledQueries/testQueryResult?queryId=${q.queryId}`);
			expect(r.status).toBe(200);
		}
	});

	test('v1 and v1.1 cmp share state; mpn is separate', async () => {
		const c = await api(emu, tokens.app, 'POST', '/insights/v1/cmp/ScheduledQueries', { Name: 'Shared', Query: 'SELECT OrderId FROM ISVOrder' });
		const id = c.json.value[0].queryId;
		expect((await api(emu, tokens.app, 'GET', `/insights/v1.1/cmp/ScheduledQueries?queryId=${id}`)).json.value).toHaveLength(1);
		expect((await api(emu, tokens.user, 'GET', `/insights/v1/mpn/ScheduledQueries?queryId=${id}`)).status).toBe(404);
		const r = await api(emu, tokens.user, 'POST', '/insights/v1/mpn/ScheduledReport', { ReportName: 'X', QueryId: id, StartTime: utc(5), RecurrenceInterval: 24 });
		expectError(r, 400, 'Invalid QueryId');
		// cmp datasets are unknown to mpn.
		expectError(await api(emu, tokens.user, 'POST', '/insights/v1/mpn/ScheduledQueries', { Name: 'X', Query: 'SELECT OrderId FROM ISVOrder' }), 400, 'Invalid table name');
	});
});

describe('query validation (FAQ messages)', () => {
	const base = '/insights/v1.1/cmp';
	const create = (body) => api(emu, tokens.app, 'POST', `${base}/ScheduledQueries`, body);

	test.each([
		['unknown dataset', { Name: 'A', Query: 'SELECT OrderId FROM ISVOrders' }, 'Invalid table name'],
		['unknown column', { Name: 'A', Query: 'SELECT OrderIdentifier FROM ISVOrder' }, 'Incorrect column name'],
		['unknown WHERE column', { Name: 'A', Query: "SELECT OrderId FROM ISVOrder WHERE Colour = 'red'" }, 'Incorrect column name'],
		['unknown ORDER BY column', { Name: 'A', Query: 'SELECT OrderId FROM ISVOrder ORDER BY Colour' }, 'Incorrect column name'],
		['SELECT *', { Name: 'A', Query: 'SELECT * FROM ISVOrder' }, 'Incorrect column name'],
		['missing Name', { Query: 'SELECT OrderId FROM ISVOrder' }, 'Null or missing value'],
		['blank Name', { Name: '  ', Query: 'SELECT OrderId FROM ISVOrder' }, 'Null or missing value'],
		['missing Query', { Name: 'A' }, 'Null or missing value'],
		['OR is not in the grammar', { Name: 'A', Query: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' OR OrderStatus = 'Cancelled'" }, 'Invalid query syntax'],
		['hyphen in the name [inferred]', { Name: 'my-query', Query: 'SELECT OrderId FROM ISVOrder' }, 'Invalid report parameters'],
	])('%s → 400', async (_, body, message) => {
		expectError(await create(body), 400, message);
	});

	test('documented sample queries are accepted (case-insensitive, smart quotes, IN lists, LIMIT, TIMESPAN)', async () => {
		for (const q of [
			"select distinct monthstartdate, normalizedusage from isvusage where MarketplaceLicenseType = ‘Billed Through Azure’ AND OfferType NOT IN (‘Azure Applications’, ‘SaaS’) TIMESPAN LAST_6_MONTHS",
			'SELECT MarketplaceSubscriptionId, EstimatedExtendedChargeCC FROM ISVUsage ORDER BY EstimatedExtendedChargeCC LIMIT 10',
			"SELECT CustomerId, NormalizedUsage, RawUsage FROM ISVUsage WHERE NormalizedUsage > 100000 ORDER BY NormalizedUsage TIMESPAN LAST_6_MONTHS",
		]) {
			const r = await create({ Name: 'Sample', Query: q });
			expect(r.status).toBe(200);
		}
	});

	test("a filter value outside a column's allowed values silently yields zero rows (FAQ 'No records')", async () => {
		const q = "SELECT UsageDate, NormalizedUsage, EstimatedExtendedChargePC FROM ISVUsage WHERE SKUBillingType = 'Paided' ORDER BY UsageDate DESC TIMESPAN LAST_MONTH";
		const r = await api(emu, tokens.app, 'GET', `${base}/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent(q)}`);
		expect(r.status).toBe(200);
		expect(r.json.value).toEqual([]);
		const ok = await api(emu, tokens.app, 'GET', `${base}/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent(q.replace('Paided', 'Paid'))}`);
		expect(ok.json.value).toHaveLength(10);
		expect(ok.json.value.every((row) => Object.keys(row).join() === 'UsageDate,NormalizedUsage,EstimatedExtendedChargePC')).toBe(true);
	});

	test('stats record the query texts received by create and test', async () => {
		const s = (await control(emu, 'GET', '/stats')).json;
		expect(s.queriesReceived).toEqual(expect.arrayContaining(['SELECT OrderIdentifier FROM ISVOrder', 'SELECT * FROM ISVOrder']));
		expect(s.apiCalls.byRoute['POST /ScheduledQueries']).toBeGreaterThan(5);
		expect(s.apiCalls.byStatus['400']).toBeGreaterThan(5);
	});
});

describe('report validation (FAQ messages)', () => {
	let ids;
	beforeAll(async () => {
		ids = {};
		for (const base of BASES) {
			const q = programOf(base) === 'mpn' ? 'SELECT SubscriptionId FROM DynamicsUsage' : 'SELECT OrderId FROM ISVOrder';
			ids[base] = (await api(emu, await tokenFor(emu, base), 'POST', `${base}/ScheduledQueries`, { Name: 'Validation', Query: q })).json.value[0].queryId;
		}
	});
	const create = (base, over) => api(emu, tok(base), 'POST', `${base}/ScheduledReport`, { ReportName: 'V', QueryId: ids[base], StartTime: utc(5), RecurrenceInterval: 24, RecurrenceCount: 5, Format: 'csv', ...over });

	test.each(BASES)('%s: required fields, QueryId, dates, start time, format, callback', async (base) => {
		expect((await create(base, {})).status).toBe(200);
		expectError(await create(base, { ReportName: undefined }), 400, 'Null or missing value');
		expectError(await create(base, { ReportName: '' }), 400, 'Null or missing value');
		expectError(await create(base, { QueryId: undefined }), 400, 'Null or missing value');
		expectError(await create(base, { QueryId: '9f0d8c7b-0000-4000-8000-000000000000' }), 400, 'Invalid QueryId');
		for (const bad of ['2030-01-01', '2030-01-01T10:00:00', '2030-01-01T10:00:00.000Z', '01/02/2030 10:00', '2030-02-30T10:00:00Z', 'string']) {
			const r = await create(base, { StartTime: bad });
			expect(r.status).toBe(500);
			expect(r.json.message).toMatch(/^Internal error encountered while creating report\. Correlation ID [0-9a-f-]{36}$/);
		}
		const qs = await create(base, { ExecuteNow: true, QueryStartTime: '2021-03-31', QueryEndTime: '2021-06-30T18:41:00Z' });
		expect(qs.status).toBe(500);
		expect((await create(base, { ExecuteNow: true, StartTime: undefined, QueryStartTime: '2021-03-31T18:41:00Z', QueryEndTime: '2021-06-30T18:41:00Z' })).status).toBe(200);
		expectError(await create(base, { StartTime: utc(3.9) }), 400, 'Invalid report parameters for creation - Start time of report should at least be 4 hours from current UTC time');
		expectError(await create(base, { StartTime: utc(-1) }), 400, 'Invalid report parameters for creation - Start time');
		expectError(await create(base, { StartTime: undefined }), 400, 'Null or missing value');
		expectError(await create(base, { Format: 'string' }), 400, "Requested value 'string' not found");
		expectError(await create(base, { Format: 'xlsx' }), 400, "Requested value 'xlsx' not found");
		const tsv = await create(base, { Format: 'TsV' });
		expect((tsv.json.Value || tsv.json.value)[0].format).toBe('tsv');
		expectError(await create(base, { CallbackUrl: 'string' }), 400, "Requested value 'string' not found");
		expectError(await create(base, { CallbackUrl: 'https://example.com/cb', CallbackMethod: 'PUT' }), 400, "Requested value 'PUT' not found");
		const cb = await create(base, { CallbackUrl: 'https://example.com/cb' });
		expect((cb.json.Value || cb.json.value)[0].callbackMethod).toBe('POST'); // default POST (mpn paradigm doc)
		expectError(await create(base, { RecurrenceInterval: undefined }), 400, 'Null or missing value');
		expectError(await create(base, { RecurrenceInterval: 'often' }), 400, 'Invalid report parameters');
	});

	test('RecurrenceInterval bounds: v1.1 1–17520, cmp v1 4–90, mpn 4–2160 and ≥ minimumRecurrenceInterval', async () => {
		const v11 = '/insights/v1.1/cmp';
		expect((await create(v11, { RecurrenceInterval: 1 })).status).toBe(200);
		expect((await create(v11, { RecurrenceInterval: 17520 })).status).toBe(200);
		expectError(await create(v11, { RecurrenceInterval: 0 }), 400, 'Recurrence Interval must be between 1 and 17520');
		expectError(await create(v11, { RecurrenceInterval: 17521 }), 400, 'Recurrence Interval must be between 1 and 17520');
		const v1 = '/insights/v1/cmp';
		expect((await create(v1, { RecurrenceInterval: 4 })).status).toBe(200);
		expect((await create(v1, { RecurrenceInterval: 90 })).status).toBe(200);
		expectError(await create(v1, { RecurrenceInterval: 3 }), 400, 'Recurrence Interval must be between 4 and 90');
		expectError(await create(v1, { RecurrenceInterval: 91 }), 400, 'Recurrence Interval must be between 4 and 90');
		const mpn = '/insights/v1/mpn';
		expect((await create(mpn, { RecurrenceInterval: 2160 })).status).toBe(200);
		expectError(await create(mpn, { RecurrenceInterval: 2161 }), 400, 'Recurrence Interval must be between 4 and 2160');
		expectError(await create(mpn, { RecurrenceInterval: 3 }), 400, 'Recurrence Interval must be between 4 and 2160');
		expectError(await create(mpn, { RecurrenceInterval: 12 }), 400, 'Invalid report parameters - Recurrence Interval must be at least 24 hours for dataset DynamicsUsage');
		// ExecuteNow ignores StartTime/RecurrenceInterval/RecurrenceCount.
		expect((await create(v1, { ExecuteNow: true, RecurrenceInterval: 1000, StartTime: undefined })).status).toBe(200);
	});

	test('v1.1 needs RecurrenceCount or EndTime; v1 and mpn do not', async () => {
		const v11 = '/insights/v1.1/cmp';
		expectError(await create(v11, { RecurrenceCount: undefined }), 400, 'Null or missing value');
		const withEnd = await create(v11, { RecurrenceCount: undefined, EndTime: utc(500) });
		expect(withEnd.status).toBe(200);
		expect(withEnd.json.Value[0]).toMatchObject({ endTime: expect.stringMatching(/Z$/), totalRecurrenceCount: null });
		expectError(await create(v11, { EndTime: utc(4.5), StartTime: utc(5) }), 400, 'Invalid report parameters');
		expect((await create('/insights/v1/cmp', { RecurrenceCount: undefined })).status).toBe(200);
		expect((await create('/insights/v1/mpn', { RecurrenceCount: undefined })).status).toBe(200);
		expectError(await create(v11, { RecurrenceCount: 0 }), 400, 'Invalid report parameters');
	});

	test('update (PUT) validates the same fields', async () => {
		for (const base of BASES) {
			const r = await create(base, {});
			const id = (r.json.Value || r.json.value)[0].reportId;
			const put = (body) => api(emu, tok(base), 'PUT', `${base}/ScheduledReport/${id}`, body);
			expectError(await put({ RecurrenceInterval: 100000 }), 400, 'Recurrence Interval must be between');
			expectError(await put({ Format: 'string' }), 400, "Requested value 'string' not found");
			expectError(await put({ ReportName: '' }), 400, 'Null or missing value');
			expectError(await put({ StartTime: utc(1) }), 400, 'Invalid report parameters for creation - Start time');
			expect((await put({ StartTime: '2030-01-01 10:00' })).status).toBe(500);
			expectError(await put({}), 400, 'Null or missing value');
			const ok = await put({ StartTime: utc(6), RecurrenceInterval: 48, Description: 'new' });
			expect(ok.status).toBe(200);
			expect(ok.json.value[0]).toMatchObject({ recurrenceInterval: 48, description: 'new' });
			expectError(await api(emu, tok(base), 'PUT', `${base}/ScheduledReport/00000000-0000-0000-0000-000000000000`, { ReportName: 'x' }), 404, 'No item found');
		}
	});

	test('invalid JSON body → 400', async () => {
		const r = await api(emu, tokens.app, 'POST', '/insights/v1.1/cmp/ScheduledReport', '{"ReportName":');
		expectError(r, 400, 'Null or missing value');
	});
});
