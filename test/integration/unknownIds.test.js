/**
 * An ID Partner Center does not know is answered the same way for every entity, over HTTP against the
 * emulator: the entity, the ID, the program and version looked in, and where to find the IDs.
 */
const { createHarness } = require('../helpers/harness');
const { useTestEmulator, harnessCredentials } = require('../helpers/emulator');
const { id, createOrdersReport } = require('../helpers/operations');

const server = useTestEmulator({ executionDelaysMs: { pending: 0, running: 0 } });
const harness = () => createHarness({ credentials: harnessCredentials(server.url) });
const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';

/** The error a run fails with (a run that succeeds fails the test). */
async function failure(h, parameters) {
	const error = await h.run(parameters).then(
		() => undefined,
		(thrown) => thrown,
	);
	expect(error).toBeInstanceOf(Error);
	return error;
}

describe('unknown IDs', () => {
	test.each([
		['commercial marketplace v1.1', { program: 'commercialMarketplace', apiVersion: 'v1.1' }],
		['partner insights v1', { program: 'partnerInsights', authentication: 'password' }],
	])('Query → Get in %s names the query, the ID, the program and Query → Get Many', async (where, params) => {
		const error = await failure(harness(), { ...params, resource: 'query', operation: 'get', queryId: id(UNKNOWN) });
		expect(error.message).toBe(
			`No query with ID '${UNKNOWN}' in ${where}. Pick one from the list, or use Query → Get Many to see the IDs.`,
		);
		// Not the transport's raw 404, whose hint is about report executions.
		expect(error.description).not.toMatch(/executions/);
		expect(error.description).toMatch(/check the Program/);
	});

	test('Report → Get names the report and Report → Get Many', async () => {
		const error = await failure(harness(), { resource: 'report', operation: 'get', reportId: id(UNKNOWN) });
		expect(error.message).toBe(
			`No report with ID '${UNKNOWN}' in commercial marketplace v1.1. Pick one from the list, or use Report → Get Many to see the IDs.`,
		);
	});

	test('Execution → Download of an unknown execution names it, its report and Execution → Get Many; of an unknown report, the report', async () => {
		const h = harness();
		const reportId = await createOrdersReport(h, 'Unknown ids', { query: 'SELECT OrderId, CustomerName FROM ISVOrder' });
		await server.control('POST', `reports/${reportId}/executions`, { rowCount: 3 });
		const download = (ofReport) =>
			failure(h, {
				resource: 'execution',
				operation: 'download',
				reportId: id(ofReport),
				options: { executionId: UNKNOWN },
			});
		const unknownExecution = await download(reportId);
		expect(unknownExecution.message).toBe(
			`No execution with ID '${UNKNOWN}' among the completed executions of report '${reportId}' in commercial marketplace v1.1. Pick one from the list, or use Execution → Get Many to see the IDs.`,
		);
		const unknownReport = await download(UNKNOWN);
		expect(unknownReport.message).toBe(
			`No report with ID '${UNKNOWN}' in commercial marketplace v1.1. Pick one from the list, or use Report → Get Many to see the IDs.`,
		);
	});
});
