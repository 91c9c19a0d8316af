/**
 * Both triggers in real n8n-core contexts against the emulator: activation registers the callback,
 * the emulator's real callbacks (and forged ones) reach webhook(), polls ask the executions API;
 * every completed execution is emitted exactly once, across duplicates and restarts.
 */
const crypto = require('crypto');
const { createHarness, readBinary } = require('../../helpers/harness');
const { PROFILE, useTestEmulator, harnessCredentials } = require('../../helpers/emulator');
const {
	freshTriggerHarness,
	restartedTriggerHarness,
	createQueryAndReport,
	waitFor,
} = require('../../helpers/triggerFixtures');

const server = useTestEmulator({ executionDelaysMs: { pending: 50, running: 50 } });
afterEach(() => server.control('POST', 'config', { callbackRepeat: 1 }));

const credentials = () => harnessCredentials(server.url);
const sha256 = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');
const id = (value) => ({ __rl: true, mode: 'id', value });

async function createRecurringReport(extra = {}) {
	const { query, report } = await createQueryAndReport(
		createHarness({ credentials: credentials() }),
		{
			queryName: 'Trigger source',
			query: 'SELECT OrderId, CustomerName, CustomerCountry FROM ISVOrder TIMESPAN LAST_MONTH',
			reportName: 'Weekly orders',
			report: extra,
		},
	);
	return { reportId: report.json.reportId, queryId: query.json.queryId };
}

/** The file as Partner Center (the emulator) made it: BOM included. */
async function servedFile(executionId) {
	const response = await fetch(server.emu.signLink(executionId, {}), {
		headers: { 'accept-encoding': 'identity' },
	});
	return Buffer.from(await response.arrayBuffer());
}

/** Completes the next execution of a report in the emulator; its callback fires on completion. */
async function completeExecution(reportId) {
	const execution = await server.control('POST', `reports/${reportId}/executions`, { rowCount: 7 });
	return execution.executionId ?? execution.value?.[0]?.executionId;
}

const callbacksFor = async (executionId) =>
	(await server.control('GET', 'callbacks')).filter((entry) => entry.executionId === executionId);

/** IDs as the node hands them over: in whatever case Partner Center wrote them (strict profile: capitals). */
const lower = (value) => String(value).toLowerCase();
const executionIdsOf = (run) => run.map((item) => lower(item.json.executionId));
const deliveredIds = (trigger) => Object.keys(trigger.staticData['node:Partner Center Analytics'].delivered).map(lower);

async function expectRunOf(run, executionId) {
	expect(run).toHaveLength(1);
	expect(executionIdsOf(run)).toEqual([executionId]);
	expect(run[0].json).toMatchObject({ format: 'csv', rowCount: 7 });
	expect(sha256(await readBinary(run[0].binary.data))).toBe(sha256(await servedFile(executionId)));
}

/** A new recurring report and a fresh trigger of `kind` watching it (`parameters` on top). */
async function triggerOnNewReport(kind, parameters = {}) {
	const { reportId } = await createRecurringReport();
	const trigger = await freshTriggerHarness({ kind, credentials: credentials(), parameters: { reportIds: reportId, ...parameters } });
	return { reportId, trigger };
}

describe('callback trigger on existing reports', () => {
	test('registers, delivers each file once despite duplicate callbacks, refuses forgeries, survives a restart, restores on deactivation', async () => {
		const { reportId } = await createRecurringReport({
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

describe('callback trigger with a managed report', () => {
	test('activation creates the report with our callback; deactivation deletes it', async () => {
		const { queryId } = await createRecurringReport();
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

describe('poll trigger', () => {
	test('skips history on the first poll, then emits each new file once, oldest first, across restarts', async () => {
		const { reportId } = await createRecurringReport();
		const { reportId: otherId } = await createRecurringReport();
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
		const { reportId } = await createRecurringReport();
		const { reportId: addedId } = await createRecurringReport();
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
		const served = await servedFile(executionId);
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
		const { reportId } = await createRecurringReport();
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
