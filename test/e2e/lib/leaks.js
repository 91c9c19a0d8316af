'use strict';
/**
 * Leak scanner for the real-n8n suites (chaos, security, queue): looks for secrets in n8n's log files,
 * in execution data fetched over REST, in `n8n execute` output, in error messages and output items.
 *
 *   const leaks = require('./leaks');
 *   const secrets = leaks.secretsFrom(emu, { extra: [callbackSecret] });  // [{ kind, value }]
 *   const found = leaks.scanTexts([{ source: 'n8n.log', text }], secrets); // [{ source, kind, excerpt }]
 *   leaks.scanFiles(['dir/or/file', …], secrets)
 *
 * Kinds: client secret, password, access token (every token the emulator issued), refresh token,
 * SAS signature (any `sig=` query value, and the SAS query shape `sv=…&se=…&sr=b&sp=r`), plus any
 * extra value registered by the caller. Excerpts are redacted: the secret itself is never printed.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Secrets the emulator knows about: its demo identity and every token it issued so far. */
function secretsFrom(emu, { extra = [] } = {}) {
	const list = [];
	const id = emu.identity || {};
	if (id.clientSecret) list.push({ kind: 'client secret', value: id.clientSecret });
	if (id.unregisteredClientSecret)
		list.push({ kind: 'client secret', value: id.unregisteredClientSecret });
	if (id.password) list.push({ kind: 'password', value: id.password });
	for (const token of emu.state.tokens.keys()) list.push({ kind: 'access token', value: token });
	for (const e of extra) {
		if (e && typeof e === 'object' && e.value)
			list.push({ kind: e.kind || 'extra', value: String(e.value) });
		else if (typeof e === 'string' && e) list.push({ kind: 'extra', value: e });
	}
	return list.filter((s) => typeof s.value === 'string' && s.value.length >= 6);
}

/** Patterns that are leaks whatever their value. */
const PATTERNS = [
	{ kind: 'SAS signature', re: /[?&]sig=(?!REDACTED|\*\*\*)[A-Za-z0-9%+/=_-]{8,}/g },
	{ kind: 'SAS signature', re: /sv=\d{4}-\d{2}-\d{2}&se=[^&\s"']+&sr=b&sp=r&sig=(?!REDACTED)/g },
	{ kind: 'bearer token', re: /Bearer\s+emu\.[A-Za-z0-9_.-]{8,}/g },
];

function excerpt(text, index, length) {
	const from = Math.max(0, index - 60);
	const to = Math.min(text.length, index + length + 60);
	return `${text.slice(from, index)}<<${'*'.repeat(Math.min(8, length))}>>${text.slice(index + length, to)}`.replace(
		/\s+/g,
		' ',
	);
}

/** texts: [{ source, text }] → findings [{ source, kind, excerpt }] (the secret replaced by stars). */
function scanTexts(texts, secrets) {
	const findings = [];
	for (const { source, text } of texts) {
		const body = String(text || '');
		for (const s of secrets) {
			let at = body.indexOf(s.value);
			let n = 0;
			while (at !== -1 && n < 3) {
				findings.push({ source, kind: s.kind, excerpt: excerpt(body, at, s.value.length) });
				at = body.indexOf(s.value, at + s.value.length);
				n++;
			}
		}
		for (const p of PATTERNS) {
			p.re.lastIndex = 0;
			let m;
			let n = 0;
			while ((m = p.re.exec(body)) && n < 3) {
				findings.push({ source, kind: p.kind, excerpt: excerpt(body, m.index, m[0].length) });
				n++;
			}
		}
	}
	// One finding per (source, kind, excerpt).
	const seen = new Set();
	return findings.filter((f) => {
		const key = `${f.source}\u0000${f.kind}\u0000${f.excerpt}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** Every regular file under the given files/directories (recursively), as { source, text }. */
function readAll(paths, { maxBytes = 50 * 1024 * 1024 } = {}) {
	const out = [];
	const visit = (p) => {
		let st;
		try {
			st = fs.statSync(p);
		} catch {
			return;
		}
		if (st.isDirectory()) {
			for (const name of fs.readdirSync(p)) visit(path.join(p, name));
		} else if (st.isFile() && st.size <= maxBytes) {
			out.push({ source: p, text: fs.readFileSync(p, 'utf8') });
		}
	};
	for (const p of paths) visit(p);
	return out;
}

function scanFiles(paths, secrets) {
	const texts = readAll(paths);
	return {
		files: texts.length,
		bytes: texts.reduce((n, t) => n + t.text.length, 0),
		findings: scanTexts(texts, secrets),
	};
}

/** Counts per kind, e.g. { 'access token': 0, … } for every kind scanned. */
function countByKind(findings, secrets) {
	const counts = {};
	for (const s of secrets) counts[s.kind] = 0;
	for (const p of PATTERNS) counts[p.kind] = 0;
	for (const f of findings) counts[f.kind] = (counts[f.kind] || 0) + 1;
	return counts;
}

module.exports = { secretsFrom, scanTexts, scanFiles, readAll, countByKind, PATTERNS };
