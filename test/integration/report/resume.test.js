/** Report → Resume against the emulator over HTTP, on every program. */
const { PROGRAMS, id, createReport, useOperationEmulator } = require('../../helpers/operations');

const { server, harness } = useOperationEmulator();

describe.each(PROGRAMS)('Report → Resume on $label', (program) => {
	test('a paused report is active again', async () => {
		const h = harness();
		const { reportId } = (await createReport(h, program)).json;
		// Paused in the emulator itself, so that this file depends on Resume alone (Pause: pause.test.js).
		server.emu.state[program.state].reports.get(reportId).reportStatus = 'Paused';
		const [resumed] = await h.run({ ...program.params, resource: 'report', operation: 'resume', reportId: id(reportId) });
		expect(resumed.json.reportStatus).toBe('Active');
		expect(server.emu.state[program.state].reports.get(reportId).reportStatus).toBe('Active');
	});
});
