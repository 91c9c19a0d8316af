/**
 * File → Read Rows From File, in real n8n-core contexts (binary data in filesystem mode, streamed with
 * getBinaryStream) against the emulator over HTTP. Every page is checked against an independent reading
 * of the emulator's file (test/fixtures/csvReference.js). The Max Rows limit of Output: Rows that sends
 * users here: execution/download.test.js and report/run.test.js.
 */
const { createHarness } = require('../../helpers/harness');
const { useTestEmulator, harnessCredentials } = require('../../helpers/emulator');
const { createQueryAndReport } = require('../../helpers/triggerFixtures');
const { TRICKY_VALUES, parseRows } = require('../../fixtures/csvReference');

const server = useTestEmulator({ executionDelaysMs: { pending: 0, running: 0 } });

const harness = () => createHarness({ credentials: harnessCredentials(server.url) });
const { id } = require('../../fixtures/ids');
const QUERY =
	'SELECT OrderId, CustomerName, CustomerCompanyName, OfferName, CustomerCountry, Quantity FROM ISVOrder';
const readRows = (extra = {}) => ({ resource: 'file', operation: 'readRows', ...extra });

/** n8n-core's binary data service, as the harness set it up (filesystem mode). */
const binaryData = () => require('../../helpers/n8nCore').binaryDataService();

/** A report execution of `rowCount` rows, downloaded with Output: File; its item, and the file's rows read independently. */
async function downloadedFile(h, { rowCount, format = 'csv', options = {} }) {
	const { report } = await createQueryAndReport(h, {
		queryName: `Read rows ${format}`,
		query: QUERY,
		reportName: `Read rows ${format}`,
		report: { options: { format } },
	});
	const reportId = report.json.reportId;
	const execution = await server.control('POST', `reports/${reportId}/executions`, { rowCount });
	const [item] = await h.run({
		resource: 'execution',
		operation: 'download',
		reportId: id(reportId),
		options,
	});
	const served = await server.servedFile(execution.executionId);
	return { item, reportId, served, ...parseRows(served, format === 'tsv' ? '\t' : ',') };
}

/** One run of Read Rows on one input item: { rows (json), page (the Page output's item) }. */
async function readPage(h, input, parameters) {
	const [rows, pages] = await h.runOutputs(readRows(parameters), [input]);
	expect(pages).toHaveLength(1);
	return { rows: rows.map((row) => row.json), rowItems: rows, page: pages[0] };
}

describe('File → Read Rows From File', () => {
	test('page k of a CSV report holds rows k·n … k·n+n−1 of an independent reading; the Page output says where the next starts', async () => {
		const h = harness();
		const { item, rows, served } = await downloadedFile(h, { rowCount: 2345 });
		expect(served.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(rows).toHaveLength(2345);
		// The tricky values are there: quoted commas, doubled quotes, line breaks inside fields.
		const text = JSON.stringify(rows);
		for (const tricky of TRICKY_VALUES) expect(text).toContain(JSON.stringify(tricky));
		const n = 500;
		for (let k = 0; k < 5; k++) {
			const {
				rows: page,
				rowItems,
				page: next,
			} = await readPage(h, item, { startRow: k * n, maxRows: n });
			expect(page).toEqual(rows.slice(k * n, k * n + n));
			expect(next.json).toEqual({
				startRow: k * n,
				rowsInPage: Math.min(n, 2345 - k * n),
				nextStartRow: Math.min((k + 1) * n, 2345),
				hasMore: k < 4,
				...(k < 4
					? { cursor: expect.stringMatching(new RegExp(`^${(k + 1) * n}:\\d+:auto:\\w+$`)) }
					: {}),
			});
			// The page item carries the file on, for the next run of the loop; every item is paired with the input.
			expect(next.binary.data.id).toBe(item.binary.data.id);
			expect([...rowItems, next].every((output) => output.pairedItem.item === 0)).toBe(true);
		}
	});

	test('a loop fed by its own Page output reads the whole file once, with Start Row and Rows per Page as expressions', async () => {
		const h = harness();
		const { item, rows } = await downloadedFile(h, { rowCount: 1000 });
		const seen = [];
		let input = item;
		// The file is opened once: each later page reads on where the one before stopped.
		const opened = jest.spyOn(binaryData(), 'getAsStream');
		try {
			for (let run = 0; run < 10; run++) {
				const { rows: page, page: next } = await readPage(h, input, {
					startRow: '={{ $json.nextStartRow ?? 0 }}',
					maxRows: '={{ 300 + 33 }}',
				});
				seen.push(...page);
				input = next;
				if (!next.json.hasMore) break;
			}
			expect(opened).toHaveBeenCalledTimes(1);
		} finally {
			opened.mockRestore();
		}
		expect(seen).toEqual(rows);
		expect(input.json).toEqual({
			startRow: 999,
			rowsInPage: 1,
			nextStartRow: 1000,
			hasMore: false,
		});
	});

	test("the Page item's cursor lets the next run start at the next page's first byte, only for that row, format setting and file", async () => {
		const h = harness();
		const { item, rows } = await downloadedFile(h, { rowCount: 900 });
		const other = await downloadedFile(h, { rowCount: 900 });
		const { page: first } = await readPage(h, item, { maxRows: 300 });
		const [, byte] = first.json.cursor.split(':');
		expect(Number(byte)).toBeGreaterThan(300 * 20);
		const resumed = await readPage(h, first, { startRow: 300, maxRows: 300 });
		expect(resumed.rows).toEqual(rows.slice(300, 600));
		expect(resumed.page.json.cursor).toMatch(/^600:\d+:auto:\w+$/);
		// It is what the run goes by: a cursor for row 300 that points at row 301's first byte starts there.
		const { page: to301 } = await readPage(h, item, { maxRows: 301 });
		const shifted = {
			...first,
			json: { ...first.json, cursor: to301.json.cursor.replace(/^301:/, '300:') },
		};
		expect((await readPage(h, shifted, { startRow: 300, maxRows: 2 })).rows).toEqual(
			rows.slice(301, 303),
		);
		// Another start row, another format setting or another file: read from the file's start.
		expect((await readPage(h, first, { startRow: 450, maxRows: 10 })).rows).toEqual(
			rows.slice(450, 460),
		);
		expect(
			(await readPage(h, first, { startRow: 300, maxRows: 10, options: { format: 'csv' } })).rows,
		).toEqual(rows.slice(300, 310));
		const otherFile = { json: first.json, binary: other.item.binary };
		expect((await readPage(h, otherFile, { startRow: 300, maxRows: 10 })).rows).toEqual(
			other.rows.slice(300, 310),
		);
		// A cursor into the header is not used either.
		const [row, , setting, key] = first.json.cursor.split(':');
		const intoHeader = {
			...first,
			json: { ...first.json, cursor: [row, 3, setting, key].join(':') },
		};
		expect((await readPage(h, intoHeader, { startRow: 300, maxRows: 10 })).rows).toEqual(
			rows.slice(300, 310),
		);
	});

	test('TSV: the format comes from the file name, or is set; a page exactly at the end has nothing more', async () => {
		const h = harness();
		const { item, rows } = await downloadedFile(h, { rowCount: 600 });
		const tsv = await downloadedFile(h, { rowCount: 600, format: 'tsv' });
		expect(tsv.item.json.fileName).toMatch(/\.tsv$/);
		const auto = await readPage(h, tsv.item, { startRow: 200, maxRows: 400 });
		expect(auto.rows).toEqual(tsv.rows.slice(200));
		expect(auto.page.json).toMatchObject({ rowsInPage: 400, hasMore: false });
		const set = await readPage(h, tsv.item, {
			startRow: 599,
			maxRows: 5,
			options: { format: 'tsv' },
		});
		expect(set.rows).toEqual(tsv.rows.slice(599));
		// A CSV read as TSV is one column per row: the format setting is obeyed, not guessed over.
		const wrong = await readPage(h, item, { maxRows: 1, options: { format: 'tsv' } });
		expect(Object.keys(wrong.rows[0])).toEqual([Object.keys(rows[0]).join(',')]);
	});

	test('a BOM is never part of the first column, with or without Remove BOM', async () => {
		const h = harness();
		for (const removeBom of [false, true]) {
			const { item, rows } = await downloadedFile(h, { rowCount: 3, options: { removeBom } });
			const { rows: page } = await readPage(h, item, {});
			expect(Object.keys(page[0])[0]).toBe('OrderId');
			expect(page).toEqual(rows);
		}
	});

	test('a start row past the end gives no rows and a page that says so', async () => {
		const h = harness();
		const { item } = await downloadedFile(h, { rowCount: 10 });
		const { rows, page } = await readPage(h, item, { startRow: 10 });
		expect(rows).toEqual([]);
		expect(page.json).toEqual({ startRow: 10, rowsInPage: 0, nextStartRow: 10, hasMore: false });
		expect((await readPage(h, item, { startRow: 5000 })).page.json).toMatchObject({
			rowsInPage: 0,
			hasMore: false,
		});
	});

	test('any CSV or TSV in n8n: a file kept in memory, no Partner Center credential read', async () => {
		const h = createHarness({ credentials: {} });
		const csv =
			'\uFEFFName,Note\r\n"Contoso, Ltd","He said ""hi"""\r\n"two\nlines",x\r\n\r\nlast,"y"';
		const inMemory = (text, fileName, mimeType) => ({
			json: {},
			binary: { file: { data: Buffer.from(text).toString('base64'), mimeType, fileName } },
		});
		const { rows, page } = await readPage(h, inMemory(csv, 'notes.csv', 'text/csv'), {
			binaryPropertyName: 'file',
			startRow: 1,
		});
		expect(rows).toEqual(parseRows(csv).rows.slice(1));
		expect(rows).toEqual([
			{ Name: 'two\nlines', Note: 'x' },
			{ Name: 'last', Note: 'y' },
		]);
		expect(page.json).toEqual({ startRow: 1, rowsInPage: 2, nextStartRow: 3, hasMore: false });
		// No name or MIME type that says: the header row decides (tabs here).
		const tsv = 'a\tb\tc,d\n1\t2\t3,4\n';
		const sniffed = await readPage(h, inMemory(tsv, 'export.txt', 'application/octet-stream'), {
			binaryPropertyName: 'file',
		});
		expect(sniffed.rows).toEqual([{ a: '1', b: '2', 'c,d': '3,4' }]);
	});

	test('clear errors: no such binary field, a bad start row, a file cut inside a quoted field; continueOnFail keeps going', async () => {
		const h = createHarness({ credentials: {} });
		const file = (text) => ({
			json: {},
			binary: {
				data: {
					data: Buffer.from(text).toString('base64'),
					mimeType: 'text/csv',
					fileName: 'f.csv',
				},
			},
		});
		await expect(
			h.run(readRows({ binaryPropertyName: 'report' }), [file('a\n1\n')]),
		).rejects.toThrow(/report/);
		await expect(h.run(readRows({ startRow: -1 }), [file('a\n1\n')])).rejects.toThrow(
			'"Start Row" must be a whole number of at least 0, got "-1"',
		);
		await expect(h.run(readRows({ maxRows: '={{ "ten" }}' }), [file('a\n1\n')])).rejects.toThrow(
			/"Rows per Page" must be a whole number of at least 1/,
		);
		await expect(h.run(readRows(), [file('a,b\n1,"cut')])).rejects.toThrow(
			/ends inside a quoted field/,
		);
		const [rows, pages] = await h.runOutputs(readRows(), [file('a,b\n1,"cut'), file('a\n1\n')], {
			continueOnFail: true,
		});
		expect(rows.map((row) => row.json)).toEqual([
			expect.objectContaining({ error: expect.stringMatching(/ends inside a quoted field/) }),
			{ a: '1' },
		]);
		expect(rows.map((row) => row.pairedItem.item)).toEqual([0, 1]);
		expect(pages.map((page) => [page.json.rowsInPage, page.pairedItem.item])).toEqual([[1, 1]]);
	});
});
