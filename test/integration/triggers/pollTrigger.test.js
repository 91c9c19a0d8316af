/**
 * The poll trigger (nodes/PartnerCenterAnalyticsPollTrigger) in real n8n-core contexts against the
 * emulator: polls ask the executions API; every completed execution is emitted exactly once, oldest
 * first, across restarts. Its starting point when n8n drops a poll's static data: pollStart.test.js.
 */
const { readBinary } = require('../../helpers/harness');
const { PROFILE } = require('../../helpers/emulator');
const {
	freshTriggerHarness,
	restartedTriggerHarness,
	useTriggerEmulator,
} = require('../../helpers/triggerFixtures');

const suite = useTriggerEmulator();
const { server, credentials, sha256, createOrdersReport, completeExecution } = suite;
const { lower, executionIdsOf, expectRunOf, triggerOnNewReport } = suite;
const deliveredIds = (trigger) => Object.keys(trigger.staticData['node:Partner Center Analytics'].delivered).map(lower);

describe('poll trigger', () => {
	test('skips history on the first poll, then emits each new file once, oldest first, across restarts', async () => {
		const { reportId } = await createOrdersReport();
		const { reportId: otherId } = await createOrdersReport();
		const options = {
			kind: 'poll',
			credentials: credentials(),
			parameters: { reportIds: `${reportId}, ${otherId}` },
		};
		const old = await completeExecution(reportId);
		let trigger = await freshTriggerHarness(options);

		// The editor's test button shows the latest file without changing what counts as delivered.
		const [manual] = await trigger.poll('manual');
		expect(executionIdsOf(manual)).toEqual([old]);

		const before = await server.stats();
		expect(await trigger.poll()).toBeNull();
		const after = await server.stats();
		// One executions request for both reports (one per report where `;`-lists are refused: strict profile).
		expect(after.apiCalls.total - before.apiCalls.total).toBe(PROFILE === 'strict' ? 2 : 1);
		expect(await trigger.poll()).toBeNull();

		const first = await completeExecution(reportId);
		const [run1] = await trigger.poll();
		await expectRunOf(run1, first);
		expect(await trigger.poll()).toBeNull();

		// Two files completed between polls, on two reports: both, oldest first.
		const second = await completeExecution(otherId);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const third = await completeExecution(reportId);
		const [run2] = await trigger.poll();
		expect(executionIdsOf(run2)).toEqual([second, third]);

		// Restart: only static data survives.
		trigger = await restartedTriggerHarness(options, trigger);
		expect(await trigger.poll()).toBeNull();
		const fourth = await completeExecution(otherId);
		const [run3] = await trigger.poll();
		await expectRunOf(run3, fourth);
		await trigger.close();
	});

	test('adding or reordering Report IDs keeps the undelivered files of reports already watched; only a new report starts with history', async () => {
		const { reportId } = await createOrdersReport();
		const { reportId: addedId } = await createOrdersReport();
		const trigger = await freshTriggerHarness({
			kind: 'poll',
			credentials: credentials(),
			parameters: { reportIds: reportId },
		});
		await completeExecution(reportId);
		expect(await trigger.poll()).toBeNull(); // history
		const pending = await completeExecution(reportId); // completes while the list is edited
		const addedHistory = await completeExecution(addedId);
		trigger.setParameters({ reportIds: `${addedId}, ${reportId}` });
		const [run] = await trigger.poll();
		expect(executionIdsOf(run)).toEqual([pending]);
		expect(deliveredIds(trigger)).toContain(addedHistory);
		trigger.setParameters({ reportIds: `${reportId}, ${addedId}` });
		const next = await completeExecution(addedId);
		const [run2] = await trigger.poll();
		expect(executionIdsOf(run2)).toEqual([next]);
		await trigger.close();
	});

	test('a failed download is retried at the next poll, not skipped', async () => {
		const { reportId, trigger } = await triggerOnNewReport('poll');
		expect(await trigger.poll()).toBeNull();
		const executionId = await completeExecution(reportId);
		await server.control('POST', 'config', { linkTtlSeconds: -60 });
		await expect(trigger.poll()).rejects.toThrow(/Could not download/);
		await server.control('POST', 'config', { linkTtlSeconds: 3600 });
		const [run] = await trigger.poll();
		await expectRunOf(run, executionId);
		await trigger.close();
	});

	test('File output keeps the BOM unless Remove BOM; Rows output over Max Rows fails, and is delivered once the limit allows it', async () => {
		const { reportId, trigger } = await triggerOnNewReport('poll', { options: { removeBom: true } });
		expect(await trigger.poll()).toBeNull();
		const executionId = await completeExecution(reportId);
		const [run] = await trigger.poll();
		const served = await server.servedFile(executionId);
		expect(served.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(sha256(await readBinary(run[0].binary.data))).toBe(sha256(served.subarray(3)));

		trigger.setParameters({ reportIds: reportId, output: 'rows', options: { maxRows: 6 } });
		const seven = await completeExecution(reportId);
		await expect(trigger.poll()).rejects.toThrow(
			/^The file has more than 6 rows, the most Output: Rows gives \("Max Rows"\): read it with Output: File and "Read Rows From File" in a loop/,
		);
		trigger.setParameters({ reportIds: reportId, output: 'rows', options: { maxRows: 7 } });
		const [rows] = await trigger.poll();
		expect(rows).toHaveLength(7);
		expect(Object.keys(rows[0].json)).toEqual(['OrderId', 'CustomerName', 'CustomerCountry']);
		expect(deliveredIds(trigger)).toContain(seven);
		await trigger.close();
	});

	test('emitExisting replays the last 90 days on the first poll; bad report ids are named', async () => {
		const { reportId } = await createOrdersReport();
		const existing = await completeExecution(reportId);
		const trigger = await freshTriggerHarness({
			kind: 'poll',
			credentials: credentials(),
			parameters: { reportIds: reportId, options: { emitExisting: true } },
		});
		const [run] = await trigger.poll();
		expect(executionIdsOf(run)).toEqual([existing]);
		trigger.setParameters({ reportIds: 'abc, def' });
		await expect(trigger.poll()).rejects.toThrow(/"More Reports to Watch, by ID \(Comma-Separated\)" must be report IDs .*"abc"/);
		await trigger.close();
	});
});
