'use strict';
/**
 * Report executions: lifecycle, rendering, signed links and callbacks.
 *
 * - ExecuteNow reports get one execution at once, "executed immediately in an asynchronous fashion"
 *   (cmp/analytics-programmatic-access.md and mpn/insights-programmatic-access-paradigm.md, ExecuteNow): Pending for executionDelaysMs.pending, Running for
 *   executionDelaysMs.running, then Completed. The status is computed from timestamps, so it is
 *   deterministic; a timer only fires the callback.
 * - Recurring reports get executions only through the control endpoint
 *   (POST /_emulator/reports/{reportId}/executions); there is no wall-clock scheduler.
 * - Execution fields follow mpn/insights-programmatic-first-api-call.md and the v1.1 text of
 *   cmp/analytics-programmatic-access.md: executionId, reportId, recurrenceInterval, recurrenceCount,
 *   callbackUrl, callbackMethod, format, executionStatus, reportLocation, reportAccessSecureLink,
 *   reportExpiryTime, reportGeneratedTime. Status values: Pending, Running, Paused, Completed.
 * - Callback (mpn paradigm doc, "Callback URL"): "called once the report generation is successful …
 *   The callback method can only be GET or POST. The default method … will be POST. The reportId …
 *   will always be passed back": POST → `{callbackUrl}/{reportId}`, GET → `{callbackUrl}?reportId=…`.
 *   Request body, executionId, signatures and auth are not documented, so none are sent.
 */
const http = require('http');
const https = require('https');
const { uuid, fmtTime } = require('./util');
const { signedLink } = require('./files');

const EXECUTION_STATUSES = ['Pending', 'Running', 'Paused', 'Completed'];

function createExecution(ctx, report, { status = null, rowCount = null, progress = false } = {}) {
	const now = Date.now();
	const delays = ctx.options.executionDelaysMs || {};
	const exec = {
		executionId: uuid(),
		reportId: report.reportId,
		program: report.program,
		seq: ++ctx.seq,
		createdAt: now,
		lifecycle: progress || status === null,
		frozenStatus: progress || status === null ? null : status,
		pendingMs: Math.max(0, Number(delays.pending) || 0),
		runningMs: Math.max(0, Number(delays.running) || 0),
		completedAt: status === 'Completed' ? now : null,
		rowCount: rowCount === null || rowCount === undefined ? null : rowCount,
		bom: ctx.options.bom !== false,
		quoting: ctx.options.fileQuoting,
		// Snapshot of the report at execution time.
		recurrenceInterval: report.recurrenceInterval,
		recurrenceCount: report.totalRecurrenceCount,
		callbackUrl: report.callbackUrl,
		callbackMethod: report.callbackMethod,
		format: report.format,
		parsed: report.parsed,
		// A run-once report's QueryStartTime/QueryEndTime: the rows' dates fall inside (files.js dateSpan).
		window: report.executeNow && report.queryStartTime && report.queryEndTime ? { startMs: Date.parse(report.queryStartTime), endMs: Date.parse(report.queryEndTime) } : null,
		callbackFired: false,
	};
	ctx.state[report.program].executions.set(exec.executionId, exec);
	if (exec.lifecycle) {
		const due = exec.pendingMs + exec.runningMs;
		if (due <= 0) setImmediate(() => onCompleted(ctx, exec));
		else {
			const t = setTimeout(() => {
				ctx.timers.delete(t);
				onCompleted(ctx, exec);
			}, due);
			t.unref();
			ctx.timers.add(t);
		}
	} else if (exec.frozenStatus === 'Completed') {
		setImmediate(() => onCompleted(ctx, exec));
	}
	return exec;
}

function statusOf(exec, now = Date.now()) {
	if (!exec.lifecycle) return exec.frozenStatus;
	const age = now - exec.createdAt;
	if (age < exec.pendingMs) return 'Pending';
	if (age < exec.pendingMs + exec.runningMs) return 'Running';
	return 'Completed';
}

function completedAtOf(exec) {
	if (exec.lifecycle) return exec.createdAt + exec.pendingMs + exec.runningMs;
	return exec.completedAt;
}

/** Control: force the status of an execution (e.g. complete a Pending one). */
function setStatus(ctx, exec, status) {
	exec.lifecycle = false;
	exec.frozenStatus = status;
	if (status === 'Completed') {
		exec.completedAt = Date.now();
		setImmediate(() => onCompleted(ctx, exec));
	}
}

/** Row count of the file: control value for the execution, else for the report, else LIMIT, else default. */
function rowCountOf(ctx, exec) {
	if (exec.rowCount !== null) return exec.rowCount;
	const report = ctx.state[exec.program].reports.get(exec.reportId);
	if (report && report.rowCount !== null && report.rowCount !== undefined) return report.rowCount;
	if (exec.parsed && exec.parsed.limit) return exec.parsed.limit;
	return ctx.options.defaultRowCount;
}

function fileSpec(ctx, exec) {
	return {
		executionId: exec.executionId,
		columns: exec.parsed.columns,
		filters: exec.parsed.filters,
		emptyResult: exec.parsed.emptyResult,
		rows: rowCountOf(ctx, exec),
		format: exec.format,
		bom: exec.bom,
		quoting: exec.quoting,
		window: exec.window,
		// [inferred] Run-once reports of the same query and window read the same data: their rows are
		// keyed by those, not by the execution, so a report run again gives the same file content.
		contentKey: exec.window ? JSON.stringify([exec.program, exec.parsed.columns, exec.parsed.filters, exec.window.startMs, exec.window.endMs]) : undefined,
	};
}

function renderExecution(ctx, exec, linkBase) {
	const status = statusOf(exec);
	let link = null;
	let expiry = null;
	let generated = null;
	if (status === 'Completed') {
		// A fresh link on every call: the link's lifetime is undocumented (reportExpiryTime is null in every
		// example), so [inferred] a client that finds it expired calls the executions API again.
		const expiresAt = Math.ceil(Date.now() / 1000) * 1000 + ctx.options.linkTtlSeconds * 1000;
		const signed = signedLink(ctx.signingKey, linkBase, exec.executionId, exec.format, expiresAt);
		link = signed.url;
		expiry = signed.se;
		generated = fmtTime(completedAtOf(exec));
	}
	return {
		executionId: exec.executionId,
		reportId: exec.reportId,
		recurrenceInterval: exec.recurrenceInterval,
		recurrenceCount: exec.recurrenceCount,
		callbackUrl: exec.callbackUrl,
		callbackMethod: exec.callbackMethod,
		format: exec.format,
		executionStatus: status,
		reportLocation: null, // null in every documented example
		reportAccessSecureLink: link,
		reportExpiryTime: expiry,
		reportGeneratedTime: generated,
	};
}

/* ------------------------------------------------------------------ callbacks */

/** Callback target per the mpn paradigm doc; an existing query string (e.g. a secret) is kept. */
function callbackTarget(callbackUrl, method, reportId, shape = 'documented') {
	const u = new URL(callbackUrl);
	// [inferred] callbackShape 'bare': the URL as registered, the IDs in a JSON body (the callback is
	// documented only for partner insights).
	if (method === 'POST' && shape === 'bare') return u.toString();
	if (method === 'GET') {
		u.searchParams.append('reportId', reportId);
		return u.toString();
	}
	u.pathname = u.pathname.replace(/\/+$/, '') + '/' + encodeURIComponent(reportId);
	return u.toString();
}

function onCompleted(ctx, exec) {
	if (ctx.stopped || exec.callbackFired) return;
	if (!ctx.state[exec.program].executions.has(exec.executionId)) return; // deleted meanwhile
	if (statusOf(exec) !== 'Completed') {
		// Timers may fire a millisecond before Date.now() reaches the completion time: retry then.
		if (exec.lifecycle) {
			const left = Math.max(1, completedAtOf(exec) - Date.now() + 1);
			const t = setTimeout(() => {
				ctx.timers.delete(t);
				onCompleted(ctx, exec);
			}, left);
			t.unref();
			ctx.timers.add(t);
		}
		return;
	}
	exec.callbackFired = true;
	if (!exec.callbackUrl) return;
	const repeat = Math.max(1, Math.floor(Number(ctx.options.callbackRepeat) || 1));
	const delay = Math.max(0, Number(ctx.options.callbackDelayMs) || 0);
	const method = exec.callbackMethod || 'POST';
	let target;
	try {
		const reportId = ctx.options.idCase === 'upper' ? exec.reportId.toUpperCase() : exec.reportId;
		target = callbackTarget(exec.callbackUrl, method, reportId, ctx.options.callbackShape);
	} catch {
		return;
	}
	const run = async () => {
		// callbackConcurrent: the N copies leave at once (a retrying sender racing itself).
		if (ctx.options.callbackConcurrent) {
			await Promise.all(
				Array.from({ length: repeat }, (_, i) => sendWithRetry(ctx, exec, method, target, i + 1)),
			);
			return;
		}
		for (let i = 0; i < repeat && !ctx.stopped; i++) {
			await sendWithRetry(ctx, exec, method, target, i + 1);
		}
	};
	if (delay > 0) {
		const t = setTimeout(() => {
			ctx.timers.delete(t);
			run();
		}, delay);
		t.unref();
		ctx.timers.add(t);
	} else run();
}

async function sendWithRetry(ctx, exec, method, target, delivery) {
	const attempts = 3;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		if (ctx.stopped) return;
		const entry = { at: fmtTime(Date.now()), reportId: exec.reportId, executionId: exec.executionId, method, url: target, delivery, attempt, status: null, error: null };
		try {
			const body = method === 'POST' && ctx.options.callbackShape === 'bare' ? JSON.stringify({ ReportId: exec.reportId.toUpperCase(), ExecutionId: exec.executionId.toUpperCase() }) : null;
			entry.status = await sendOnce(method, target, body);
		} catch (e) {
			entry.error = e.code || e.message;
		}
		ctx.state.callbacks.push(entry);
		if (ctx.state.callbacks.length > 1000) ctx.state.callbacks.shift();
		if (entry.status !== null && entry.status < 500) {
			ctx.state.stats.callbacksSent++;
			if (ctx.options.log) ctx.options.log(`callback ${method} ${target} -> ${entry.status}`);
			return;
		}
		if (attempt < attempts) await new Promise((r) => setTimeout(r, 200 * attempt).unref());
	}
	ctx.state.stats.callbacksFailed++;
}

function sendOnce(method, target, body = null) {
	return new Promise((resolve, reject) => {
		const u = new URL(target);
		const mod = u.protocol === 'https:' ? https : http;
		const req = mod.request(
			u,
			{
				method,
				headers: {
					'User-Agent': 'PartnerCenterAnalyticsEmulator/1.0',
					...(method === 'POST' ? { 'Content-Length': body ? Buffer.byteLength(body) : 0 } : {}),
					...(body ? { 'Content-Type': 'application/json' } : {}),
				},
				timeout: 5000,
				rejectUnauthorized: false,
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode));
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(Object.assign(new Error('callback timeout'), { code: 'ETIMEDOUT' })));
		req.on('error', reject);
		req.end(body || undefined);
	});
}

module.exports = {
	EXECUTION_STATUSES,
	createExecution,
	statusOf,
	completedAtOf,
	setStatus,
	rowCountOf,
	fileSpec,
	renderExecution,
	callbackTarget,
};
