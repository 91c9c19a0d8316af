/**
 * The poll trigger's starting point when n8n drops a poll's node static data (n8n 2.40.7's durable
 * scheduler: the activation poll's cursor is never committed; without durable cursors a scheduled
 * poll's static data is saved only when it emits; see the harness's `pollEngine`). A file completed
 * after activation, before the first poll whose state n8n keeps, must be delivered, each file exactly
 * once, across a restart; a report dropped and watched again must not replay the files of the gap.
 */
const { useTestEmulator, harnessCredentials } = require('../../helpers/emulator');
const {
	freshTriggerHarness,
	restartedTriggerHarness,
	createRecurringReport,
} = require('../../helpers/triggerFixtures');

const server = useTestEmulator({ executionDelaysMs: { pending: 0, running: 0 } });
const credentials = () => harnessCredentials(server.url);
const lower = (value) => String(value).toLowerCase();
const idsOf = (output) =>
	output === null ? [] : output[0].map((item) => lower(item.json.executionId));

async function completeExecution(reportId) {
	const execution = await server.control('POST', `reports/${reportId}/executions`, { rowCount: 3 });
	return lower(execution.executionId ?? execution.value?.[0]?.executionId);
}

/** Every run's execution IDs, flattened: each file must appear once. */
const delivered = (trigger) => trigger.runs.flat().map((item) => lower(item.json.executionId));

describe.each(['durable', 'scheduler'])('poll engine "%s"', (pollEngine) => {
	test('the first file completed after activation is delivered; each file once, across a restart', async () => {
		const reportId = await createRecurringReport(credentials(), `Poll start ${pollEngine}`);
		const old = await completeExecution(reportId);
		const options = {
			kind: 'poll',
			credentials: credentials(),
			parameters: { reportIds: reportId },
			pollEngine,
		};
		let trigger = await freshTriggerHarness(options);

		expect(await trigger.poll('trigger', { activation: true })).toBeNull();
		const first = await completeExecution(reportId);
		// The first scheduled poll: the file completed after activation is new.
		expect(idsOf(await trigger.poll())).toEqual([first]);
		expect(await trigger.poll()).toBeNull();

		await trigger.close();
		trigger = await restartedTriggerHarness(options, trigger);
		const second = await completeExecution(reportId);
		expect(idsOf(await trigger.poll())).toEqual([second]);
		expect(await trigger.poll()).toBeNull();
		const third = await completeExecution(reportId);
		expect(idsOf(await trigger.poll())).toEqual([third]);
		expect(await trigger.poll()).toBeNull();

		expect(delivered(trigger)).toEqual([second, third]);
		expect([first, second, third]).not.toContain(old);
		await trigger.close();
	});

	test('a poll that returns nothing keeps the starting point: a file completed after several empty polls is new', async () => {
		const reportId = await createRecurringReport(credentials(), `Poll start empty ${pollEngine}`);
		await completeExecution(reportId);
		const trigger = await freshTriggerHarness({
			kind: 'poll',
			credentials: credentials(),
			parameters: { reportIds: reportId },
			pollEngine,
		});
		expect(await trigger.poll('trigger', { activation: true })).toBeNull();
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		const next = await completeExecution(reportId);
		expect(idsOf(await trigger.poll())).toEqual([next]);
		expect(await trigger.poll()).toBeNull();
		await trigger.close();
	});
});

test('durable: a report dropped and watched again does not replay the files completed in between', async () => {
	const reportId = await createRecurringReport(credentials(), 'Poll start rewatch a');
	const otherId = await createRecurringReport(credentials(), 'Poll start rewatch b');
	await completeExecution(reportId);
	const watch = (reportIds) => ({ reportIds });
	const trigger = await freshTriggerHarness({
		kind: 'poll',
		credentials: credentials(),
		parameters: watch(reportId),
		pollEngine: 'durable',
	});
	expect(await trigger.poll('trigger', { activation: true })).toBeNull();
	expect(await trigger.poll()).toBeNull();
	trigger.setParameters(watch(otherId));
	expect(await trigger.poll()).toBeNull();
	const gap = await completeExecution(reportId);
	trigger.setParameters(watch(`${reportId}, ${otherId}`));
	expect(await trigger.poll()).toBeNull(); // the gap's file is history of the report watched again
	const next = await completeExecution(reportId);
	expect(idsOf(await trigger.poll())).toEqual([next]);
	expect(delivered(trigger)).not.toContain(gap);
	await trigger.close();
});

test('durable: the starting point is the one of the activation, not of the first scheduled poll (the bug)', async () => {
	const reportId = await createRecurringReport(credentials(), 'Poll start cursor');
	await completeExecution(reportId);
	const trigger = await freshTriggerHarness({
		kind: 'poll',
		credentials: credentials(),
		parameters: { reportIds: reportId },
		pollEngine: 'durable',
	});
	await trigger.poll('trigger', { activation: true });
	// What makes the bug possible: the activation poll's node state was not kept.
	expect(trigger.cursor?.baselineFor).toBeUndefined();
	const first = await completeExecution(reportId);
	await trigger.poll();
	expect(trigger.cursor.baselineFor).toBe(lower(reportId));
	expect(delivered(trigger)).toEqual([first]);
	await trigger.close();
});
