/**
 * Query, report and execution operations on every program, through real n8n-core contexts against the
 * emulator over HTTP: the local checks (nothing sent), the documented errors, downloads and runs.
 */
const crypto = require('crypto');
const { DateTime } = require('luxon');
const { createHarness, readBinary } = require('../helpers/harness');
const { useTestEmulator, harnessCredentials } = require('../helpers/emulator');
const { parseRecords, TRICKY_VALUES } = require('../fixtures/csvReference');
const { recurringReportParameters, createQueryAndReport } = require('../helpers/triggerFixtures');

const PROGRAMS = [
	{
		label: 'commercial marketplace v1.1',
		params: { program: 'commercialMarketplace', apiVersion: 'v1.1' },
		state: 'cmp',
		query:
			"SELECT OrderId, OfferName, CustomerCountry FROM ISVOrder WHERE OrderStatus = 'Active' TIMESPAN LAST_MONTH",
		interval: { min: 1, max: 17520 },
	},
	{
		label: 'commercial marketplace v1',
		params: { program: 'commercialMarketplace', apiVersion: 'v1' },
		state: 'cmp',
		query: 'SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH',
		interval: { min: 4, max: 90 },
	},
	{
		label: 'partner insights',
		params: { program: 'partnerInsights', authentication: 'password' },
		state: 'mpn',
		query: 'SELECT SubscriptionId, CustomerName FROM DynamicsUsage TIMESPAN LAST_MONTH',
		// 24 is DynamicsUsage's minimumRecurrenceInterval; the program allows 4–2160.
		interval: { min: 24, max: 2160, programMin: 4 },
	},
];

const server = useTestEmulator({ executionDelaysMs: { pending: 150, running: 150 } });
afterEach(async () => {
	await server.setFaults({});
	await server.control('POST', 'config', {
		gzipFiles: 'negotiate',
		linkTtlSeconds: 3600,
		executionDelaysMs: { pending: 150, running: 150 },
	});
});

const harness = () => createHarness({ credentials: harnessCredentials(server.url) });
const id = (value) => ({ __rl: true, mode: 'id', value });
const inHours = (hours) => DateTime.utc().plus({ hours }).toISO();
const routeCount = (stats, route) =>
	Object.entries(stats.apiCalls.byRoute)
		.filter(([key]) => key.includes(route))
		.reduce((sum, [, n]) => sum + n, 0);
const sha256 = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

/** The file as the emulator serves it, raw, and without its BOM. */
async function emulatorFile(executionId) {
	const execution =
		server.emu.state.cmp.executions.get(executionId) ??
		server.emu.state.mpn.executions.get(executionId);
	const link = server.emu.signLink(executionId, {});
	const response = await fetch(link, { headers: { 'accept-encoding': 'identity' } });
	const raw = Buffer.from(await response.arrayBuffer());
	const withoutBom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
	return { execution, raw, withoutBom };
}

function parseFile(buffer, delimiter) {
	// The independent reading, not the node's own parser.
	const [header, ...rows] = parseRecords(buffer.toString('utf8'), delimiter);
	return rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i] ?? ''])));
}

describe.each(PROGRAMS)('queries and reports on $label', ({ params, query, interval, state }) => {
	test('query create, get, get many, test and delete', async () => {
		const h = harness();
		const [created] = await h.run({
			...params,
			resource: 'query',
			operation: 'create',
			name: 'Integration query',
			query,
			options: { description: 'made by a test' },
		});
		expect(created.json).toMatchObject({
			name: 'Integration query',
			type: 'userDefined',
			description: 'made by a test',
		});
		const queryId = created.json.queryId;

		const [fetched] = await h.run({
			...params,
			resource: 'query',
			operation: 'get',
			queryId: id(queryId),
		});
		expect(fetched.json.query).toBe(query);

		const mine = await h.run({
			...params,
			resource: 'query',
			operation: 'getAll',
			returnAll: true,
			options: { queryName: 'Integration query' },
		});
		expect(mine.map((item) => item.json.queryId)).toContain(queryId);
		const systemOnly = await h.run({
			...params,
			resource: 'query',
			operation: 'getAll',
			returnAll: true,
			options: { includeOnlySystemQueries: true },
		});
		expect(systemOnly.length).toBeGreaterThan(3);
		expect(systemOnly.every((item) => item.json.type === 'system')).toBe(true);

		const rows = await h.run({
			...params,
			resource: 'query',
			operation: 'test',
			querySource: 'id',
			queryId: id(queryId),
		});
		expect(rows.length).toBeGreaterThan(0);
		expect(Object.keys(rows[0].json).sort()).toEqual(
			query
				.match(/SELECT (.*) FROM/)[1]
				.split(', ')
				.sort(),
		);

		const [deleted] = await h.run({
			...params,
			resource: 'query',
			operation: 'delete',
			queryId: id(queryId),
		});
		expect(deleted.json).toMatchObject({ deleted: true, queryId });
		expect(server.emu.state[state].queries.has(queryId)).toBe(false);
	});

	test('report create, get, get many, update, pause, resume, delete', async () => {
		const h = harness();
		const [query0] = await h.run({
			...params,
			resource: 'query',
			operation: 'create',
			name: 'Report source',
			query,
		});
		const queryId = query0.json.queryId;
		const [created] = await h.run({
			...params,
			resource: 'report',
			operation: 'create',
			reportName: 'Integration report',
			queryId: id(queryId),
			schedule: 'recurring',
			startTime: inHours(6),
			recurrenceInterval: interval.min + 4 <= interval.max ? interval.min + 4 : interval.min,
			recurrenceEnd: 'count',
			recurrenceCount: 5,
			options: {
				format: 'tsv',
				description: 'first',
				callbackUrl: 'https://example.com/hook',
				callbackMethod: 'GET',
			},
		});
		const reportId = created.json.reportId;
		expect(created.json).toMatchObject({
			reportName: 'Integration report',
			queryId,
			reportStatus: 'Active',
			recurrenceCount: 5,
		});
		expect(String(created.json.format).toLowerCase()).toBe('tsv');
		// UTC, with the Z or (as some doc examples write it, strict profile) without.
		expect(created.json.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?$/);

		const [fetched] = await h.run({
			...params,
			resource: 'report',
			operation: 'get',
			reportId: id(reportId),
		});
		expect(fetched.json.reportId).toBe(reportId);
		const many = await h.run({
			...params,
			resource: 'report',
			operation: 'getAll',
			returnAll: true,
			options: { queryId },
		});
		expect(many.map((item) => item.json.reportId)).toEqual([reportId]);

		const [updated] = await h.run({
			...params,
			resource: 'report',
			operation: 'update',
			reportId: id(reportId),
			updateFields: { description: 'second', recurrenceInterval: interval.max },
		});
		expect(updated.json).toMatchObject({
			description: 'second',
			recurrenceInterval: interval.max,
			reportName: 'Integration report',
		});

		const [paused] = await h.run({
			...params,
			resource: 'report',
			operation: 'pause',
			reportId: id(reportId),
		});
		expect(paused.json.reportStatus).toBe('Paused');
		const [resumed] = await h.run({
			...params,
			resource: 'report',
			operation: 'resume',
			reportId: id(reportId),
		});
		expect(resumed.json.reportStatus).toBe('Active');

		const [deleted] = await h.run({
			...params,
			resource: 'report',
			operation: 'delete',
			reportId: id(reportId),
		});
		expect(deleted.json).toMatchObject({ deleted: true, reportId });
		expect(server.emu.state[state].reports.has(reportId)).toBe(false);
		await h.run({ ...params, resource: 'query', operation: 'delete', queryId: id(queryId) });
	});

	test('local checks stop a bad report before anything is sent', async () => {
		const h = harness();
		const [query0] = await h.run({
			...params,
			resource: 'query',
			operation: 'create',
			name: 'Checks source',
			query,
		});
		const base = {
			...params,
			...recurringReportParameters('Bad report', query0.json.queryId, { recurrenceCount: 3 }),
		};
		const cases = [
			[
				{ startTime: inHours(1) },
				/"Start Time" \(.*\) must be at least 4 hours from now .*earliest allowed is \d{4}-\d\d-\d\d \d\d:\d\d [\w/]+ \((\d{4}-\d\d-\d\d )?\d\d:\d\d UTC\)$/,
			],
			[{ startTime: 'next tuesday' }, /"Start Time" must be a date and time/],
			[
				{ recurrenceInterval: (interval.programMin ?? interval.min) - 1 },
				new RegExp(
					`"Recurrence Interval \\(Hours\\)" must be .* between ${interval.programMin ?? interval.min} and ${interval.max}`,
				),
			],
			[{ recurrenceInterval: interval.max + 1 }, /"Recurrence Interval \(Hours\)" must be/],
			[{ recurrenceInterval: 24.5 }, /whole number of hours/],
			[
				{ recurrenceEnd: 'endTime', endTime: inHours(5) },
				/"End Time" .* must be after "Start Time"/,
			],
			[{ recurrenceCount: 0 }, /"Recurrence Count" must be a whole number of 1 or more/],
			[{ options: { format: 'xlsx' } }, /"Format" must be csv or tsv/],
			[
				{ options: { callbackUrl: 'not a url' } },
				/"Callback URL" must be an absolute http\(s\) URL/,
			],
			[{ options: { queryStartTime: inHours(-48) } }, /apply only to run-once reports/],
			[{ reportName: '  ' }, /"Report Name" is empty/],
			[{ queryId: id('not-an-id') }, /"Query" must be a Partner Center query ID/],
		].filter(([change]) => change.recurrenceInterval !== 0);
		const before = await server.stats();
		for (const [change, message] of cases) {
			await expect(h.run({ ...base, ...change })).rejects.toThrow(message);
		}
		const after = await server.stats();
		expect(
			routeCount(after, 'POST /ScheduledReport') - routeCount(before, 'POST /ScheduledReport'),
		).toBe(0);
		expect(after.apiCalls.total).toBe(before.apiCalls.total);
	});
});

describe('documented API errors reach the user with the API message', () => {
	test('unknown query id, invalid table, incorrect column', async () => {
		const h = harness();
		await expect(
			h.run({
				resource: 'report',
				operation: 'create',
				reportName: 'x',
				queryId: id('00000000-0000-0000-0000-000000000000'),
				schedule: 'once',
			}),
		).rejects.toThrow(/400 to POST ScheduledReport: Invalid QueryId/);
		// With the local check off, Partner Center's own answers reach the user.
		const unchecked = { options: { validateQuery: false } };
		await expect(
			h.run({
				resource: 'query',
				operation: 'create',
				name: 'bad table',
				query: 'SELECT OrderId FROM NoSuchSet',
				...unchecked,
			}),
		).rejects.toThrow(/400 .*Invalid table name/);
		await expect(
			h.run({
				resource: 'query',
				operation: 'create',
				name: 'bad column',
				query: 'SELECT Nope FROM ISVOrder',
				...unchecked,
			}),
		).rejects.toThrow(/400 .*Incorrect column name/);
	});

	test('Execution → Get Many before the first run is an empty list, not the 404', async () => {
		const h = harness();
		const { report } = await createQueryAndReport(h, {
			queryName: 'Empty list',
			query: 'SELECT OrderId FROM ISVOrder',
			reportName: 'Never ran',
			startInHours: 8,
			recurrenceCount: 2,
		});
		expect(
			await h.run({
				resource: 'execution',
				operation: 'getAll',
				reportId: id(report.json.reportId),
			}),
		).toEqual([]);
		const error = await h
			.run({ resource: 'execution', operation: 'download', reportId: id(report.json.reportId) })
			.catch((e) => e);
		expect(error.message).toMatch(/answered 404/);
		expect(error.description).toMatch(/until the first execution has completed/);
	});
});

describe('Report → Run and Execution → Download', () => {
	const runText = (extra = {}) => ({
		resource: 'report',
		operation: 'run',
		querySource: 'text',
		query:
			'SELECT OrderId, CustomerName, CustomerCountry, OfferName FROM ISVOrder TIMESPAN LAST_MONTH',
		options: { pollIntervalSeconds: 1, ...extra },
	});

	test('runs a query once and returns the file: the bytes of the emulator file, its BOM included', async () => {
		const h = harness();
		const [item] = await h.run(runText({ keepQueryAndReport: true }));
		const { executionId, reportId } = item.json;
		const { raw, withoutBom } = await emulatorFile(executionId);
		expect(raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(withoutBom.subarray(0, 8).toString()).toBe('OrderId,');
		const stored = await readBinary(item.binary.data);
		expect(stored.length).toBe(raw.length);
		expect(sha256(stored)).toBe(sha256(raw));
		expect(item.binary.data.mimeType).toBe('text/csv');
		expect(item.binary.data.fileName).toBe(item.json.fileName);
		expect(item.json.fileName).toMatch(
			new RegExp(`^n8n-run-\\d{8}-\\d{6}-[a-z0-9]+-${executionId}\\.csv$`),
		);
		expect(item.json.rowCount).toBe((await server.emu.fileDigest(executionId)).rows);
		expect(item.json).toMatchObject({ format: 'csv', reportId, temporaryItemsDeleted: false });
		// Progress was logged per poll.
		expect(h.logs.some((line) => line.includes(`report ${reportId}: `))).toBe(true);
	});

	test('Remove BOM: Report → Run and Execution → Download hand over the file without its BOM, gzip-encoded or not', async () => {
		for (const gzipFiles of ['negotiate', 'always']) {
			await server.control('POST', 'config', { gzipFiles });
			const h = harness();
			const [item] = await h.run(runText({ keepQueryAndReport: true, removeBom: true }));
			const { raw, withoutBom } = await emulatorFile(item.json.executionId);
			expect(raw.length - withoutBom.length).toBe(3);
			expect(sha256(await readBinary(item.binary.data))).toBe(sha256(withoutBom));
			const downloads = {};
			for (const removeBom of [false, true]) {
				const [downloaded] = await h.run({
					resource: 'execution',
					operation: 'download',
					reportId: id(item.json.reportId),
					options: { removeBom },
				});
				downloads[removeBom] = sha256(await readBinary(downloaded.binary.data));
				expect(downloaded.json.rowCount).toBe(item.json.rowCount);
			}
			expect(downloads).toEqual({ false: sha256(raw), true: sha256(withoutBom) });
		}
	});

	test('deletes the temporary query and report after the run', async () => {
		const h = harness();
		const before = await server.stats();
		const [item] = await h.run(runText());
		expect(item.json.temporaryItemsDeleted).toBe(true);
		expect(item.json.rowCount).toBeGreaterThan(0);
		expect(server.emu.state.cmp.reports.has(item.json.reportId)).toBe(false);
		expect(server.emu.state.cmp.queries.has(item.json.queryId)).toBe(false);
		const after = await server.stats();
		expect(
			routeCount(after, 'POST /ScheduledQueries') - routeCount(before, 'POST /ScheduledQueries'),
		).toBe(1);
		expect(
			routeCount(after, 'DELETE /ScheduledReport') - routeCount(before, 'DELETE /ScheduledReport'),
		).toBe(1);
		expect(
			routeCount(after, 'DELETE /ScheduledQueries') -
				routeCount(before, 'DELETE /ScheduledQueries'),
		).toBe(1);
	});

	test('rows output parses the tricky fields exactly, CSV and TSV, gzip-encoded or not', async () => {
		for (const [format, gzipFiles] of [
			['csv', 'negotiate'],
			['tsv', 'always'],
		]) {
			await server.control('POST', 'config', { gzipFiles });
			const h = harness();
			const rows = await h.run(runText({ output: 'rows', format, keepQueryAndReport: true }));
			const report = [...server.emu.state.cmp.reports.values()].at(-1);
			const execution = [...server.emu.state.cmp.executions.values()]
				.filter((e) => e.reportId === report.reportId)
				.at(-1);
			const { withoutBom } = await emulatorFile(execution.executionId);
			const expected = parseFile(withoutBom, format === 'tsv' ? '\t' : ',');
			expect(rows.map((row) => row.json)).toEqual(expected);
			expect(rows.length).toBeGreaterThan(20);
			// Every tricky value of the emulator's list (test/fixtures/csvReference.js) is some field.
			const values = new Set(expected.flatMap((row) => Object.values(row)));
			expect(TRICKY_VALUES.filter((v) => !values.has(v))).toEqual([]);
			expect(rows.every((row) => row.pairedItem.item === 0)).toBe(true);
		}
	});

	test('a run from a saved query keeps the query and deletes only the report', async () => {
		const h = harness();
		const [query0] = await h.run({
			resource: 'query',
			operation: 'create',
			name: 'Saved for run',
			query: 'SELECT OrderId FROM ISVOrder',
		});
		const [item] = await h.run({
			resource: 'report',
			operation: 'run',
			querySource: 'id',
			queryId: id(query0.json.queryId),
			options: { pollIntervalSeconds: 1 },
		});
		expect(server.emu.state.cmp.queries.has(query0.json.queryId)).toBe(true);
		expect(server.emu.state.cmp.reports.has(item.json.reportId)).toBe(false);
	});

	test('a timeout names the report, keeps it, and the file can be downloaded later', async () => {
		await server.control('POST', 'config', { executionDelaysMs: { pending: 4000, running: 200 } });
		const h = harness();
		const error = await h.run(runText({ timeoutMinutes: 0.03 })).catch((e) => e);
		const reportId = /Report ([0-9a-f-]{36}) was not ready within/i.exec(error.message)?.[1];
		expect(reportId).toBeDefined();
		expect(error.description).toContain(`Report ID ${reportId}`);
		expect(server.emu.state.cmp.reports.has(reportId)).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 4500));
		const [item] = await h.run({
			resource: 'execution',
			operation: 'download',
			reportId: id(reportId),
			options: { binaryPropertyName: 'report' },
		});
		expect(item.binary.report.fileName).toBe(item.json.fileName);
		expect(item.json.reportId).toBe(reportId);
		expect(item.json.rowCount).toBeGreaterThan(0);
	});

	test('an expired link is renewed once; cut-off downloads are started again, never emitted partial', async () => {
		const h = harness();
		const [item] = await h.run(runText({ keepQueryAndReport: true }));
		const { reportId, executionId } = item.json;
		const { raw } = await emulatorFile(executionId);

		// Every link is issued already expired: the renewal does not help, and the error says so without the signature.
		await server.control('POST', 'config', { linkTtlSeconds: -60 });
		const expired = await h
			.run({ resource: 'execution', operation: 'download', reportId: id(reportId) })
			.catch((e) => e);
		expect(expired.message).toMatch(/rejected with 403 \(AuthenticationFailed\)/);
		expect(JSON.stringify({ m: expired.message, d: expired.description })).not.toMatch(/sig=/);

		// The first link expired, the renewed one is good.
		await server.control('POST', 'config', { linkTtlSeconds: 3600 });
		const { downloadReportFile } = require('../../nodes/shared/services/download');
		const context = h.createContext({ resource: 'execution', operation: 'download' });
		const staleLink = server.emu.signLink(executionId, { expiresAt: Date.now() - 1000 });
		const before = await server.stats();
		const [renewed] = await downloadReportFile(context, {
			reportId,
			itemIndex: 0,
			output: 'file',
			binaryPropertyName: 'data',
			reportName: 'renewal',
			execution: { executionId, format: 'csv', reportAccessSecureLink: staleLink },
		});
		expect(sha256(await readBinary(renewed.binary.data))).toBe(sha256(raw));
		const after = await server.stats();
		expect(
			routeCount(after, 'GET /ScheduledReport/execution') -
				routeCount(before, 'GET /ScheduledReport/execution'),
		).toBe(1);

		await server.setFaults({ cutDownloadRate: 0.3, seed: 3 });
		for (let i = 0; i < 4; i++) {
			const [again] = await h.run({
				resource: 'execution',
				operation: 'download',
				reportId: id(reportId),
				options: { executionId },
			});
			expect(sha256(await readBinary(again.binary.data))).toBe(sha256(raw));
		}
		expect((await server.stats()).faultsInjected.cut).toBeGreaterThan(0);
	});

	test('rows output of 200,000 rows (more than fit in one function call) comes through whole', async () => {
		const h = harness();
		const { report } = await createQueryAndReport(h, {
			queryName: 'Big rows',
			query: 'SELECT OrderId, CustomerCountry FROM ISVOrder',
			reportName: 'Big rows',
			recurrenceCount: 2,
		});
		const execution = await server.control('POST', `reports/${report.json.reportId}/executions`, {
			rowCount: 200000,
		});
		const rows = await h.run({
			resource: 'execution',
			operation: 'download',
			reportId: id(report.json.reportId),
			options: { output: 'rows', maxRows: 200000 },
		});
		expect(rows).toHaveLength(200000);
		expect((await server.emu.fileDigest(execution.executionId)).rows).toBe(200000);
		expect(rows[199999].pairedItem).toEqual({ item: 0 });
		expect(Object.keys(rows[0].json)).toEqual(['OrderId', 'CustomerCountry']);
	}, 120000);

	test('Execution → Get Many lists executions without link signatures', async () => {
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

	test('continueOnFail: a failing run becomes an error item, the next item still runs', async () => {
		const h = harness();
		const items = [
			{ json: { q: 'SELECT Nope FROM ISVOrder' } },
			{ json: { q: 'SELECT OrderId FROM ISVOrder' } },
		];
		const output = await h.run(
			{
				resource: 'report',
				operation: 'run',
				querySource: 'text',
				query: '={{ $json.q }}',
				options: { pollIntervalSeconds: 1, output: 'rows' },
			},
			items,
			{ continueOnFail: true },
		);
		expect(output[0].json.error).toMatch(/Unknown column or metric 'Nope'/);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output.length).toBeGreaterThan(2);
		expect(output.slice(1).every((row) => row.pairedItem.item === 1 && 'OrderId' in row.json)).toBe(
			true,
		);
	});
});
