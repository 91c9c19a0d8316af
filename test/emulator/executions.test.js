'use strict';
const { startEmulator, BASES, programOf, useEmulator, useTokens, appToken, userToken, api, control, utc, makeReport, startRecorder, waitFor, sleep } = require('./helpers');
const http = require('node:http');

const emu = useEmulator({ executionDelaysMs: { pending: 400, running: 400 } });
const tokens = useTokens(emu);
const { tok } = tokens;

describe('ExecuteNow lifecycle', () => {
	test.each(BASES)('%s: Pending → Running → Completed, 404 with the default filter until Completed', async (base) => {
		const t0 = Date.now();
		const { reportId, report } = await makeReport(emu, tok(base), base, { report: { ExecuteNow: true, StartTime: undefined, QueryStartTime: '2021-03-31T18:41:00Z', QueryEndTime: '2021-06-30T18:41:00Z' } });
		expect(report).toMatchObject({ executeNow: true, queryStartTime: '2021-03-31T18:41:00Z', queryEndTime: '2021-06-30T18:41:00Z' });
		const all = `${base}/ScheduledReport/execution/${reportId}?executionStatus=Pending;Running;Completed`;
		const seen = [];
		const at = async (ms) => {
			await sleep(Math.max(0, t0 + ms - Date.now()));
			const r = await api(emu, tok(base), 'GET', all);
			seen.push(r.json.value[0].executionStatus);
			return r;
		};
		const p = await at(150);
		expect(p.json.value[0]).toMatchObject({ executionStatus: 'Pending', reportAccessSecureLink: null, reportExpiryTime: null, reportGeneratedTime: null });
		const dflt = await api(emu, tok(base), 'GET', `${base}/ScheduledReport/execution/${reportId}`);
		expect(dflt.status).toBe(404);
		expect(dflt.json.message).toMatch(/^There are no executions that have occurred for the given filter conditions/);
		const pending = await api(emu, tok(base), 'GET', `${base}/ScheduledReport/execution/${reportId}?executionStatus=Pending`);
		expect(pending.status).toBe(200);
		await at(600);
		await at(1000);
		expect(seen).toEqual(['Pending', 'Running', 'Completed']);
		const done = await api(emu, tok(base), 'GET', `${base}/ScheduledReport/execution/${reportId}`);
		expect(done.status).toBe(200);
		const e = done.json.value[0];
		expect(Object.keys(e)).toEqual(['executionId', 'reportId', 'recurrenceInterval', 'recurrenceCount', 'callbackUrl', 'callbackMethod', 'format', 'executionStatus', 'reportLocation', 'reportAccessSecureLink', 'reportExpiryTime', 'reportGeneratedTime']);
		expect(e.executionStatus).toBe('Completed');
		expect(e.reportAccessSecureLink.startsWith(`${emu.url}/_files/${e.executionId}.csv?sv=2021-08-06&se=`)).toBe(true);
		expect(e.reportAccessSecureLink).toMatch(/&sr=b&sp=r&sig=/);
		expect(e.reportExpiryTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(Date.parse(e.reportExpiryTime) - Date.now()).toBeGreaterThan(3500 * 1000);
		expect(e.reportGeneratedTime).toMatch(/Z$/);
		// One-time reports get no recurring executions.
		expect((await control(emu, 'POST', `/reports/${reportId}/executions`)).status).toBe(409);
	});
});

describe('recurring reports (control endpoint)', () => {
	const base = '/insights/v1.1/cmp';

	test('executions only through the control endpoint; latest vs all; filters; ; lists', async () => {
		const { reportId } = await makeReport(emu, tokens.app, base);
		const a = await makeReport(emu, tokens.app, base);
		const url = (qs = '') => `${base}/ScheduledReport/execution/${reportId}${qs}`;
		expect((await api(emu, tokens.app, 'GET', url('?executionStatus=Pending;Running;Completed;Paused&getLatestExecution=false'))).status).toBe(404);
		const e1 = (await control(emu, 'POST', `/reports/${reportId}/executions`)).json;
		expect(e1.executionStatus).toBe('Completed');
		expect(e1.reportAccessSecureLink).toContain('/_files/');
		const e2 = (await control(emu, 'POST', `/reports/${reportId}/executions`, { rowCount: 3 })).json;
		const e3 = (await control(emu, 'POST', `/reports/${reportId}/executions`, { status: 'Pending' })).json;
		expect(e3.executionStatus).toBe('Pending');

		const latest = await api(emu, tokens.app, 'GET', url());
		expect(latest.json.value.map((e) => e.executionId)).toEqual([e2.executionId]); // latest Completed
		const all = await api(emu, tokens.app, 'GET', url('?getLatestExecution=false'));
		expect(all.json.value.map((e) => e.executionId)).toEqual([e2.executionId, e1.executionId]); // newest first
		const allStatuses = await api(emu, tokens.app, 'GET', url('?getLatestExecution=false&executionStatus=Completed;Pending'));
		expect(allStatuses.json.value.map((e) => e.executionId)).toEqual([e3.executionId, e2.executionId, e1.executionId]);
		expect(allStatuses.json.totalCount).toBe(3);
		const byId = await api(emu, tokens.app, 'GET', url(`?executionId=${e1.executionId};${e3.executionId}&getLatestExecution=false&executionStatus=Completed;Pending`));
		expect(byId.json.value.map((e) => e.executionId)).toEqual([e3.executionId, e1.executionId]);
		expect((await api(emu, tokens.app, 'GET', url('?executionStatus=Bogus'))).json.message).toBe("Requested value 'Bogus' not found");

		// Complete the pending one through the control endpoint.
		const done = await control(emu, 'PUT', `/executions/${e3.executionId}/status`, { status: 'Completed' });
		expect(done.json.executionStatus).toBe('Completed');
		expect((await api(emu, tokens.app, 'GET', url())).json.value[0].executionId).toBe(e3.executionId);

		// Several reports in the path, latest per report.
		await control(emu, 'POST', `/reports/${a.reportId}/executions`);
		const multi = await api(emu, tokens.app, 'GET', `${base}/ScheduledReport/execution/${reportId};${a.reportId}`);
		expect(multi.json.value.map((e) => e.reportId).sort()).toEqual([reportId, a.reportId].sort());

		// Unknown report → "No item found with given filters." (FAQ).
		const none = await api(emu, tokens.app, 'GET', `${base}/ScheduledReport/execution/00000000-0000-0000-0000-000000000000`);
		expect(none.status).toBe(404);
		expect(none.json.message).toBe('No item found with given filters.');
	});

	test('RecurrenceCount counts down and the report becomes Inactive; paused reports get no executions', async () => {
		const { reportId } = await makeReport(emu, tokens.app, base, { report: { RecurrenceCount: 2 } });
		await control(emu, 'POST', `/reports/${reportId}/executions`);
		let r = (await api(emu, tokens.app, 'GET', `${base}/ScheduledReport?reportId=${reportId}`)).json.value[0];
		expect(r).toMatchObject({ recurrenceCount: 1, totalRecurrenceCount: 2, reportStatus: 'Active' });
		expect(r.nextExecutionStartTime).toMatch(/Z$/);
		await api(emu, tokens.app, 'PUT', `${base}/ScheduledReport/pause/${reportId}`);
		const paused = await control(emu, 'POST', `/reports/${reportId}/executions`);
		expect(paused.status).toBe(409);
		expect(paused.json.error).toContain('Paused');
		await api(emu, tokens.app, 'PUT', `${base}/ScheduledReport/resume/${reportId}`);
		await control(emu, 'POST', `/reports/${reportId}/executions`);
		r = (await api(emu, tokens.app, 'GET', `${base}/ScheduledReport?reportId=${reportId}`)).json.value[0];
		expect(r).toMatchObject({ recurrenceCount: 0, reportStatus: 'Inactive', nextExecutionStartTime: null });
		expect((await control(emu, 'POST', `/reports/${reportId}/executions`)).status).toBe(409);
		expect((await control(emu, 'POST', '/reports/00000000-0000-0000-0000-000000000000/executions')).status).toBe(404);
	});

	test('control executions find reports of any program', async () => {
		const { reportId } = await makeReport(emu, tokens.user, '/insights/v1/mpn');
		const r = await control(emu, 'POST', `/reports/${reportId}/executions`, { progress: true });
		expect(r.status).toBe(200);
		expect(r.json.executionStatus).toBe('Pending');
		await sleep(850);
		const ex = await api(emu, tokens.user, 'GET', `/insights/v1/mpn/ScheduledReport/execution/${reportId}`);
		expect(ex.json.value[0].executionStatus).toBe('Completed');
	});
});

describe('callbacks (mpn paradigm doc: POST {url}/{reportId}, GET {url}?reportId=)', () => {
	let rec;
	beforeAll(async () => {
		rec = await startRecorder();
	});
	afterAll(() => rec.close());
	beforeEach(() => {
		rec.requests.length = 0;
	});

	test.each(BASES)('%s: POST callback when an ExecuteNow report completes', async (base) => {
		const fast = await startEmulator({ port: 0, executionDelaysMs: { pending: 20, running: 20 } });
		try {
			const t = programOf(base) === 'mpn' ? await userToken(fast) : await appToken(fast);
			const { reportId } = await makeReport(fast, t, base, { report: { ExecuteNow: true, StartTime: undefined, CallbackUrl: `${rec.url}/hooks/pc/` } });
			await waitFor(() => rec.requests.length >= 1);
			expect(rec.requests[0]).toMatchObject({ method: 'POST', url: `/hooks/pc/${reportId}` });
			const ex = await api(fast, t, 'GET', `${base}/ScheduledReport/execution/${reportId}`);
			expect(ex.json.value[0].executionStatus).toBe('Completed');
			expect((await control(fast, 'GET', '/stats')).json.callbacksSent).toBe(1);
		} finally {
			await fast.stop();
		}
	});

	test('GET callback keeps an existing query string (secret) and appends reportId with &', async () => {
		const { reportId } = await makeReport(emu, tokens.app, '/insights/v1.1/cmp', { report: { CallbackUrl: `${rec.url}/hook?secret=s3cr3t`, CallbackMethod: 'GET' } });
		await control(emu, 'POST', `/reports/${reportId}/executions`);
		await waitFor(() => rec.requests.length >= 1);
		expect(rec.requests[0]).toMatchObject({ method: 'GET', url: `/hook?secret=s3cr3t&reportId=${reportId}` });
		// The request log never shows the secret.
		const log = (await control(emu, 'GET', '/requests?limit=50')).json;
		expect(JSON.stringify(log)).not.toContain('s3cr3t');
	});

	test('POST callback with a query string inserts the reportId into the path', async () => {
		const { reportId } = await makeReport(emu, tokens.app, '/insights/v1/cmp', { report: { CallbackUrl: `${rec.url}/hook?secret=abc` } });
		await control(emu, 'POST', `/reports/${reportId}/executions`);
		await waitFor(() => rec.requests.length >= 1);
		expect(rec.requests[0]).toMatchObject({ method: 'POST', url: `/hook/${reportId}?secret=abc` });
	});

	test('no callback for non-Completed executions; callback when completed later', async () => {
		const { reportId } = await makeReport(emu, tokens.app, '/insights/v1.1/cmp', { report: { CallbackUrl: `${rec.url}/late` } });
		const e = (await control(emu, 'POST', `/reports/${reportId}/executions`, { status: 'Running' })).json;
		await sleep(100);
		expect(rec.requests).toHaveLength(0);
		await control(emu, 'PUT', `/executions/${e.executionId}/status`, { status: 'Completed' });
		await waitFor(() => rec.requests.length >= 1);
		expect(rec.requests[0].url).toBe(`/late/${reportId}`);
	});

	test('callbackRepeat and callbackDelayMs, retry on 5xx', async () => {
		let calls = 0;
		const flaky = await startRecorder(() => (++calls === 1 ? 503 : 200));
		const e2 = await startEmulator({ port: 0, callbackRepeat: 2, callbackDelayMs: 150 });
		try {
			const t = await appToken(e2);
			const { reportId } = await makeReport(e2, t, '/insights/v1.1/cmp', { report: { CallbackUrl: `${flaky.url}/cb` } });
			const started = Date.now();
			await control(e2, 'POST', `/reports/${reportId}/executions`);
			await sleep(60);
			expect(flaky.requests).toHaveLength(0); // delayed
			await waitFor(() => flaky.requests.length >= 3, { timeout: 4000 });
			expect(Date.now() - started).toBeGreaterThanOrEqual(150);
			expect(flaky.requests.map((r) => r.url)).toEqual([`/cb/${reportId}`, `/cb/${reportId}`, `/cb/${reportId}`]);
			await sleep(50);
			const stats = (await control(e2, 'GET', '/stats')).json;
			expect(stats.callbacksSent).toBe(2); // first delivery retried after the 503
			const cbLog = (await control(e2, 'GET', '/callbacks')).json;
			expect(cbLog.map((c) => c.status)).toEqual([503, 200, 200]);
			// Runtime option change through the control endpoint.
			const cfg = await control(e2, 'POST', '/config', { callbackRepeat: 1, callbackDelayMs: 0 });
			expect(cfg.json).toMatchObject({ callbackRepeat: 1, callbackDelayMs: 0 });
		} finally {
			await e2.stop();
			await flaky.close();
		}
	});
});

test('callbackConcurrent sends the callbackRepeat copies at once', async () => {
	// The receiver answers only once all three are open: sent one after another, only one would be.
	const open = [];
	let mostOpen = 0;
	const receiver = http.createServer((req, res) => {
		req.resume();
		open.push(res);
		mostOpen = Math.max(mostOpen, open.length);
		if (open.length === 3) for (const r of open.splice(0)) r.end('ok');
	});
	await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
	const e2 = await startEmulator({ port: 0, callbackRepeat: 3, callbackConcurrent: true });
	try {
		const t = await appToken(e2);
		const url = `http://127.0.0.1:${receiver.address().port}/cb`;
		const { reportId } = await makeReport(e2, t, '/insights/v1.1/cmp', { report: { CallbackUrl: url } });
		await control(e2, 'POST', `/reports/${reportId}/executions`);
		await waitFor(async () => (await control(e2, 'GET', '/callbacks')).json.length >= 3, { timeout: 4000 });
		expect(mostOpen).toBe(3);
		expect((await control(e2, 'GET', '/callbacks')).json.map((c) => c.status)).toEqual([200, 200, 200]);
	} finally {
		await e2.stop();
		receiver.closeAllConnections();
		await new Promise((r) => receiver.close(r));
	}
});

describe('pagination (nextLink)', () => {
	async function collect(e, token, path) {
		const pages = [];
		let url = e.url + path;
		while (url) {
			const r = await api(e, token, 'GET', url);
			expect(r.status).toBe(200);
			pages.push(r.json);
			url = r.json.nextLink ? new URL(r.json.nextLink, e.url + path).toString() : null;
		}
		return pages;
	}

	test('absolute nextLink (default style)', async () => {
		const e = await startEmulator({ port: 0, pageSize: 2 });
		try {
			const t = await userToken(e);
			for (let i = 0; i < 5; i++) await api(e, t, 'POST', '/insights/v1/mpn/ScheduledQueries', { Name: `Paged ${i}`, Query: 'SELECT MPNId FROM Profile' });
			const pages = await collect(e, t, '/insights/v1/mpn/ScheduledQueries?includeSystemQueries=false');
			expect(pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
			expect(pages.map((p) => p.totalCount)).toEqual([2, 2, 1]);
			expect(pages[0].nextLink.startsWith(`${e.url}/insights/v1/mpn/ScheduledQueries?`)).toBe(true);
			expect(pages[0].nextLink).toContain('includeSystemQueries=false');
			expect(pages[2].nextLink).toBeNull();
			expect(pages.flatMap((p) => p.value.map((q) => q.name))).toEqual(['Paged 0', 'Paged 1', 'Paged 2', 'Paged 3', 'Paged 4']);
			// Datasets page too (21 mpn datasets → 11 pages).
			const ds = await collect(e, t, '/insights/v1/mpn/ScheduledDataset');
			expect(ds).toHaveLength(11);
			expect(ds.flatMap((p) => p.value)).toHaveLength(21);
			// Bad continuation token.
			expect((await api(e, t, 'GET', '/insights/v1/mpn/ScheduledDataset?skipToken=zzz')).status).toBe(400);
		} finally {
			await e.stop();
		}
	});

	test('relative nextLink (path + query) for reports and executions', async () => {
		const e = await startEmulator({ port: 0, pageSize: 2, nextLinkStyle: 'relative' });
		try {
			const t = await appToken(e);
			const { reportId } = await makeReport(e, t, '/insights/v1.1/cmp');
			for (let i = 0; i < 3; i++) await makeReport(e, t, '/insights/v1.1/cmp');
			const reports = await collect(e, t, '/insights/v1.1/cmp/ScheduledReport');
			expect(reports.map((p) => p.value.length)).toEqual([2, 2]);
			expect(reports[0].nextLink.startsWith('/insights/v1.1/cmp/ScheduledReport?skipToken=')).toBe(true);
			for (let i = 0; i < 3; i++) await control(e, 'POST', `/reports/${reportId}/executions`);
			const ex = await collect(e, t, `/insights/v1.1/cmp/ScheduledReport/execution/${reportId}?getLatestExecution=false`);
			expect(ex.map((p) => p.value.length)).toEqual([2, 1]);
			expect(ex[0].nextLink).toMatch(/^\/insights\/v1\.1\/cmp\/ScheduledReport\/execution\/[0-9a-f-]+\?getLatestExecution=false&skipToken=/);
		} finally {
			await e.stop();
		}
	});

	test('pageSize 0 (default) returns everything with nextLink null', async () => {
		const r = await api(emu, tokens.user, 'GET', '/insights/v1/mpn/ScheduledDataset');
		expect(r.json.value).toHaveLength(21);
		expect(r.json.nextLink).toBeNull();
	});
});

test('POST /_emulator/reset clears programs and stats but keeps tokens', async () => {
	const e = await startEmulator({ port: 0 });
	try {
		const t = await appToken(e);
		await makeReport(e, t, '/insights/v1.1/cmp');
		expect(e.state.cmp.reports.size).toBe(1);
		expect((await control(e, 'POST', '/reset')).status).toBe(200);
		expect(e.state.cmp.reports.size).toBe(0);
		expect(e.state.cmp.queries.size).toBe(0);
		expect((await control(e, 'GET', '/stats')).json.apiCalls.total).toBe(0);
		expect((await api(e, t, 'GET', '/insights/v1.1/cmp/ScheduledReport')).status).toBe(200);
		await control(e, 'POST', '/reset?tokens=true');
		expect((await api(e, t, 'GET', '/insights/v1.1/cmp/ScheduledReport')).status).toBe(401);
	} finally {
		await e.stop();
	}
});
