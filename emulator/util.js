'use strict';
/** Small helpers shared by the emulator modules (Node built-ins only). */
const crypto = require('crypto');

const uuid = () => crypto.randomUUID();

/**
 * UTC timestamp in the API's documented format `yyyy-MM-ddTHH:mm:ssZ` (no milliseconds), as in every
 * example of cmp/analytics-programmatic-access.md (e.g. "createdTime": "2021-01-06T05:46:00Z").
 */
function fmtTime(ms) {
	if (ms === null || ms === undefined) return null;
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const STRICT_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Parses a date that must be exactly `yyyy-MM-ddTHH:mm:ssZ` (after trimming surrounding blanks: the
 * docs' own request example sends "StartTime": "2021-01-06T19:00:00Z "). Returns ms or NaN.
 */
function parseStrictDate(value) {
	if (typeof value !== 'string') return NaN;
	const v = value.trim();
	if (!STRICT_DATE.test(v)) return NaN;
	const ms = Date.parse(v);
	if (Number.isNaN(ms) || fmtTime(ms) !== v) return NaN; // rejects 2021-02-30T.. and similar
	return ms;
}

/** Reads a request body up to `limit` bytes. Resolves to a Buffer. */
function readBody(req, limit = 1024 * 1024) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > limit) {
				reject(Object.assign(new Error('body too large'), { status: 413 }));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function sendJson(res, status, body, headers = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-store',
		...headers,
	});
	res.end(text);
}

function sendText(res, status, text, contentType = 'text/plain; charset=utf-8', headers = {}) {
	res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

/** Case-insensitive lookup of a property (ASP.NET model binding is case-insensitive). */
function getCI(obj, name) {
	if (!obj || typeof obj !== 'object') return undefined;
	if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
	const lower = name.toLowerCase();
	for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
	return undefined;
}

function hasCI(obj, name) {
	if (!obj || typeof obj !== 'object') return false;
	const lower = name.toLowerCase();
	return Object.keys(obj).some((k) => k.toLowerCase() === lower);
}

/** Case-insensitive query-string parameter (ASP.NET binds `IncludeSystemQueries` and `includeSystemQueries`). */
function queryParam(searchParams, name) {
	const lower = name.toLowerCase();
	for (const [k, v] of searchParams) if (k.toLowerCase() === lower) return v;
	return undefined;
}

/** `a;b;c` list parameter (docs: "Multiple … can be specified by separating them with semicolon"). */
function splitList(value) {
	if (value === undefined || value === null) return [];
	return String(value)
		.split(';')
		.map((s) => s.trim())
		.filter(Boolean);
}

/** 32-bit string hash (FNV-1a), used for deterministic seeds. */
function hash32(str) {
	let h = 0x811c9dc5;
	for (let i = 0; i < str.length; i++) {
		h ^= str.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** Deterministic PRNG (mulberry32). */
function mulberry32(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Removes secrets from a URL path+query before it is logged (SAS `sig`, anything that looks secret). */
function redactUrl(pathAndQuery) {
	const i = pathAndQuery.indexOf('?');
	if (i < 0) return pathAndQuery;
	const params = new URLSearchParams(pathAndQuery.slice(i + 1));
	for (const k of [...params.keys()]) {
		if (/^(sig|secret|client_secret|password|token|access_token|code|key)$/i.test(k) || /secret|password/i.test(k)) {
			params.set(k, 'REDACTED');
		}
	}
	return pathAndQuery.slice(0, i) + '?' + params.toString();
}

module.exports = {
	uuid,
	fmtTime,
	parseStrictDate,
	readBody,
	sendJson,
	sendText,
	getCI,
	hasCI,
	queryParam,
	splitList,
	hash32,
	mulberry32,
	redactUrl,
};
