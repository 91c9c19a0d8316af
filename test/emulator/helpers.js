'use strict';
/** Shared helpers for the emulator tests (real HTTP with Node's global fetch). */
const http = require('http');
const crypto = require('crypto');
const { startEmulator, DEFAULTS } = require('../../emulator');
const { parseJson } = require('../fixtures/net');
const { controlRequest } = require('../fixtures/emulatorControl');
const { sleep, poll } = require('../fixtures/wait');
const { SIGN_IN_SCOPE } = require('../fixtures/credentials');

const BASES = ['/insights/v1.1/cmp', '/insights/v1/cmp', '/insights/v1/mpn'];
const programOf = (base) => (base.endsWith('/mpn') ? 'mpn' : 'cmp');

async function tokenRequest(emu, fields, { tenant = DEFAULTS.tenantId, v2 = false, headers = {} } = {}) {
	const r = await fetch(`${emu.url}/${tenant}/oauth2/${v2 ? 'v2.0/' : ''}token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields).toString(),
	});
	const text = await r.text();
	return { status: r.status, json: JSON.parse(text), text, headers: r.headers };
}

const appForm = (over = {}) => ({
	grant_type: 'client_credentials',
	client_id: DEFAULTS.clientId,
	client_secret: DEFAULTS.clientSecret,
	resource: DEFAULTS.resource,
	...over,
});

const userForm = (over = {}) => ({
	grant_type: 'password',
	client_id: DEFAULTS.clientId,
	client_secret: DEFAULTS.clientSecret,
	resource: DEFAULTS.resource,
	scope: 'openid',
	username: DEFAULTS.username,
	password: DEFAULTS.password,
	...over,
});

async function appToken(emu, over) {
	const r = await tokenRequest(emu, appForm(over));
	if (r.status !== 200) throw new Error(r.text);
	return r.json.access_token;
}

async function userToken(emu, over) {
	const r = await tokenRequest(emu, userForm(over));
	if (r.status !== 200) throw new Error(r.text);
	return r.json.access_token;
}

/** Token suitable for a base: App+User for mpn, app-only for cmp. */
const tokenFor = (emu, base) => (programOf(base) === 'mpn' ? userToken(emu) : appToken(emu));

/**
 * startEmulator({ port: 0, ...options }) before the tests of the file, stop() after them. The handle
 * gets the emulator's own properties (the `state` getter included) in beforeAll; tests read them when
 * they run.
 */
function useEmulator(options) {
	const emu = {};
	beforeAll(async () => {
		const started = await startEmulator({ port: 0, ...options });
		Object.defineProperties(emu, Object.getOwnPropertyDescriptors(started));
	});
	afterAll(() => emu.stop());
	return emu;
}

/** An emulator of its own for one test: started with `options`, handed to `use`, stopped whatever happens. */
async function withEmulator(options, use) {
	const emu = await startEmulator({ port: 0, ...options });
	try {
		return await use(emu);
	} finally {
		await emu.stop();
	}
}

/** An app-only and an App+User token of `emu`, taken in beforeAll; tok(base) is the one a base takes. */
function useTokens(emu) {
	const tokens = { tok: (base) => (programOf(base) === 'mpn' ? tokens.user : tokens.app) };
	beforeAll(async () => {
		tokens.app = await appToken(emu);
		tokens.user = await userToken(emu);
	});
	return tokens;
}

async function api(emu, token, method, path, body, headers = {}) {
	const r = await fetch(path.startsWith('http') ? path : emu.url + path, {
		method,
		headers: {
			...(token ? { authorization: `Bearer ${token}` } : {}),
			...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			...headers,
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await r.text();
	return { status: r.status, json: parseJson(text), text, headers: r.headers };
}

/** The control API (`/_emulator/…`): { status, json, text, headers }. */
async function control(emu, method, path, body) {
	return await controlRequest(emu.url, method, path, body);
}

/* ---------------------------------------------------------------- OAuth2 sign-in (authorization code + PKCE) */

/** n8n's OAuth2 callback URL (the scope the credential asks for is SIGN_IN_SCOPE, test/fixtures/credentials.js). */
const REDIRECT_URI = 'http://localhost:5678/rest/oauth2-credential/callback';

/** RFC 7636 pair: a 43-character verifier and its S256 challenge. */
function pkcePair() {
	const verifier = crypto.randomBytes(32).toString('base64url');
	return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

/** The query n8n sends to the authorize URL; keys set to undefined are left out. */
function authorizeParams(over = {}) {
	const p = {
		client_id: DEFAULTS.clientId,
		redirect_uri: REDIRECT_URI,
		response_type: 'code',
		scope: SIGN_IN_SCOPE,
		state: 'state-123',
		...over,
	};
	return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
}

/** GET (or POST a form to) the authorize endpoint without following redirects. */
async function authorizeCall(emu, params, { tenant = DEFAULTS.tenantId, method = 'GET', path } = {}) {
	const base = path ? emu.url + path : `${emu.url}/${tenant}/oauth2/v2.0/authorize`;
	const qs = new URLSearchParams(params).toString();
	const r = await fetch(method === 'GET' ? `${base}?${qs}` : base, {
		method,
		redirect: 'manual',
		headers: method === 'GET' ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
		body: method === 'GET' ? undefined : qs,
	});
	const text = await r.text();
	return { status: r.status, text, location: r.headers.get('location'), headers: r.headers };
}

const unescapeHtml = (v) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The sign-in form of the page: { action, method, fields (hidden inputs), buttons: [{id, name, value, text}] }. */
function parseSignInForm(html) {
	const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
	if (!form) throw new Error('no form in page');
	const attr = (tag, name) => {
		const m = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag);
		return m ? unescapeHtml(m[1]) : undefined;
	};
	const fields = {};
	for (const m of form[2].matchAll(/<input\b[^>]*>/gi)) {
		if (attr(m[0], 'type') === 'hidden') fields[attr(m[0], 'name')] = attr(m[0], 'value');
	}
	const buttons = [...form[2].matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((m) => ({
		id: attr(m[1], 'id'),
		name: attr(m[1], 'name'),
		value: attr(m[1], 'value'),
		type: attr(m[1], 'type'),
		text: unescapeHtml(m[2].trim()),
	}));
	return { action: attr(form[1], 'action'), method: attr(form[1], 'method'), id: attr(form[1], 'id'), fields, buttons };
}

/** Query parameters of a redirect Location. */
const locationParams = (location) => Object.fromEntries(new URL(location).searchParams);

/**
 * The whole browser part of the sign-in: GET authorize, then (page mode) press "Sign in". Resolves to
 * { code, state, location, params } of the redirect back to the client.
 */
async function signIn(emu, over = {}, opts = {}) {
	const params = authorizeParams(over);
	let r = await authorizeCall(emu, params, opts);
	if (r.status === 200) {
		const form = parseSignInForm(r.text);
		const button = form.buttons.find((b) => b.id === 'sign-in');
		r = await authorizeCall(emu, { ...form.fields, [button.name]: button.value }, { method: 'POST', path: form.action });
	}
	if (r.status !== 302) throw new Error(`sign-in: ${r.status} ${r.text}`);
	const q = locationParams(r.location);
	return { code: q.code, state: q.state, location: r.location, params: q };
}

/** The code exchange exactly as n8n sends it for grantType pkce without a secret (no scope). */
function redeemForm(code, over = {}) {
	const f = { code, grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, client_id: DEFAULTS.clientId, ...over };
	return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
}

/** Signs in with PKCE S256 and redeems the code on v2: resolves to the token response JSON. */
async function signInTokens(emu, over = {}) {
	const { verifier, challenge } = pkcePair();
	const { code } = await signIn(emu, { code_challenge: challenge, code_challenge_method: 'S256', ...over });
	const r = await tokenRequest(emu, redeemForm(code, { code_verifier: verifier }), { v2: true });
	if (r.status !== 200) throw new Error(r.text);
	return r.json;
}

/** `yyyy-MM-ddTHH:mm:ssZ`, `hours` from now. */
function utc(hoursFromNow = 0) {
	return new Date(Date.now() + hoursFromNow * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF/LF inside quotes). */
function parseDelimited(text, sep = ',') {
	const rows = [];
	let row = [];
	let field = '';
	let i = 0;
	let quoted = false;
	let fieldStarted = false;
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			field += c;
			i++;
			continue;
		}
		if (c === '"' && !fieldStarted) {
			quoted = true;
			fieldStarted = true;
			i++;
			continue;
		}
		if (c === sep) {
			row.push(field);
			field = '';
			fieldStarted = false;
			i++;
			continue;
		}
		if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			fieldStarted = false;
			i += 2;
			continue;
		}
		if (c === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			fieldStarted = false;
			i++;
			continue;
		}
		if (c === '"') throw new Error(`stray quote at ${i}`);
		field += c;
		fieldStarted = true;
		i++;
	}
	if (quoted) throw new Error('unterminated quoted field');
	if (fieldStarted || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

/** Raw GET with Node's http module (no automatic decompression). */
function rawGet(url, headers = {}) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
				res.on('error', reject);
			})
			.on('error', reject);
	});
}

/** Starts a tiny HTTP server that records requests; `respond(req, n)` → status (default 200). */
async function startRecorder(respond = () => 200) {
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const entry = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			requests.push(entry);
			res.statusCode = respond(entry, requests.length);
			res.end('ok');
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		requests,
		close: () =>
			new Promise((r) => {
				server.close(r);
				server.closeAllConnections();
			}),
	};
}

async function waitFor(fn, { timeout = 5000, interval = 25 } = {}) {
	return await poll(fn, { timeoutMs: timeout, intervalMs: interval, timeoutError: () => new Error('waitFor: timed out') });
}

/**
 * What every Entra token error has: the HTTP status, the OAuth error, one AADSTS code, a description
 * that starts with that code. (Each test file adds what it checks beyond that.)
 */
function expectEntraErrorShape(r, status, error, code) {
	expect(r.status).toBe(status);
	expect(r.json.error).toBe(error);
	expect(r.json.error_codes).toEqual([code]);
	expect(r.json.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
}

/** Creates a user query and a report on `base`; returns { queryId, reportId, report }. */
async function makeReport(emu, token, base, { query, report = {}, name = 'Test query' } = {}) {
	const q =
		query ||
		(programOf(base) === 'mpn'
			? 'SELECT CustomerName, CustomerTenantId, Month, PaidAvailableUnits FROM OfficeUsage'
			: 'SELECT CustomerId, CustomerName, CustomerCountry, OrderPurchaseDate, OrderCancelDate FROM ISVOrder');
	const cq = await api(emu, token, 'POST', `${base}/ScheduledQueries`, { Name: name, Description: 'd', Query: q });
	if (cq.status !== 200) throw new Error(`create query: ${cq.text}`);
	const queryId = cq.json.value[0].queryId;
	const body = {
		ReportName: 'Test report',
		QueryId: queryId,
		StartTime: utc(5),
		RecurrenceInterval: programOf(base) === 'mpn' ? 24 : 48,
		RecurrenceCount: 10,
		Format: 'csv',
		...report,
	};
	const cr = await api(emu, token, 'POST', `${base}/ScheduledReport`, body);
	if (cr.status !== 200) throw new Error(`create report: ${cr.text}`);
	const value = cr.json.Value || cr.json.value;
	return { queryId, reportId: value[0].reportId, report: value[0] };
}

module.exports = {
	startEmulator,
	DEFAULTS,
	BASES,
	programOf,
	tokenRequest,
	appForm,
	userForm,
	appToken,
	userToken,
	tokenFor,
	useEmulator,
	withEmulator,
	useTokens,
	REDIRECT_URI,
	SIGN_IN_SCOPE,
	pkcePair,
	authorizeParams,
	authorizeCall,
	parseSignInForm,
	locationParams,
	signIn,
	redeemForm,
	signInTokens,
	api,
	control,
	utc,
	parseDelimited,
	rawGet,
	startRecorder,
	waitFor,
	sleep,
	makeReport,
	expectEntraErrorShape,
};
