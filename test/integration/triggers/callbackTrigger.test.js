/**
 * The callback trigger (nodes/PartnerCenterAnalyticsTrigger) in real n8n-core contexts against the
 * emulator: activation registers the callback, the emulator's real callbacks (and forged ones) reach
 * webhook(); every completed execution is emitted exactly once, across duplicates and restarts. Also:
 * a managed report whose create answers no ID, a configuration error at deactivation, the pickers.
 * Time away, races and the poll trigger: callbackCatchUp, callbackRace, pollTrigger, pollStart beside it.
 */
const { createHarness } = require('../../helpers/harness');
const { useCreateAnswerProxy } = require('../../helpers/createAnswerProxy');
const {
	SYSTEM_QUERY_ID,
	freshTriggerHarness,
	restartedTriggerHarness,
	useTriggerEmulator,
	waitFor,
} = require('../../helpers/triggerFixtures');
const { idKeys } = require('../../fixtures/ids');
const { PartnerCenterAnalyticsTrigger } = require('../../../nodes/PartnerCenterAnalyticsTrigger/PartnerCenterAnalyticsTrigger.node');

const suite = useTriggerEmulator();
const { server, credentials, createOrdersReport, completeExecution } = suite;
const { lower, executionIdsOf, expectRunOf, triggerOnNewReport } = suite;
const proxy = useCreateAnswerProxy(server);
const id = (value) => ({ __rl: true, mode: 'id', value });
const nodeState = (trigger) => trigger.staticData['node:Partner Center Analytics'] ?? {};

const callbacksFor = async (executionId) =>
	(await server.control('GET', 'callbacks')).filter((entry) => entry.executionId === executionId);

describe('callback trigger on existing reports', () => {
	test('registers, delivers each file once despite duplicate callbacks, refuses forgeries, survives a restart, restores on deactivation', async () => {
		const { reportId } = await createOrdersReport({
			options: { callbackUrl: 'https://example.com/original', callbackMethod: 'GET' },
		});
		const options = {
			kind: 'callback',
			credentials: credentials(),
			parameters: { reportIds: reportId, watch: 'reportIds' },
		};
		const trigger = await freshTriggerHarness(options);

		// A completed execution before activation is history, not a new file.
		const old = await completeExecution(reportId);
		expect(await trigger.checkExists()).toBe(false);
		expect(await trigger.activate()).toBe(true);
		const { secret, callbackUrl } = trigger.staticData['node:Partner Center Analytics'];
		expect(secret).toMatch(/^[0-9a-f]{48}$/);
		expect(callbackUrl).toBe(`${trigger.callbackBase}/${secret}`);
		const report = server.emu.state.cmp.reports.get(reportId);
		expect(report.callbackUrl).toBe(callbackUrl);
		expect(report.callbackMethod).toBe('POST');
		expect(await trigger.checkExists()).toBe(true);

		// Three executions, each callback sent twice.
		await server.control('POST', 'config', { callbackRepeat: 2 });
		const executionIds = [];
		for (let i = 0; i < 3; i++) {
			const executionId = await completeExecution(reportId);
			executionIds.push(executionId);
			await waitFor(
				async () => (await callbacksFor(executionId)).filter((c) => c.status === 200).length === 2,
				'two callbacks',
			);
		}
		expect(trigger.runs).toHaveLength(3);
		for (let i = 0; i < 3; i++) await expectRunOf(trigger.runs[i], executionIds[i]);
		expect(executionIdsOf(trigger.runs.flat())).not.toContain(old);

		// Forged callbacks start nothing.
		const forged = await fetch(`${trigger.callbackBase}/${'0'.repeat(48)}/${reportId}`, {
			method: 'POST',
		});
		expect(forged.status).toBe(403);
		const noSecret = await fetch(`${trigger.callbackBase}/${reportId}`, { method: 'POST' });
		expect(noSecret.status).toBe(403);
		const otherReport = await fetch(`${callbackUrl}/00000000-0000-0000-0000-000000000000`, {
			method: 'POST',
		});
		expect(otherReport.status).toBe(404);
		// Concurrent duplicates of a genuine callback, with nothing new: no run.
		const duplicates = await Promise.all(
			[1, 2, 3].map(() => fetch(`${callbackUrl}/${reportId}`, { method: 'POST' })),
		);
		expect(duplicates.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(trigger.runs).toHaveLength(3);
		// Racing genuine callbacks for a file that is new: one run, whatever the interleaving.
		const raced = await completeExecution(reportId);
		await Promise.all(
			[1, 2, 3, 4].map(() => fetch(`${callbackUrl}/${reportId}`, { method: 'POST' })),
		);
		await waitFor(
			async () => (await callbacksFor(raced)).some((c) => c.status === 200),
			'the emulator callback',
		);
		expect(trigger.runs).toHaveLength(4);
		expect(executionIdsOf(trigger.runs[3])).toEqual([raced]);

		// n8n goes down; an execution completes (its callbacks fail); n8n comes back with its saved
		// static data; the next callback delivers both files, exactly once each.
		await server.control('POST', 'config', { callbackRepeat: 1 });
		await trigger.close();
		const whileDown = await completeExecution(reportId);
		await waitFor(
			async () => (await callbacksFor(whileDown)).length === 3,
			'three failed callback attempts',
		);
		const restarted = await restartedTriggerHarness(options, trigger);
		// The restarted router listens elsewhere: point the report at it as re-activation would.
		expect(await restarted.checkExists()).toBe(false);
		await restarted.activate();
		const afterRestart = await completeExecution(reportId);
		await waitFor(async () => restarted.runs.length === 1, 'the run after restart');
		expect(executionIdsOf(restarted.runs[0])).toEqual([
			whileDown,
			afterRestart,
		]);
		const again = await fetch(
			`${server.emu.state.cmp.reports.get(reportId).callbackUrl}/${reportId}`,
			{ method: 'POST' },
		);
		expect(again.status).toBe(200);
		expect(restarted.runs).toHaveLength(1);

		expect(await restarted.deactivate()).toBe(true);
		expect(server.emu.state.cmp.reports.get(reportId)).toMatchObject({
			callbackUrl: 'https://example.com/original',
			callbackMethod: 'GET',
		});
		await restarted.close();
	});

	test('a GET callback (?reportId=) works the same; before activation a callback is refused with 401', async () => {
		const { reportId, trigger } = await triggerOnNewReport('callback', { callbackMethod: 'GET', output: 'rows' });
		const early = await fetch(`${trigger.callbackBase}/abc?reportId=${reportId}`);
		expect(early.status).toBe(401);
		await trigger.activate();
		expect(server.emu.state.cmp.reports.get(reportId).callbackMethod).toBe('GET');
		const executionId = await completeExecution(reportId);
		await waitFor(() => trigger.runs.length === 1, 'the GET callback run');
		const callbacks = await callbacksFor(executionId);
		expect(callbacks[0].method).toBe('GET');
		expect(callbacks[0].url).toMatch(/\?reportId=/);
		expect(trigger.runs[0]).toHaveLength(7);
		expect(Object.keys(trigger.runs[0][0].json)).toEqual([
			'OrderId',
			'CustomerName',
			'CustomerCountry',
		]);

		// A file over Max Rows: answered 503 with the reason in n8n's log (delivered once the limit allows it).
		trigger.setParameters({
			reportIds: reportId,
			callbackMethod: 'GET',
			output: 'rows',
			options: { maxRows: 5 },
		});
		const tooLarge = await completeExecution(reportId);
		await waitFor(
			async () => (await callbacksFor(tooLarge)).some((c) => c.status !== null),
			'the callback',
		);
		expect((await callbacksFor(tooLarge)).map((c) => c.status)).toEqual([503]);
		expect(trigger.logs.find((line) => line.includes('more than 5 rows'))).toMatch(
			/Output: File and "Read Rows From File" in a loop/,
		);
		expect(trigger.runs).toHaveLength(1);
		trigger.setParameters({
			reportIds: reportId,
			callbackMethod: 'GET',
			output: 'rows',
			options: { removeBom: true },
		});
		expect(
			(
				await fetch(
					`${server.emu.state.cmp.reports.get(reportId).callbackUrl}?reportId=${reportId}`,
				)
			).status,
		).toBe(200);
		expect(trigger.runs.map((run) => run.length)).toEqual([7, 7]);
		await trigger.deactivate();
		expect(server.emu.state.cmp.reports.get(reportId).callbackUrl).toBeNull();
		await trigger.close();
	});

	test('a callback whose file cannot be fetched is answered 503 (not thrown: n8n would log the secret path); the next one delivers it once', async () => {
		const { reportId, trigger } = await triggerOnNewReport('callback');
		await trigger.activate();
		const { callbackUrl, secret } = trigger.staticData['node:Partner Center Analytics'];
		await server.setFaults({ cutDownloads: 5 }); // every attempt of one download
		const executionId = await completeExecution(reportId);
		await waitFor(
			async () => (await callbacksFor(executionId)).some((c) => c.status !== null),
			'the callback',
		);
		await server.setFaults({});
		expect((await callbacksFor(executionId)).map((c) => c.status)).toEqual([503]);
		expect(trigger.runs).toHaveLength(0);
		const warning = trigger.logs.find((line) => line.includes('could not be fetched yet'));
		expect(warning).toContain(reportId);
		expect(warning).not.toContain(secret);

		const again = await fetch(`${callbackUrl}/${reportId}`, { method: 'POST' });
		expect(again.status).toBe(200);
		expect(trigger.runs).toHaveLength(1);
		await expectRunOf(trigger.runs[0], executionId);
		expect((await fetch(`${callbackUrl}/${reportId}`, { method: 'POST' })).status).toBe(200);
		expect(trigger.runs).toHaveLength(1);
		await trigger.deactivate();
		await trigger.close();
	}, 60000);

	// Deactivation once took any NodeOperationError for "the report is gone" (a configuration error among
	// them), dropped the original callbacks and so never restored them.
	test('a configuration error at deactivation keeps the original callbacks, restored once it is fixed', async () => {
		const original = 'https://example.com/original-callback';
		const { reportId } = await createOrdersReport({
			recurrenceCount: 5,
			options: { callbackUrl: original, callbackMethod: 'GET' },
		});
		const parameters = { watch: 'reportIds', reportIds: reportId };
		const trigger = await freshTriggerHarness({ kind: 'callback', credentials: credentials(), parameters });
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
});

describe('callback trigger with a managed report', () => {
	test('activation creates the report with our callback; deactivation deletes it', async () => {
		const { queryId } = await createOrdersReport();
		const trigger = await freshTriggerHarness({
			kind: 'callback',
			credentials: credentials(),
			parameters: {
				watch: 'managedReport',
				queryId: id(queryId),
				recurrenceInterval: 24,
				recurrenceCount: 10,
				format: 'tsv',
			},
		});
		await trigger.activate();
		const { managedReportId, callbackUrl } = trigger.staticData['node:Partner Center Analytics'];
		const report = server.emu.state.cmp.reports.get(managedReportId);
		expect(report).toMatchObject({ callbackUrl, queryId: lower(queryId), recurrenceInterval: 24, format: 'tsv' });
		expect(await trigger.checkExists()).toBe(true);
		const executionId = await completeExecution(managedReportId);
		await waitFor(() => trigger.runs.length === 1, 'the managed report run');
		expect(executionIdsOf(trigger.runs[0])).toEqual([executionId]);
		expect(lower(trigger.runs[0][0].json.reportId)).toBe(lower(managedReportId));
		expect(trigger.runs[0][0].json.format).toBe('tsv');
		await trigger.deactivate();
		expect(server.emu.state.cmp.reports.has(managedReportId)).toBe(false);
		await trigger.close();
	});

	// The trigger once stored a managed report ID of "undefined" when a create answered no ID.
	test('a managed report whose create answers no ID fails the activation and stores nothing', async () => {
		proxy.answerCreatesWith({ Value: [{ ReportName: 'n8n trigger' }], TotalCount: 1, StatusCode: 200 });
		const trigger = await freshTriggerHarness({
			kind: 'callback',
			credentials: proxy.credentials(),
			parameters: { watch: 'managedReport', queryId: id(SYSTEM_QUERY_ID), recurrenceInterval: 24, recurrenceCount: 10 },
		});
		try {
			await expect(trigger.activate()).rejects.toThrow('Partner Center did not return a reportId for ScheduledReport');
			expect(nodeState(trigger).managedReportId).toBeUndefined();
		} finally {
			await trigger.close();
		}
	});
});

describe('callback trigger pickers', () => {
	// The query picker once had no listSearch method behind it.
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

	// The poll trigger's picker is the same loadOptions method (nodes/shared/methods/loadOptions).
	test('the triggers list the program\'s reports for their picker, by name and status, valued by ID', async () => {
		const h = createHarness({ credentials: credentials() });
		const [report] = await h.run({ resource: 'report', operation: 'create', reportName: 'Picker report', queryId: id(SYSTEM_QUERY_ID), schedule: 'once' });
		const trigger = new PartnerCenterAnalyticsTrigger();
		const options = await trigger.methods.loadOptions.getReports.call(h.createContext({ resource: 'report', operation: 'get' }));
		expect(options).toContainEqual({ name: expect.stringMatching(/^Picker report \(\w+\)$/), value: report.json.reportId });
		expect(options.map((option) => option.name)).toEqual([...options.map((option) => option.name)].sort((x, y) => x.localeCompare(y)));
	});
});

describe('callback registration', () => {
	test('a webhook URL without the secret part is refused with the fix, and nothing is registered', async () => {
		const { registerCallback } = require('../../../nodes/shared/services/callbackRegistration');
		const staticData = {};
		const context = {
			getNode: () => ({ name: 'Partner Center Analytics', type: 'partnerCenterAnalyticsTrigger' }),
			getWorkflowStaticData: () => staticData,
			getNodeWebhookUrl: () => 'https://n8n.example.com/webhook/abc/wf1/:reportId/other',
		};
		const settings = { watch: 'reportIds', listedReportIds: () => [], managedReport: () => ({}) };
		const refusal = await registerCallback(context, settings).catch((error) => error);
		expect({ message: refusal.message, description: refusal.description }).toEqual({
			message: expect.stringContaining('does not end in the ":secret" part'),
			description: expect.stringContaining('compatibility table'),
		});
		expect(staticData).toEqual({});
	});
});
