'use strict';
const crypto = require('crypto');
const zlib = require('zlib');
const { startEmulator, useEmulator, appToken, userToken, api, control, makeReport, parseDelimited, rawGet, sleep } = require('./helpers');

const { BARE_QUOTE_VALUE, TRICKY_VALUES, parseRows } = require('../fixtures/csvReference');

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const sha = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

const emu = useEmulator();
let token;
beforeAll(async () => {
	token = await appToken(emu);
});

/** Creates a recurring report, runs one execution and returns { exec, reportId }. */
async function completed(e, t, { base = '/insights/v1.1/cmp', query, format = 'csv', rowCount } = {}) {
	const { reportId } = await makeReport(e, t, base, { query, report: { Format: format } });
	const r = await control(e, 'POST', `/reports/${reportId}/executions`, rowCount === undefined ? undefined : { rowCount });
	expect(r.status).toBe(200);
	return { exec: r.json, reportId };
}

const TRICKY_QUERY = 'SELECT CustomerId, CustomerName, CustomerCountry, OrderPurchaseDate, OrderCancelDate, OrderQuantity, IsTrial FROM ISVOrder';

describe('signed links (SAS)', () => {
	test('valid link downloads with CSV headers, BOM and Content-Length', async () => {
		const { exec } = await completed(emu, token, { query: TRICKY_QUERY });
		const r = await rawGet(exec.reportAccessSecureLink, { 'accept-encoding': 'identity' });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
		expect(r.headers['content-disposition']).toBe(`attachment; filename="${exec.executionId}.csv"`);
		expect(r.headers['content-encoding']).toBeUndefined();
		expect(Number(r.headers['content-length'])).toBe(r.body.length);
		expect(r.body.subarray(0, 3)).toEqual(BOM);
		const d = await emu.fileDigest(exec.executionId);
		expect(d).toEqual({ sha256: sha(r.body), bytes: r.body.length, rows: 25 });
	});

	test('tampered or missing signature → 403 AuthenticationFailed (XML)', async () => {
		const { exec } = await completed(emu, token);
		const link = exec.reportAccessSecureLink;
		const sig = new URL(link).searchParams.get('sig');
		const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
		for (const bad of [link.replace(/sig=[^&]+/, `sig=${encodeURIComponent(flipped)}`), link.replace(/&sig=[^&]+/, ''), link.replace(/se=[^&]+/, 'se=2099-01-01T00%3A00%3A00Z')]) {
			const r = await fetch(bad);
			expect(r.status).toBe(403);
			expect(r.headers.get('content-type')).toBe('application/xml');
			expect(r.headers.get('x-ms-error-code')).toBe('AuthenticationFailed');
			const text = await r.text();
			expect(text).toContain('<Code>AuthenticationFailed</Code>');
			expect(text).toContain('Server failed to authenticate the request');
		}
		// Another execution's path with this signature is rejected too.
		const other = await completed(emu, token);
		const swapped = link.replace(exec.executionId, other.exec.executionId);
		expect((await fetch(swapped)).status).toBe(403);
	});

	test('expired link → 403 AuthenticationFailed "Signed expiry time … must be after signed start time"', async () => {
		const e = await startEmulator({ port: 0, linkTtlSeconds: 1 });
		try {
			const t = await appToken(e);
			const { exec, reportId } = await completed(e, t);
			expect((await fetch(exec.reportAccessSecureLink)).status).toBe(200);
			await sleep(2100);
			const r = await fetch(exec.reportAccessSecureLink);
			expect(r.status).toBe(403);
			const text = await r.text();
			expect(text).toContain('<Code>AuthenticationFailed</Code>');
			expect(text).toMatch(/Signed expiry time \[.+ GMT\] must be after signed start time \[.+ GMT\]/);
			// Calling the executions API again gives a fresh, working link.
			const again = await api(e, t, 'GET', `/insights/v1.1/cmp/ScheduledReport/execution/${reportId}`);
			expect((await fetch(again.json.value[0].reportAccessSecureLink)).status).toBe(200);
		} finally {
			await e.stop();
		}
		// emu.signLink() can mint a link that is already expired.
		const { exec } = await completed(emu, token);
		const past = emu.signLink(exec.executionId, { expiresAt: Date.now() - 60000 });
		expect((await fetch(past)).status).toBe(403);
	});

	test('a request carrying an Authorization header → 400 InvalidAuthenticationInfo', async () => {
		const { exec } = await completed(emu, token);
		const r = await fetch(exec.reportAccessSecureLink, { headers: { authorization: `Bearer ${token}` } });
		expect(r.status).toBe(400);
		expect(await r.text()).toContain('<Code>InvalidAuthenticationInfo</Code>');
	});

	test('deleted report → 404 BlobNotFound; the extension is part of the signed path', async () => {
		const { exec, reportId } = await completed(emu, token);
		await api(emu, token, 'DELETE', `/insights/v1.1/cmp/ScheduledReport/${reportId}`);
		const r = await fetch(exec.reportAccessSecureLink);
		expect(r.status).toBe(404);
		expect(await r.text()).toContain('<Code>BlobNotFound</Code>');
		expect((await fetch(exec.reportAccessSecureLink.replace('.csv?', '.tsv?'))).status).toBe(403); // path is signed
	});
});

describe('content', () => {
	test('gzip when asked: Content-Encoding gzip, body gunzips to the digest bytes', async () => {
		const { exec } = await completed(emu, token, { query: TRICKY_QUERY, rowCount: 500 });
		const r = await rawGet(exec.reportAccessSecureLink, { 'accept-encoding': 'gzip, deflate, br' });
		expect(r.status).toBe(200);
		expect(r.headers['content-encoding']).toBe('gzip');
		expect(r.headers['content-length']).toBeUndefined();
		const plain = zlib.gunzipSync(r.body);
		expect(r.body.length).toBeLessThan(plain.length);
		const d = (await control(emu, 'GET', `/files/${exec.executionId}/sha256`)).json;
		expect(d).toEqual({ sha256: sha(plain), bytes: plain.length, rows: 500 });
		// fetch() decompresses transparently.
		const f = await fetch(exec.reportAccessSecureLink);
		expect(sha(Buffer.from(await f.arrayBuffer()))).toBe(d.sha256);
	});

	test('gzip of a multi-megabyte file (several parallel-deflated blocks) is one valid gzip stream', async () => {
		const { exec } = await completed(emu, token, { query: TRICKY_QUERY, rowCount: 60000 });
		const r = await rawGet(exec.reportAccessSecureLink, { 'accept-encoding': 'gzip' });
		expect(r.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
		const plain = zlib.gunzipSync(r.body);
		const d = await emu.fileDigest(exec.executionId);
		expect(plain.length).toBeGreaterThan(3 * 1024 * 1024);
		expect({ sha256: sha(plain), bytes: plain.length }).toEqual({ sha256: d.sha256, bytes: d.bytes });
		// Exactly one gzip member: the trailer's ISIZE is the full length.
		expect(r.body.readUInt32LE(r.body.length - 4)).toBe(plain.length);
	});

	test('CSV parses per RFC 4180 and contains the tricky values', async () => {
		const { exec } = await completed(emu, token, { query: TRICKY_QUERY, rowCount: 60 });
		const buf = (await rawGet(exec.reportAccessSecureLink, { 'accept-encoding': 'identity' })).body;
		const text = buf.subarray(3).toString('utf8');
		const rows = parseDelimited(text, ',');
		expect(rows[0]).toEqual(['CustomerId', 'CustomerName', 'CustomerCountry', 'OrderPurchaseDate', 'OrderCancelDate', 'OrderQuantity', 'IsTrial']);
		expect(rows).toHaveLength(61);
		expect(rows.every((r) => r.length === 7)).toBe(true);
		const cells = rows.slice(1).flat();
		for (const v of TRICKY_VALUES) expect(cells).toContain(v); // '' too: empty fields
		expect(cells).not.toContain(BARE_QUOTE_VALUE);
		expect(text).toContain('"The ""Best"" Company"');
		expect(rows.slice(1).every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r[0]))).toBe(true);
		expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(60); // ids are unique per row
		expect(rows.slice(1).every((r) => /^\d+$/.test(r[5]) && /^(True|False)$/.test(r[6]))).toBe(true);
		// Deterministic: the same execution always yields the same bytes; another execution differs.
		const again = (await rawGet(exec.reportAccessSecureLink, { 'accept-encoding': 'identity' })).body;
		expect(sha(again)).toBe(sha(buf));
		const other = await completed(emu, token, { query: TRICKY_QUERY, rowCount: 60 });
		expect((await emu.fileDigest(other.exec.executionId)).sha256).not.toBe(sha(buf));
	});

	test("fileQuoting 'bareQuotes': quotes inside unquoted fields stay bare, one value has a lone quote; rows as written", async () => {
		const e = await startEmulator({ port: 0, fileQuoting: 'bareQuotes' });
		try {
			const t = await appToken(e);
			const { exec } = await completed(e, t, { query: TRICKY_QUERY, rowCount: 60 });
			const text = (await rawGet(exec.reportAccessSecureLink, { 'accept-encoding': 'identity' })).body.toString('utf8');
			expect(text).toMatch(/(^|,)The "Best" Company(,|\r\n)/m);
			expect(text).toMatch(/(^|,)Fabrikam 24" Premium Display(,|\r\n)/m);
			expect(text).toContain('"Contoso, Ltd."'); // a delimiter is still quoted
			const { rows, total } = parseRows(text);
			expect(total).toBe(60);
			const cells = rows.flatMap((row) => Object.values(row));
			for (const v of [...TRICKY_VALUES, BARE_QUOTE_VALUE]) expect(cells).toContain(v);
			expect((await control(e, 'POST', '/config', { fileQuoting: 'sometimes' })).status).toBe(400);
		} finally {
			await e.stop();
		}
	});

	test('TSV: .tsv link, tab-separated content type, fields with tabs/quotes/newlines quoted', async () => {
		const { exec } = await completed(emu, token, { query: TRICKY_QUERY, format: 'TSV', rowCount: 30 });
		expect(exec.format).toBe('tsv');
		expect(exec.reportAccessSecureLink).toContain(`/_files/${exec.executionId}.tsv?`);
		const r = await rawGet(exec.reportAccessSecureLink, { 'accept-encoding': 'identity' });
		expect(r.headers['content-type']).toBe('text/tab-separated-values; charset=utf-8');
		const text = r.body.subarray(3).toString('utf8');
		const rows = parseDelimited(text, '\t');
		expect(rows).toHaveLength(31);
		expect(rows.every((row) => row.length === 7)).toBe(true);
		const cells = rows.flat();
		expect(cells).toContain('Tab\tseparated');
		expect(cells).toContain('Contoso, Ltd.');
		expect(text).toContain('\tContoso, Ltd.\t'); // a comma needs no quoting in TSV
		expect(text).toContain('"Tab\tseparated"');
		expect((await emu.fileDigest(exec.executionId)).sha256).toBe(sha(r.body));
	});

	test('row count: control value > report rowCount > LIMIT > defaultRowCount; bom option', async () => {
		const lim = await completed(emu, token, { query: 'SELECT OrderId, CustomerName FROM ISVOrder LIMIT 5' });
		expect((await emu.fileDigest(lim.exec.executionId)).rows).toBe(5);
		const dflt = await completed(emu, token, { query: 'SELECT OrderId, CustomerName FROM ISVOrder' });
		expect((await emu.fileDigest(dflt.exec.executionId)).rows).toBe(25);
		const put = await control(emu, 'PUT', `/reports/${dflt.reportId}/rowCount`, { rowCount: 7 });
		expect(put.json).toEqual({ reportId: dflt.reportId, rowCount: 7 });
		const afterPut = await control(emu, 'POST', `/reports/${dflt.reportId}/executions`);
		const rows = parseDelimited((await rawGet(afterPut.json.reportAccessSecureLink)).body.subarray(3).toString('utf8'));
		expect(rows).toHaveLength(8);
		const explicit = await control(emu, 'POST', `/reports/${dflt.reportId}/executions`, { rowCount: 0 });
		const empty = (await rawGet(explicit.json.reportAccessSecureLink)).body;
		expect(empty.toString('utf8')).toBe('\uFEFFOrderId,CustomerName\r\n');

		const nobom = await startEmulator({ port: 0, bom: false, defaultRowCount: 3 });
		try {
			const t = await appToken(nobom);
			const { exec } = await completed(nobom, t, { query: 'SELECT OrderId FROM ISVOrder' });
			const body = (await rawGet(exec.reportAccessSecureLink)).body;
			expect(body[0]).toBe('O'.charCodeAt(0));
			expect(parseDelimited(body.toString('utf8'))).toHaveLength(4);
		} finally {
			await nobom.stop();
		}
	});

	test("FAQ 'No records': a filter outside the allowed values gives a header-only file (mpn)", async () => {
		const t = await userToken(emu);
		const { exec } = await completed(emu, t, {
			base: '/insights/v1/mpn',
			query: "SELECT CustomerTenantId, CustomerTpid, WorkloadName, Month, MonthlyActiveUsers FROM OfficeUsage WHERE IsDuplicateRowForPGA = 'False' ORDER BY CustomerTenantId DESC",
		});
		const body = (await rawGet(exec.reportAccessSecureLink)).body.toString('utf8');
		expect(body).toBe('\uFEFFCustomerTenantId,CustomerTpid,WorkloadName,Month,MonthlyActiveUsers\r\n');
		// Equality filters pin the column to the literal.
		const pinned = await completed(emu, t, { base: '/insights/v1/mpn', query: "SELECT CustomerName, WorkloadName FROM OfficeUsage WHERE WorkloadName = 'Teams'", rowCount: 10 });
		const rows = parseDelimited((await rawGet(pinned.exec.reportAccessSecureLink)).body.subarray(3).toString('utf8'));
		expect(rows.slice(1).every((r) => r[1] === 'Teams')).toBe(true);
	});

	test('HEAD returns headers only; downloads are counted', async () => {
		const before = (await control(emu, 'GET', '/stats')).json.downloads;
		const { exec } = await completed(emu, token);
		const h = await fetch(exec.reportAccessSecureLink, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
		expect(h.status).toBe(200);
		expect(Number(h.headers.get('content-length'))).toBe((await emu.fileDigest(exec.executionId)).bytes);
		await (await fetch(exec.reportAccessSecureLink)).arrayBuffer();
		expect((await control(emu, 'GET', '/stats')).json.downloads).toBe(before + 2);
	});
});
