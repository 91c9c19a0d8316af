/** Report → Resume against the emulator over HTTP, on every program. */
const { PROGRAMS, id, createReport, useOperationEmulator } = require('../../helpers/operations');

const { server, harness } = useOperationEmulator();

describe.each(PROGRAMS)('Report → Resume on $label', ({ params, ...program }) => {
	test('a paused report is active again', async () => {
		const h = harness();
		const { reportId } = (await createReport(h, { params, ...program })).json;
		const report = (operation) => h.run({ ...params, resource: 'report', operation, reportId: id(reportId) });
		await report('pause');
		const [resumed] = await report('resume');
		expect(resumed.json.reportStatus).toBe('Active');
		expect(server.emu.state[program.state].reports.get(reportId).reportStatus).toBe('Active');
	});
});
