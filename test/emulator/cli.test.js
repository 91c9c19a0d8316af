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

test('--mfa-required, --authorize-mode redirect and --mpn-requires-user set the options; a bad mode exits 2', async () => {
	const p = run(['--port', '0', '--mfa-required', '--authorize-mode=redirect', '--mpn-requires-user', '--quiet']);
	const url = await p.listening;
	try {
		const config = await (await fetch(`${url}/_emulator/config`)).json();
		expect(config).toMatchObject({ mfaRequired: true, authorizeMode: 'redirect', mpnRequiresUser: true });
		expect(p.output()).toContain(`${url}/${DEFAULTS.tenantId}/oauth2/v2.0/authorize`);
		const authorize = await fetch(
			`${url}/${DEFAULTS.tenantId}/oauth2/v2.0/authorize?client_id=${DEFAULTS.clientId}&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2Fuser_impersonation`,
			{ redirect: 'manual' },
		);
		expect(authorize.status).toBe(302);
	} finally {
		p.child.kill('SIGTERM');
		expect((await p.exited).code).toBe(0);
	}
	const defaults = run(['--port', '0', '--quiet']);
	const url2 = await defaults.listening;
	try {
		expect(await (await fetch(`${url2}/_emulator/config`)).json()).toMatchObject({ mfaRequired: false, authorizeMode: 'page', mpnRequiresUser: false });
	} finally {
		defaults.child.kill('SIGTERM');
		await defaults.exited;
	}
	const bad = run(['--authorize-mode', 'popup']);
	bad.listening.catch(() => {}); // it never prints a banner
	expect((await bad.exited).code).toBe(2);
	expect(bad.output()).toContain('--authorize-mode must be one of page, redirect');
});
