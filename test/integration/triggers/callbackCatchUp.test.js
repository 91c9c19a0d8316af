/**
 * The callback trigger after time away (issue #14), in real n8n-core contexts against the emulator:
 * - a file that completed while n8n was down or the workflow inactive is delivered within about a
 *   minute of activation, exactly once, without waiting for the next callback;
 * - a managed report deleted outside n8n is created again on activation;
 * - the delivery memory has no cap: 7,000 executions are remembered, and exactly those Partner Center
 *   can still list.
 */
const { createHarness } = require('../../helpers/harness');
const { useTestEmulator, harnessCredentials } = require('../../helpers/emulator');
const {
	SYSTEM_QUERY_ID,
	createRecurringReport,
	freshTriggerHarness,
	managedTriggerOptions,
	recurringReportParameters,
	restartedTriggerHarness,
	waitFor,
} = require('../../helpers/triggerFixtures');
const { idKey, idKeys } = require('../../fixtures/ids');

const STATE_KEY = 'node:Partner Center Analytics';
/** The bound: delivered within 90 s of activation. */
const CATCH_UP_MS = 90_000;
const id = (value) => ({ __rl: true, mode: 'id', value });

const server = useTestEmulator({ executionDelaysMs: { pending: 20, running: 20 } });
const credentials = () => harnessCredentials(server.url);

const completeExecution = async (reportId) =>
	(await server.control('POST', `reports/${reportId}/executions`, { rowCount: 3 })).executionId;
const callbacksFor = async (executionId) =>
	(await server.control('GET', 'callbacks')).filter((entry) => entry.executionId === executionId);
/** The executions each run delivered, in comparable form (fixtures/ids: the API may write them in capitals). */
const runIds = (trigger) => trigger.runs.map((run) => idKeys(run.map((item) => item.json.executionId)));

/** Waits until the trigger delivered `executionId` (within CATCH_UP_MS of `since`), then a little more. */
async function expectCaughtUp(trigger, executionId, since) {
	await waitFor(
		() => trigger.runs.flat().some((item) => idKey(item.json.executionId) === idKey(executionId)),
		'the missed file',
		CATCH_UP_MS,
	);
	expect(Date.now() - since).toBeLessThan(CATCH_UP_MS);
	// Nothing more comes of the catch-up, and a late genuine callback finds nothing new.
	await new Promise((resolve) => setTimeout(resolve, 3000));
	expect(runIds(trigger)).toEqual([[idKey(executionId)]]);
	expect(trigger.logs.join('\n')).toMatch(
		/1 file\(s\) that completed while the workflow was not active; delivering them now/,
	);
}

/**
 * An active callback trigger on a new report delivers one file, then n8n goes down, a file completes and
 * Partner Center gives up on its callback; n8n comes back on the same webhook URL. Answers the restarted
 * harness (nothing of it run yet), the missed execution and the one delivered before.
 */
async function restartMissingAFile(name, { startTrigger = false } = {}) {
	const reportId = await createRecurringReport(credentials(), name);
	const options = { kind: 'callback', credentials: credentials(), parameters: { reportIds: reportId } };
	const trigger = await freshTriggerHarness(options);
	await trigger.activate();
	if (startTrigger) await trigger.startTrigger();
	const before = await completeExecution(reportId);
	await waitFor(() => trigger.runs.length === 1, 'the run before the restart');
	await trigger.close();
	const missed = await completeExecution(reportId);
	await waitFor(async () => (await callbacksFor(missed)).length === 3, 'three failed callback attempts');
	expect((await callbacksFor(missed)).every((c) => c.status === null)).toBe(true);
	const restarted = await restartedTriggerHarness(options, trigger, { samePort: true });
	return { restarted, reportId, missed, before };
}

describe('callback trigger catch-up', () => {
	test('n8n restarts (same webhook URL, nothing to register): the file whose callback it missed is delivered within 90 s, once', async () => {
		const { restarted, reportId, missed, before } = await restartMissingAFile('Catch up after restart');
		const since = Date.now();
		expect(await restarted.checkExists()).toBe(true);
		await expectCaughtUp(restarted, missed, since);
		const replay = await fetch(
			`${server.emu.state.cmp.reports.get(reportId).callbackUrl}/${reportId}`,
			{ method: 'POST' },
		);
		expect(replay.status).toBe(200);
		expect(runIds(restarted).flat()).not.toContain(idKey(before));
		expect(runIds(restarted)).toEqual([[idKey(missed)]]);
		await restarted.deactivate();
		await restarted.close();
	}, 150_000);

	test("n8n restarts under its workflow publication service (only the trigger part runs, no webhook method): the missed file is delivered within 90 s, once", async () => {
		const { restarted, missed } = await restartMissingAFile('Catch up under publication', { startTrigger: true });
		const since = Date.now();
		const closeFunction = await restarted.startTrigger();
		await expectCaughtUp(restarted, missed, since);
		await closeFunction();
		await restarted.deactivate();
		await restarted.close();
	}, 150_000);

	test('activation runs both parts (webhook method and trigger part): one catch-up, the file once', async () => {
		const reportId = await createRecurringReport(credentials(), 'Catch up once');
		const options = { kind: 'callback', credentials: credentials(), parameters: { reportIds: reportId } };
		const trigger = await freshTriggerHarness(options);
		await trigger.activate();
		await trigger.deactivate();
		const meanwhile = await completeExecution(reportId);
		const since = Date.now();
		await trigger.activate();
		await trigger.startTrigger();
		await expectCaughtUp(trigger, meanwhile, since);
		expect(trigger.logs.filter((line) => /delivering them now/.test(line))).toHaveLength(1);
		await trigger.deactivate();
		await trigger.close();
	}, 150_000);

	test('once n8n closes the trigger part (stopping the workflow), a callback delivers and records nothing; started again, it delivers', async () => {
		const reportId = await createRecurringReport(credentials(), 'Stopping');
		const trigger = await freshTriggerHarness({ kind: 'callback', credentials: credentials(), parameters: { reportIds: reportId } });
		await trigger.activate();
		const closeFunction = await trigger.startTrigger();
		await closeFunction();
		const held = await completeExecution(reportId);
		await waitFor(async () => (await callbacksFor(held)).length === 3, 'three callback attempts');
		expect((await callbacksFor(held)).map((c) => c.status)).toEqual([503, 503, 503]);
		expect(trigger.runs).toHaveLength(0);
		expect(Object.keys(trigger.staticData[STATE_KEY].delivered ?? {})).toEqual([]);
		expect(trigger.logs.join('\n')).toMatch(/n8n is stopping this workflow/);
		// Started again (n8n activates it again): the file comes with its catch-up or the next callback.
		await trigger.startTrigger();
		const next = await completeExecution(reportId);
		await waitFor(() => trigger.runs.flat().length === 2, 'both files');
		expect(runIds(trigger).flat().sort()).toEqual([idKey(held), idKey(next)].sort());
		await trigger.deactivate();
		await trigger.close();
	}, 150_000);

	test('the workflow was inactive: the file completed meanwhile is delivered within 90 s of activation, once (GET callbacks)', async () => {
		const reportId = await createRecurringReport(credentials(), 'Catch up after pause');
		const trigger = await freshTriggerHarness({
			kind: 'callback',
			credentials: credentials(),
			parameters: { reportIds: reportId, callbackMethod: 'GET' },
		});
		await trigger.activate();
		await trigger.deactivate();
		// Inactive: the report's callback is its own again, nobody tells n8n.
		const meanwhile = await completeExecution(reportId);
		const since = Date.now();
		await trigger.activate();
		await expectCaughtUp(trigger, meanwhile, since);
		await trigger.deactivate();
		await trigger.close();
	}, 150_000);
});

test('a managed report deleted outside n8n is created again on activation, and that is logged', async () => {
	const options = managedTriggerOptions(credentials());
	const trigger = await freshTriggerHarness(options);
	await trigger.activate();
	const deleted = trigger.staticData[STATE_KEY].managedReportId;
	await createHarness({ credentials: credentials() }).run({
		resource: 'report',
		operation: 'delete',
		reportId: id(deleted),
	});
	await trigger.close();

	const restarted = await restartedTriggerHarness(options, trigger, { samePort: true });
	expect(await restarted.checkExists()).toBe(false);
	expect(await restarted.activate()).toBe(true);
	const { managedReportId, callbackUrl } = restarted.staticData[STATE_KEY];
	expect(managedReportId).not.toBe(deleted);
	expect(server.emu.state.cmp.reports.get(managedReportId)).toMatchObject({
		callbackUrl,
		queryId: SYSTEM_QUERY_ID,
	});
	expect(restarted.logs.join('\n')).toContain(
		`the managed report ${deleted} was deleted outside n8n; creating it again`,
	);
	await restarted.deactivate();
	expect(server.emu.state.cmp.reports.has(managedReportId)).toBe(false);
	await restarted.close();
});

test('7,000 executions: all remembered (no cap), nothing delivered twice; exactly what Partner Center still lists is kept', async () => {
	const h = createHarness({ credentials: credentials() });
	const [report] = await h.run(
		recurringReportParameters('Seven thousand', SYSTEM_QUERY_ID, { recurrenceCount: 8000 }),
	);
	const { reportId } = report.json;
	const history = [];
	for (let i = 0; i < 7000; i++)
		history.push(server.emu.runExecution(reportId, { rowCount: 1 }).executionId);

	// Both triggers take the 7,000 existing files as history.
	const poll = await freshTriggerHarness({
		kind: 'poll',
		credentials: credentials(),
		parameters: { reportIds: reportId },
	});
	const callback = await freshTriggerHarness({
		kind: 'callback',
		credentials: credentials(),
		parameters: { reportIds: reportId },
	});
	expect(await poll.poll()).toBeNull();
	await callback.activate();
	for (const trigger of [poll, callback]) {
		expect(idKeys(Object.keys(trigger.staticData[STATE_KEY].delivered)).sort()).toEqual(
			idKeys(history).sort(),
		);
	}

	// The next file: exactly that one, from each trigger (none of the 7,000 again).
	const next = await completeExecution(reportId);
	await waitFor(() => callback.runs.length === 1, 'the callback run', 60_000);
	expect(runIds(callback)).toEqual([[idKey(next)]]);
	expect(idKeys((await poll.poll())[0].map((item) => item.json.executionId))).toEqual([idKey(next)]);
	expect(await poll.poll()).toBeNull();

	// 1,000 executions pass Partner Center's 90 days: no longer listed, so no longer remembered.
	const aged = new Set(history.slice(0, 1000));
	for (const execution of server.emu.state.cmp.executions.values()) {
		if (aged.has(execution.executionId)) execution.createdAt -= 91 * 24 * 3600 * 1000;
	}
	const listed = idKeys([...history.slice(1000), next]).sort();
	expect(await poll.poll()).toBeNull();
	const replay = await fetch(
		`${server.emu.state.cmp.reports.get(reportId).callbackUrl}/${reportId}`,
		{ method: 'POST' },
	);
	expect(await replay.json()).toEqual({ message: 'Nothing new for this report' });
	for (const trigger of [poll, callback]) {
		expect(idKeys(Object.keys(trigger.staticData[STATE_KEY].delivered)).sort()).toEqual(listed);
	}
	expect(runIds(callback)).toEqual([[idKey(next)]]);
	await callback.deactivate();
	await Promise.all([poll.close(), callback.close()]);
}, 240_000);
