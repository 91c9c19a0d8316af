/** Report → Get against the emulator over HTTP, on every program. */
const { PROGRAMS, id, createReport, useOperationEmulator } = require('../../helpers/operations');

const { harness } = useOperationEmulator();

describe.each(PROGRAMS)('Report → Get on $label', (program) => {
	test('answers the report by its ID, as created', async () => {
		const h = harness();
		const created = await createReport(h, program);
		const [fetched] = await h.run({ ...program.params, resource: 'report', operation: 'get', reportId: id(created.json.reportId) });
		expect(fetched.json).toMatchObject({ reportId: created.json.reportId, reportName: 'Integration report', queryId: created.json.queryId });
	});
});
