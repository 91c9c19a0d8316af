'use strict';
/**
 * The load balancer in front of several `n8n webhook` processes, routing the way
 * docs/guarantees-and-queue-mode.md tells users to: every request whose path starts with
 * `/webhook/{id}/` goes to the process chosen by a hash of `{id}` — for the callback trigger that
 * id is the trigger's webhook ID, so all callbacks of one trigger reach one process (whose lock and
 * delivery memory then see every duplicate), while different triggers spread over the processes.
 * (nginx: `hash $pca_webhook consistent;` with a `map $uri $pca_webhook` taking that segment.)
 */
const http = require('node:http');
const crypto = require('node:crypto');

/** Index of the upstream for a path: the same for every request of one webhook ID. */
function upstreamIndex(pathname, count) {
	const key = /^\/webhook(?:-test)?\/([^/?]+)/.exec(pathname)?.[1] ?? pathname;
	return crypto.createHash('sha1').update(key).digest().readUInt32BE(0) % count;
}

/**
 * Starts the router on `port`; `upstreams` are `http://host:port` origins. `roundRobin: true` is the
 * unsafe setup the docs warn about (QUEUE_WEBHOOK_ROUTING=round-robin shows what it does).
 */
function startWebhookRouter(port, upstreams, { roundRobin = false } = {}) {
	const routed = upstreams.map(() => []);
	let next = 0;
	const server = http.createServer((req, res) => {
		const index = roundRobin
			? next++ % upstreams.length
			: upstreamIndex(new URL(req.url, 'http://router').pathname, upstreams.length);
		routed[index].push(`${req.method} ${req.url.split('?')[0]}`);
		const target = new URL(req.url, upstreams[index]);
		const forward = http.request(
			target,
			{ method: req.method, headers: { ...req.headers, host: target.host } },
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		forward.on('error', (e) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`router: ${e.code || e.message}`);
		});
		req.pipe(forward);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () =>
			resolve({
				routed,
				stop: () => new Promise((done) => server.close(() => done())),
			}),
		);
	});
}

module.exports = { startWebhookRouter, upstreamIndex };
