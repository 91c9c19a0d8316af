'use strict';
/**
 * examples/usage-to-postgres-upsert.json (issue 16.2) in a REAL n8n 2.40.7 with the packed package,
 * against the in-process emulator and a private PostgreSQL (test/queue/lib/services.js), whose table
 * has the example's natural key (the Postgres node's matching columns) as its primary key:
 *
 * - `n8n execute` of the example (its Schedule Trigger a Manual Trigger, polls every second): Report →
 *   Backfill reads the last 7 full days in day windows, output Rows, and the Postgres node upserts
 *   them. The table must equal an independent reading (test/fixtures/csvReference.js) of the 7 files
 *   the emulator served, each row with its window.
 * - Run again: the same 7 files are delivered again (the emulator gives a report of the same query
 *   and window the same rows); row count and table unchanged.
 * - A copy reading 8 days: the 7 files delivered a third time change nothing, the new day adds its
 *   rows, no more.
 * - Every temporary query and report is gone after each run.
 *
 * Run through test/e2e/run.sh (`npm run test:e2e -- usageUpsert`).
 */
const n8n = require('./lib/n8n');
const emulator = require('./lib/emulator');
const ex = require('./lib/examples');
const { parseRows, TRICKY_VALUES } = require('../fixtures/csvReference');

const FILE = 'usage-to-postgres-upsert.json';
const WIDER_ID = 'pcaExUsageUpsertPg8';
const DAYS = 7;

let emu;
let db;
let userFolder;
let example;
let table;
let backfillName;
const { files, reportsSeen, capture } = ex.emulatorFileCapture(() => emu);

/** Runs a workflow; answers its Backfill items and the files the emulator served during the run. */
async function run(workflowId) {
	const known = new Set(files.keys());
	const result = await n8n.executeWorkflow(workflowId, { userFolder });
	if (!result.ok) throw new Error(result.failureReport());
	const served = await Promise.all(
		[...files.keys()].filter((id) => !known.has(id)).map((id) => files.get(id)),
	);
	const withWindows = served
		.map((file) => {
			const report = reportsSeen.get(file.reportId);
			return { ...file, windowStart: report.queryStartTime, windowEnd: report.queryEndTime };
		})
		.sort((a, b) => a.windowStart.localeCompare(b.windowStart));
	return { items: result.nodes[backfillName], files: withWindows };
}

/** The rows the table must hold for these files: each file read independently, with its window. */
const rowsOf = (servedFiles) =>
	servedFiles.flatMap((file) =>
		parseRows(file.raw).rows.map((row) => ({
			...row,
			windowStart: file.windowStart,
			windowEnd: file.windowEnd,
		})),
	);
const sorted = (rows) => rows.map((row) => JSON.stringify(row)).sort();
const stored = () => db.query(`SELECT * FROM ${table}`);
const leftovers = () => ({
	queries: emu.state.cmp.queries.size,
	reports: emu.state.cmp.reports.size,
});

beforeAll(async () => {
	example = ex.loadExample(FILE);
	emu = await emulator.startEmulator({ port: 0, log: () => capture() });
	n8n.addSecrets(emulator.DEFAULTS.clientSecret);
	db = await ex.startExamplePostgres('upsert-postgres');

	const backfill = ex.nodeOfType(example, n8n.NODE_TYPE);
	const upsert = ex.nodeOfType(example, 'n8n-nodes-base.postgres');
	backfillName = backfill.name;
	table = upsert.parameters.table.value;
	// The table of the example's README: the query's columns and the window, keyed on the natural key.
	const columns = [...ex.queryColumns(backfill.parameters.query), 'windowStart', 'windowEnd'];
	const key = upsert.parameters.columns.matchingColumns;
	expect(key.every((column) => columns.includes(column))).toBe(true);
	db.postgres.psql(
		`CREATE TABLE ${table} (${columns.map((c) => `"${c}" text`).join(', ')}, PRIMARY KEY (${key.map((c) => `"${c}"`).join(', ')}))`,
	);
	db.postgres.psql(`ALTER TABLE ${table} OWNER TO ${db.postgres.user}`);

	userFolder = n8n.cloneUserFolder('usage-upsert');
	await n8n.importCredentials(
		[
			{
				...ex.credentialRef([example], 'partnerCenterClientCredentialsApi'),
				type: 'partnerCenterClientCredentialsApi',
				data: emulator.clientCredentialsData(emu.url),
			},
			{ ...ex.credentialRef([example], 'postgres'), type: 'postgres', data: db.credentialData },
		],
		{ userFolder },
	);
	const runnable = ex.forExecute(example);
	const wider = ex.forExecute(example);
	wider.id = WIDER_ID;
	wider.name = `${example.name} (8 days)`;
	const from = ex.nodeOfType(wider, n8n.NODE_TYPE).parameters;
	expect(from.backfillFrom).toContain(`minus({ days: ${DAYS} })`);
	from.backfillFrom = from.backfillFrom.replace(`minus({ days: ${DAYS} })`, 'minus({ days: 8 })');
	await n8n.importWorkflow([runnable, wider], { userFolder });
}, 300_000);

afterAll(async () => {
	if (db) await db.postgres.stop();
	if (emu) await emu.stop();
});

let first;

test(`runs: ${DAYS} day windows, oldest first, upserted; the table equals the emulator's files, each row with its window`, async () => {
	first = await run(example.id);
	expect(first.files).toHaveLength(DAYS);
	const windows = first.files.map((file) => file.windowStart);
	expect([...new Set(first.items.map((item) => item.windowStart))]).toEqual(windows);
	const day = 24 * 3600 * 1000;
	expect(
		first.files.map((file) => Date.parse(file.windowEnd) - Date.parse(file.windowStart)),
	).toEqual(Array(DAYS).fill(day));
	expect(Date.parse(first.files[DAYS - 1].windowEnd)).toBe(
		Date.parse(new Date().toISOString().slice(0, 10)),
	);
	const expected = rowsOf(first.files);
	expect(expected.length).toBeGreaterThan(DAYS);
	expect(first.items).toHaveLength(expected.length);
	const rows = await stored();
	expect(rows).toHaveLength(expected.length);
	expect(sorted(rows)).toEqual(sorted(expected));
	// The tricky values (test/fixtures/csvReference.js) with a comma, a quote or a CRLF in them came
	// through. Looked for as JSON writes them.
	const text = JSON.stringify(rows);
	for (const tricky of TRICKY_VALUES.filter((v) => /[,"\r]/.test(v)))
		expect(text).toContain(JSON.stringify(tricky).slice(1, -1));
	expect(leftovers()).toEqual({ queries: 0, reports: 0 });
});

test('run again: the same files are delivered again; row count and table unchanged', async () => {
	const before = await stored();
	const again = await run(example.id);
	expect(again.files.map((file) => [file.windowStart, file.sha256])).toEqual(
		first.files.map((file) => [file.windowStart, file.sha256]),
	);
	const rows = await stored();
	expect(rows).toHaveLength(before.length);
	expect(sorted(rows)).toEqual(sorted(before));
	expect(leftovers()).toEqual({ queries: 0, reports: 0 });
});

test('eight days: the seven files delivered once more change nothing, the new day adds its rows only', async () => {
	const wider = await run(WIDER_ID);
	expect(wider.files).toHaveLength(DAYS + 1);
	const [newDay, ...again] = wider.files;
	expect(again.map((file) => file.sha256)).toEqual(first.files.map((file) => file.sha256));
	const rows = await stored();
	const expected = [...rowsOf([newDay]), ...rowsOf(first.files)];
	expect(rows).toHaveLength(expected.length);
	expect(sorted(rows)).toEqual(sorted(expected));
	expect(leftovers()).toEqual({ queries: 0, reports: 0 });
});
