#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: a local n8n with this package, the Partner Center emulator, a mail sink and the
 * example workflows, ready to click through. From a fresh clone:
 *
 *   1. `npm install` when node_modules is missing, then `npm run build`;
 *   2. n8n 2.40.7 on Node 24 (test/e2e/install-n8n.sh, cached in test/e2e/.n8n-runtime, ~4 min once);
 *   3. a fresh n8n user folder in .demo/user with the packed package installed the way n8n installs a
 *      community package (test/e2e/install-package.sh);
 *   4. the emulator (`node emulator/cli.js --port 4730`) and an SMTP mail sink (port 2525, mails saved
 *      as .demo/mail/*.eml);
 *   5. credentials pointing at both, and the workflows of examples/ (Report → Run polls every 2 s here);
 *   6. `n8n start` on http://127.0.0.1:5678, an owner account (printed), the callback example activated.
 *
 * It also prints the emulator's demo identity for each of the three Partner Center credential types
 * (`demoCredentialsGuide`), so that the sign-in (OAuth2) and password credentials can be tried too.
 *
 * Ctrl-C stops everything it started. Each run starts from a fresh .demo/ (the n8n runtime is kept).
 * Ports: DEMO_N8N_PORT (5678), DEMO_EMULATOR_PORT (4730), DEMO_SMTP_PORT (2525).
 * `--no-build` skips the build, `--no-activate` leaves the callback example inactive.
 */
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DEMO_DIR = path.join(ROOT, '.demo');
const USER_FOLDER = path.join(DEMO_DIR, 'user');
const MAIL_DIR = path.join(DEMO_DIR, 'mail');
const LOG_DIR = path.join(DEMO_DIR, 'logs');
const STATE_FILE = path.join(DEMO_DIR, 'demo.json');
const EXAMPLES_DIR = path.join(ROOT, 'examples');

const PORTS = {
	n8n: Number(process.env.DEMO_N8N_PORT || 5678),
	emulator: Number(process.env.DEMO_EMULATOR_PORT || 4730),
	smtp: Number(process.env.DEMO_SMTP_PORT || 2525),
};
const OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-Passw0rd',
};
const ARGS = new Set(process.argv.slice(2));

const started = []; // { name, stop: async () => {} }, stopped in reverse order
let stopping = false;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s`;
const say = (msg) => console.log(`[demo ${elapsed()}] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs a command with inherited output; rejects on a non-zero exit. */
function run(cmd, args, { cwd = ROOT, env = process.env } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: 'inherit' });
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (code === 0) resolve();
			else reject(new Error(`${cmd} ${args.join(' ')} exited with ${signal || code}`));
		});
	});
}

function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** A long step: prints a dot line every 15 s so that it is visibly alive. */
async function step(label, fn) {
	say(`${label}…`);
	const timer = setInterval(
		() => say(`  … (still working: ${label.replace(/ \(.*$/, '')})`),
		15_000,
	);
	try {
		return await fn();
	} finally {
		clearInterval(timer);
	}
}

async function stopAll(code) {
	if (stopping) return;
	stopping = true;
	fs.rmSync(STATE_FILE, { force: true });
	if (started.length) say('stopping…');
	for (const s of started.reverse()) {
		try {
			await s.stop();
			say(`  stopped ${s.name}`);
		} catch (e) {
			say(`  could not stop ${s.name}: ${e.message}`);
		}
	}
	process.exit(code);
}

/** A child process in its own process group (so that stopping it ends its children too). */
function startChild(name, cmd, args, { env = process.env, logFile }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', out, out], detached: true });
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
		if (!stopping) {
			say(`${name} exited unexpectedly (${signal || code}); see ${path.relative(ROOT, logFile)}`);
			stopAll(1);
		}
	});
	started.push({
		name,
		async stop() {
			if (exited) return;
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				return;
			}
			for (let i = 0; i < 100 && !exited; i++) await sleep(100);
			if (!exited) process.kill(-child.pid, 'SIGKILL');
		},
	});
	return { child, exited: () => exited };
}

async function waitForHttp(url, what, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const r = await fetch(url);
			if (r.status === 200) return;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline)
			throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
		await sleep(300);
	}
}

/** The example workflows, as the demo imports them: Report → Run polls every 2 s (the emulator is fast). */
function demoWorkflows() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const wf = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			for (const node of wf.nodes) {
				if (
					node.type.endsWith('.partnerCenterAnalytics') &&
					['run', 'backfill'].includes(node.parameters.operation)
				) {
					node.parameters.options = { ...(node.parameters.options || {}), pollIntervalSeconds: 2 };
				}
			}
			return { file, wf };
		});
}

/** The credential reference of a type that the examples use ({ id, name }). */
function credentialRef(workflows, type) {
	for (const { wf } of workflows)
		for (const node of wf.nodes)
			if (node.credentials && node.credentials[type]) return node.credentials[type];
	throw new Error(`no example uses a ${type} credential`);
}

function safeName(s) {
	return String(s || 'mail')
		.replace(/[^\w.-]+/g, '_')
		.slice(0, 60);
}

/** Display names of the package's credential types (test/integration/demoPrintout.test.js checks them against the classes). */
const CREDENTIAL_TYPES = {
	clientCredentials: 'Partner Center Analytics (Client Credentials) API',
	signIn: 'Partner Center Analytics (Sign-In) OAuth2 API',
	password: 'Partner Center Analytics (Legacy Password, No MFA) API',
};

/**
 * The lines that tell a demo user how to create each Partner Center credential against the emulator:
 * its tenant, client ID and secret, its demo user, and n8n's OAuth Redirect URL. Without them the
 * sign-in and password credentials could only be tried by reading the emulator's log.
 *
 * @param {{ tenantId: string, clientId: string, clientSecret: string, username: string, password: string }} identity the emulator's DEFAULTS
 * @param {{ emulatorUrl: string, n8nUrl: string, importedCredential?: string }} where
 */
function demoCredentialsGuide(identity, { emulatorUrl, n8nUrl, importedCredential }) {
	const redirectUrl = `${n8nUrl.replace(/\/+$/, '')}/rest/oauth2-credential/callback`;
	return [
		'  Partner Center credentials: the emulator accepts all three types. In each one set',
		`  Authority Host and API Base URL to ${emulatorUrl}, and use`,
		`    Tenant ID       ${identity.tenantId}`,
		`    Client ID       ${identity.clientId}`,
		`    Client Secret   ${identity.clientSecret}`,
		`  - ${CREDENTIAL_TYPES.clientCredentials}: just these${importedCredential ? ` ("${importedCredential}" is one, ready to use)` : ''}.`,
		`  - ${CREDENTIAL_TYPES.signIn}: these, then "Connect my account".`,
		`    The emulator's sign-in page signs in ${identity.username} when you click "Sign in" (no password asked).`,
		`    OAuth Redirect URL (shown at the top of the credential): ${redirectUrl}`,
		'    (a real Entra app must list it under Authentication → Web; the emulator accepts any).',
		`  - ${CREDENTIAL_TYPES.password} (legacy password grant): these, plus`,
		`    Username ${identity.username}, Password ${identity.password}.`,
	];
}

async function main() {
	for (const [name, port] of Object.entries(PORTS)) {
		if (!(await portFree(port)))
			throw new Error(
				`port ${port} (${name}) is in use; stop what uses it or set DEMO_${name.toUpperCase()}_PORT`,
			);
	}

	// 1. dependencies and build
	if (!fs.existsSync(path.join(ROOT, 'node_modules'))) {
		await step('Installing the project dependencies (npm install, about a minute)', () =>
			run('npm', ['install', '--no-audit', '--no-fund']),
		);
	}
	if (!ARGS.has('--no-build') || !fs.existsSync(path.join(ROOT, 'dist'))) {
		await step('Building the package (npm run build)', () =>
			run('npm', ['run', 'build', '--silent']),
		);
	}

	// 2. n8n
	await step(
		'Installing n8n 2.40.7 on Node 24 if needed (first time: a few minutes, ~2.8 GB)',
		() => run('bash', [path.join(ROOT, 'test', 'e2e', 'install-n8n.sh')]),
	);

	// 3. a fresh user folder with the packed package
	fs.rmSync(DEMO_DIR, { recursive: true, force: true });
	fs.mkdirSync(MAIL_DIR, { recursive: true });
	fs.mkdirSync(LOG_DIR, { recursive: true });
	fs.writeFileSync(path.join(DEMO_DIR, '.gitignore'), '*\n');
	await step(
		'Packing the package and installing it into .demo/user like n8n installs a community package',
		() => run('bash', [path.join(ROOT, 'test', 'e2e', 'install-package.sh'), USER_FOLDER]),
	);

	// The e2e harness knows how to run n8n (Node 24 runtime, env, CLI import); point it at .demo.
	process.env.E2E_WORK_DIR = DEMO_DIR;
	process.env.E2E_N8N_USER_FOLDER = USER_FOLDER;
	const n8n = require('../test/e2e/lib/n8n');
	const T = require('../test/e2e/lib/triggers');
	const { startSmtpServer } = require('../test/e2e/lib/smtp');
	const { DEFAULTS } = require('../emulator');

	// 4. emulator and mail sink
	say(
		`Starting the Partner Center emulator on port ${PORTS.emulator} (log: .demo/logs/emulator.log)…`,
	);
	startChild(
		'emulator',
		process.execPath,
		[path.join(ROOT, 'emulator', 'cli.js'), '--port', String(PORTS.emulator)],
		{
			logFile: path.join(LOG_DIR, 'emulator.log'),
		},
	);
	const emulatorUrl = `http://127.0.0.1:${PORTS.emulator}`;
	await waitForHttp(`${emulatorUrl}/_emulator/health`, 'the emulator');

	let mailCount = 0;
	const smtp = await startSmtpServer({
		port: PORTS.smtp,
		onMessage(mail) {
			mailCount++;
			const file = path.join(
				MAIL_DIR,
				`${String(mailCount).padStart(3, '0')}-${safeName(mail.parsed.subject)}.eml`,
			);
			fs.writeFileSync(file, mail.raw);
			const attachments = mail.parsed.attachments.map(
				(a) => `${a.filename} (${a.content.length} bytes)`,
			);
			say(
				`mail to ${mail.to.join(', ')}: "${mail.parsed.subject}"${attachments.length ? `, attached ${attachments.join(', ')}` : ''} → ${path.relative(ROOT, file)}`,
			);
		},
	});
	started.push({ name: 'mail sink', stop: () => smtp.stop() });
	say(`Mail sink listening on smtp://127.0.0.1:${PORTS.smtp} (mails saved in .demo/mail)`);

	// 5. credentials and workflows
	const workflows = demoWorkflows();
	const pcaCred = credentialRef(workflows, 'partnerCenterClientCredentialsApi');
	const smtpCred = credentialRef(workflows, 'smtp');
	await step('Importing the demo credentials and the example workflows', async () => {
		await n8n.importCredentials(
			[
				{
					...pcaCred,
					type: 'partnerCenterClientCredentialsApi',
					data: {
						tenantId: DEFAULTS.tenantId,
						clientId: DEFAULTS.clientId,
						clientSecret: DEFAULTS.clientSecret,
						resource: DEFAULTS.resource,
						authorityHost: emulatorUrl,
						apiBaseUrl: emulatorUrl,
					},
				},
				{
					...smtpCred,
					type: 'smtp',
					data: {
						host: '127.0.0.1',
						port: PORTS.smtp,
						secure: false,
						disableStartTls: true,
						user: '',
						password: '',
					},
				},
			],
			{ userFolder: USER_FOLDER },
		);
		await n8n.importWorkflow(
			workflows.map((w) => w.wf),
			{ userFolder: USER_FOLDER },
		);
	});

	// 6. n8n start, owner, activation
	const server = await step(
		`Starting n8n on port ${PORTS.n8n} (log: .demo/logs/*-start.stdout)`,
		() =>
			n8n.startN8n({
				userFolder: USER_FOLDER,
				port: PORTS.n8n,
				webhookUrl: true,
				env: { N8N_LOG_LEVEL: 'info' },
			}),
	);
	started.push({ name: 'n8n', stop: () => server.stop() });
	const setup = await server.rest('POST', '/rest/owner/setup', OWNER);
	if (setup.status !== 200)
		throw new Error(`owner setup failed: HTTP ${setup.status} ${setup.text.slice(0, 300)}`);
	const cookie = setup.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	server.cookie = cookie;

	const callback = workflows.find((w) =>
		w.wf.nodes.some((n) => n.type.endsWith('.partnerCenterAnalyticsTrigger')),
	);
	let managedReportId = null;
	if (callback && !ARGS.has('--no-activate')) {
		await step(`Activating "${callback.wf.name}"`, async () => {
			await T.activateWorkflow(server, callback.wf.id);
			const trigger = callback.wf.nodes.find((n) =>
				n.type.endsWith('.partnerCenterAnalyticsTrigger'),
			);
			// The report the trigger created, found through the emulator's API (with the demo identity).
			const form = new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: DEFAULTS.clientId,
				client_secret: DEFAULTS.clientSecret,
				resource: DEFAULTS.resource,
			});
			const tok = await (
				await fetch(`${emulatorUrl}/${DEFAULTS.tenantId}/oauth2/token`, {
					method: 'POST',
					body: form,
				})
			).json();
			const list = await (
				await fetch(`${emulatorUrl}/insights/v1.1/cmp/ScheduledReport`, {
					headers: { authorization: `Bearer ${tok.access_token}` },
				})
			).json();
			const prefix = `${server.url}/webhook/${trigger.webhookId}/`;
			const report = (list.value || []).find((r) =>
				String(r.callbackUrl || r.CallbackUrl || '').startsWith(prefix),
			);
			managedReportId = report ? report.reportId || report.ReportId : null;
		});
	}

	const state = {
		url: server.url,
		email: OWNER.email,
		password: OWNER.password,
		emulatorUrl,
		smtp: `smtp://127.0.0.1:${PORTS.smtp}`,
		managedReportId,
		workflows: workflows.map((w) => ({ id: w.wf.id, name: w.wf.name, file: w.file })),
	};
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));

	const weekly = workflows.find((w) => w.file === 'weekly-orders-email.json');
	const lines = [
		'',
		'Partner Center Analytics demo is running.',
		'',
		`  Open ${server.url} and sign in:`,
		`    email     ${OWNER.email}`,
		`    password  ${OWNER.password}`,
		'',
		`  Partner Center emulator  ${emulatorUrl}   (credential "${pcaCred.name}")`,
		`  Mail sink                smtp://127.0.0.1:${PORTS.smtp}   (credential "${smtpCred.name}"; mails saved in .demo/mail/)`,
		'',
		...demoCredentialsGuide(DEFAULTS, {
			emulatorUrl,
			n8nUrl: server.url,
			importedCredential: pcaCred.name,
		}),
		'',
		'  Try:',
	];
	if (weekly)
		lines.push(
			`  - open "${weekly.wf.name}"`,
			`    (${server.url}/workflow/${weekly.wf.id}) and click "Execute workflow":`,
			'    the report runs in the emulator and the CSV arrives in the mail sink as an attachment.',
		);
	if (managedReportId)
		lines.push(
			`  - "${callback.wf.name}" is active. Make Partner Center finish a run of its report:`,
			`      curl -X POST ${emulatorUrl}/_emulator/reports/${managedReportId}/executions \\`,
			`        -H 'content-type: application/json' -d '{"rowCount": 10}'`,
			'    The emulator calls n8n back, and n8n mails the file.',
		);
	lines.push(
		'  - the Google Sheets and Slack examples need your own Google and Slack credentials, the',
		'    PostgreSQL example a PostgreSQL credential and its table (examples/README.md).',
		'',
		'  Press Ctrl-C to stop n8n, the emulator and the mail sink.',
		'',
	);
	console.log(lines.join('\n'));
	// Keep running until Ctrl-C (the signal handlers stop everything).
	await new Promise(() => {});
}

module.exports = { demoCredentialsGuide, CREDENTIAL_TYPES };

// `npm run demo` runs it; a test requires it for demoCredentialsGuide only.
if (require.main === module) {
	process.on('SIGINT', () => stopAll(130));
	process.on('SIGTERM', () => stopAll(143));
	main().catch(async (e) => {
		console.error(`[demo] failed: ${e.message}`);
		await stopAll(1);
	});
}
