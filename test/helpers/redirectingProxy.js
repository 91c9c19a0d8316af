/**
 * An HTTP proxy in front of the emulator whose file links (`/_files/…`) answer 302 to another URL:
 * what a download link that redirects off the checked host looks like. Used as the API base URL.
 */
const http = require('http');

async function startRedirectingProxy(upstreamUrl, redirectBase) {
	const server = http.createServer((req, res) => {
		if (req.url.startsWith('/_files/')) {
			res.statusCode = 302;
			res.setHeader('location', `${redirectBase}${req.url}`);
			return res.end();
		}
		const upstream = http.request(
			`${upstreamUrl}${req.url}`,
			{ method: req.method, headers: req.headers },
			(up) => {
				res.writeHead(up.statusCode, up.headers);
				up.pipe(res);
			},
		);
		req.pipe(upstream);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startRedirectingProxy };
