/**
 * A pass-through to the emulator that can answer POST ScheduledReport (a report create) itself, with a
 * body the test chooses: how a test shows what the nodes do when Partner Center answers a create
 * without the report's ID (the emulator always gives one).
 */
const http = require('http');
const { clientCredentials } = require('./emulator');

/**
 * Starts the proxy before the tests of the file (call it after useTestEmulator, whose `server` it
 * forwards to) and stops it after them; each test starts with creates forwarded. Answers
 * `answerCreatesWith(body)` and `credentials()`, harness credentials whose API base is the proxy.
 */
function useCreateAnswerProxy(server) {
	let proxy;
	let proxyUrl;
	/** When set, the proxy answers report creates itself with this body instead of forwarding them. */
	let createAnswer;

	beforeAll(async () => {
		proxy = http.createServer((req, res) => {
			const chunks = [];
			req.on('data', (chunk) => chunks.push(chunk));
			req.on('end', async () => {
				if (createAnswer && req.method === 'POST' && /\/ScheduledReport$/i.test(new URL(req.url, 'http://x').pathname)) {
					res.setHeader('content-type', 'application/json');
					res.end(JSON.stringify(createAnswer));
					return;
				}
				const upstream = await fetch(`${server.url}${req.url}`, {
					method: req.method,
					headers: { ...req.headers, host: new URL(server.url).host },
					body: chunks.length ? Buffer.concat(chunks) : undefined,
				});
				res.statusCode = upstream.status;
				upstream.headers.forEach((value, name) => {
					if (!['content-length', 'content-encoding', 'transfer-encoding'].includes(name)) res.setHeader(name, value);
				});
				res.end(Buffer.from(await upstream.arrayBuffer()));
			});
		});
		await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
	});

	afterAll(async () => {
		if (proxy) await new Promise((resolve) => proxy.close(resolve));
	});

	afterEach(() => {
		createAnswer = undefined;
	});

	return {
		answerCreatesWith: (body) => {
			createAnswer = body;
		},
		credentials: () => ({
			partnerCenterClientCredentialsApi: clientCredentials(server.url, { apiBaseUrl: proxyUrl }),
		}),
	};
}

module.exports = { useCreateAnswerProxy };
