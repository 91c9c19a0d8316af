/**
 * In-process repro (n8n-core contexts) of what Report → Run does when a request's retry budget is used
 * up while it waits for the file — seen once in the chaos run at a 50 % fault rate: the item failed
 * with n8n's generic "The connection to the server was closed unexpectedly…" and the run-once report
 * and its query stayed in Partner Center.
 *
 * Two problems, both marked `test.failing` until fixed:
 * 1. transport toNodeError() writes "connection failed (ECONNRESET)" into the message; n8n-workflow's
 *    NodeApiError replaces any message that contains a Node error code (ECONNRESET, ETIMEDOUT,
 *    ECONNREFUSED, …) with its generic text, so the operation, the attempt count and "Partner Center"
 *    are lost. Fix: word the code differently in the message (e.g. "the connection was reset") or put
 *    it in the description.
 * 2. report.run execute() deletes the temporary report/query only after a successful download; an error
 *    while waiting or downloading leaves both behind and, unlike the timeout, does not name the report.
 *    Fix: try/finally around waitForCompletion + download (clean up, or name the report ID in the error
 *    description as the timeout does).
 */
const { createHarness } = require('../helpers/harness');
const { startTestEmulator, clientCredentials } = require('../helpers/emulator');

let server;
beforeAll(async () => {
	server = await startTestEmulator({ executionDelaysMs: { pending: 0, running: 0 } });
});
afterAll(() => server.stop());

const harness = () =>
	createHarness({
		credentials: { partnerCenterClientCredentialsApi: clientCredentials(server.url) },
	});

async function runWithResetsWhileWaiting() {
	const h = harness();
	await h.run({ resource: 'dataset', operation: 'getAll' }); // token first
	await server.setFaults({
		paths: ['GET /ScheduledReport/execution/{reportId}'],
		queue: Array(8).fill('reset'),
	});
	let error;
	try {
		await h.run({
			resource: 'report',
			operation: 'run',
			querySource: 'text',
			query: 'SELECT OrderId, CustomerCountry FROM ISVOrder LIMIT 5 TIMESPAN LAST_MONTH',
			options: { pollIntervalSeconds: 1, validateQuery: false },
		});
	} catch (e) {
		error = e;
	}
	await server.setFaults({});
	const leftover = [...server.emu.state.cmp.reports.values()].filter((r) => r.executeNow);
	return { error, leftover };
}

let outcome;
beforeAll(async () => {
	outcome = await runWithResetsWhileWaiting();
}, 120_000);

test('the run fails after the retries (8 attempts), it does not hang or emit anything', () => {
	expect(outcome.error).toBeDefined();
});

test(
	'the error says which Partner Center request failed and after how many attempts',
	() => {
		expect(outcome.error.message).toMatch(
			/Partner Center .*GET ScheduledReport\/execution\/.*after 8 attempts/,
		);
	},
);

test(
	'the temporary report is deleted, or named in the error so that nothing is lost',
	() => {
		const named = outcome.leftover.every((r) =>
			`${outcome.error.message} ${outcome.error.description ?? ''}`.includes(r.reportId),
		);
		expect(outcome.leftover.length === 0 || named).toBe(true);
	},
);
