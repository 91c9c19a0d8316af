/**
 * Report → Create against the emulator over HTTP: a recurring report on every program with the options
 * as sent, the local checks that stop a bad report before anything is sent, Partner Center's answer
 * to a query ID it does not know, and a create answered without the report's ID.
 */
const { PROGRAMS, id, inHours, createQuery, createReport, routeCallsDuring, useOperationEmulator } = require('../../helpers/operations');
const { SYSTEM_QUERY_ID, recurringReportParameters } = require('../../helpers/triggerFixtures');
const { createHarness } = require('../../helpers/harness');
const { useCreateAnswerProxy } = require('../../helpers/createAnswerProxy');
const { GUID } = require('../../fixtures/ids');

const { server, harness } = useOperationEmulator();
const proxy = useCreateAnswerProxy(server);

describe.each(PROGRAMS)('Report → Create on $label', (program) => {
	const { params, interval } = program;

	test('creates a recurring report of the query with its format, description and callback, active', async () => {
		const created = await createReport(harness(), program, {
			options: { format: 'tsv', description: 'first', callbackUrl: 'https://example.com/hook', callbackMethod: 'GET' },
		});
		expect(created.json).toMatchObject({
			reportName: 'Integration report',
			reportStatus: 'Active',
			recurrenceCount: 5,
			description: 'first',
		});
		expect(String(created.json.format).toLowerCase()).toBe('tsv');
		// UTC, with the Z or (as some doc examples write it, strict profile) without.
		expect(created.json.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?$/);
		expect(server.emu.state[program.state].reports.has(created.json.reportId)).toBe(true);
	});

	test('local checks stop a bad report before anything is sent', async () => {
		const h = harness();
		const queryId = await createQuery(h, program, 'Checks source');
		const base = { ...params, ...recurringReportParameters('Bad report', queryId, { recurrenceCount: 3 }) };
		const lowest = interval.programMin ?? interval.min;
		const cases = [
			[
				{ startTime: inHours(1) },
				/"Start Time" \(.*\) must be at least 4 hours from now .*earliest allowed is \d{4}-\d\d-\d\d \d\d:\d\d [\w/]+ \((\d{4}-\d\d-\d\d )?\d\d:\d\d UTC\)$/,
			],
			[{ startTime: 'next tuesday' }, /"Start Time" must be a date and time/],
			[{ recurrenceInterval: lowest - 1 }, new RegExp(`"Recurrence Interval \\(Hours\\)" must be .* between ${lowest} and ${interval.max}`)],
			[{ recurrenceInterval: interval.max + 1 }, /"Recurrence Interval \(Hours\)" must be/],
			[{ recurrenceInterval: 24.5 }, /whole number of hours/],
			[{ recurrenceEnd: 'endTime', endTime: inHours(5) }, /"End Time" .* must be after "Start Time"/],
			[{ recurrenceCount: 0 }, /"Recurrence Count" must be a whole number of 1 or more/],
			[{ options: { format: 'xlsx' } }, /"Format" must be csv or tsv/],
			[{ options: { callbackUrl: 'not a url' } }, /"Callback URL" must be an absolute http\(s\) URL/],
			[{ options: { queryStartTime: inHours(-48) } }, /apply only to run-once reports/],
			[{ reportName: '  ' }, /"Report Name" is empty/],
			[{ queryId: id('not-an-id') }, /"Query" must be a Partner Center query ID/],
		].filter(([change]) => change.recurrenceInterval !== 0);
		const before = (await server.stats()).apiCalls.total;
		const calls = await routeCallsDuring(server, ['POST /ScheduledReport'], async () => {
			for (const [change, message] of cases) await expect(h.run({ ...base, ...change })).rejects.toThrow(message);
		});
		expect(calls).toEqual({ 'POST /ScheduledReport': 0 });
		expect((await server.stats()).apiCalls.total).toBe(before);
	});
});

test("a query ID Partner Center does not know: its 400 Invalid QueryId reaches the user", async () => {
	await expect(
		harness().run({
			resource: 'report',
			operation: 'create',
			reportName: 'x',
			queryId: id('00000000-0000-0000-0000-000000000000'),
			schedule: 'once',
		}),
	).rejects.toThrow(/400 to POST ScheduledReport: Invalid QueryId/);
});

test('Report → Create answers the created report, and refuses an answer without its ID', async () => {
	const h = createHarness({ credentials: proxy.credentials() });
	const parameters = { resource: 'report', operation: 'create', reportName: 'Once', queryId: id(SYSTEM_QUERY_ID), schedule: 'once' };
	const [created] = await h.run(parameters);
	expect(created.json.reportId).toMatch(GUID);
	proxy.answerCreatesWith({ Value: [{ ReportName: 'Once' }], StatusCode: 200 });
	await expect(h.run(parameters)).rejects.toThrow('did not return a reportId');
});
