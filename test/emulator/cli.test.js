'use strict';
const path = require('path');
const { spawn } = require('child_process');
const { DEFAULTS } = require('./helpers');

const CLI = path.join(__dirname, '..', '..', 'emulator', 'cli.js');

function run(args, env = {}) {
	const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	const listening = new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 10000);
		child.stdout.on('data', () => {
			const m = /Partner Center emulator listening on (http:\/\/\S+)/.exec(out);
			if (m && out.includes('Press Ctrl+C')) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		});
	});
	return { child, listening, exited, output: () => out };
}

test.each(['SIGTERM', 'SIGINT'])('npm run emulator: banner with identity, serves, stops cleanly on %s', async (signal) => {
	const p = run(['--port', '0', '--host', '127.0.0.1']);
	const url = await p.listening;
	expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	const out = p.output();
	for (const v of [DEFAULTS.tenantId, DEFAULTS.tenantDomain, DEFAULTS.clientId, DEFAULTS.clientSecret, DEFAULTS.username, DEFAULTS.password]) expect(out).toContain(v);
	expect(out).toContain(`authorityHost = ${url}`);
	expect(out).toContain(`apiBaseUrl    = ${url}`);
	const health = await fetch(`${url}/_emulator/health`);
	expect(health.status).toBe(200);
	p.child.kill(signal);
	const { code } = await p.exited;
	expect(code).toBe(0);
	expect(p.output()).toContain('Emulator stopped.');
});

test('PORT env var is honoured; requests are logged', async () => {
	const probe = require('net').createServer();
	await new Promise((r) => probe.listen(0, '127.0.0.1', r));
	const port = probe.address().port;
	await new Promise((r) => probe.close(r));
	const p = run([], { PORT: String(port) });
	const url = await p.listening;
	expect(url).toBe(`http://127.0.0.1:${port}`);
	await fetch(`${url}/_emulator/health`);
	await new Promise((r) => setTimeout(r, 100));
	expect(p.output()).toMatch(/GET \/_emulator\/health 200/);
	p.child.kill('SIGTERM');
	expect((await p.exited).code).toBe(0);
});
