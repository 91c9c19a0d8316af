/** Execution → Get Many against the emulator over HTTP: the executions of a report, an empty list before the first. */
const { id, runText, createOrdersReport, useOperationEmulator } = require('../../helpers/operations');

const { harness } = useOperationEmulator();

test('lists the executions of a report without link signatures', async () => {
	const h = harness();
	const [item] = await h.run(runText({ keepQueryAndReport: true }));
	const executions = await h.run({
		resource: 'execution',
		operation: 'getAll',
		reportId: id(item.json.reportId),
		options: { executionStatus: ['Completed', 'Pending'], latestOnly: false },
	});
	expect(executions.map((e) => e.json.executionId)).toEqual([item.json.executionId]);
	expect(executions[0].json.reportAccessSecureLink).toMatch(/\/_files\/.+\.csv$/);
	expect(JSON.stringify(executions)).not.toMatch(/sig=|se=/);
});

test('before the first run it is an empty list, not the 404', async () => {
	const h = harness();
	const reportId = await createOrdersReport(h, 'Never ran', { startInHours: 8 });
	expect(await h.run({ resource: 'execution', operation: 'getAll', reportId: id(reportId) })).toEqual([]);
});
