/**
 * The emulator's options for the docs' other readings (README "Readings"), each shown over HTTP: the
 * default answer, then the strict one. `profile: 'strict'` sets them all.
 */
const http = require('http');
const { startEmulator, STRICT_PROFILE, DEFAULT_OPTIONS } = require('../../emulator');
const { useEmulator, useTokens, api, control } = require('./helpers');

const emu = useEmulator({ executionDelaysMs: { pending: 0, running: 0 } });
const tokens = useTokens(emu);
const V11 = '/insights/v1.1/cmp';
const V1 = '/insights/v1/cmp';
const SYSTEM_QUERY = 'b9df4929-073f-4795-b0cb-a2c81b11e28d';
const fmt = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const inHours = (h) => fmt(Math.ceil((Date.now() + h * 3600e3) / 1000) * 1000);

afterEach(async () => {
	await control(emu, 'POST', 'config', Object.fromEntries(Object.keys(STRICT_PROFILE).map((k) => [k, DEFAULT_OPTIONS[k]])));
});

const call = (method, path, body, base = V11) => api(emu, tokens.app, method, base + path, body);
async function report(extra = {}, base = V11) {
	const r = await call('POST', '/ScheduledReport', { ReportName: 'R', QueryId: SYSTEM_QUERY, StartTime: inHours(5), RecurrenceInterval: 4, RecurrenceCount: 10, ...extra }, base);
	expect(r.status).toBe(200);
	return r.json.Value[0];
}
const set = (options) => control(emu, 'POST', 'config', options);

test('profile strict sets every strict reading; an unknown value is refused', async () => {
	const strict = await startEmulator({ port: 0, profile: 'strict', idCase: 'lower' });
	try {
		expect(strict.options).toMatchObject({ ...STRICT_PROFILE, idCase: 'lower' });
	} finally {
		await strict.stop();
	}
	await expect(startEmulator({ port: 0, profile: 'lenient' })).rejects.toThrow(/profile/);
	expect((await set({ listParams: 'maybe' })).status).toBe(400);
});

test('updateStartTime future: repeating a past StartTime is refused', async () => {
	const r = await report();
	emu.state.cmp.reports.get(r.reportId).startTimeMs = Math.floor(Date.now() / 1000) * 1000 - 3600e3;
	const past = fmt(emu.state.cmp.reports.get(r.reportId).startTimeMs);
	emu.state.cmp.reports.get(r.reportId).startTime = past;
	expect((await call('PUT', `/ScheduledReport/${r.reportId}`, { ReportName: 'R', StartTime: past })).status).toBe(200);
	await set({ updateStartTime: 'future' });
	const refused = await call('PUT', `/ScheduledReport/${r.reportId}`, { ReportName: 'R', StartTime: past });
	expect(refused.json.message).toMatch(/Start time of report should at least be 4 hours/);
});

test('callbackRemoval: "" removes, nullOnly refuses "" but takes null, none refuses both', async () => {
	const r = await report({ CallbackUrl: 'https://example.com/cb' });
	const put = (url) => call('PUT', `/ScheduledReport/${r.reportId}`, { ReportName: 'R', CallbackUrl: url });
	expect((await put('')).status).toBe(200);
	await set({ callbackRemoval: 'nullOnly' });
	expect((await put('')).json.message).toBe("Requested value '' not found");
	expect((await put(null)).status).toBe(200);
	await set({ callbackRemoval: 'none' });
	expect((await put(null)).json.message).toMatch(/^Null or missing value - CallbackUrl/);
});

test('endTime v1.1Only: EndTime on v1 is refused', async () => {
	const body = { RecurrenceCount: undefined, EndTime: inHours(100) };
	expect((await report(body, V1)).endTime).toBeUndefined();
	await set({ endTime: 'v1.1Only' });
	const r = await call('POST', '/ScheduledReport', { ReportName: 'R', QueryId: SYSTEM_QUERY, StartTime: inHours(5), RecurrenceInterval: 4, ...body }, V1);
	expect(r.json.message).toMatch(/EndTime is not a field/);
	expect((await report(body)).endTime).toBe(body.EndTime);
});

test('executeNow validatesSchedule: a run-once body needs a valid schedule, and still runs at once', async () => {
	const bare = { ReportName: 'Once', QueryId: SYSTEM_QUERY, ExecuteNow: true, StartTime: fmt(Date.now()) };
	expect((await call('POST', '/ScheduledReport', bare)).status).toBe(200);
	await set({ executeNow: 'validatesSchedule' });
	expect((await call('POST', '/ScheduledReport', bare)).json.message).toMatch(/^Null or missing value - RecurrenceCount/);
	expect((await call('POST', '/ScheduledReport', { ...bare, RecurrenceCount: 1, RecurrenceInterval: 4 })).json.message).toMatch(/4 hours/);
	const ok = await call('POST', '/ScheduledReport', { ...bare, StartTime: inHours(5), RecurrenceCount: 1, RecurrenceInterval: 4 });
	const executions = await call('GET', `/ScheduledReport/execution/${ok.json.Value[0].reportId}`);
	expect(executions.json.value[0].executionStatus).toBe('Completed');
});

test('callbackShape bare: a POST callback goes to the URL itself, with the IDs in a JSON body', async () => {
	const seen = [];
	const receiver = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			seen.push({ url: req.url, body });
			res.end();
		});
	});
	await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	try {
		await set({ callbackShape: 'bare' });
		const r = await report({ CallbackUrl: `http://127.0.0.1:${receiver.address().port}/cb` });
		const exec = emu.runExecution(r.reportId, {});
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(seen).toEqual([{ url: '/cb', body: JSON.stringify({ ReportId: r.reportId.toUpperCase(), ExecutionId: exec.executionId.toUpperCase() }) }]);
	} finally {
		await new Promise((resolve) => receiver.close(resolve));
	}
});

test('listParams single: `;`-lists of report IDs and statuses are refused, executionId lists are not', async () => {
	const a = await report();
	const b = await report();
	const both = `/ScheduledReport/execution/${a.reportId};${b.reportId}?executionStatus=Pending`;
	expect((await call('GET', both)).status).toBe(404);
	await set({ listParams: 'single' });
	expect((await call('GET', both)).json.message).toMatch(/reportId takes one value/);
	expect((await call('GET', `/ScheduledReport/execution/${a.reportId}?executionStatus=Pending;Completed`)).json.message).toMatch(/executionStatus takes one value/);
	expect((await call('GET', `/ScheduledReport?reportId=${a.reportId};${b.reportId}`)).status).toBe(400);
	expect((await call('GET', `/ScheduledReport/execution/${a.reportId}?executionId=x;y&executionStatus=Pending`)).status).toBe(404);
});

test('updateRecurrenceCount total: the count sent is the whole schedule, runs made are subtracted', async () => {
	const r = await report();
	for (let i = 0; i < 3; i++) emu.runExecution(r.reportId, {});
	const put = () => call('PUT', `/ScheduledReport/${r.reportId}`, { ReportName: 'R', RecurrenceCount: 7 });
	expect((await put()).json.value[0]).toMatchObject({ recurrenceCount: 7 });
	await set({ updateRecurrenceCount: 'total' });
	expect((await put()).json.value[0]).toMatchObject({ recurrenceCount: 4, totalRecurrenceCount: 7 });
});

test('timestampZone none, idCase upper, dataRedacted: how answers are written', async () => {
	const r = await report();
	await set({ timestampZone: 'none', idCase: 'upper', dataRedacted: true });
	const listed = await call('GET', `/ScheduledReport?reportId=${r.reportId}`);
	expect(listed.json.dataRedacted).toBe(true);
	expect(listed.json.value[0].reportId).toBe(r.reportId.toUpperCase());
	expect(listed.json.value[0].startTime).toBe(r.startTime.slice(0, -1));
	expect(listed.json.value[0].queryId).toBe(SYSTEM_QUERY.toUpperCase());
});

test('fileRedirect: the secure link answers 307 to /_blob/… (self) or another origin, the SAS kept', async () => {
	const r = await report();
	const exec = emu.runExecution(r.reportId, { rowCount: 2 });
	await set({ fileRedirect: 'self' });
	const first = await fetch(exec.reportAccessSecureLink, { redirect: 'manual' });
	expect(first.status).toBe(307);
	const location = first.headers.get('location');
	expect(location).toBe(exec.reportAccessSecureLink.replace('/_files/', '/_blob/'));
	expect((await fetch(location)).status).toBe(200);
	expect((await fetch(location.replace(/sig=[^&]+/, 'sig=bad'))).status).toBe(403);
	await set({ fileRedirect: 'https://cdn.example' });
	expect((await fetch(exec.reportAccessSecureLink, { redirect: 'manual' })).headers.get('location')).toMatch(/^https:\/\/cdn\.example\/_blob\//);
});
