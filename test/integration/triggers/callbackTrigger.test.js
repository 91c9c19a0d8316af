/**
 * The callback trigger (nodes/PartnerCenterAnalyticsTrigger) in real n8n-core contexts against the
 * emulator: activation registers the callback, the emulator's real callbacks (and forged ones) reach
 * webhook(); every completed execution is emitted exactly once, across duplicates and restarts.
 * Time away, races and the poll trigger: callbackCatchUp, callbackRace, pollTrigger, pollStart beside it.
 */
const {
	freshTriggerHarness,
	restartedTriggerHarness,
	useTriggerEmulator,
	waitFor,
} = require('../../helpers/triggerFixtures');

const {
	server,
	credentials,
	createOrdersReport,
	completeExecution,
	lower,
	executionIdsOf,
	expectRunOf,
	triggerOnNewReport,
} = useTriggerEmulator();
const id = (value) => ({ __rl: true, mode: 'id', value });

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
});
