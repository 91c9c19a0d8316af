'use strict';
/**
 * A minimal SMTP server (plain `net`, no TLS, no AUTH) that accepts every message and keeps it, plus
 * a small MIME parser that pulls out the attachments. Enough for nodemailer (n8n's Send Email node):
 * EHLO/HELO, MAIL FROM, RCPT TO, DATA (dot-unstuffing), RSET, NOOP, QUIT.
 *
 *   const smtp = await startSmtpServer();          // { host, port, messages, waitForMessages, stop }
 *   const [mail] = await smtp.waitForMessages(1);  // { from, to, raw, parsed: { headers, subject, text, html, attachments } }
 *   mail.parsed.attachments[0].content             // Buffer, transfer encoding decoded
 *
 * Options: `port` (0 = free port), `host` (127.0.0.1), `onMessage(mail)` callback, `log(line)`.
 */
const net = require('node:net');

const MAX_MESSAGE_BYTES = 200 * 1024 * 1024;

function startSmtpServer({ port = 0, host = '127.0.0.1', onMessage, log } = {}) {
	const messages = [];
	const waiters = new Set();
	const sockets = new Set();

	const deliver = (mail) => {
		messages.push(mail);
		if (onMessage) {
			try {
				onMessage(mail);
			} catch (e) {
				if (log) log(`onMessage failed: ${e.message}`);
			}
		}
		for (const w of [...waiters]) w();
	};

	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		let buffer = Buffer.alloc(0);
		let inData = false;
		let dataChunks = [];
		let dataBytes = 0;
		let envelope = { from: null, to: [] };
		const reply = (line) => {
			if (log) log(`S: ${line}`);
			if (!socket.destroyed) socket.write(`${line}\r\n`);
		};

		const finishData = () => {
			// Lines starting with "." were dot-stuffed by the client (RFC 5321 4.5.2).
			const raw = Buffer.concat(dataChunks)
				.toString('latin1')
				.split('\r\n')
				.map((l) => (l.startsWith('.') ? l.slice(1) : l))
				.join('\r\n');
			const rawBuf = Buffer.from(raw, 'latin1');
			dataChunks = [];
			dataBytes = 0;
			inData = false;
			let parsed;
			try {
				parsed = parseMime(rawBuf);
			} catch (e) {
				parsed = { error: e.message, headers: {}, attachments: [] };
			}
			deliver({
				from: envelope.from,
				to: envelope.to.slice(),
				raw: rawBuf,
				parsed,
				receivedAt: new Date(),
			});
			envelope = { from: null, to: [] };
			reply('250 2.0.0 OK: queued');
		};

		const onLine = (line) => {
			if (log) log(`C: ${line.slice(0, 200)}`);
			const verb = line.slice(0, 4).toUpperCase();
			const arg = line.slice(4).trim();
			switch (verb) {
				case 'EHLO':
					reply('250-localhost e2e SMTP sink');
					reply('250-8BITMIME');
					reply('250-SMTPUTF8');
					reply(`250 SIZE ${MAX_MESSAGE_BYTES}`);
					break;
				case 'HELO':
					reply('250 localhost');
					break;
				case 'MAIL': {
					const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
					if (!m) return reply('501 5.5.4 Syntax: MAIL FROM:<address>');
					envelope = { from: m[1], to: [] };
					return reply('250 2.1.0 OK');
				}
				case 'RCPT': {
					const m = /^TO:\s*<([^>]*)>/i.exec(arg);
					if (!m) return reply('501 5.5.4 Syntax: RCPT TO:<address>');
					if (envelope.from === null) return reply('503 5.5.1 MAIL first');
					envelope.to.push(m[1]);
					return reply('250 2.1.5 OK');
				}
				case 'DATA':
					if (envelope.to.length === 0) return reply('503 5.5.1 RCPT first');
					inData = true;
					return reply('354 End data with <CR><LF>.<CR><LF>');
				case 'RSET':
					envelope = { from: null, to: [] };
					return reply('250 2.0.0 OK');
				case 'NOOP':
					return reply('250 2.0.0 OK');
				case 'QUIT':
					reply('221 2.0.0 Bye');
					return socket.end();
				default:
					return reply('502 5.5.2 Command not implemented');
			}
		};

		socket.on('data', (chunk) => {
			buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
			for (;;) {
				if (inData) {
					// The message ends with CRLF.CRLF; the terminator may also directly follow DATA's 354.
					let end = buffer.indexOf('\r\n.\r\n');
					let skip = 5;
					let keep = 2; // the CRLF before "." belongs to the message's last line
					if (dataBytes === 0 && buffer.subarray(0, 3).toString('latin1') === '.\r\n') {
						end = 0;
						skip = 3;
						keep = 0;
					}
					if (end === -1) {
						// Keep the last 4 bytes: the terminator may be split across chunks.
						if (buffer.length > 4) {
							const part = buffer.subarray(0, buffer.length - 4);
							dataChunks.push(part);
							dataBytes += part.length;
							buffer = buffer.subarray(buffer.length - 4);
						}
						if (dataBytes > MAX_MESSAGE_BYTES) {
							reply('552 5.3.4 Message too big');
							socket.destroy();
						}
						return;
					}
					dataChunks.push(buffer.subarray(0, end + keep));
					dataBytes += end + keep;
					buffer = buffer.subarray(end + skip);
					finishData();
					continue;
				}
				const nl = buffer.indexOf('\r\n');
				if (nl === -1) return;
				const line = buffer.subarray(0, nl).toString('utf8');
				buffer = buffer.subarray(nl + 2);
				onLine(line);
			}
		});
		reply('220 localhost ESMTP e2e SMTP sink');
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const actualPort = server.address().port;
			resolve({
				host,
				port: actualPort,
				messages,
				/** Resolves with the messages once there are at least `count` (all of them, oldest first). */
				waitForMessages(count, { timeoutMs = 60_000 } = {}) {
					if (messages.length >= count) return Promise.resolve(messages.slice());
					return new Promise((res, rej) => {
						const check = () => {
							if (messages.length >= count) {
								clearTimeout(timer);
								waiters.delete(check);
								res(messages.slice());
							}
						};
						const timer = setTimeout(() => {
							waiters.delete(check);
							rej(
								new Error(
									`timed out after ${timeoutMs} ms waiting for ${count} mail(s); received ${messages.length}`,
								),
							);
						}, timeoutMs);
						waiters.add(check);
					});
				},
				stop() {
					for (const s of sockets) s.destroy();
					return new Promise((res) => server.close(() => res()));
				},
			});
		});
	});
}

/* ------------------------------------------------------------------ MIME */

/** Splits a raw header block into { lowercased name: value } (unfolded; repeated headers: the last). */
function parseHeaders(block) {
	const headers = {};
	const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
	for (const line of unfolded.split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i <= 0) continue;
		headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return headers;
}

/** `text/csv; charset=utf-8; name="a.csv"` → { value: 'text/csv', params: { charset, name } } (RFC 2231 too). */
function parseHeaderValue(value = '') {
	const parts = [];
	let cur = '';
	let quoted = false;
	for (let i = 0; i < value.length; i++) {
		const c = value[i];
		if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
		if (c === ';' && !quoted) {
			parts.push(cur);
			cur = '';
		} else cur += c;
	}
	parts.push(cur);
	const params = {};
	const continued = {};
	for (const p of parts.slice(1)) {
		const eq = p.indexOf('=');
		if (eq === -1) continue;
		const key = p.slice(0, eq).trim().toLowerCase();
		let val = p.slice(eq + 1).trim();
		if (val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1).replace(/\\(.)/g, '$1');
		const m = /^([^*]+)\*(\d+)?(\*)?$/.exec(key);
		if (m) {
			// RFC 2231: name*=utf-8''a%20b, name*0*=…, name*1*=…
			(continued[m[1]] = continued[m[1]] || []).push({
				n: Number(m[2] || 0),
				val,
				enc: !!m[3] || m[2] === undefined,
			});
		} else params[key] = decodeWords(val);
	}
	for (const [key, pieces] of Object.entries(continued)) {
		pieces.sort((a, b) => a.n - b.n);
		let charset = 'utf-8';
		const text = pieces
			.map((p, i) => {
				let v = p.val;
				if (p.enc && i === 0) {
					const m = /^([^']*)'[^']*'(.*)$/.exec(v);
					if (m) {
						charset = m[1] || charset;
						v = m[2];
					}
				}
				return p.enc
					? v.replace(/%([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
					: v;
			})
			.join('');
		params[key] = Buffer.from(text, 'latin1').toString(/utf-?8/i.test(charset) ? 'utf8' : 'latin1');
	}
	return { value: parts[0].trim().toLowerCase(), params };
}

/** RFC 2047 encoded words (=?utf-8?B?…?= / =?utf-8?Q?…?=). */
function decodeWords(text) {
	return String(text || '')
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, data) => {
			const buf =
				enc.toUpperCase() === 'B'
					? Buffer.from(data, 'base64')
					: decodeQuotedPrintable(data.replace(/_/g, ' '));
			return buf.toString(/utf-?8/i.test(charset) ? 'utf8' : 'latin1');
		});
}

function decodeQuotedPrintable(text) {
	const s = String(text).replace(/=\r?\n/g, '');
	const out = [];
	for (let i = 0; i < s.length; i++) {
		if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
			out.push(parseInt(s.slice(i + 1, i + 3), 16));
			i += 2;
		} else out.push(s.charCodeAt(i) & 0xff);
	}
	return Buffer.from(out);
}

function decodeBody(bodyLatin1, encoding) {
	switch (String(encoding || '7bit').toLowerCase()) {
		case 'base64':
			return Buffer.from(bodyLatin1.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
		case 'quoted-printable':
			return decodeQuotedPrintable(bodyLatin1);
		default:
			return Buffer.from(bodyLatin1, 'latin1');
	}
}

/**
 * Parses a MIME message (Buffer or latin1 string). Returns { headers, subject, from, to, text, html,
 * attachments: [{ filename, contentType, disposition, contentId, content: Buffer }], parts }.
 * Text parts are decoded as UTF-8 (charset other than utf-8 are read as latin1).
 */
function parseMime(raw) {
	const s = Buffer.isBuffer(raw) ? raw.toString('latin1') : String(raw);
	const result = {
		headers: {},
		subject: '',
		from: '',
		to: '',
		text: undefined,
		html: undefined,
		attachments: [],
		parts: [],
	};

	const walk = (entity, depth) => {
		const sep = /\r?\n\r?\n/.exec(entity);
		const headerBlock = sep ? entity.slice(0, sep.index) : entity;
		const body = sep ? entity.slice(sep.index + sep[0].length) : '';
		const headers = parseHeaders(headerBlock);
		if (depth === 0) result.headers = headers;
		const type = parseHeaderValue(headers['content-type'] || 'text/plain; charset=us-ascii');
		if (type.value.startsWith('multipart/') && type.params.boundary) {
			const boundary = `--${type.params.boundary}`;
			const pieces = body.split(
				new RegExp(`\\r?\\n?${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
			);
			// pieces[0]: preamble; the last one starts with "--" (epilogue)
			for (const piece of pieces.slice(1)) {
				if (piece.startsWith('--')) break;
				walk(piece.replace(/^[ \t]*\r?\n/, ''), depth + 1);
			}
			return;
		}
		const disposition = parseHeaderValue(headers['content-disposition'] || '');
		const content = decodeBody(body, headers['content-transfer-encoding']);
		const filename = disposition.params.filename || type.params.name;
		const part = {
			contentType: type.value,
			charset: type.params.charset,
			disposition: disposition.value || undefined,
			filename: filename ? decodeWords(filename) : undefined,
			contentId: headers['content-id'] ? headers['content-id'].replace(/^<|>$/g, '') : undefined,
			headers,
			content,
		};
		result.parts.push(part);
		const asText = () =>
			content.toString(/utf-?8/i.test(part.charset || 'utf-8') ? 'utf8' : 'latin1');
		if (
			part.disposition === 'attachment' ||
			part.filename ||
			(part.disposition === 'inline' && part.contentId)
		) {
			result.attachments.push(part);
		} else if (type.value === 'text/plain' && result.text === undefined) {
			result.text = asText();
		} else if (type.value === 'text/html' && result.html === undefined) {
			result.html = asText();
		}
	};

	walk(s, 0);
	// Header values were read as latin1: raw 8-bit bytes (SMTPUTF8) are UTF-8.
	const header = (name) => {
		const v = result.headers[name] || '';
		return decodeWords(/[\x80-\xff]/.test(v) ? Buffer.from(v, 'latin1').toString('utf8') : v);
	};
	result.subject = header('subject');
	result.from = header('from');
	result.to = header('to');
	return result;
}

/** n8n's SMTP credential data for the sink on `port` (plain SMTP, no STARTTLS, no login). */
function smtpCredentialData(port) {
	return {
		host: '127.0.0.1',
		port,
		secure: false,
		disableStartTls: true,
		user: '',
		password: '',
	};
}

module.exports = { startSmtpServer, smtpCredentialData, parseMime, decodeQuotedPrintable };
