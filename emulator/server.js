'use strict';
/**
 * HTTP routing: Entra authorize and token endpoints, /insights API, /_files downloads (SAS links),
 * /_emulator control.
 */
const http = require('http');
const { pipeline } = require('stream');
const { sendJson, sendText, readBody, redactUrl, fmtTime } = require('./util');
const { matchApi, envelope, errorEnvelope, ApiError, QueryError, linkBase } = require('./api');
const { FileStream, checkSas, blobError, fileExt, createGzip } = require('./files');
const { statusOf, fileSpec } = require('./executions');
const { handleControl, fileDigest, findExecutionAnywhere } = require('./control');

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/(v2\.0\/)?token\/?$/i;
const AUTHORIZE_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/authorize\/?$/i;

/** Content-Length is sent when the size is known or cheap to compute; big files stream chunked. */
const LENGTH_PRECOMPUTE_MAX_ROWS = 200000;

function createServer(ctx) {
	const server = http.createServer((req, res) => {
		handle(ctx, req, res).catch((err) => {
			if (!res.headersSent) sendJson(res, err.status || 500, errorEnvelope(err.status || 500, err.status ? err.message : 'Internal server error'));
			else res.destroy();
			if (ctx.options.log && !err.status) ctx.options.log(`error: ${err.stack || err}`);
		});
	});
	server.keepAliveTimeout = 5000;
	return server;
}

async function handle(ctx, req, res) {
	const started = Date.now();
	const url = new URL(req.url, 'http://emulator.local');
	const path = url.pathname;
	let kind = 'other';
	let finished = false;
	const logEntry = () => {
		if (finished) return;
		finished = true;
		const entry = {
			at: fmtTime(started),
			method: req.method,
			path: redactUrl(req.url),
			status: res.writableFinished || res.headersSent ? res.statusCode : 0,
			ms: Date.now() - started,
			kind,
		};
		if (!res.writableFinished && res.headersSent) entry.aborted = true;
		ctx.state.requests.push(entry);
		if (ctx.state.requests.length > 1000) ctx.state.requests.shift();
		if (kind === 'api') {
			const by = ctx.state.stats.apiCalls.byStatus;
			const k = String(entry.status || 'reset');
			by[k] = (by[k] || 0) + 1;
		}
		if (ctx.options.log) ctx.options.log(`${entry.method} ${entry.path} ${entry.status || 'reset'} ${entry.ms}ms`);
	};
	res.on('finish', logEntry);
	res.on('close', logEntry);

	if (path === '/_emulator' || path.startsWith('/_emulator/')) {
		kind = 'control';
		return handleControl(ctx, req, res, url);
	}
	if (path.startsWith('/_files/') || path.startsWith('/_blob/')) {
		kind = 'file';
		return handleDownload(ctx, req, res, url);
	}
	if (/^\/insights(\/|$)/i.test(path)) {
		kind = 'api';
		return handleApi(ctx, req, res, url);
	}
	const tm = TOKEN_PATH.exec(path);
	if (tm) {
		kind = 'token';
		return handleToken(ctx, req, res, tm[1], !!tm[2]);
	}
	const am = AUTHORIZE_PATH.exec(path);
	if (am) {
		kind = 'authorize';
		return handleAuthorize(ctx, req, res, url, am[1]);
	}
	return sendJson(res, 404, { error: 'not_found', message: `No route for ${req.method} ${path}` });
}

/* ------------------------------------------------------------------ token endpoint */

async function handleToken(ctx, req, res, tenant, v2) {
	const stats = ctx.state.stats.tokenRequests;
	stats.total++;
	const raw = (await readBody(req)).toString('utf8');
	const form = new URLSearchParams(raw);
	const grant = form.get('grant_type');
	if (grant && Object.prototype.hasOwnProperty.call(stats.byGrant, grant)) stats.byGrant[grant]++;
	if (req.method !== 'POST') {
		stats.failed++;
		return sendJson(res, 405, { error: 'invalid_request', error_description: 'AADSTS900561: The endpoint only accepts POST requests.', error_codes: [900561] });
	}
	const fault = ctx.faults.draw('token', 'POST /oauth2/token');
	if (fault) {
		stats.failed++;
		if (!fault.afterProcessing && sendFault(ctx, req, res, fault)) return;
	}
	const result = ctx.auth.token(decodeURIComponent(tenant), form, v2, req.headers);
	if (result.status !== 200) stats.failed++;
	if (fault) return sendFault(ctx, req, res, fault);
	sendJson(res, result.status, result.body, { Pragma: 'no-cache' });
}

/* ------------------------------------------------------------------ authorize endpoint */

/**
 * `GET /{tenant}/oauth2/v2.0/authorize` renders the sign-in page (authorizeMode 'page') or redirects
 * with a code at once ('redirect'); the page's form POSTs the request back to the same URL.
 */
async function handleAuthorize(ctx, req, res, url, tenant) {
	const stats = ctx.state.stats.authorizeRequests;
	stats.total++;
	const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
	if (req.method !== 'GET' && req.method !== 'POST') {
		stats.failed++;
		return sendText(res, 405, 'Method not allowed', 'text/plain; charset=utf-8', { Allow: 'GET, POST', ...noStore });
	}
	let params = url.searchParams;
	if (req.method === 'POST') params = new URLSearchParams((await readBody(req)).toString('utf8'));
	const result = ctx.auth.authorize(decodeURIComponent(tenant), params, { method: req.method, path: url.pathname });
	if (result.kind === 'error') stats.failed++;
	else if (result.kind === 'page') stats.signInPages++;
	else if (result.kind === 'code') stats.codesIssued++;
	else if (result.kind === 'cancel') stats.cancelled++;
	if (result.location) {
		res.writeHead(302, { Location: result.location, 'Content-Length': 0, ...noStore });
		return res.end();
	}
	sendText(res, result.status, result.html, 'text/html; charset=utf-8', { ...noStore, 'X-Frame-Options': 'DENY' });
}

/* ------------------------------------------------------------------ API */

/** Writes an injected fault. Returns true when the response is done (or the socket destroyed). */
function sendFault(ctx, req, res, fault) {
	if (fault.kind === 'reset' || fault.kind === 'processedReset') {
		req.socket.destroy();
		return true;
	}
	if (fault.kind === '429') {
		const s = ctx.faults.config.retryAfterSeconds;
		sendJson(res, 429, errorEnvelope(429, `Rate limit is exceeded. Try again in ${s} seconds.`), { 'Retry-After': String(s) });
		return true;
	}
	const messages = { 500: 'Internal server error', 502: 'Bad Gateway', 503: 'Service unavailable' };
	sendJson(res, fault.status, errorEnvelope(fault.status, messages[fault.status]));
	return true;
}

async function handleApi(ctx, req, res, url) {
	const stats = ctx.state.stats.apiCalls;
	stats.total++;
	const m = matchApi(req.method, url.pathname);
	const routeKey = m && m.route ? m.route.key : 'unknown';
	stats.byRoute[routeKey] = (stats.byRoute[routeKey] || 0) + 1;
	if (m && m.base) stats.byBase[m.base.key] = (stats.byBase[m.base.key] || 0) + 1;
	if (!m || !m.base) return sendJson(res, 404, errorEnvelope(404, `No HTTP resource was found that matches the request URI '${url.pathname}'.`));
	if (!m.route) {
		if (m.methodNotAllowed) return sendJson(res, 405, errorEnvelope(405, `The requested resource does not support http method '${req.method}'.`));
		return sendJson(res, 404, errorEnvelope(404, `No HTTP resource was found that matches the request URI '${url.pathname}'.`));
	}
	const fault = ctx.faults.draw('api', routeKey);
	if (fault && !fault.afterProcessing && sendFault(ctx, req, res, fault)) return;
	// processedReset / processed500: the request is handled as usual, then its answer is lost or spoilt.
	const respond = fault && fault.afterProcessing ? () => sendFault(ctx, req, res, fault) : (status, body, headers) => sendJson(res, status, body, headers);

	const auth = ctx.auth.check(req, m.base.program);
	if (!auth.ok) return respond(auth.status, errorEnvelope(auth.status, auth.message), auth.headers || {});
	// Headers every response to this caller carries (isMfaCompliant for App+User tokens).
	const authHeaders = auth.headers || {};

	let body;
	if (req.method === 'POST' || req.method === 'PUT') {
		const raw = (await readBody(req)).toString('utf8').replace(/^\uFEFF/, '').trim();
		if (raw) {
			try {
				body = JSON.parse(raw);
			} catch {
				return respond(400, errorEnvelope(400, 'Null or missing value - the request body is not valid JSON'), authHeaders);
			}
		}
	}
	try {
		const result = m.route.handler(ctx, m.base, { req, url, params: m.params, body, token: auth.token });
		respond(result.status, asRead(ctx, result.body), authHeaders);
	} catch (err) {
		if (err instanceof ApiError || err instanceof QueryError) return respond(err.status, errorEnvelope(err.status, err.message), authHeaders);
		throw err;
	}
}

/**
 * Readings of the examples (README "Readings", all [inferred]): `timestampZone: 'none'` writes
 * timestamps without the `Z` (some doc examples show them so), `idCase: 'upper'` writes report,
 * query and execution IDs in capitals (GUIDs compare case-insensitively), `dataRedacted: true` flags
 * every answer as redacted (its meaning is not documented).
 */
function asRead(ctx, body) {
	const { timestampZone, idCase, dataRedacted } = ctx.options;
	if (!body || (timestampZone !== 'none' && idCase !== 'upper' && !dataRedacted)) return body;
	const item = (entity) => {
		if (!entity || typeof entity !== 'object') return entity;
		const out = { ...entity };
		for (const [k, v] of Object.entries(out)) {
			if (typeof v !== 'string') continue;
			if (idCase === 'upper' && /^(report|query|execution)Id$/i.test(k)) out[k] = v.toUpperCase();
			if (timestampZone === 'none' && /Time$/i.test(k) && /T\d{2}:\d{2}:\d{2}Z$/.test(v)) out[k] = v.slice(0, -1);
		}
		return out;
	};
	const out = { ...body };
	for (const k of ['value', 'Value']) if (Array.isArray(out[k])) out[k] = out[k].map(item);
	if (dataRedacted && 'dataRedacted' in out) out.dataRedacted = true;
	return out;
}

/* ------------------------------------------------------------------ downloads */

function acceptsGzip(req) {
	const ae = String(req.headers['accept-encoding'] || '');
	return ae.split(',').some((part) => {
		const [name, ...params] = part.trim().split(';');
		if (name.trim().toLowerCase() !== 'gzip') return false;
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		return !q || Number(q.slice(2)) > 0;
	});
}

async function handleDownload(ctx, req, res, url) {
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		return blobError(res, 405, 'UnsupportedHttpVerb', "The resource doesn't support specified Http Verb.");
	}
	const m = /^\/_(?:files|blob)\/([^/]+)\.(csv|tsv)$/i.exec(url.pathname);
	if (!m) return blobError(res, 404, 'ResourceNotFound', 'The specified resource does not exist.');
	// [inferred] fileRedirect: the secure link answers 307 to another place (a CDN or another blob
	// host): 'self' is /_blob/… on this host, a URL origin moves the same path and SAS there.
	if (ctx.options.fileRedirect && url.pathname.startsWith('/_files/')) {
		const origin = ctx.options.fileRedirect === 'self' ? linkBase(ctx, req) : ctx.options.fileRedirect;
		res.writeHead(307, { Location: `${origin}/_blob/${m[1]}.${m[2]}${url.search}`, 'Content-Length': 0 });
		return res.end();
	}
	const signed = new URL(url.href);
	signed.pathname = `/_files/${m[1]}.${m[2]}`;
	if (checkSas(req, res, signed, ctx.signingKey, Date.now()) !== null) return;
	const exec = findExecutionAnywhere(ctx, m[1]);
	if (!exec || fileExt(exec.format) !== m[2].toLowerCase() || statusOf(exec) !== 'Completed') {
		return blobError(res, 404, 'BlobNotFound', 'The specified blob does not exist.');
	}
	const spec = fileSpec(ctx, exec);
	const gzip = ctx.options.gzipFiles === 'always' || acceptsGzip(req);
	let length = null;
	const key = `${spec.rows}:${spec.bom}:${spec.quoting}`;
	if (exec.digest && exec.digest.key === key) length = exec.digest.value.bytes;
	else if (spec.rows <= LENGTH_PRECOMPUTE_MAX_ROWS) length = (await fileDigest(ctx, exec.executionId)).bytes;
	const ext = fileExt(exec.format);
	const headers = {
		'Content-Type': ext === 'tsv' ? 'text/tab-separated-values; charset=utf-8' : 'text/csv; charset=utf-8',
		'Content-Disposition': `attachment; filename="${exec.executionId}.${ext}"`,
		'Accept-Ranges': 'none',
		'Last-Modified': new Date(exec.completedAt || exec.createdAt).toUTCString(),
		'x-ms-blob-type': 'BlockBlob',
		'x-ms-version': '2021-08-06',
		Vary: 'Accept-Encoding',
	};
	if (gzip) headers['Content-Encoding'] = 'gzip';
	else if (length !== null) headers['Content-Length'] = String(length);
	if (exec.digest && exec.digest.key === key) headers['x-emulator-sha256'] = exec.digest.value.sha256;
	ctx.state.stats.downloads++;
	res.writeHead(200, headers);
	if (req.method === 'HEAD') return res.end();
	const cutAtRow = ctx.faults.drawCut() ? Math.floor(spec.rows / 2) : null;
	const stream = new FileStream(spec, { cutAtRow });
	const done = (err) => {
		if (err && !res.destroyed) res.destroy();
	};
	if (gzip) pipeline(stream, createGzip(), res, done);
	else pipeline(stream, res, done);
}

module.exports = { createServer, envelope };
