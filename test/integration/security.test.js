/**
 * Security sweep (issue #7) with the nodes in real n8n-core contexts against the emulator over HTTP:
 *
 * 1. Callbacks: forged (wrong, empty, truncated secret), the secret of another workflow, a replay of a
 *    genuine callback after delivery, a report the trigger does not watch: none starts a run.
 * 2. Download links: a link to another host, port or scheme (the emulator's `publicUrl` points
 *    elsewhere) is refused unless it is https or on the configured API base URL's origin; nothing is
 *    fetched from the other host; a redirect from the allowed origin to another host is not followed
 *    with credentials.
 * 3. Query values in builder mode cannot change the shape of the query: quotes, `' OR 1=1 --`,
 *    newlines, and names given by expression.
 * 4. No client secret, password, access token or SAS signature (`sig=`) in logs, errors or output
 *    items, across token failures, retries, expired links and refused links.
 */
const crypto = require('crypto');
const { createHarness } = require('../helpers/harness');
const {
	useTestEmulator,
	clientCredentials,
	passwordCredentials,
	harnessCredentials,
	DEFAULTS,
} = require('../helpers/emulator');
const { parseQuery } = require('../../emulator/query');
const { CMP_DATASETS } = require('../../emulator/datasets');
const { startCaptureServer: captureServer, startRedirectingProxy } = require('../fixtures/otherHosts');
const leaks = require('../fixtures/leaks');
const { id, idKeys } = require('../fixtures/ids');
const {
	SYSTEM_QUERY_ID,
	createRecurringReport,
	freshTriggerHarness,
	restartedTriggerHarness,
	waitFor,
} = require('../helpers/triggerFixtures');

const STATE_KEY = 'node:Partner Center Analytics';

const server = useTestEmulator({ executionDelaysMs: { pending: 20, running: 20 } });
afterEach(async () => {
	await server.setFaults({});
	await server.control('POST', 'config', {
		callbackRepeat: 1,
		linkTtlSeconds: 3600,
		publicUrl: null,
	});
});

const credentials = () => harnessCredentials(server.url);

const completeExecution = async (reportId, rowCount = 5) =>
	(await server.control('POST', `reports/${reportId}/executions`, { rowCount })).executionId;
const callbacksFor = async (executionId) =>
	(await server.control('GET', 'callbacks')).filter((entry) => entry.executionId === executionId);

/** A JSON view of anything, errors included (message, description, cause, context, own fields). */
function dump(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, function (key, v) {
		if (v instanceof Error) {
			const out = { name: v.name, message: v.message, stack: v.stack };
			for (const k of Object.getOwnPropertyNames(v)) out[k] = v[k];
			return out;
		}
		if (Buffer.isBuffer(v)) return `<buffer ${v.length}>`;
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		return v;
	});
}

/**
 * Secrets found in a text: the demo identity, every token the emulator issued so far, SAS signatures
 * (test/fixtures/leaks.js, the scanner of the real-n8n suites).
 */
const leaksIn = (text) => leaks.kindsIn(text, leaks.secretsFrom(server.emu));

describe('callbacks: forged, foreign and replayed', () => {
	test('wrong, empty and truncated secrets, the secret of another workflow, an unwatched report and a replay after delivery start nothing', async () => {
		const reportA = await createRecurringReport(credentials(), 'Security A');
		const reportB = await createRecurringReport(credentials(), 'Security B');
		const a = await freshTriggerHarness({
			kind: 'callback',
			credentials: credentials(),
			parameters: { watch: 'reportIds', reportIds: reportA },
		});
		const b = await freshTriggerHarness({
			kind: 'callback',
			credentials: credentials(),
			parameters: { watch: 'reportIds', reportIds: reportB },
		});

		// Before activation: 401.
		const early = await fetch(`${a.callbackBase}/${'0'.repeat(48)}/${reportA}`, {
			method: 'POST',
		});
		expect(early.status).toBe(401);

		await a.activate();
		await b.activate();
		const secretA = a.staticData[STATE_KEY].secret;
		const secretB = b.staticData[STATE_KEY].secret;
		expect(secretA).not.toBe(secretB);
		expect(secretA).toMatch(/^[0-9a-f]{48}$/);

		// A genuine delivery.
		const executionId = await completeExecution(reportA);
		await waitFor(() => a.runs.length === 1, 'the genuine callback run');
		expect(idKeys(a.runs[0].map((item) => item.json.executionId))).toEqual(idKeys([executionId]));

		const urlA = (secret, reportId = reportA) => `${a.callbackBase}/${secret}/${reportId}`;
		const attempts = {
			wrongSecret: await fetch(urlA(crypto.randomBytes(24).toString('hex')), { method: 'POST' }),
			secretOfOtherWorkflow: await fetch(urlA(secretB), { method: 'POST' }),
			truncatedSecret: await fetch(urlA(secretA.slice(0, -1)), { method: 'POST' }),
			secretWithSuffix: await fetch(urlA(`${secretA}0`), { method: 'POST' }),
			upperCaseSecret: await fetch(urlA(secretA.toUpperCase()), { method: 'POST' }),
			encodedSecret: await fetch(urlA(encodeURIComponent(` ${secretA}`)), { method: 'POST' }),
			otherWorkflowsReport: await fetch(urlA(secretA, reportB), { method: 'POST' }),
			otherWorkflowsSecretAndReport: await fetch(urlA(secretB, reportB), { method: 'POST' }),
		};
		const statuses = Object.fromEntries(Object.entries(attempts).map(([k, r]) => [k, r.status]));
		expect(statuses).toEqual({
			wrongSecret: 403,
			secretOfOtherWorkflow: 403,
			truncatedSecret: 403,
			secretWithSuffix: 403,
			upperCaseSecret: 403,
			encodedSecret: 403,
			otherWorkflowsReport: 404,
			otherWorkflowsSecretAndReport: 403,
		});

		// Replays of the genuine callback after delivery, one after the other and all at once.
		const replay = await fetch(urlA(secretA), { method: 'POST' });
		expect(replay.status).toBe(200);
		expect(await replay.json()).toMatchObject({ message: 'Nothing new for this report' });
		const burst = await Promise.all(
			[1, 2, 3, 4, 5].map(() => fetch(urlA(secretA), { method: 'POST' })),
		);
		expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

		expect(a.runs).toHaveLength(1);
		expect(b.runs).toHaveLength(0);
		await a.deactivate();
		await b.deactivate();
		await a.close();
		await b.close();
	});

	test('a replay after a restart (only static data survives) starts nothing either', async () => {
		const reportId = await createRecurringReport(credentials(), 'Security replay');
		const options = {
			kind: 'callback',
			credentials: credentials(),
			parameters: { watch: 'reportIds', reportIds: reportId },
		};
		const first = await freshTriggerHarness(options);
		await first.activate();
		const executionId = await completeExecution(reportId);
		await waitFor(() => first.runs.length === 1, 'the first run');
		const [callback] = await callbacksFor(executionId);
		await first.close();

		const restarted = await restartedTriggerHarness(options, first);
		await restarted.activate();
		// The same callback again, as Partner Center (or an attacker who saw it) would resend it.
		const path = new URL(callback.url).pathname;
		const replay = await fetch(`${restarted.baseUrl}${path}`, { method: 'POST' });
		expect(replay.status).toBe(200);
		expect(restarted.runs).toHaveLength(0);
		await restarted.deactivate();
		await restarted.close();
	});
});

describe('download links to another host or scheme', () => {
	let reportId;
	beforeAll(async () => {
		reportId = await createRecurringReport(credentials(), 'Security links');
		await completeExecution(reportId, 4);
	});

	async function download(h) {
		try {
			return {
				items: await h.run({
					resource: 'execution',
					operation: 'download',
					reportId: id(reportId),
				}),
			};
		} catch (error) {
			return { error };
		}
	}

	test.each([
		['plain http on another host', () => 'http://evil.example'],
		['plain http on another port of the same host', (capture) => capture.url],
		[
			'plain http on the API host under another name',
			() => server.url.replace('127.0.0.1', 'localhost'),
		],
		['ftp', (capture) => capture.url.replace('http:', 'ftp:')],
		['file', () => 'file:///etc'],
		['javascript', () => 'javascript:alert(1)//'],
	])('%s is refused and nothing is fetched', async (_name, publicUrl) => {
		const capture = await captureServer();
		try {
			await server.control('POST', 'config', { publicUrl: publicUrl(capture) });
			const h = createHarness({ credentials: credentials() });
			const { items, error } = await download(h);
			expect(items).toBeUndefined();
			expect(error.message).toMatch(/download link that is not https .*it was not followed/);
			// The refused link is named without its signature.
			expect(leaksIn(dump(error))).toEqual([]);
			expect(leaksIn(h.logs.join('\n'))).toEqual([]);
			expect(capture.hits).toEqual([]);
		} finally {
			await capture.close();
		}
	});

	test('a link on the configured API base origin (http, emulator) is followed without an Authorization header', async () => {
		const h = createHarness({ credentials: credentials() });
		const [item] = await h.run({
			resource: 'execution',
			operation: 'download',
			reportId: id(reportId),
		});
		expect(item.json.rowCount).toBe(4);
		// The emulator answers 400 InvalidAuthenticationInfo to a link fetched with an Authorization header.
		const files = (await server.control('GET', 'requests?limit=1000')).filter(
			(r) => r.kind === 'file',
		);
		expect(files.at(-1).status).toBe(200);
	});

	/**
	 * A proxy in front of the emulator is the API base URL; its file links answer 302 to another host
	 * (`capture`). Runs `use` with a harness whose credential points at the proxy.
	 */
	async function withRedirectingProxy(use) {
		const capture = await captureServer();
		const proxy = await startRedirectingProxy(server.url, `${capture.url}/stolen`);
		const proxyUrl = proxy.url;
		try {
			await server.control('POST', 'config', { publicUrl: proxyUrl });
			const h = createHarness({
				credentials: {
					partnerCenterClientCredentialsApi: clientCredentials(server.url, {
						apiBaseUrl: proxyUrl,
					}),
				},
			});
			await use({ h, capture });
		} finally {
			await proxy.close();
			await capture.close();
		}
	}

	test('a redirect from the API origin to another host is not followed with credentials', async () => {
		await withRedirectingProxy(async ({ h, capture }) => {
			const { items, error } = await download(h);
			// Whatever the outcome, the other host never sees a token.
			expect(capture.hits.filter((hit) => hit.authorization !== null)).toEqual([]);
			if (items) expect(leaksIn(dump(items))).toEqual([]);
			if (error) expect(leaksIn(dump(error))).toEqual([]);
		});
	});

	// A redirect could lead off the checked host: openLink disables following and refuses any 3xx.
	test('a redirect from the API origin to another host is refused (not followed at all)', async () => {
		await withRedirectingProxy(async ({ h, capture }) => {
			const { items } = await download(h);
			expect({ followed: capture.hits.length, items: items ? items.length : 0 }).toEqual({
				followed: 0,
				items: 0,
			});
		});
	});
});

describe('query values cannot break out of the query (builder mode)', () => {
	/** Creates a query with the builder; returns what the emulator parsed from the text it received. */
	async function build(filters, extra = {}) {
		const h = createHarness({ credentials: credentials() });
		const received = (await server.stats()).queriesReceived.length;
		let error;
		let created;
		try {
			[created] = await h.run({
				resource: 'query',
				operation: 'create',
				name: 'Security builder',
				querySource: 'builder',
				queryDataset: 'ISVOrder',
				queryColumns: ['OrderId', 'CustomerCompanyName'],
				queryFilters: { filter: filters },
				queryTimespan: 'LAST_MONTH',
				...extra,
			});
		} catch (e) {
			error = e;
		}
		const sent = (await server.stats()).queriesReceived.slice(received);
		const parsed = sent.map((text) => parseQuery(text, CMP_DATASETS));
		return { error, created, sent, parsed };
	}

	test.each([
		["' OR 1=1 --"],
		["x' OR CustomerCountry = 'US"],
		["O'Brien"],
		["'; DROP TABLE ISVOrder; --"],
		["line one\nAND CustomerCountry = 'US'"],
		['line one\r\nline two'],
		["back\\slash \\' quote"],
		['percent % and _ underscore'],
		['"double" and `back` quotes'],
		['SELECT * FROM ISVOrder'],
	])('value %j stays one literal of one filter', async (value) => {
		const { error, parsed } = await build([
			{ column: 'CustomerCompanyName', operator: 'equals', value },
		]);
		expect(error).toBeUndefined();
		expect(parsed).toHaveLength(1);
		expect(parsed[0].filters).toEqual([
			{ column: 'CustomerCompanyName', op: '=', values: [value] },
		]);
		expect(parsed[0].columns).toEqual(['OrderId', 'CustomerCompanyName']);
	});

	test('IN values: one per line, each its own literal', async () => {
		const values = ["a' OR 'b", 'c', "'); --"];
		const { error, parsed } = await build([
			{ column: 'CustomerCompanyName', operator: 'in', value: values.join('\n') },
		]);
		expect(error).toBeUndefined();
		expect(parsed[0].filters).toEqual([{ column: 'CustomerCompanyName', op: 'IN', values }]);
	});

	test.each([
		['a column', { queryColumns: ['OrderId FROM ISVOrder --'] }],
		[
			'a filter column',
			{
				queryFilters: {
					filter: [{ column: "CustomerCountry = 'US' OR OrderId", operator: 'equals', value: 'x' }],
				},
			},
		],
		['the dataset', { queryDataset: 'ISVOrder WHERE 1=1' }],
		['the timespan', { queryTimespan: 'LAST_MONTH; DROP' }],
	])(
		'a name in %s given by expression that is not a plain name is refused before anything is sent',
		async (_what, extra) => {
			const { error, sent } = await build([], extra);
			expect(error).toBeDefined();
			expect(error.message).toMatch(/cannot be built|not|Invalid|unknown/i);
			expect(sent).toEqual([]);
		},
	);

	// The emulator, like the docs' samples, takes typographic quotes (‘ ’ ‚ ‛) as string delimiters, and
	// whether Partner Center does is unknown: such a value could close the literal, so it is refused.
	test('a value with typographic quotes is refused before anything is sent, naming the fix', async () => {
		const value = 'x’ AND CustomerCountry = ’US';
		const { error, sent } = await build([
			{ column: 'CustomerCompanyName', operator: 'equals', value },
		]);
		expect(error.message).toMatch(
			/filter on CustomerCompanyName contains a typographic quote \(’ U\+2019\).*straight apostrophe/,
		);
		expect(sent).toEqual([]);
	});
});

describe('no secret in logs, errors or output items', () => {
	async function outcome(promise) {
		try {
			return { items: await promise };
		} catch (error) {
			return { error };
		}
	}

	test('token failures, retries, expired and refused links, executions listings, password grant', async () => {
		const reportId = await createRecurringReport(credentials(), 'Security leaks');
		await completeExecution(reportId, 6);
		const listExecutions = () => ({
			resource: 'execution',
			operation: 'getAll',
			reportId: id(reportId),
			returnAll: true,
		});
		const texts = [];
		const record = (label, h, result) =>
			texts.push({ label, text: `${dump(result)}\n${h.logs.join('\n')}` });

		// Wrong client secret: Entra's AADSTS error, no secret.
		let h = createHarness({
			credentials: {
				partnerCenterClientCredentialsApi: clientCredentials(server.url, {
					clientSecret: `${DEFAULTS.clientSecret}-wrong`,
				}),
			},
		});
		record('wrong secret', h, await outcome(h.run({ resource: 'dataset', operation: 'getAll' })));
		expect(texts.at(-1).text).not.toContain(`${DEFAULTS.clientSecret}-wrong`);

		// Wrong password (password grant, partner insights).
		h = createHarness({
			credentials: {
				partnerCenterPasswordApi: passwordCredentials(server.url, {
					password: 'not-the-password-123',
				}),
			},
		});
		record(
			'wrong password',
			h,
			await outcome(
				h.run({
					authentication: 'password',
					program: 'partnerInsights',
					resource: 'dataset',
					operation: 'getAll',
				}),
			),
		);
		expect(texts.at(-1).text).not.toContain('not-the-password-123');

		// Retries under faults, then an error after the retries (queue of 8 × 500 on one route).
		h = createHarness({ credentials: credentials() });
		await server.setFaults({ queue: ['429', '5xx', 'reset'] });
		record('retries', h, await outcome(h.run(listExecutions())));
		await server.setFaults({ queue: Array(8).fill('5xx') });
		record(
			'retries exhausted',
			h,
			await outcome(h.run({ resource: 'report', operation: 'get', reportId: id(reportId) })),
		);
		await server.setFaults({});

		// Expired token mid-way: n8n refreshes it.
		await server.expireTokens();
		record(
			'expired token',
			h,
			await outcome(
				h.run({ resource: 'execution', operation: 'download', reportId: id(reportId) }),
			),
		);

		// An expired link (renewed once, then given up), and a link refused for its scheme.
		await server.control('POST', 'config', { linkTtlSeconds: -60 });
		record(
			'expired link',
			h,
			await outcome(
				h.run({ resource: 'execution', operation: 'download', reportId: id(reportId) }),
			),
		);
		await server.control('POST', 'config', {
			linkTtlSeconds: 3600,
			publicUrl: 'http://evil.example',
		});
		record(
			'refused link',
			h,
			await outcome(
				h.run({ resource: 'execution', operation: 'download', reportId: id(reportId) }),
			),
		);
		await server.control('POST', 'config', { publicUrl: null });

		// Listings that carry secure links, in both output styles.
		record('executions', h, await outcome(h.run(listExecutions())));
		record(
			'download rows',
			h,
			await outcome(
				h.run({
					resource: 'execution',
					operation: 'download',
					reportId: id(reportId),
					options: { output: 'rows' },
				}),
			),
		);

		// Continue On Fail: the error item.
		await server.control('POST', 'config', { linkTtlSeconds: -60 });
		record(
			'continue on fail',
			h,
			await outcome(
				h.run(
					{ resource: 'execution', operation: 'download', reportId: id(reportId) },
					[{ json: {} }],
					{ continueOnFail: true },
				),
			),
		);
		await server.control('POST', 'config', { linkTtlSeconds: 3600 });

		// The scenarios did happen (so the scan means something).
		const byLabel = Object.fromEntries(texts.map((t) => [t.label, t.text]));
		expect(byLabel['wrong secret']).toMatch(/AADSTS7000215/);
		expect(byLabel['retries exhausted']).toMatch(/after 8 attempts/);
		expect(byLabel['expired link']).toMatch(/rejected with 403/);
		expect(byLabel['refused link']).toMatch(/not https/);
		expect(byLabel.executions).toMatch(/_files\//);

		const found = texts
			.map((t) => ({ label: t.label, leaks: leaksIn(t.text) }))
			.filter((t) => t.leaks.length > 0);
		expect(found).toEqual([]);
	});
});

describe('the callback secret in outputs and errors', () => {
	const secret = crypto.randomBytes(24).toString('hex');
	const triggerUrl = `http://127.0.0.1:5678/webhook/5b9c2a6e-1f0e-4c1e-9a43-7d2f8c0b1a11/wf-1/${secret}`;
	const redacted = 'http://127.0.0.1:5678/webhook/5b9c2a6e-1f0e-4c1e-9a43-7d2f8c0b1a11/wf-1/[redacted]';

	test('Report → Get, Get Many, Update, Pause, Resume and Execution → Get Many show a trigger callback URL without its secret', async () => {
		const reportId = await createRecurringReport(credentials(), 'Redacted callback');
		const h = createHarness({ credentials: credentials() });
		const report = (operation, extra = {}) => h.run({ resource: 'report', operation, reportId: id(reportId), ...extra });
		// The URL a callback trigger registers: its secret is the last path segment.
		const [updated] = await report('update', { updateFields: { callbackUrl: triggerUrl, callbackMethod: 'POST' } });
		expect(server.emu.state.cmp.reports.get(reportId).callbackUrl).toBe(triggerUrl);
		await completeExecution(reportId);
		const outputs = {
			update: updated.json,
			get: (await report('get'))[0].json,
			getAll: (await h.run({ resource: 'report', operation: 'getAll', returnAll: true })).find((i) => i.json.reportId === reportId).json,
			pause: (await report('pause'))[0].json,
			resume: (await report('resume'))[0].json,
			executions: (await h.run({ resource: 'execution', operation: 'getAll', reportId: id(reportId) }))[0].json,
		};
		for (const json of Object.values(outputs)) expect(json.callbackUrl).toBe(redacted);
		expect(JSON.stringify(outputs)).not.toContain(secret);
	});

	test('errors that quote a callback URL show it without its secret, from the node or from Partner Center', async () => {
		const reportId = await createRecurringReport(credentials(), 'Redacted error');
		const h = createHarness({ credentials: credentials() });
		const typo = triggerUrl.replace('http:', 'htp:');
		const [item] = await h.run(
			{ resource: 'report', operation: 'update', reportId: id(reportId), updateFields: { callbackUrl: typo } },
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(item.json.error).toContain('htp://127.0.0.1:5678/webhook/5b9c2a6e-1f0e-4c1e-9a43-7d2f8c0b1a11/wf-1/[redacted]');
		expect(dump(item)).not.toContain(secret);

		// Partner Center echoes the value it refuses ("Requested value '…' not found").
		const { partnerCenterApiRequest } = require('../../nodes/shared/transport');
		const context = h.createContext({ resource: 'report', operation: 'get' });
		const ftp = triggerUrl.replace('http:', 'ftp:');
		const error = await partnerCenterApiRequest(context, { method: 'PUT', endpoint: `ScheduledReport/${reportId}`, body: { CallbackUrl: ftp }, itemIndex: 0 })
			.catch((e) => e);
		expect(error.httpCode).toBe('400');
		expect(error.message).toContain("Requested value 'ftp://127.0.0.1:5678/webhook/5b9c2a6e-1f0e-4c1e-9a43-7d2f8c0b1a11/wf-1/[redacted]' not found");
		expect(dump(error)).not.toContain(secret);
	});
});
