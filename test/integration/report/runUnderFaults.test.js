/**
 * Report → Run under faults that outlast the transport's retries (issue #7): the wait and the download
 * are bounded by the run's timeout, not by a count of failures. Real n8n-core contexts, emulator over HTTP.
 */
const { createHarness, readBinary } = require('../../helpers/harness');
const { useTestEmulator, clientCredentials } = require('../../helpers/emulator');

const EXECUTIONS_ROUTE = 'GET /ScheduledReport/execution/{reportId}';
const TRANSPORT_ATTEMPTS = 8;

const server = useTestEmulator({ executionDelaysMs: { pending: 0, running: 0 } });
afterEach(() => server.setFaults({}));

const harness = () =>
	createHarness({ credentials: { partnerCenterClientCredentialsApi: clientCredentials(server.url) } });

const runParameters = (options = {}) => ({
	resource: 'report',
	operation: 'run',
	querySource: 'text',
	query: 'SELECT OrderId, CustomerCountry FROM ISVOrder LIMIT 5 TIMESPAN LAST_MONTH',
	options: { pollIntervalSeconds: 1, validateQuery: false, ...options },
});
const run = (h, options = {}) => h.run(runParameters(options));

const { sha256 } = require('../../helpers/triggerFixtures');

/** The stored file equals the emulator's file (its BOM included), byte for byte. */
async function expectWholeFile(item) {
	const link = server.emu.signLink(item.json.executionId, {});
	const response = await fetch(link, { headers: { 'accept-encoding': 'identity' } });
	const served = Buffer.from(await response.arrayBuffer());
	const stored = await readBinary(item.binary.data);
	expect(stored.length).toBe(served.length);
	expect(sha256(stored)).toBe(sha256(served));
}

async function warmUp(h) {
	await h.run({ resource: 'dataset', operation: 'getAll' }); // the token, so faults hit the run itself
}

test('a poll that fails after every retry does not end the wait: the next poll finds the file', async () => {
	const h = harness();
	await warmUp(h);
	// Two polls' worth of throttling: every retry of the first poll and the first of the second.
	await server.setFaults({
		paths: [EXECUTIONS_ROUTE],
		queue: Array(TRANSPORT_ATTEMPTS + 1).fill('429'),
		retryAfterSeconds: 0,
	});
	const [item] = await run(h, { keepQueryAndReport: true });
	await expectWholeFile(item);
	expect(h.logs.some((line) => /after 8 attempts.*polling again until the timeout/.test(line))).toBe(true);
	expect((await server.stats()).faultsInjected['429']).toBe(TRANSPORT_ATTEMPTS + 1);
});

test('polls that keep failing end at the timeout, with the report kept and named, the last failure and its HTTP code', async () => {
	const h = harness();
	await warmUp(h);
	await server.setFaults({ paths: [EXECUTIONS_ROUTE], rate: 1, kinds: ['429'], retryAfterSeconds: 0 });
	// Continue On Fail: the error item keeps what the error says, HTTP code included.
	const [{ json: error }] = await h.run(runParameters({ timeoutMinutes: 0.05 }), [{ json: {} }], { continueOnFail: true });
	await server.setFaults({});
	const reportId = /Report ([0-9a-f-]{36}) was not ready within/i.exec(error.error)?.[1];
	expect(reportId).toBeDefined();
	expect(error.error).toContain('last status: unknown');
	expect(error.description).toContain(`Report ID ${reportId}`);
	expect(error.description).toMatch(/Last failed poll: Partner Center answered 429 .*after 8 attempts/);
	expect(error.httpCode).toBe('429');
	expect(server.emu.state.cmp.reports.has(reportId)).toBe(true);
});

test.each([
	[{ pollIntervalSeconds: 0 }, '"Poll Interval (Seconds)" must be at least 1, got 0', 'Timeout'],
	[{ timeoutMinutes: 0 }, '"Timeout (Minutes)" must be more than 0, got 0', 'Poll Interval'],
])('a bad %j is named alone, before anything is sent', async (options, message, otherField) => {
	const h = harness();
	await warmUp(h);
	const before = (await server.stats()).apiCalls.total;
	const error = await run(h, options).catch((e) => e);
	expect(error.message).toBe(message);
	expect(error.message).not.toContain(otherField);
	expect((await server.stats()).apiCalls.total).toBe(before);
});

test('only failures that outlasted the retries count as transient, never a refusal', async () => {
	const { isTransientError, partnerCenterApiRequest } = require('../../../nodes/shared/transport');
	const h = harness();
	const context = h.createContext({ resource: 'dataset', operation: 'getAll' });
	const request = (endpoint) =>
		partnerCenterApiRequest(context, { method: 'GET', endpoint, itemIndex: 0 }).catch((e) => e);
	await server.setFaults({ paths: ['GET /ScheduledDataset'], rate: 1, kinds: ['429'], retryAfterSeconds: 0 });
	const exhausted = await request('ScheduledDataset');
	await server.setFaults({});
	expect(exhausted.message).toMatch(/after 8 attempts/);
	expect(isTransientError(exhausted)).toBe(true);
	const refused = await request('ScheduledReport/execution/not-a-report');
	expect(refused.httpCode).toBe('404');
	expect(isTransientError(refused)).toBe(false);
	expect(isTransientError(new Error('Partner Center answered 429'))).toBe(false);
}, 120_000);

test('a download cut off more often than the usual attempts still arrives whole within the timeout', async () => {
	const h = harness();
	await warmUp(h);
	await server.setFaults({ cutDownloads: 6 });
	const [item] = await run(h, { timeoutMinutes: 2, keepQueryAndReport: true });
	await expectWholeFile(item);
	const stats = await server.stats();
	expect(stats.faultsInjected.cut).toBeGreaterThanOrEqual(6);
	expect(h.logs.filter((line) => /Download of execution .* failed/.test(line)).length).toBe(6);
});

test('Execution → Download (no run timeout) still stops after 5 attempts and emits no partial file', async () => {
	const h = harness();
	const [kept] = await run(h, { keepQueryAndReport: true });
	await server.setFaults({ cutDownloads: 5 });
	const error = await h
		.run({ resource: 'execution', operation: 'download', reportId: { __rl: true, mode: 'id', value: kept.json.reportId } })
		.catch((e) => e);
	expect(error.message).toMatch(/Could not download the file of report .* \(5 attempts\)/);
	await server.setFaults({});
	const [again] = await h.run({
		resource: 'execution',
		operation: 'download',
		reportId: { __rl: true, mode: 'id', value: kept.json.reportId },
	});
	await expectWholeFile(again);
});
