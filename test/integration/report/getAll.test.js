/** Report → Get Many against the emulator over HTTP, on every program. */
const { PROGRAMS, createReport, useOperationEmulator } = require('../../helpers/operations');

const { harness } = useOperationEmulator();

describe.each(PROGRAMS)('Report → Get Many on $label', (program) => {
	test('the Query ID filter lists exactly the reports of that query', async () => {
		const h = harness();
		const created = await createReport(h, program);
		const { queryId, reportId } = created.json;
		const many = await h.run({ ...program.params, resource: 'report', operation: 'getAll', returnAll: true, options: { queryId } });
		expect(many.map((item) => item.json.reportId)).toEqual([reportId]);
	});
});
