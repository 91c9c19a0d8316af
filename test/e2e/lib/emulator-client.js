'use strict';
/** Small client for the Partner Center emulator, used by tests to compute expected values. */

async function request(url, { method = 'GET', headers = {}, body } = {}) {
	const r = await fetch(url, { method, headers, body });
	const text = await r.text();
	let json;
	try {
		json = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		json = undefined;
	}
	return { status: r.status, text, json };
}

/** A token from the emulator's Entra endpoint (the test's own, separate from n8n's). */
async function getToken(emu, creds, grant = 'client_credentials') {
	const form = new URLSearchParams({
		grant_type: grant,
		client_id: creds.clientId,
		resource: creds.resource,
	});
	if (creds.clientSecret) form.set('client_secret', creds.clientSecret);
	if (grant === 'password') {
		form.set('username', creds.username);
		form.set('password', creds.password);
		form.set('scope', 'openid');
	}
	const r = await request(`${emu.url}/${creds.tenantId}/oauth2/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
	});
	if (r.status !== 200 || !r.json || !r.json.access_token) {
		throw new Error(`emulator token request failed: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	}
	return r.json.access_token;
}

function pick(obj, name) {
	if (!obj || typeof obj !== 'object') return undefined;
	const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : obj[key];
}

/** GET a list endpoint (e.g. /insights/v1.1/cmp/ScheduledDataset), following nextLink pages. */
async function listAll(emu, token, path) {
	const out = [];
	let url = `${emu.url}${path}`;
	for (let page = 0; url && page < 100; page++) {
		const r = await request(url, { headers: { authorization: `Bearer ${token}` } });
		if (r.status !== 200 || !r.json) throw new Error(`GET ${url}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
		const value = Array.isArray(r.json) ? r.json : pick(r.json, 'value') || [];
		out.push(...value);
		const next = Array.isArray(r.json) ? undefined : pick(r.json, 'nextLink');
		url = next ? new URL(next, `${emu.url}${path}`).toString() : undefined;
	}
	return out;
}

const datasetNameOf = (d) => pick(d, 'datasetName');

async function control(emu, method, path, body) {
	const r = await request(`${emu.url}/_emulator${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (r.status >= 300) throw new Error(`emulator control ${method} ${path}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	return r.json;
}

/** An API call with the test's own token, e.g. apiRequest(emu, token, 'POST', '/insights/v1.1/cmp/ScheduledQueries', {…}). */
async function apiRequest(emu, token, method, path, body) {
	return request(`${emu.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${token}`,
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

module.exports = {
	getToken,
	apiRequest,
	listAll,
	datasetNameOf,
	stats: (emu) => control(emu, 'GET', '/stats'),
	resetStats: (emu) => control(emu, 'POST', '/stats/reset'),
	expireTokens: (emu) => control(emu, 'POST', '/tokens/expire'),
	setFaults: (emu, faults) => control(emu, 'POST', '/faults', faults),
	/** GET /_emulator/files/{executionId}/sha256: { sha256, bytes, rows } of the file as served (BOM included). */
	fileSha256: (emu, executionId) => control(emu, 'GET', `/files/${encodeURIComponent(executionId)}/sha256`),
};
