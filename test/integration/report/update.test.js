/**
 * Report → Update against the emulator over HTTP, under both readings of the docs where they differ
 * (emulator/README.md "Readings": a start time already past, the RecurrenceCount an update sends, and
 * timestamps written without a zone). Each reading is set on the emulator explicitly, so this file checks
 * both whatever the profile it runs under; and the fields an update changes on every program. The
 * callback secret in Update's output and errors: test/integration/security.test.js.
 */
const { freshTriggerHarness } = require('../../helpers/triggerFixtures');
const { HOUR, V1, id, readingsOf, useReadingsEmulator } = require('../../helpers/reportReadings');
const { PROGRAMS, createReport: createProgramReport } = require('../../helpers/operations');

const { server, credentials, harness, reportIn, createReport, startedHoursAgo } = useReadingsEmulator();

describe.each(PROGRAMS)('Report → Update on $label', (program) => {
	test('changes the fields given and keeps the others', async () => {
		const h = harness();
		const { reportId } = (await createProgramReport(h, program)).json;
		const [updated] = await h.run({
			...program.params,
			resource: 'report',
			operation: 'update',
			reportId: id(reportId),
			updateFields: { description: 'second', recurrenceInterval: program.interval.max },
		});
		expect(updated.json).toMatchObject({ description: 'second', recurrenceInterval: program.interval.max, reportName: 'Integration report' });
	});
});

describe.each(readingsOf('updateStartTime'))('an update that keeps a start time already past — %s', (_label, reading) => {
	beforeEach(() => server.setConfig({ updateStartTime: reading }));

	test('Report → Update changes the name; a refused past start moves to the next slot ≥ 4 h ahead', async () => {
		const h = harness();
		const reportId = await createReport(h);
		const past = startedHoursAgo('cmp', reportId, 10);
		const [updated] = await h.run({ resource: 'report', operation: 'update', reportId: id(reportId), updateFields: { reportName: 'Renamed' } });
		const report = reportIn('cmp', reportId);
		expect(report.reportName).toBe('Renamed');
		if (reading === 'unchangedAllowed') {
			expect(updated.json.startTimeMovedTo).toBeUndefined();
			expect(report.startTimeMs).toBe(past);
			return;
		}
		const moved = Date.parse(updated.json.startTimeMovedTo);
		expect(report.startTimeMs).toBe(moved);
		// A run of the report's own schedule (every 4 h from its start), the first one 4 h ahead.
		expect((moved - past) % (4 * HOUR)).toBe(0);
		expect(moved).toBeGreaterThanOrEqual(Date.now() + 4 * HOUR);
		expect(moved).toBeLessThan(Date.now() + 8 * HOUR + 5 * 60 * 1000);
		expect(h.logs.join('\n')).toContain(`now starts at ${updated.json.startTimeMovedTo}`);
	});

	test('the callback trigger activates and deactivates on a report whose start has passed', async () => {
		const reportId = await createReport(harness());
		startedHoursAgo('cmp', reportId, 10);
		const trigger = await freshTriggerHarness({ kind: 'callback', credentials: credentials(), parameters: { reportIds: reportId } });
		try {
			expect(await trigger.activate()).toBe(true);
			expect(reportIn('cmp', reportId).callbackUrl).toContain(trigger.callbackBase);
			expect(await trigger.deactivate()).toBe(true);
			expect(reportIn('cmp', reportId).callbackUrl).toBeNull();
		} finally {
			await trigger.close();
		}
	});
});

describe.each(readingsOf('updateRecurrenceCount'))('RecurrenceCount of an update: runs remaining or the whole schedule — %s', (_label, reading) => {
	beforeEach(() => server.setConfig({ updateRecurrenceCount: reading }));

	// 10 runs at the start: after 3 runs 7 are left, after 7 runs 3 (more made than are left).
	test.each([
		['commercial marketplace v1.1', {}, 3, 7],
		['commercial marketplace v1', V1, 3, 7],
		['commercial marketplace v1.1', {}, 7, 3],
		['commercial marketplace v1', V1, 7, 3],
	])('on %s after %i runs an update of the name leaves the %i runs left as they were', async (_name, connection, runs, left) => {
		const h = harness();
		const reportId = await createReport(h, {}, connection);
		for (let i = 0; i < runs; i++) server.emu.runExecution(reportId, { rowCount: 1 });
		expect(reportIn('cmp', reportId).recurrenceCount).toBe(left);
		await h.run({ ...connection, resource: 'report', operation: 'update', reportId: id(reportId), updateFields: { reportName: 'Renamed' } });
		const report = reportIn('cmp', reportId);
		expect({ left: report.recurrenceCount, status: report.reportStatus, name: report.reportName }).toEqual({ left, status: 'Active', name: 'Renamed' });
	});
});

describe('timestamps without a zone', () => {
	test.each([['Z'], ['none']])('timestampZone %s: an update keeps the start instant in a non-UTC workflow', async (zone) => {
		await server.setConfig({ timestampZone: zone });
		const h = harness();
		const reportId = await createReport(h);
		const start = reportIn('cmp', reportId).startTimeMs;
		// The harness's workflows have n8n's default time zone (America/New_York), not UTC.
		await h.run({ resource: 'report', operation: 'update', reportId: id(reportId), updateFields: { reportName: 'Renamed' } });
		expect(reportIn('cmp', reportId).startTimeMs).toBe(start);
	});
});
