/**
 * Where Partner Center's docs allow two readings (issue 13, emulator/README.md "Readings"), the
 * affected operations work under both: each reading is set on the emulator explicitly, so this file
 * checks both whatever the profile it runs under (npm test runs it under the default and the strict
 * profile). Each strict case fails without the node's fallback.
 */
const http = require('http');
const { DateTime } = require('luxon');
const { createHarness, readBinary } = require('../helpers/harness');
const { PROFILE, startTestEmulator, harnessCredentials } = require('../helpers/emulator');
const { freshTriggerHarness, waitFor, SYSTEM_QUERY_ID } = require('../helpers/triggerFixtures');
const { V1, id, readingsOf, useReadingsEmulator } = require('../helpers/reportReadings');
const { PartnerCenterAnalytics } = require('../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');

const { server, credentials, harness, reportIn, createReport } = useReadingsEmulator();

test('the emulator reads the docs as the jest project asks (EMULATOR_PROFILE)', async () => {
	const strict = process.env.EMULATOR_PROFILE === 'strict';
	expect(PROFILE).toBe(strict ? 'strict' : 'default');
	expect((await server.control('GET', 'config')).idCase).toBe(strict ? 'upper' : 'lower');
});

const MPN = { program: 'partnerInsights', authentication: 'password' };
const MPN_QUERY = 'SELECT SubscriptionId, CustomerName FROM DynamicsUsage TIMESPAN LAST_MONTH';
const routeCount = async (route) => (await server.stats()).apiCalls.byRoute[route] ?? 0;

describe.each(readingsOf('callbackRemoval').concat([['callbackRemoval: none', 'none']]))(
	'removing the callback URL of a report — %s',
	(_label, reading) => {
		beforeEach(() => server.setConfig({ callbackRemoval: reading }));

		test('trigger deactivation never fails; the callback is removed wherever some form is accepted', async () => {
			const reportId = await createReport(harness());
			const trigger = await freshTriggerHarness({ kind: 'callback', credentials: credentials(), parameters: { reportIds: reportId } });
			try {
				await trigger.activate();
				expect(await trigger.deactivate()).toBe(true);
				const left = reportIn('cmp', reportId).callbackUrl;
				if (reading === 'none') {
					expect(left).toContain(trigger.callbackBase);
					expect(trigger.logs.join('\n')).toMatch(/does not let report .* lose its callback URL; nothing was changed/);
				} else expect(left).toBeNull();
			} finally {
				await trigger.close();
			}
		});
	},
);

describe.each(readingsOf('endTime'))('a recurring report that "Ends: At a Time" — %s', (_label, reading) => {
	beforeEach(() => server.setConfig({ endTime: reading }));

	test.each([
		['commercial marketplace v1', V1, 'cmp', SYSTEM_QUERY_ID],
		['partner insights', MPN, 'mpn', null],
	])('on %s it becomes a RecurrenceCount computed locally', async (_name, connection, program, queryId) => {
		const h = harness();
		let source = queryId;
		if (!source) {
			const [query] = await h.run({ ...connection, resource: 'query', operation: 'create', name: 'Readings end time', query: MPN_QUERY });
			source = query.json.queryId;
		}
		const start = DateTime.utc().plus({ hours: 6 }).startOf('minute');
		// Runs at start, +24 h, +48 h, +72 h: four before the end.
		const reportId = await createReport(
			h,
			{ queryId: id(source), startTime: start.toISO(), recurrenceInterval: 24, recurrenceEnd: 'endTime', endTime: start.plus({ hours: 80 }).toISO() },
			connection,
		);
		const report = reportIn(program, reportId);
		expect({ endTime: report.endTime, recurrenceCount: report.recurrenceCount }).toEqual({ endTime: null, recurrenceCount: 4 });
	});

	test('on commercial marketplace v1.1 EndTime is sent as documented', async () => {
		const end = DateTime.utc().plus({ hours: 80 }).startOf('second');
		const reportId = await createReport(harness(), { recurrenceEnd: 'endTime', endTime: end.toISO() });
		expect(Date.parse(reportIn('cmp', reportId).endTime)).toBe(end.toMillis());
	});
});

describe.each(readingsOf('executeNow'))('run-once reports (ExecuteNow) — %s', (_label, reading) => {
	beforeEach(() => server.setConfig({ executeNow: reading }));

	test.each([
		['commercial marketplace v1.1', {}, 'cmp'],
		['commercial marketplace v1', V1, 'cmp'],
	])('Report → Create "Once, Now" on %s: accepted, and the file still comes at once', async (_name, connection, program) => {
		const h = harness();
		const [created] = await h.run({ ...connection, resource: 'report', operation: 'create', reportName: 'Once', queryId: id(SYSTEM_QUERY_ID), schedule: 'once' });
		const reportId = created.json.reportId;
		const execution = await waitFor(async () => {
			const [found] = await h.run({ ...connection, resource: 'execution', operation: 'getAll', reportId: id(reportId), options: { executionStatus: ['Completed'] } });
			return found;
		}, 'the run-once file', 3000);
		expect(execution.json.reportAccessSecureLink).toMatch(/^http/);
		expect(reportIn(program, reportId).executeNow).toBe(true);
	});

	test('Report → Run on partner insights (dataset minimum 24 h) hands over the file', async () => {
		const [item] = await harness().run({ ...MPN, resource: 'report', operation: 'run', querySource: 'text', query: MPN_QUERY, output: 'file', options: { pollIntervalSeconds: 1 } });
		expect(item.json.rowCount).toBeGreaterThan(0);
	});
});

describe.each(readingsOf('callbackShape'))('how Partner Center calls the callback URL — %s', (_label, reading) => {
	beforeEach(() => server.setConfig({ callbackShape: reading }));

	test.each(['POST', 'GET'])('a trigger registered for %s delivers the file, and accepts every documented shape', async (method) => {
		const reportId = await createReport(harness());
		const trigger = await freshTriggerHarness({ kind: 'callback', credentials: credentials(), parameters: { reportIds: reportId, callbackMethod: method } });
		try {
			await trigger.activate();
			const first = server.emu.runExecution(reportId, { rowCount: 3 });
			await waitFor(() => trigger.runs.length === 1, 'the first delivery');
			expect(trigger.runs[0][0].json.executionId.toLowerCase()).toBe(first.executionId.toLowerCase());
			// The other shapes, sent by hand: any body, the report named in the path, query or body, or not at all.
			const url = reportIn('cmp', reportId).callbackUrl;
			const shapes = [
				[`${url}/${reportId.toUpperCase()}`, 'POST', ''],
				[`${url}?reportId=${reportId}`, 'GET', undefined],
				[url, 'POST', JSON.stringify({ ReportId: reportId.toUpperCase() })],
				[url, 'POST', 'not json at all'],
			];
			for (const [target, verb, body] of shapes) {
				server.emu.runExecution(reportId, { rowCount: 3 });
				const before = trigger.runs.length;
				const response = await fetch(target, { method: verb, body });
				expect({ target: verb + (target === url ? ' bare' : ''), status: response.status }).toEqual({ target: verb + (target === url ? ' bare' : ''), status: 200 });
				expect(trigger.runs.length).toBe(before + 1);
			}
		} finally {
			await trigger.deactivate();
			await trigger.close();
		}
	});
});

describe.each(readingsOf('listParams'))('`;`-separated lists of report IDs and statuses — %s', (_label, reading) => {
	beforeEach(() => server.setConfig({ listParams: reading }));

	test('Execution → Get Many with several statuses lists each status', async () => {
		const h = harness();
		const reportId = await createReport(h);
		const done = server.emu.runExecution(reportId, { rowCount: 2 });
		const waiting = server.emu.runExecution(reportId, { status: 'Pending' });
		const listed = await h.run({ resource: 'execution', operation: 'getAll', reportId: id(reportId), options: { executionStatus: ['Pending', 'Completed'] } });
		expect(listed.map((item) => item.json.executionId.toLowerCase()).sort()).toEqual([done.executionId, waiting.executionId].map((x) => x.toLowerCase()).sort());
	});

	test('a callback trigger watching two reports delivers the file of each', async () => {
		const first = await createReport(harness());
		const second = await createReport(harness());
		const trigger = await freshTriggerHarness({ kind: 'callback', credentials: credentials(), parameters: { reportIds: `${first}, ${second}` } });
		try {
			await trigger.activate();
			server.emu.runExecution(first, { rowCount: 2 });
			server.emu.runExecution(second, { rowCount: 2 });
			await waitFor(() => trigger.runs.length === 2, 'both deliveries');
			expect(trigger.runs.map((run) => run[0].json.reportId.toLowerCase()).sort()).toEqual([first, second].map((x) => x.toLowerCase()).sort());
		} finally {
			await trigger.deactivate();
			await trigger.close();
		}
	});
});

test('a refusal of `;`-separated lists is remembered per host: another API Base URL with the same path still gets one request', async () => {
	const other = await startTestEmulator({ executionDelaysMs: { pending: 50, running: 50 }, listParams: 'semicolon' });
	try {
		await server.setConfig({ listParams: 'single' });
		const getMany = (reportId) => ({ resource: 'execution', operation: 'getAll', reportId: id(reportId), options: { executionStatus: ['Pending', 'Completed'] } });
		const refusing = harness();
		await refusing.run(getMany(await createReport(refusing)));
		const h = createHarness({ credentials: harnessCredentials(other.url) });
		const reportId = await createReport(h);
		other.emu.runExecution(reportId, { rowCount: 1 });
		const before = (await other.stats()).apiCalls.byRoute['GET /ScheduledReport/execution/{reportId}'] ?? 0;
		const listed = await h.run(getMany(reportId));
		const after = (await other.stats()).apiCalls.byRoute['GET /ScheduledReport/execution/{reportId}'] ?? 0;
		expect(listed).toHaveLength(1);
		expect(after - before).toBe(1);
	} finally {
		await other.stop();
	}
});

describe.each(readingsOf('tryQueryWindow'))('Query → Test start and end time — %s', (_label, reading) => {
	beforeEach(() => server.setConfig({ tryQueryWindow: reading }));
	const testQuery = (connection, query) => ({
		...connection,
		resource: 'query',
		operation: 'test',
		querySource: 'text',
		query,
		options: { startTime: '2026-01-01T00:00:00Z', endTime: '2026-02-01T00:00:00Z' },
	});

	test('on commercial marketplace they are refused before anything is sent, with what works there', async () => {
		const before = await routeCount('GET /ScheduledQueries/testQueryResult');
		const error = await harness()
			.run(testQuery({}, 'SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH'))
			.catch((e) => e);
		expect(error.message).toMatch(/documented for partner insights only/);
		expect(error.description).toMatch(/TIMESPAN/);
		expect(await routeCount('GET /ScheduledQueries/testQueryResult')).toBe(before);
	});

	test('on partner insights they are sent', async () => {
		const rows = await harness().run(testQuery(MPN, MPN_QUERY));
		expect(rows.length).toBeGreaterThan(0);
		const sent = (await server.control('GET', 'requests?limit=20')).filter((r) => r.path.includes('testQueryResult'));
		expect(sent.at(-1).path).toMatch(/startTime=2026-01-01/);
	});
});

describe('IDs in another case, dataRedacted', () => {
	test.each([['lower'], ['upper']])('idCase %s: IDs given in another case are found', async (idCase) => {
		await server.setConfig({ idCase });
		const h = harness();
		const [query] = await h.run({ resource: 'query', operation: 'create', name: 'Readings case', query: 'SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH' });
		const queryId = query.json.queryId.toLowerCase();
		const [fetched] = await h.run({ resource: 'query', operation: 'get', queryId: id(queryId) });
		expect(fetched.json.queryId.toLowerCase()).toBe(queryId);
		const reportId = await createReport(h);
		const execution = server.emu.runExecution(reportId, { rowCount: 2 });
		const [file] = await h.run({ resource: 'execution', operation: 'download', reportId: id(reportId), options: { executionId: execution.executionId.toLowerCase(), output: 'file' } });
		expect(file.json.rowCount).toBe(2);
	});

	test.each([[false], [true]])('dataRedacted %s: Query → Test says so in the output pane', async (dataRedacted) => {
		await server.setConfig({ dataRedacted });
		const h = harness();
		const context = h.createContext({ resource: 'query', operation: 'test', querySource: 'text', query: 'SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH' });
		const [rows] = await new PartnerCenterAnalytics().execute.call(context);
		expect(rows.length).toBeGreaterThan(0);
		const hints = context.hints.map((hint) => hint.message).join('\n');
		if (dataRedacted) expect(hints).toMatch(/dataRedacted.*Executive Report Viewer/s);
		else expect(hints).not.toMatch(/dataRedacted/);
	});
});

describe('dataRedacted in every output', () => {
	test.each([[false], [true]])('dataRedacted %s: listed entities and file items carry it, with the hint; rows keep their own columns', async (dataRedacted) => {
		await server.setConfig({ dataRedacted });
		const h = harness();
		const reportId = await createReport(h);
		const execution = server.emu.runExecution(reportId, { rowCount: 3 });
		const hintsOf = async (parameters) => {
			const context = h.createContext(parameters);
			const [items] = await new PartnerCenterAnalytics().execute.call(context);
			return { items, hints: context.hints.map((hint) => hint.message).join('\n') };
		};
		const runs = await hintsOf({ resource: 'execution', operation: 'getAll', reportId: id(reportId), returnAll: true });
		const file = await hintsOf({ resource: 'execution', operation: 'download', reportId: id(reportId), options: { executionId: execution.executionId, output: 'file' } });
		const rows = await hintsOf({ resource: 'execution', operation: 'download', reportId: id(reportId), options: { executionId: execution.executionId, output: 'rows' } });
		const reports = await hintsOf({ resource: 'report', operation: 'getAll', returnAll: true });
		for (const { items, hints } of [runs, file, reports]) {
			expect(items.length).toBeGreaterThan(0);
			expect(items.every((item) => item.json.dataRedacted === (dataRedacted ? true : undefined))).toBe(true);
			if (dataRedacted) expect(hints).toMatch(/dataRedacted.*Executive Report Viewer/s);
			else expect(hints).not.toMatch(/dataRedacted/);
		}
		expect(rows.items).toHaveLength(3);
		expect(rows.items.some((item) => 'dataRedacted' in item.json)).toBe(false);
	});

	test.each([[false], [true]])('dataRedacted %s: the poll trigger marks the file and says so in the log', async (dataRedacted) => {
		await server.setConfig({ dataRedacted });
		const reportId = await createReport(harness());
		const trigger = await freshTriggerHarness({ kind: 'poll', credentials: credentials(), parameters: { reportIds: reportId } });
		expect(await trigger.poll()).toBeNull();
		server.emu.runExecution(reportId, { rowCount: 2 });
		const output = await waitFor(async () => await trigger.poll(), 'the new file');
		const [item] = output[0];
		expect(item.json.rowCount).toBe(2);
		expect(item.json.dataRedacted).toBe(dataRedacted ? true : undefined);
		const logged = trigger.logs.filter((line) => /dataRedacted/.test(line));
		expect(logged).toHaveLength(dataRedacted ? 1 : 0);
		if (dataRedacted) expect(logged[0]).toMatch(/Executive Report Viewer/);
		await trigger.close();
	});
});

describe('a secure link that redirects to where the file lives', () => {
	test.each([[null], ['self']])('fileRedirect %s: the file comes, without an Authorization header', async (fileRedirect) => {
		await server.setConfig({ fileRedirect });
		const h = harness();
		const reportId = await createReport(h);
		const execution = server.emu.runExecution(reportId, { rowCount: 4 });
		const [file] = await h.run({ resource: 'execution', operation: 'download', reportId: id(reportId), options: { executionId: execution.executionId, output: 'file' } });
		expect(file.json.rowCount).toBe(4);
		const served = await server.emu.fileDigest(execution.executionId);
		expect((await readBinary(file.binary.data)).length).toBe(served.bytes);
	});

	test('a redirect to a host that is not Azure Storage is refused, and that host is never called', async () => {
		const hits = [];
		const other = http.createServer((req, res) => {
			hits.push(req.url);
			res.end('stolen');
		});
		await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
		try {
			await server.setConfig({ fileRedirect: `http://127.0.0.1:${other.address().port}` });
			const h = harness();
			const reportId = await createReport(h);
			const execution = server.emu.runExecution(reportId, { rowCount: 1 });
			const error = await h
				.run({ resource: 'execution', operation: 'download', reportId: id(reportId), options: { executionId: execution.executionId, output: 'file' } })
				.catch((e) => e);
			expect(error.message).toMatch(/redirected to http:\/\/127\.0\.0\.1:\d+ \(307\), which is not followed/);
			expect(error.message).not.toMatch(/sig=/);
			expect(hits).toEqual([]);
		} finally {
			await new Promise((resolve) => other.close(resolve));
		}
	});
});
