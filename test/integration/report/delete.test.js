/** Report → Delete against the emulator over HTTP, on every program: the report is gone, its query kept. */
const { PROGRAMS, id, createReport, useOperationEmulator } = require('../../helpers/operations');

const { server, harness } = useOperationEmulator();

describe.each(PROGRAMS)('Report → Delete on $label', (program) => {
	test('deletes the report and says which one; its query stays', async () => {
		const h = harness();
		const { reportId, queryId } = (await createReport(h, program)).json;
		const [deleted] = await h.run({ ...program.params, resource: 'report', operation: 'delete', reportId: id(reportId) });
		expect(deleted.json).toMatchObject({ deleted: true, reportId });
		expect(server.emu.state[program.state].reports.has(reportId)).toBe(false);
		expect(server.emu.state[program.state].queries.has(queryId)).toBe(true);
	});
});
