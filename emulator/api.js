'use strict';
/**
 * The 12 operations of the analytics programmatic access API (cmp/analytics-available-apis.md,
 * mpn/insights-programmatic-analytics-available-api.md; page names as in emulator/README.md "Sources"), served under
 * /insights/v1.1/cmp, /insights/v1/cmp and /insights/v1/mpn. v1 and v1.1 cmp share one catalogue and
 * one state; mpn has its own.
 *
 * Envelope: { value, nextLink, totalCount, message, statusCode, dataRedacted } (camelCase as in the
 * examples of both APIs), except cmp Create report which answers { Value, TotalCount, Message,
 * StatusCode } exactly as cmp/analytics-programmatic-access.md shows (v1 and v1.1 texts). (The mpn Create
 * report examples — mpn/insights-programmatic-first-api-call.md and insights-programmatic-access-paradigm.md —
 * are camelCase with nextLink/dataRedacted, so mpn keeps the camelCase envelope.)
 */
const { CMP_DATASETS, MPN_DATASETS, CMP_SYSTEM_QUERIES, MPN_SYSTEM_QUERIES, SYSTEM_QUERY_CREATED } = require('./datasets');
const { parseQuery, QueryError } = require('./query');
const { uuid, fmtTime, parseStrictDate, getCI, hasCI, queryParam, splitList, hash32 } = require('./util');
const { sampleRows } = require('./files');
const { EXECUTION_STATUSES, createExecution, statusOf, renderExecution } = require('./executions');

/**
 * Per-base settings. Recurrence bounds: cmp/analytics-programmatic-access.md v1.1 text (1–17520), its v1 text and
 * cmp/analytics-programmatic-faq.md (v1 4–90), mpn/insights-programmatic-access-paradigm.md + insights-programmatic-faq.md (4–2160).
 */
const BASES = {
	'v1.1/cmp': { key: 'v1.1/cmp', program: 'cmp', version: 'v1.1', datasets: CMP_DATASETS, system: CMP_SYSTEM_QUERIES, testRows: 10, interval: [1, 17520] },
	'v1/cmp': { key: 'v1/cmp', program: 'cmp', version: 'v1', datasets: CMP_DATASETS, system: CMP_SYSTEM_QUERIES, testRows: 10, interval: [4, 90] },
	'v1/mpn': { key: 'v1/mpn', program: 'mpn', version: 'v1', datasets: MPN_DATASETS, system: MPN_SYSTEM_QUERIES, testRows: 100, interval: [4, 2160] },
};

// FAQ messages (analytics-programmatic-faq.md, insights-programmatic-faq.md).
const MSG = {
	nullOrMissing: 'Null or missing value',
	invalidParams: 'Invalid report parameters',
	invalidQueryId: 'Invalid QueryId',
	startTime: 'Invalid report parameters for creation - Start time of report should at least be 4 hours from current UTC time',
	noItem: 'No item found with given filters.',
	noExecutions: {
		cmp: "There are no executions that have occurred for the given filter conditions. Please recheck the reportId or executionId and retry the API after the report's scheduled execution time",
		mpn: "There are no executions that have occurred for the given filter conditions. Double check the reportId or executionId and retry the API after the report's scheduled execution time",
	},
};

class ApiError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

const bad = (message) => new ApiError(400, message);

function envelope(value, { statusCode = 200, message = null, nextLink = null } = {}) {
	return { value, nextLink, totalCount: value.length, message, statusCode, dataRedacted: false };
}

const errorEnvelope = (statusCode, message) => envelope([], { statusCode, message });

/* ------------------------------------------------------------------ helpers */

function parseBool(v, name, dflt) {
	if (v === undefined || v === null || v === '') return dflt;
	if (typeof v === 'boolean') return v;
	const s = String(v).trim().toLowerCase();
	if (s === 'true') return true;
	if (s === 'false') return false;
	throw bad(`${MSG.invalidParams} - The value '${v}' is not valid for ${name}.`);
}

function userOf(token) {
	if (token.user) return token.user;
	// App-only callers show a numeric user id in the examples ("user": "142344300", cmp/analytics-make-your-first-api-call.md).
	return String(100000000 + (hash32(token.clientId) % 900000000));
}

function linkBase(ctx, req) {
	if (ctx.options.publicUrl) return String(ctx.options.publicUrl).replace(/\/+$/, '');
	if (req.headers.host) return `http://${req.headers.host}`;
	return ctx.url;
}

/**
 * Pagination. Only `nextLink` is documented ("Link to Next page if the data is paginated",
 * analytics-api-get-all-datasets.md); the continuation parameter name (`skipToken`) is [inferred].
 * totalCount is the number of items in this page ("Number of records in the Value array").
 */
function paginate(ctx, req, url, items) {
	const size = Math.floor(Number(ctx.options.pageSize) || 0);
	if (size <= 0) return { page: items, nextLink: null };
	let offset = 0;
	const tokenParam = queryParam(url.searchParams, 'skipToken');
	if (tokenParam !== undefined) {
		const m = /^o:(\d+)$/.exec(Buffer.from(tokenParam, 'base64url').toString('utf8'));
		if (!m) throw bad(`${MSG.invalidParams} - invalid skipToken`);
		offset = Number(m[1]);
	}
	const page = items.slice(offset, offset + size);
	let nextLink = null;
	if (offset + size < items.length) {
		const params = new URLSearchParams();
		for (const [k, v] of url.searchParams) if (k.toLowerCase() !== 'skiptoken') params.append(k, v);
		params.set('skipToken', Buffer.from(`o:${offset + size}`).toString('base64url'));
		const rel = `${url.pathname}?${params.toString()}`;
		nextLink = ctx.options.nextLinkStyle === 'relative' ? rel : linkBase(ctx, req) + rel;
	}
	return { page, nextLink };
}

function listResponse(ctx, req, url, items, message = null) {
	const { page, nextLink } = paginate(ctx, req, url, items);
	return { status: 200, body: envelope(page, { message, nextLink }) };
}

const systemParsed = new Map();

function findQuery(ctx, base, id) {
	if (id === undefined || id === null) return null;
	const v = String(id).trim().toLowerCase();
	const sys = base.system.find((q) => q.queryId.toLowerCase() === v);
	if (sys) {
		if (!systemParsed.has(sys.queryId)) systemParsed.set(sys.queryId, parseQuery(sys.query, base.datasets));
		return { ...sys, type: 'system', user: 'System', createdTime: SYSTEM_QUERY_CREATED[base.program], modifiedTime: null, parsed: systemParsed.get(sys.queryId) };
	}
	for (const q of ctx.state[base.program].queries.values()) if (q.queryId.toLowerCase() === v) return q;
	return null;
}

function renderQuery(q) {
	return {
		queryId: q.queryId,
		name: q.name,
		description: q.description,
		query: q.query,
		type: q.type,
		user: q.user,
		createdTime: q.createdTime,
		modifiedTime: q.modifiedTime,
	};
}

function findReport(ctx, base, id) {
	const v = String(id || '').trim().toLowerCase();
	for (const r of ctx.state[base.program].reports.values()) if (r.reportId.toLowerCase() === v) return r;
	return null;
}

function nextExecutionStart(ctx, report) {
	if (report.executeNow || report.reportStatus !== 'Active' || report.startTimeMs === null) return null;
	return fmtTime(report.startTimeMs + report.executionsRun * (report.recurrenceInterval || 0) * 3600 * 1000);
}

/**
 * Report item (camelCase, as in every report example of the first-API-call and paradigm pages). v1.1 adds
 * endTime/totalRecurrenceCount/nextExecutionStartTime (cmp/analytics-programmatic-access.md v1.1 text, glossary).
 */
function renderReport(ctx, base, r) {
	const item = {
		reportId: r.reportId,
		reportName: r.reportName,
		description: r.description,
		queryId: r.queryId,
		query: r.query,
		user: r.user,
		createdTime: fmtTime(r.createdAt),
		modifiedTime: r.modifiedAt === null ? null : fmtTime(r.modifiedAt),
		executeNow: r.executeNow,
		queryStartTime: r.queryStartTime,
		queryEndTime: r.queryEndTime,
		startTime: r.startTime,
		reportStatus: r.reportStatus,
		recurrenceInterval: r.recurrenceInterval,
		recurrenceCount: r.recurrenceCount,
		callbackUrl: r.callbackUrl,
		callbackMethod: r.callbackMethod,
		format: r.format,
	};
	if (base.version === 'v1.1') {
		item.endTime = r.endTime;
		item.totalRecurrenceCount = r.totalRecurrenceCount;
		item.nextExecutionStartTime = nextExecutionStart(ctx, r);
	}
	return item;
}

function asInteger(v) {
	if (typeof v === 'number' && Number.isInteger(v)) return v;
	if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
	return NaN;
}

/**
 * Validates report fields for create (creating=true) and update (partial). Returns normalized fields.
 * Order and messages follow the FAQs; bad dates answer 500 (FAQ: "Internal error encountered while
 * creating report. Correlation ID <>" → fix the date format of StartTime, QueryStartTime, QueryEndTime).
 */
function validateReport(ctx, base, body, { creating, existing }) {
	const has = (k) => hasCI(body, k) && getCI(body, k) !== null && getCI(body, k) !== undefined;
	const val = (k) => getCI(body, k);
	const out = {};

	if (creating || has('ReportName')) {
		const name = val('ReportName');
		if (typeof name !== 'string' || !name.trim()) throw bad(`${MSG.nullOrMissing} - ReportName`);
		out.reportName = name.trim();
	}
	if (creating) {
		const qid = val('QueryId');
		if (typeof qid !== 'string' || !qid.trim()) throw bad(`${MSG.nullOrMissing} - QueryId`);
	}
	const dates = {};
	for (const k of ['StartTime', 'EndTime', 'QueryStartTime', 'QueryEndTime']) {
		if (!has(k)) continue;
		const ms = parseStrictDate(val(k));
		if (Number.isNaN(ms)) {
			throw new ApiError(500, `Internal error encountered while ${creating ? 'creating' : 'updating'} report. Correlation ID ${uuid()}`);
		}
		dates[k] = ms;
	}
	if (creating) {
		const q = findQuery(ctx, base, val('QueryId'));
		if (!q) throw bad(`${MSG.invalidQueryId} - '${String(val('QueryId')).trim()}' is not a system or user-defined query of this program`);
		out.query = q;
	}
	if (has('Format')) {
		const f = String(val('Format')).trim().toLowerCase();
		if (f !== 'csv' && f !== 'tsv') throw bad(`Requested value '${val('Format')}' not found`);
		out.format = f;
	}
	if (has('CallbackMethod')) {
		const m = String(val('CallbackMethod')).trim().toUpperCase();
		if (m !== 'GET' && m !== 'POST') throw bad(`Requested value '${val('CallbackMethod')}' not found`);
		out.callbackMethod = m;
	}
	if (hasCI(body, 'CallbackUrl')) {
		const u = val('CallbackUrl');
		const blank = typeof u === 'string' && !u.trim();
		// [inferred] The v1 update page marks CallbackUrl required ("https callback URL"): under
		// callbackRemoval 'nullOnly' an empty string is refused like any other bad URL (FAQ "Requested
		// value … not found"), under 'none' null is refused too.
		const removal = ctx.options.callbackRemoval;
		if (!creating && blank && removal !== 'emptyOrNull') throw bad(`Requested value '${u}' not found`);
		if (!creating && (u === null || u === undefined) && removal === 'none') throw bad(`${MSG.nullOrMissing} - CallbackUrl`);
		if (u === null || u === undefined || blank) out.callbackUrl = null;
		else {
			let ok = false;
			try {
				const parsed = new URL(String(u).trim());
				ok = parsed.protocol === 'http:' || parsed.protocol === 'https:';
			} catch {
				ok = false;
			}
			// FAQ: "Requested value 'string' not found — check … callbackurl or format".
			if (!ok) throw bad(`Requested value '${u}' not found`);
			out.callbackUrl = String(u).trim();
		}
	}
	if (hasCI(body, 'Description')) out.description = val('Description') === null ? null : String(val('Description'));

	const executeNow = creating ? parseBool(val('ExecuteNow'), 'ExecuteNow', false) : existing.executeNow;
	out.executeNow = executeNow;
	// [inferred] executeNow 'validatesSchedule': the create pages mark StartTime, RecurrenceInterval and
	// (v1.1) RecurrenceCount required without exception, so a run-once report is checked like a recurring one.
	const checkSchedule = !executeNow || (creating && ctx.options.executeNow === 'validatesSchedule');
	if (creating && executeNow && ctx.options.executeNow === 'validatesSchedule' && !has('RecurrenceCount')) {
		throw bad(`${MSG.nullOrMissing} - RecurrenceCount`);
	}
	if (creating && executeNow && !checkSchedule) {
		// "When ExecuteNow is set to true, the fields StartTime, RecurrenceCount, RecurrenceInterval are ignored."
		if (dates.QueryStartTime !== undefined && dates.QueryEndTime !== undefined && dates.QueryStartTime > dates.QueryEndTime) {
			throw bad(`${MSG.invalidParams} - QueryStartTime must be before QueryEndTime`);
		}
	} else if (checkSchedule) {
		if (creating && dates.StartTime === undefined) throw bad(`${MSG.nullOrMissing} - StartTime`);
		// [inferred] An update that repeats the report's current StartTime (the v1 update page marks it
		// required) is not a new start: the 4-hour rule applies only to a start time that changes.
		// updateStartTime 'future' reads the FAQ literally: every StartTime sent must be 4 h ahead.
		const unchangedStart = existing && dates.StartTime === existing.startTimeMs && ctx.options.updateStartTime !== 'future';
		if (dates.StartTime !== undefined && !unchangedStart && dates.StartTime < Date.now() + 4 * 3600 * 1000) throw bad(MSG.startTime);
		if (creating && !has('RecurrenceInterval')) throw bad(`${MSG.nullOrMissing} - RecurrenceInterval`);
		if (has('RecurrenceInterval')) {
			const iv = asInteger(val('RecurrenceInterval'));
			if (Number.isNaN(iv)) throw bad(`${MSG.invalidParams} - RecurrenceInterval must be an integer`);
			const [lo, hi] = base.interval;
			if (iv < lo || iv > hi) throw bad(`Recurrence Interval must be between ${lo} and ${hi}`);
			if (base.program === 'mpn') {
				const ds = base.datasets.find((d) => d.datasetName === (out.query || existing).parsed.dataset);
				const min = ds ? ds.minimumRecurrenceInterval : 4;
				if (iv < min) throw bad(`${MSG.invalidParams} - Recurrence Interval must be at least ${min} hours for dataset ${ds.datasetName} (minimumRecurrenceInterval)`);
			}
			out.recurrenceInterval = iv;
		}
		if (has('RecurrenceCount')) {
			const c = asInteger(val('RecurrenceCount'));
			if (Number.isNaN(c) || c < 1) throw bad(`${MSG.invalidParams} - RecurrenceCount must be a positive integer`);
			out.recurrenceCount = c;
		}
		// v1.1: "either EndTime or combination of RecurrenceInterval and RecurrenceCount is mandatory" (cmp/analytics-programmatic-access.md, v1.1 text).
		if (creating && base.version === 'v1.1' && out.recurrenceCount === undefined && dates.EndTime === undefined) {
			throw bad(`${MSG.nullOrMissing} - RecurrenceCount or EndTime: either EndTime or the combination of RecurrenceInterval and RecurrenceCount is mandatory`);
		}
		// [inferred] endTime 'v1.1Only': EndTime is documented only for v1.1 (v1.1 texts of the paradigm and update pages).
		if (dates.EndTime !== undefined && base.version !== 'v1.1' && ctx.options.endTime === 'v1.1Only') {
			throw bad(`${MSG.invalidParams} - EndTime is not a field of this API; use RecurrenceCount`);
		}
		const start = dates.StartTime !== undefined ? dates.StartTime : existing && existing.startTimeMs;
		if (dates.EndTime !== undefined && start !== undefined && start !== null && dates.EndTime <= start) {
			throw bad(`${MSG.invalidParams} - EndTime must be after StartTime`);
		}
	}
	for (const [k, ms] of Object.entries(dates)) out[k] = ms;
	return out;
}

/* ------------------------------------------------------------------ operations */

function getDatasets(ctx, base, { req, url }) {
	const name = queryParam(url.searchParams, 'datasetName');
	let list = base.datasets;
	if (name) {
		list = list.filter((d) => d.datasetName.toLowerCase() === name.trim().toLowerCase());
		if (!list.length) throw new ApiError(404, MSG.noItem);
	}
	const items = list.map((d) => {
		const item = {
			datasetName: d.datasetName,
			selectableColumns: d.selectableColumns.slice(),
			availableMetrics: d.availableMetrics.slice(),
			availableDateRanges: d.availableDateRanges.slice(),
		};
		// mpn (insights-programmatic-first-api-call.md) and cmp v1.1 (analytics-make-your-first-api-call.md, v1.1 text)
		// show minimumRecurrenceInterval; cmp v1 (the v1 text of that page) does not.
		if (base.program === 'mpn' || base.version === 'v1.1') item.minimumRecurrenceInterval = d.minimumRecurrenceInterval;
		return item;
	});
	return listResponse(ctx, req, url, items, 'Dataset fetched successfully');
}

function createQuery(ctx, base, { body, token }) {
	if (!body || typeof body !== 'object') throw bad(`${MSG.nullOrMissing} - request body`);
	const name = getCI(body, 'Name');
	const text = getCI(body, 'Query');
	if (typeof text === 'string') ctx.state.stats.queriesReceived.push(text);
	if (typeof name !== 'string' || !name.trim()) throw bad(`${MSG.nullOrMissing} - Name`);
	if (typeof text !== 'string' || !text.trim()) throw bad(`${MSG.nullOrMissing} - Query`);
	// [inferred] undocumented: a public partner insights client (emulator/README.md "Sources") changed its
	// generated names in its commit 9f53570, "builds names accepted by ScheduledQueries: alphanumerics and
	// whitespace only". Disable with strictQueryNames: false.
	if (ctx.options.strictQueryNames && !/^[A-Za-z0-9\s]+$/.test(name.trim())) {
		throw bad(`${MSG.invalidParams} - Query name '${name.trim()}' may contain only letters, digits and spaces`);
	}
	const parsed = parseQuery(text, base.datasets);
	const description = getCI(body, 'Description');
	const q = {
		queryId: uuid(),
		name: name.trim(),
		description: description === undefined || description === null ? null : String(description),
		query: text.trim(),
		type: 'userDefined',
		user: userOf(token),
		createdTime: fmtTime(Date.now()),
		modifiedTime: null,
		parsed,
	};
	ctx.state[base.program].queries.set(q.queryId, q);
	return { status: 200, body: envelope([renderQuery(q)], { message: 'Query created successfully' }) };
}

function getQueries(ctx, base, { req, url }) {
	const id = queryParam(url.searchParams, 'queryId');
	const name = queryParam(url.searchParams, 'queryName');
	// Defaults IncludeSystemQueries = True, IncludeOnlySystemQueries = False (current text of
	// https://learn.microsoft.com/en-us/partner-center/insights/analytics-api-get-report-queries).
	const includeSystem = parseBool(queryParam(url.searchParams, 'includeSystemQueries'), 'includeSystemQueries', true);
	const onlySystem = parseBool(queryParam(url.searchParams, 'includeOnlySystemQueries'), 'includeOnlySystemQueries', false);
	const system = base.system.map((q) => findQuery(ctx, base, q.queryId));
	const user = [...ctx.state[base.program].queries.values()];
	let list = onlySystem ? system : [...(includeSystem ? system : []), ...user];
	if (id) list = list.filter((q) => q.queryId.toLowerCase() === id.trim().toLowerCase());
	if (name) list = list.filter((q) => q.name.toLowerCase() === name.trim().toLowerCase());
	if ((id || name) && !list.length) throw new ApiError(404, MSG.noItem);
	return listResponse(ctx, req, url, list.map(renderQuery));
}

function deleteQuery(ctx, base, { params }) {
	const id = params.id;
	// "This API deletes user-defined queries." (analytics-api-delete-report-queries.md)
	if (base.system.some((q) => q.queryId.toLowerCase() === id.toLowerCase())) {
		throw bad(`${MSG.invalidQueryId} - system queries cannot be deleted, this API deletes user-defined queries`);
	}
	const q = findQuery(ctx, base, id);
	if (!q) throw new ApiError(404, MSG.noItem);
	ctx.state[base.program].queries.delete(q.queryId);
	return { status: 200, body: envelope([renderQuery(q)], { message: 'Query deleted successfully' }) };
}

/** Try query: 10 rows on cmp ("returns only 10 records"), 100 on mpn ("only 100 records"). */
function testQuery(ctx, base, { url }) {
	const exportQuery = queryParam(url.searchParams, 'exportQuery');
	const queryId = queryParam(url.searchParams, 'queryId');
	if (exportQuery !== undefined && queryId !== undefined) {
		throw bad(`${MSG.invalidParams} - exportQuery and queryId are mutually exclusive`);
	}
	if (!exportQuery && !queryId) throw bad(`${MSG.nullOrMissing} - exportQuery or queryId`);
	for (const k of ['startTime', 'endTime']) {
		const v = queryParam(url.searchParams, k);
		// [inferred] tryQueryWindow 'mpnOnly': only the mpn try-query page documents startTime/endTime;
		// commercial marketplace then ignores them without a word.
		if (base.program === 'cmp' && ctx.options.tryQueryWindow === 'mpnOnly') continue;
		if (v !== undefined && Number.isNaN(parseStrictDate(v))) throw bad(`${MSG.invalidParams} - ${k} must be in the format yyyy-MM-ddTHH:mm:ssZ`);
	}
	let parsed;
	if (exportQuery !== undefined) {
		ctx.state.stats.queriesReceived.push(exportQuery);
		parsed = parseQuery(exportQuery, base.datasets);
	} else {
		const q = findQuery(ctx, base, queryId);
		if (!q) throw bad(`${MSG.invalidQueryId} - '${queryId}'`);
		parsed = q.parsed || parseQuery(q.query, base.datasets);
	}
	const n = Math.min(base.testRows, parsed.limit || base.testRows);
	const rows = sampleRows({ seedKey: 'test:' + parsed.text.toLowerCase(), columns: parsed.columns, filters: parsed.filters, emptyResult: parsed.emptyResult }, n);
	return { status: 200, body: envelope(rows) };
}

function createReport(ctx, base, { body, token }) {
	if (!body || typeof body !== 'object') throw bad(`${MSG.nullOrMissing} - request body`);
	const f = validateReport(ctx, base, body, { creating: true });
	const q = f.query;
	const parsed = q.parsed || parseQuery(q.query, base.datasets);
	const now = Date.now();
	const startMs = f.StartTime !== undefined ? f.StartTime : f.executeNow ? Math.floor(now / 1000) * 1000 : null;
	const report = {
		reportId: uuid(),
		program: base.program,
		reportName: f.reportName,
		description: f.description === undefined ? null : f.description,
		queryId: q.queryId,
		query: q.query,
		parsed,
		user: userOf(token),
		createdAt: now,
		modifiedAt: null,
		executeNow: f.executeNow,
		queryStartTime: f.QueryStartTime !== undefined ? fmtTime(f.QueryStartTime) : null,
		queryEndTime: f.QueryEndTime !== undefined ? fmtTime(f.QueryEndTime) : null,
		startTime: startMs === null ? null : fmtTime(startMs),
		startTimeMs: startMs,
		endTime: f.EndTime !== undefined ? fmtTime(f.EndTime) : null,
		reportStatus: 'Active',
		recurrenceInterval: f.recurrenceInterval === undefined ? null : f.recurrenceInterval,
		recurrenceCount: f.recurrenceCount === undefined ? null : f.recurrenceCount,
		totalRecurrenceCount: f.recurrenceCount === undefined ? null : f.recurrenceCount,
		callbackUrl: f.callbackUrl === undefined ? null : f.callbackUrl,
		callbackMethod: f.callbackUrl ? f.callbackMethod || 'POST' : f.callbackMethod || null,
		format: f.format || 'csv',
		rowCount: null,
		executionsRun: 0,
	};
	ctx.state[base.program].reports.set(report.reportId, report);
	if (report.executeNow) createExecution(ctx, report);
	const item = renderReport(ctx, base, report);
	if (base.program === 'cmp') {
		// cmp/analytics-programmatic-access.md (v1 and v1.1 texts): Create report answers with a PascalCase envelope.
		return { status: 200, body: { Value: [item], TotalCount: 1, Message: 'Report created successfully', StatusCode: 200 } };
	}
	return { status: 200, body: envelope([item], { message: 'Report created successfully' }) };
}

/**
 * [inferred] listParams 'single': the v1.1 seed page keeps the `;` sentence only for executionId, so a
 * `;`-list of report IDs or statuses is refused.
 */
function checkSingle(ctx, name, list) {
	if (list.length > 1 && ctx.options.listParams === 'single') throw bad(`${MSG.invalidParams} - ${name} takes one value`);
}

function getReports(ctx, base, { req, url }) {
	const ids = splitList(queryParam(url.searchParams, 'reportId')).map((s) => s.toLowerCase());
	checkSingle(ctx, 'reportId', ids);
	const name = queryParam(url.searchParams, 'reportName');
	const qid = queryParam(url.searchParams, 'queryId');
	let list = [...ctx.state[base.program].reports.values()];
	if (ids.length) list = list.filter((r) => ids.includes(r.reportId.toLowerCase()));
	if (name) list = list.filter((r) => r.reportName.toLowerCase() === name.trim().toLowerCase());
	if (qid) list = list.filter((r) => r.queryId.toLowerCase() === qid.trim().toLowerCase());
	if ((ids.length || name || qid) && !list.length) throw new ApiError(404, MSG.noItem);
	return listResponse(ctx, req, url, list.map((r) => renderReport(ctx, base, r)));
}

function updateReport(ctx, base, { params, body }) {
	const report = findReport(ctx, base, params.id);
	if (!report) throw new ApiError(404, MSG.noItem);
	if (!body || typeof body !== 'object' || !Object.keys(body).length) throw bad(`${MSG.nullOrMissing} - request body`);
	const f = validateReport(ctx, base, body, { creating: false, existing: report });
	if (f.reportName !== undefined) report.reportName = f.reportName;
	if (f.description !== undefined) report.description = f.description;
	if (f.StartTime !== undefined) {
		report.startTimeMs = f.StartTime;
		report.startTime = fmtTime(f.StartTime);
	}
	if (f.EndTime !== undefined) report.endTime = fmtTime(f.EndTime);
	if (f.recurrenceInterval !== undefined) report.recurrenceInterval = f.recurrenceInterval;
	if (f.recurrenceCount !== undefined) {
		// 'remaining': the count sent is what is left (as v1.1 answers it); [inferred] 'total': it is the
		// whole schedule's count, the runs already made are subtracted.
		const total = ctx.options.updateRecurrenceCount === 'total';
		report.recurrenceCount = total ? Math.max(0, f.recurrenceCount - report.executionsRun) : f.recurrenceCount;
		report.totalRecurrenceCount = f.recurrenceCount;
		if (report.recurrenceCount === 0) report.reportStatus = 'Inactive';
		else if (report.reportStatus === 'Inactive' && !report.executeNow) report.reportStatus = 'Active';
	}
	if (f.format !== undefined) report.format = f.format;
	if (f.callbackUrl !== undefined) report.callbackUrl = f.callbackUrl;
	if (f.callbackMethod !== undefined) report.callbackMethod = f.callbackMethod;
	if (report.callbackUrl && !report.callbackMethod) report.callbackMethod = 'POST';
	report.modifiedAt = Date.now();
	return { status: 200, body: envelope([renderReport(ctx, base, report)], { message: 'Report updated successfully' }) };
}

/** "deletes all of the report and report execution records" (analytics-api-delete-report.md). */
function deleteReport(ctx, base, { params }) {
	const report = findReport(ctx, base, params.id);
	if (!report) throw new ApiError(404, MSG.noItem);
	const st = ctx.state[base.program];
	st.reports.delete(report.reportId);
	for (const [id, e] of st.executions) if (e.reportId === report.reportId) st.executions.delete(id);
	return { status: 200, body: envelope([renderReport(ctx, base, report)], { message: 'Report deleted successfully' }) };
}

function pauseReport(ctx, base, { params }) {
	const report = findReport(ctx, base, params.id);
	if (!report) throw new ApiError(404, MSG.noItem);
	if (report.reportStatus === 'Inactive') throw bad(`${MSG.invalidParams} - the report is Inactive and cannot be paused`);
	report.reportStatus = 'Paused';
	report.modifiedAt = Date.now();
	return { status: 200, body: envelope([renderReport(ctx, base, report)], { message: 'Report paused successfully' }) };
}

function resumeReport(ctx, base, { params }) {
	const report = findReport(ctx, base, params.id);
	if (!report) throw new ApiError(404, MSG.noItem);
	if (report.reportStatus === 'Inactive') throw bad(`${MSG.invalidParams} - the report is Inactive and cannot be resumed`);
	report.reportStatus = 'Active';
	report.modifiedAt = Date.now();
	return { status: 200, body: envelope([renderReport(ctx, base, report)], { message: 'Report resumed successfully' }) };
}

/**
 * Executions. Defaults executionStatus=Completed and getLatestExecution=true, so calling it before the
 * first successful execution returns 404 (cmp/analytics-programmatic-access.md, "Important"). reportId, executionId and
 * executionStatus accept `;` lists. getLatestExecution=false returns the last 90 days, newest first.
 */
function getExecutions(ctx, base, { req, url, params }) {
	const ids = splitList(params.id).map((s) => s.toLowerCase());
	checkSingle(ctx, 'reportId', ids);
	const reports = ids.map((id) => findReport(ctx, base, id)).filter(Boolean);
	if (!reports.length) throw new ApiError(404, MSG.noItem);
	const statusParam = queryParam(url.searchParams, 'executionStatus');
	let statuses = ['Completed'];
	if (statusParam !== undefined && statusParam.trim() !== '') {
		checkSingle(ctx, 'executionStatus', splitList(statusParam));
		statuses = splitList(statusParam).map((s) => {
			const hit = EXECUTION_STATUSES.find((x) => x.toLowerCase() === s.toLowerCase());
			if (!hit) throw bad(`Requested value '${s}' not found`);
			return hit;
		});
	}
	const latest = parseBool(queryParam(url.searchParams, 'getLatestExecution'), 'getLatestExecution', true);
	const execIds = splitList(queryParam(url.searchParams, 'executionId')).map((s) => s.toLowerCase());
	const since = Date.now() - 90 * 24 * 3600 * 1000;
	const all = [...ctx.state[base.program].executions.values()];
	let out = [];
	for (const report of reports) {
		let list = all
			.filter((e) => e.reportId === report.reportId && e.createdAt >= since)
			.filter((e) => statuses.includes(statusOf(e)))
			.filter((e) => !execIds.length || execIds.includes(e.executionId.toLowerCase()))
			.sort((a, b) => b.seq - a.seq);
		if (latest) list = list.slice(0, 1);
		out.push(...list);
	}
	out = out.sort((a, b) => b.seq - a.seq);
	if (!out.length) throw new ApiError(404, MSG.noExecutions[base.program]);
	const lb = linkBase(ctx, req);
	return listResponse(ctx, req, url, out.map((e) => renderExecution(ctx, e, lb)));
}

/* ------------------------------------------------------------------ routing */

/**
 * Route table. Segments are matched case-insensitively (ASP.NET routing). `key` is the label used in
 * stats.apiCalls.byRoute and for fault path filters.
 */
const ROUTES = [
	{ method: 'GET', path: ['scheduleddataset'], key: 'GET /ScheduledDataset', handler: getDatasets },
	{ method: 'POST', path: ['scheduledqueries'], key: 'POST /ScheduledQueries', handler: createQuery },
	{ method: 'GET', path: ['scheduledqueries'], key: 'GET /ScheduledQueries', handler: getQueries },
	{ method: 'GET', path: ['scheduledqueries', 'testqueryresult'], key: 'GET /ScheduledQueries/testQueryResult', handler: testQuery },
	{ method: 'DELETE', path: ['scheduledqueries', ':id'], key: 'DELETE /ScheduledQueries/{queryId}', handler: deleteQuery },
	{ method: 'POST', path: ['scheduledreport'], key: 'POST /ScheduledReport', handler: createReport },
	{ method: 'GET', path: ['scheduledreport'], key: 'GET /ScheduledReport', handler: getReports },
	{ method: 'PUT', path: ['scheduledreport', 'pause', ':id'], key: 'PUT /ScheduledReport/pause/{reportId}', handler: pauseReport },
	{ method: 'PUT', path: ['scheduledreport', 'resume', ':id'], key: 'PUT /ScheduledReport/resume/{reportId}', handler: resumeReport },
	{ method: 'GET', path: ['scheduledreport', 'execution', ':id'], key: 'GET /ScheduledReport/execution/{reportId}', handler: getExecutions },
	{ method: 'PUT', path: ['scheduledreport', ':id'], key: 'PUT /ScheduledReport/{reportId}', handler: updateReport },
	{ method: 'DELETE', path: ['scheduledreport', ':id'], key: 'DELETE /ScheduledReport/{reportId}', handler: deleteReport },
];

/** Resolves `/insights/{version}/{program}/…`. Returns { base, route, params, methodNotAllowed } or null. */
function matchApi(method, pathname) {
	const segs = pathname
		.split('/')
		.filter(Boolean)
		.map((s) => {
			try {
				return decodeURIComponent(s);
			} catch {
				return s;
			}
		});
	if (segs.length < 3 || segs[0].toLowerCase() !== 'insights') return null;
	const base = BASES[`${segs[1].toLowerCase()}/${segs[2].toLowerCase()}`];
	if (!base) return { base: null };
	const rest = segs.slice(3);
	let pathMatched = false;
	for (const route of ROUTES) {
		if (route.path.length !== rest.length) continue;
		const params = {};
		let ok = true;
		for (let i = 0; i < rest.length; i++) {
			const p = route.path[i];
			if (p.startsWith(':')) params[p.slice(1)] = rest[i];
			else if (p !== rest[i].toLowerCase()) {
				ok = false;
				break;
			}
		}
		if (!ok) continue;
		pathMatched = true;
		if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
		return { base, route, params };
	}
	return { base, route: null, methodNotAllowed: pathMatched };
}

module.exports = { BASES, ROUTES, matchApi, envelope, errorEnvelope, ApiError, QueryError, MSG, findReport, renderReport, linkBase };
