'use strict';
/**
 * Small client for the Partner Center emulator, used by tests to compute expected values, and its
 * control API (test/fixtures/emulatorControl.js, strict: a control call that fails throws).
 */
const { parseJson } = require('../../fixtures/net');
const { emulatorControl } = require('../../fixtures/emulatorControl');

async function request(url, { method = 'GET', headers = {}, body } = {}) {
	const r = await fetch(url, { method, headers, body });
	const text = await r.text();
	// A leading UTF-8 BOM is not part of the JSON.
	return { status: r.status, text, json: parseJson(text.replace(/^\uFEFF/, '')) };
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

const controlOf = (emu) => emulatorControl(emu.url, { strict: true });

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
	stats: (emu) => controlOf(emu).stats(),
	resetStats: (emu) => controlOf(emu).resetStats(),
	expireTokens: (emu) => controlOf(emu).expireTokens(),
	setFaults: (emu, faults) => controlOf(emu).setFaults(faults),
	/** Run-time options: callbackRepeat, linkTtlSeconds, callbackDelayMs, publicUrl, … */
	setConfig: (emu, options) => controlOf(emu).setConfig(options),
	/** GET /_emulator/files/{executionId}/sha256: { sha256, bytes, rows } of the file as served (BOM included). */
	fileSha256: (emu, executionId) =>
		controlOf(emu).control('GET', `/files/${encodeURIComponent(executionId)}/sha256`),
};
