'use strict';
const { startEmulator, appToken, tokenRequest, appForm, api, control, makeReport, rawGet } = require('./helpers');

const DS = '/insights/v1.1/cmp/ScheduledDataset';

async function statuses(e, token, n) {
	const out = [];
	for (let i = 0; i < n; i++) {
		try {
			out.push((await api(e, token, 'GET', DS)).status);
		} catch {
			out.push('reset');
		}
	}
	return out;
}

test('429 with Retry-After and the envelope; token and control endpoints are not affected', async () => {
	const e = await startEmulator({ port: 0, faults: { rate: 1, kinds: ['429'], retryAfterSeconds: 7 } });
	try {
		const t = await appToken(e); // token endpoint unaffected
		const r = await api(e, t, 'GET', DS);
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('7');
		expect(r.json).toMatchObject({ value: [], statusCode: 429 });
		expect(r.json.message).toContain('Try again in 7 seconds');
		const s = (await control(e, 'GET', '/stats')).json;
		expect(s.faultsInjected['429']).toBe(1);
		expect(s.faultsInjected.total).toBe(1);
		expect(s.apiCalls.byStatus['429']).toBe(1);
		expect(s.tokenRequests.failed).toBe(0);
	} finally {
		await e.stop();
	}
});

test('5xx answers 500/502/503 envelopes; reset destroys the socket; all counted by kind', async () => {
	const e = await startEmulator({ port: 0, faults: { rate: 1, kinds: ['5xx'], seed: 7 } });
	try {
		const t = await appToken(e);
		const got = await statuses(e, t, 12);
		expect(got.every((s) => [500, 502, 503].includes(s))).toBe(true);
		expect(new Set(got).size).toBeGreaterThan(1);
		const one = await api(e, t, 'GET', DS);
		expect(one.json.statusCode).toBe(one.status);
		await control(e, 'POST', '/faults', { rate: 1, kinds: ['reset'] });
		await expect(fetch(e.url + DS, { headers: { authorization: `Bearer ${t}` } })).rejects.toThrow();
		const s = (await control(e, 'GET', '/stats')).json;
		expect(s.faultsInjected).toMatchObject({ '5xx': 13, reset: 1, total: 14 });
		const log = (await control(e, 'GET', '/requests?limit=5')).json;
		expect(log.filter((l) => l.kind === 'api').pop()).toMatchObject({ method: 'GET', status: 0 });
		expect(s.apiCalls.byStatus.reset).toBe(1);
		// {} clears.
		const cleared = await control(e, 'POST', '/faults', {});
		expect(cleared.json.rate).toBe(0);
		expect((await api(e, t, 'GET', DS)).status).toBe(200);
	} finally {
		await e.stop();
	}
});

test('the same seed gives the same fault sequence', async () => {
	const cfg = { rate: 0.5, kinds: ['5xx', '429'], seed: 1234 };
	const runs = [];
	for (let i = 0; i < 2; i++) {
		const e = await startEmulator({ port: 0, faults: cfg });
		try {
			runs.push(await statuses(e, await appToken(e), 20));
		} finally {
			await e.stop();
		}
	}
	expect(runs[0]).toEqual(runs[1]);
	expect(runs[0]).toContain(200);
	expect(runs[0].some((s) => s !== 200)).toBe(true);
	const e = await startEmulator({ port: 0, faults: { ...cfg, seed: 99 } });
	try {
		expect(await statuses(e, await appToken(e), 20)).not.toEqual(runs[0]);
	} finally {
		await e.stop();
	}
});

test('queue: exact faults first, then success; route filter via paths', async () => {
	const e = await startEmulator({ port: 0 });
	try {
		const t = await appToken(e);
		await control(e, 'POST', '/faults', { queue: ['429', '5xx'] });
		const got = await statuses(e, t, 3);
		expect(got[0]).toBe(429);
		expect([500, 502, 503]).toContain(got[1]);
		expect(got[2]).toBe(200);
		await control(e, 'POST', '/faults', { rate: 1, kinds: ['429'], paths: ['GET /ScheduledReport/execution/{reportId}'] });
		expect((await api(e, t, 'GET', DS)).status).toBe(200);
		const { reportId } = await makeReport(e, t, '/insights/v1.1/cmp');
		expect((await api(e, t, 'GET', `/insights/v1.1/cmp/ScheduledReport/execution/${reportId}`)).status).toBe(429);
		// paths 'token' faults the token endpoint only.
		await control(e, 'POST', '/faults', { rate: 1, kinds: ['5xx'], paths: 'token' });
		expect([500, 502, 503]).toContain((await tokenRequest(e, appForm())).status);
		expect((await api(e, t, 'GET', DS)).status).toBe(200);
		expect((await control(e, 'POST', '/faults', { kinds: ['boom'] })).status).toBe(400);
	} finally {
		await e.stop();
	}
});

test('cutDownloadRate destroys downloads halfway (not API calls)', async () => {
	const e = await startEmulator({ port: 0, faults: { cutDownloadRate: 1 } });
	try {
		const t = await appToken(e);
		const { reportId } = await makeReport(e, t, '/insights/v1.1/cmp');
		const ex = (await control(e, 'POST', `/reports/${reportId}/executions`, { rowCount: 200000 })).json;
		await expect(rawGet(ex.reportAccessSecureLink, { 'accept-encoding': 'identity' })).rejects.toThrow();
		await expect(fetch(ex.reportAccessSecureLink).then((r) => r.arrayBuffer())).rejects.toThrow();
		const s = (await control(e, 'GET', '/stats')).json;
		expect(s.faultsInjected.cut).toBe(2);
		await control(e, 'POST', '/faults', {});
		const ok = await rawGet(ex.reportAccessSecureLink, { 'accept-encoding': 'identity' });
		expect(ok.body.length).toBe((await e.fileDigest(ex.executionId)).bytes);
	} finally {
		await e.stop();
	}
});

test('processedReset and processed500 apply the request, then lose or spoil its answer', async () => {
	const e = await startEmulator({ port: 0 });
	let t;
	const QUERIES = '/insights/v1.1/cmp/ScheduledQueries';
	const create = (name) =>
		api(e, t, 'POST', QUERIES, { Name: name, Query: 'SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH' });
	const named = async (name) =>
		(await api(e, t, 'GET', `${QUERIES}?queryName=${encodeURIComponent(name)}&includeSystemQueries=false`)).json.value;
	try {
		t = await appToken(e);
		await control(e, 'POST', '/faults', { queue: ['processedReset', 'processed500'], paths: ['POST /ScheduledQueries'] });
		await expect(create('lost answer')).rejects.toThrow();
		expect(await named('lost answer')).toHaveLength(1);
		const spoilt = await create('spoilt answer');
		expect(spoilt.status).toBe(500);
		expect(spoilt.json).toMatchObject({ value: [], statusCode: 500 });
		expect(await named('spoilt answer')).toHaveLength(1);
		// Queue used up: the next create answers normally.
		expect((await create('answered')).status).toBe(200);
		const s = (await control(e, 'GET', '/stats')).json;
		expect(s.faultsInjected).toMatchObject({ processedReset: 1, processed500: 1, total: 2 });
		expect(s.apiCalls.byStatus).toMatchObject({ reset: 1, 500: 1 });
		// A GET "processed" then reset reads nothing twice; it is simply lost.
		await control(e, 'POST', '/faults', { rate: 1, kinds: ['processedReset'] });
		await expect(api(e, t, 'GET', DS)).rejects.toThrow();
	} finally {
		await e.stop();
	}
});
