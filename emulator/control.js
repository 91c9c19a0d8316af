'use strict';
/**
 * Control endpoints under /_emulator/ (no auth). Not part of Partner Center: they drive the emulator
 * from tests (stats, token expiry, refresh-token revocation, recurring executions, row counts, faults,
 * reset, logs, digests).
 */
const { sendJson, readBody, fmtTime } = require('./util');
const { EXECUTION_STATUSES, createExecution, setStatus, renderExecution, fileSpec } = require('./executions');
const { digestFile, FILE_QUOTINGS } = require('./files');
const { linkBase } = require('./api');
const { AUTHORIZE_MODES } = require('./auth');

/** The readings an option can choose (issue 13; README "Readings"): lenient first, strict second. */
const READINGS = {
	updateStartTime: ['unchangedAllowed', 'future'],
	callbackRemoval: ['emptyOrNull', 'nullOnly', 'none'],
	endTime: ['allVersions', 'v1.1Only'],
	executeNow: ['ignoresSchedule', 'validatesSchedule'],
	callbackShape: ['documented', 'bare'],
	listParams: ['semicolon', 'single'],
	updateRecurrenceCount: ['remaining', 'total'],
	tryQueryWindow: ['allPrograms', 'mpnOnly'],
	timestampZone: ['Z', 'none'],
	idCase: ['lower', 'upper'],
	dataRedacted: [false, true],
};

const RUNTIME_OPTIONS = [
	'tokenTtlSeconds',
	'executionDelaysMs',
	'pageSize',
	'nextLinkStyle',
	'linkTtlSeconds',
	'defaultRowCount',
	'bom',
	'fileQuoting',
	'gzipFiles',
	'mpnRequiresUser',
	'mfaRequired',
	'authorizeMode',
	'authCodeTtlSeconds',
	'refreshTokenTtlSeconds',
	'rotateRefreshTokens',
	'strictQueryNames',
	'callbackRepeat',
	'callbackConcurrent',
	'callbackDelayMs',
	'publicUrl',
	'fileRedirect',
	...Object.keys(READINGS),
];

function newStats() {
	return {
		tokenRequests: { total: 0, byGrant: { client_credentials: 0, password: 0, refresh_token: 0, authorization_code: 0 }, failed: 0 },
		authorizeRequests: { total: 0, signInPages: 0, codesIssued: 0, cancelled: 0, failed: 0 },
		apiCalls: { total: 0, byRoute: {}, byStatus: {}, byBase: {} },
		faultsInjected: { '5xx': 0, 429: 0, reset: 0, processedReset: 0, processed500: 0, cut: 0, total: 0 },
		callbacksSent: 0,
		callbacksFailed: 0,
		downloads: 0,
		queriesReceived: [],
	};
}

function findReportAnywhere(ctx, id) {
	const v = String(id).toLowerCase();
	for (const program of ['cmp', 'mpn']) {
		for (const r of ctx.state[program].reports.values()) if (r.reportId.toLowerCase() === v) return r;
	}
	return null;
}

function findExecutionAnywhere(ctx, id) {
	const v = String(id).toLowerCase();
	for (const program of ['cmp', 'mpn']) {
		for (const e of ctx.state[program].executions.values()) if (e.executionId.toLowerCase() === v) return e;
	}
	return null;
}

/** Streams the file once to compute { sha256, bytes, rows }; cached per (rows, bom, quoting). */
async function fileDigest(ctx, executionId) {
	const exec = findExecutionAnywhere(ctx, executionId);
	if (!exec) return null;
	const spec = fileSpec(ctx, exec);
	const key = `${spec.rows}:${spec.bom}:${spec.quoting}`;
	if (exec.digest && exec.digest.key === key) return exec.digest.value;
	const value = await digestFile(spec);
	exec.digest = { key, value };
	return value;
}

/** Creates the next execution of a recurring report (control endpoint). */
function runExecution(ctx, reportId, body = {}) {
	const report = findReportAnywhere(ctx, reportId);
	if (!report) return { status: 404, body: { error: `report ${reportId} not found` } };
	if (report.executeNow) return { status: 409, body: { error: 'the report is a one-time (ExecuteNow) report; it has no recurring executions' } };
	if (report.reportStatus !== 'Active') return { status: 409, body: { error: `the report is ${report.reportStatus}; only Active reports get executions` } };
	let rowCount = null;
	if (body.rowCount !== undefined && body.rowCount !== null) {
		rowCount = Number(body.rowCount);
		if (!Number.isInteger(rowCount) || rowCount < 0) return { status: 400, body: { error: 'rowCount must be a non-negative integer' } };
	}
	let status = 'Completed';
	if (body.status !== undefined) {
		status = EXECUTION_STATUSES.find((s) => s.toLowerCase() === String(body.status).toLowerCase());
		if (!status) return { status: 400, body: { error: `status must be one of ${EXECUTION_STATUSES.join(', ')}` } };
	}
	const exec = createExecution(ctx, report, { status: body.progress ? null : status, rowCount, progress: !!body.progress });
	report.executionsRun++;
	if (report.recurrenceCount !== null) {
		// RecurrenceCount is the "Remaining recurrence count" (cmp/analytics-programmatic-access.md, v1.1
		// text, glossary); [inferred] an exhausted report leaves Active (undocumented; our reading).
		report.recurrenceCount = Math.max(0, report.recurrenceCount - 1);
		if (report.recurrenceCount === 0) report.reportStatus = 'Inactive';
	}
	return { status: 200, exec };
}

async function handleControl(ctx, req, res, url) {
	const segs = url.pathname.split('/').filter(Boolean).slice(1); // drop "_emulator"
	const method = req.method;
	const route = segs.join('/');
	let body = {};
	if (method === 'POST' || method === 'PUT') {
		const raw = (await readBody(req)).toString('utf8').trim();
		if (raw) {
			try {
				body = JSON.parse(raw);
			} catch {
				return sendJson(res, 400, { error: 'body must be JSON' });
			}
		}
		if (body === null || typeof body !== 'object') body = {};
	}
	const stats = ctx.state.stats;

	if (method === 'GET' && route === 'health') return sendJson(res, 200, { ok: true, url: ctx.url });
	if (method === 'GET' && route === 'stats') return sendJson(res, 200, stats);
	if (method === 'POST' && route === 'stats/reset') {
		ctx.state.stats = newStats();
		ctx.faults.stats = ctx.state.stats;
		return sendJson(res, 200, ctx.state.stats);
	}
	if (method === 'POST' && route === 'tokens/expire') return sendJson(res, 200, { expired: ctx.auth.expireAll() });
	if (method === 'POST' && route === 'refresh-tokens/revoke') return sendJson(res, 200, { revoked: ctx.auth.revokeRefreshTokens() });
	if (method === 'POST' && route === 'refresh-tokens/expire') return sendJson(res, 200, { expired: ctx.auth.expireRefreshTokens() });
	if (method === 'GET' && route === 'faults') return sendJson(res, 200, ctx.faults.describe());
	if (method === 'POST' && route === 'faults') {
		try {
			return sendJson(res, 200, ctx.faults.configure(body));
		} catch (e) {
			return sendJson(res, 400, { error: e.message });
		}
	}
	if (method === 'POST' && route === 'reset') {
		ctx.reset({ tokens: url.searchParams.get('tokens') === 'true' });
		return sendJson(res, 200, { ok: true });
	}
	if (method === 'GET' && route === 'requests') {
		const limit = Math.max(1, Math.min(1000, Number(url.searchParams.get('limit')) || 100));
		return sendJson(res, 200, ctx.state.requests.slice(-limit));
	}
	if (method === 'GET' && route === 'callbacks') return sendJson(res, 200, ctx.state.callbacks);
	if (method === 'GET' && route === 'config') return sendJson(res, 200, pickOptions(ctx.options));
	if (method === 'POST' && route === 'config') {
		for (const k of Object.keys(body)) {
			if (!RUNTIME_OPTIONS.includes(k)) return sendJson(res, 400, { error: `unknown option ${k} (runtime options: ${RUNTIME_OPTIONS.join(', ')})` });
		}
		const invalid = validateOptions(body);
		if (invalid) return sendJson(res, 400, { error: invalid });
		Object.assign(ctx.options, body);
		return sendJson(res, 200, pickOptions(ctx.options));
	}
	if (segs[0] === 'reports' && segs.length === 3 && segs[2] === 'executions' && method === 'POST') {
		const r = runExecution(ctx, segs[1], body);
		if (!r.exec) return sendJson(res, r.status, r.body);
		return sendJson(res, 200, renderExecution(ctx, r.exec, linkBase(ctx, req)));
	}
	if (segs[0] === 'reports' && segs.length === 3 && segs[2].toLowerCase() === 'rowcount' && method === 'PUT') {
		const report = findReportAnywhere(ctx, segs[1]);
		if (!report) return sendJson(res, 404, { error: `report ${segs[1]} not found` });
		const n = body.rowCount === null ? null : Number(body.rowCount);
		if (n !== null && (!Number.isInteger(n) || n < 0)) return sendJson(res, 400, { error: 'rowCount must be a non-negative integer or null' });
		report.rowCount = n;
		return sendJson(res, 200, { reportId: report.reportId, rowCount: n });
	}
	if (segs[0] === 'executions' && segs.length === 3 && segs[2] === 'status' && method === 'PUT') {
		const exec = findExecutionAnywhere(ctx, segs[1]);
		if (!exec) return sendJson(res, 404, { error: `execution ${segs[1]} not found` });
		const status = EXECUTION_STATUSES.find((s) => s.toLowerCase() === String(body.status || '').toLowerCase());
		if (!status) return sendJson(res, 400, { error: `status must be one of ${EXECUTION_STATUSES.join(', ')}` });
		setStatus(ctx, exec, status);
		return sendJson(res, 200, renderExecution(ctx, exec, linkBase(ctx, req)));
	}
	if (segs[0] === 'files' && segs.length === 3 && segs[2] === 'sha256' && method === 'GET') {
		const d = await fileDigest(ctx, segs[1]);
		if (!d) return sendJson(res, 404, { error: `execution ${segs[1]} not found` });
		return sendJson(res, 200, d);
	}
	return sendJson(res, 404, { error: `unknown control endpoint ${method} ${url.pathname}`, at: fmtTime(Date.now()) });
}

/** Checks the auth options a typo would silently turn into a different behaviour. Returns an error or null. */
function validateOptions(o) {
	if (o.authorizeMode !== undefined && !AUTHORIZE_MODES.includes(o.authorizeMode)) return `authorizeMode must be one of ${AUTHORIZE_MODES.join(', ')}`;
	for (const k of ['mfaRequired', 'rotateRefreshTokens', 'mpnRequiresUser']) {
		if (o[k] !== undefined && typeof o[k] !== 'boolean') return `${k} must be true or false`;
	}
	if (o.fileQuoting !== undefined && !FILE_QUOTINGS.includes(o.fileQuoting)) return `fileQuoting must be one of ${FILE_QUOTINGS.join(', ')}`;
	if (o.profile !== undefined && !['default', 'strict'].includes(o.profile)) return "profile must be 'default' or 'strict'";
	for (const [k, allowed] of Object.entries(READINGS)) {
		if (o[k] !== undefined && !allowed.includes(o[k])) return `${k} must be one of ${allowed.join(', ')}`;
	}
	// fileRedirect: null, 'self' (the same host, another path) or an absolute URL base the link moves to.
	if (o.fileRedirect !== undefined && o.fileRedirect !== null && o.fileRedirect !== 'self' && !/^https?:\/\/[^/]+$/.test(String(o.fileRedirect))) {
		return "fileRedirect must be null, 'self' or a URL origin such as https://cdn.example";
	}
	for (const k of ['authCodeTtlSeconds', 'refreshTokenTtlSeconds']) {
		if (o[k] !== undefined && !(typeof o[k] === 'number' && o[k] > 0)) return `${k} must be a positive number of seconds`;
	}
	return null;
}

function pickOptions(o) {
	const out = {};
	for (const k of RUNTIME_OPTIONS) out[k] = o[k];
	return out;
}

module.exports = { READINGS, handleControl, newStats, fileDigest, runExecution, findExecutionAnywhere, findReportAnywhere, validateOptions, RUNTIME_OPTIONS };
