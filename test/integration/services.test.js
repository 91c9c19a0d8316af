/**
 * Bugs the services layer fixed, each shown against the emulator over HTTP:
 * - the callback trigger stored a managed report ID of "undefined" when a create answered no ID;
 * - deactivation took any NodeOperationError for "the report is gone" (a configuration error among
 *   them), dropped the original callbacks and so never restored them;
 * - the callback trigger's query picker had no listSearch method behind it.
 */
const http = require('http');
const { createTriggerHarness } = require('../helpers/triggerHarness');
const { createHarness } = require('../helpers/harness');
const { startTestEmulator, clientCredentials } = require('../helpers/emulator');
const { GUID, idKeys } = require('../fixtures/ids');
const { PartnerCenterAnalyticsTrigger } = require('../../nodes/PartnerCenterAnalyticsTrigger/PartnerCenterAnalyticsTrigger.node');

const SYSTEM_QUERY_ID = 'b9df4929-073f-4795-b0cb-a2c81b11e28d';
const id = (value) => ({ __rl: true, mode: 'id', value });

let server;
let proxy;
let proxyUrl;
/** When set, the proxy answers report creates itself with this body instead of forwarding them. */
let createAnswer;

beforeAll(async () => {
	server = await startTestEmulator();
	// A pass-through to the emulator that can answer POST ScheduledReport on its own.
	proxy = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			if (createAnswer && req.method === 'POST' && /\/ScheduledReport$/i.test(new URL(req.url, 'http://x').pathname)) {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify(createAnswer));
				return;
			}
			const upstream = await fetch(`${server.url}${req.url}`, {
				method: req.method,
				headers: { ...req.headers, host: new URL(server.url).host },
				body: chunks.length ? Buffer.concat(chunks) : undefined,
			});
			res.statusCode = upstream.status;
			upstream.headers.forEach((value, name) => {
				if (!['content-length', 'content-encoding', 'transfer-encoding'].includes(name)) res.setHeader(name, value);
			});
			res.end(Buffer.from(await upstream.arrayBuffer()));
		});
	});
	await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
});

afterAll(async () => {
	await new Promise((resolve) => proxy.close(resolve));
	await server.stop();
});

afterEach(() => {
	createAnswer = undefined;
});

const credentials = () => ({
	partnerCenterClientCredentialsApi: clientCredentials(server.url, { apiBaseUrl: proxyUrl }),
});
const nodeState = (trigger) => trigger.staticData['node:Partner Center Analytics'] ?? {};

test('a managed report whose create answers no ID fails the activation and stores nothing', async () => {
	createAnswer = { Value: [{ ReportName: 'n8n trigger' }], TotalCount: 1, StatusCode: 200 };
	const trigger = await createTriggerHarness({
		kind: 'callback',
		credentials: credentials(),
		parameters: { watch: 'managedReport', queryId: id(SYSTEM_QUERY_ID), recurrenceInterval: 24, recurrenceCount: 10 },
	});
	try {
		await expect(trigger.activate()).rejects.toThrow('Partner Center did not return a reportId for ScheduledReport');
		expect(nodeState(trigger).managedReportId).toBeUndefined();
	} finally {
		await trigger.close();
	}
});

test('Report → Create answers the created report, and refuses an answer without its ID', async () => {
	const h = createHarness({ credentials: credentials() });
	const parameters = { resource: 'report', operation: 'create', reportName: 'Once', queryId: id(SYSTEM_QUERY_ID), schedule: 'once' };
	const [created] = await h.run(parameters);
	expect(created.json.reportId).toMatch(GUID);
	createAnswer = { Value: [{ ReportName: 'Once' }], StatusCode: 200 };
	await expect(h.run(parameters)).rejects.toThrow('did not return a reportId');
});

test('a configuration error at deactivation keeps the original callbacks, restored once it is fixed', async () => {
	const h = createHarness({ credentials: credentials() });
	const original = 'https://example.com/original-callback';
	const [report] = await h.run({
		resource: 'report',
		operation: 'create',
		reportName: 'Watched',
		queryId: id(SYSTEM_QUERY_ID),
		schedule: 'recurring',
		startTime: new Date(Date.now() + 6 * 3600_000).toISOString(),
		recurrenceInterval: 24,
		recurrenceEnd: 'count',
		recurrenceCount: 5,
		options: { callbackUrl: original, callbackMethod: 'GET' },
	});
	const reportId = report.json.reportId;
	const parameters = { watch: 'reportIds', reportIds: reportId };
	const trigger = await createTriggerHarness({ kind: 'callback', credentials: credentials(), parameters });
	try {
		await trigger.activate();
		expect(server.emu.state.cmp.reports.get(reportId).callbackUrl).not.toBe(original);

		// A broken setting (here the Program) is not "the report is gone".
		trigger.setParameters({ ...parameters, program: 'partnerInsight' });
		await expect(trigger.deactivate()).rejects.toThrow('"Program" must be commercialMarketplace or partnerInsights');
		expect(idKeys(Object.keys(nodeState(trigger).originals ?? {}))).toEqual(idKeys([reportId]));

		trigger.setParameters(parameters);
		await trigger.deactivate();
		expect(server.emu.state.cmp.reports.get(reportId)).toMatchObject({ callbackUrl: original, callbackMethod: 'GET' });
		expect(nodeState(trigger).originals).toBeUndefined();
	} finally {
		await trigger.close();
	}
});

test('the callback trigger serves its query picker (searchQueries)', async () => {
	const trigger = new PartnerCenterAnalyticsTrigger();
	const locator = trigger.description.properties.find((property) => property.name === 'queryId');
	const method = locator.modes.find((mode) => mode.type === 'list').typeOptions.searchListMethod;
	expect(typeof trigger.methods.listSearch[method]).toBe('function');

	const h = createHarness({ credentials: credentials() });
	const context = h.createContext({ resource: 'query', operation: 'get' });
	const { results } = await trigger.methods.listSearch[method].call(context, 'orders');
	expect(results.length).toBeGreaterThan(0);
	expect(results.every((result) => /orders/i.test(result.name) || /orders/i.test(result.value))).toBe(true);
});

test('the triggers list the program\'s reports for their picker, by name and status, valued by ID', async () => {
	const h = createHarness({ credentials: credentials() });
	const [report] = await h.run({ resource: 'report', operation: 'create', reportName: 'Picker report', queryId: id(SYSTEM_QUERY_ID), schedule: 'once' });
	const trigger = new PartnerCenterAnalyticsTrigger();
	const options = await trigger.methods.loadOptions.getReports.call(h.createContext({ resource: 'report', operation: 'get' }));
	expect(options).toContainEqual({ name: expect.stringMatching(/^Picker report \(\w+\)$/), value: report.json.reportId });
	expect(options.map((option) => option.name)).toEqual([...options.map((option) => option.name)].sort((x, y) => x.localeCompare(y)));
});
