/**
 * In-process repro (n8n-core contexts, test/helpers/triggerHarness.js) of a lost update of the callback
 * trigger's delivery log under concurrent callbacks.
 *
 * n8n 2.40.7 runs each webhook request on its own copy of the workflow's static data: it loads the
 * workflow from the DB (LiveWebhooks.executeWebhook → loadWebhookExecutionData), runs webhook(), then
 * WorkflowStaticDataService.saveStaticData() writes the WHOLE staticData column back (an UPDATE …
 * SET staticData = <this request's copy>). The trigger serialises callbacks of one workflow with an
 * in-process lock and keeps a process-wide mirror of delivered ids, so no duplicate is emitted while the
 * process lives. But two callbacks that arrive together (two reports of one workflow, or a duplicate
 * callback) both load the log before either saved it: the one that saves last writes its copy, which
 * lacks the other's delivery. After a restart the mirror is gone and the next callback for that report
 * emits the file again.
 *
 * The harness loads and saves static data per request exactly like that (withWorkflow()).
 */
const { useTestEmulator, clientCredentials } = require('../../helpers/emulator');
const { idKeys } = require('../../fixtures/ids');
const {
	createRecurringReport,
	freshTriggerHarness,
	restartedTriggerHarness,
	waitFor,
} = require('../../helpers/triggerFixtures');

const server = useTestEmulator({ executionDelaysMs: { pending: 0, running: 0 } });

const credentials = () => ({ partnerCenterClientCredentialsApi: clientCredentials(server.url) });
const STATE_KEY = 'node:Partner Center Analytics';




// n8n saves each webhook request's own copy of static data: the trigger merges its process-wide
// delivery memory into every copy it saves, so the last one saved is complete.
test(
	'two callbacks of one workflow arriving together: both deliveries survive in the saved static data (and a restart re-delivers nothing)',
	async () => {
		const reportA = await createRecurringReport(credentials(), 'Race A');
		const reportB = await createRecurringReport(credentials(), 'Race B');
		const options = {
			kind: 'callback',
			credentials: credentials(),
			parameters: { watch: 'reportIds', reportIds: `${reportA}, ${reportB}` },
		};
		const trigger = await freshTriggerHarness(options);
		await trigger.activate();

		// Both reports complete a file; Partner Center calls back for both at the same moment (both
		// callbacks are held back 300 ms, so they arrive together).
		await server.control('POST', 'config', { callbackDelayMs: 300 });
		const a = await server.control('POST', `reports/${reportA}/executions`, { rowCount: 3 });
		const b = await server.control('POST', `reports/${reportB}/executions`, { rowCount: 4 });
		await waitFor(
			() => trigger.runs.length === 2,
			'the two emulator callbacks to deliver both files',
			20000,
		);
		await server.control('POST', 'config', { callbackDelayMs: 0 });
		const delivered = trigger.runs.flat().map((item) => item.json.executionId);
		expect(idKeys(delivered).sort()).toEqual(idKeys([a.executionId, b.executionId]).sort());

		const saved = Object.keys(trigger.staticData[STATE_KEY].delivered || {});
		await trigger.close();

		// Restart: only the saved static data survives; each report calls back once more.
		const restarted = await restartedTriggerHarness(options, trigger);
		await restarted.activate();
		const url = restarted.staticData[STATE_KEY].callbackUrl;
		for (const reportId of [reportA, reportB])
			await fetch(`${url}/${reportId}`, { method: 'POST' });
		const redelivered = restarted.runs.flat().map((item) => item.json.executionId);
		await restarted.close();

		expect({ savedDeliveryLog: idKeys(saved).sort(), redeliveredAfterRestart: redelivered }).toEqual({
			savedDeliveryLog: idKeys([a.executionId, b.executionId]).sort(),
			redeliveredAfterRestart: [],
		});
	},
);
