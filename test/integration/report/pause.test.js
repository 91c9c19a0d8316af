/** Report → Pause against the emulator over HTTP, on every program. */
const { PROGRAMS, id, createReport, useOperationEmulator } = require('../../helpers/operations');

const { server, harness } = useOperationEmulator();

describe.each(PROGRAMS)('Report → Pause on $label', (program) => {
	test('an active report is paused, in the answer and in Partner Center', async () => {
		const h = harness();
		const { reportId } = (await createReport(h, program)).json;
		const [paused] = await h.run({ ...program.params, resource: 'report', operation: 'pause', reportId: id(reportId) });
		expect(paused.json).toMatchObject({ reportId, reportStatus: 'Paused' });
		expect(server.emu.state[program.state].reports.get(reportId).reportStatus).toBe('Paused');
	});
});
