/**
 * Shared by the suites that set the emulator's readings (emulator/README.md "Readings") one by one:
 * test/integration/readings.test.js and test/integration/report/update.test.js. One test emulator per
 * suite, its readings put back after each test, and the report helpers both suites use.
 */
const { DateTime } = require('luxon');
const { createHarness } = require('./harness');
const { useTestEmulator, harnessCredentials } = require('./emulator');
const { SYSTEM_QUERY_ID } = require('./triggerFixtures');
const { id } = require('../fixtures/ids');
const { READINGS } = require('../../emulator/control');

const HOUR = 3600 * 1000;
const V1 = { program: 'commercialMarketplace', apiVersion: 'v1' };

/** `[label, value]` pairs of one option: the lenient (default) reading, then the strict one. */
const readingsOf = (option) => READINGS[option].slice(0, 2).map((value) => [`${option}: ${value}`, value]);

/** Starts the suite's emulator (with `jest` hooks) and returns it with helpers bound to it. */
function useReadingsEmulator() {
	const server = useTestEmulator({ executionDelaysMs: { pending: 50, running: 50 } });
	let initial;
	beforeAll(async () => {
		const config = await server.control('GET', 'config');
		initial = Object.fromEntries([...Object.keys(READINGS), 'fileRedirect'].map((k) => [k, config[k]]));
	});
	afterEach(async () => {
		await server.setConfig(initial);
	});

	const credentials = () => harnessCredentials(server.url);
	const harness = () => createHarness({ credentials: credentials() });
	const reportIn = (program, reportId) => {
		const wanted = String(reportId).toLowerCase();
		return [...server.emu.state[program].reports.values()].find((r) => r.reportId === wanted);
	};

	async function createReport(h, extra = {}, connection = {}) {
		const [report] = await h.run({
			...connection,
			resource: 'report',
			operation: 'create',
			reportName: 'Readings',
			queryId: id(SYSTEM_QUERY_ID),
			schedule: 'recurring',
			startTime: DateTime.utc().plus({ hours: 6 }).toISO(),
			recurrenceInterval: 4,
			recurrenceEnd: 'count',
			recurrenceCount: 10,
			...extra,
		});
		return report.json.reportId;
	}

	/** Moves a report's start into the past, as any report that has run has it. */
	function startedHoursAgo(program, reportId, hours) {
		const report = reportIn(program, reportId);
		report.startTimeMs = Math.floor((Date.now() - hours * HOUR) / 1000) * 1000;
		report.startTime = new Date(report.startTimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
		return report.startTimeMs;
	}

	return { server, credentials, harness, reportIn, createReport, startedHoursAgo };
}

module.exports = { HOUR, V1, id, readingsOf, useReadingsEmulator };
