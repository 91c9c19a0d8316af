#!/usr/bin/env node
'use strict';
/**
 * `npm run emulator` → node emulator/cli.js [--port N] [--host H] [--quiet] [--page-size N]
 * [--public-url URL] [--mfa-required] [--authorize-mode page|redirect] [--mpn-requires-user].
 * Port defaults to $PORT or 4730.
 */
const { startEmulator, DEFAULTS } = require('./index');
const { AUTHORIZE_MODES } = require('./auth');

const USAGE =
	'Usage: node emulator/cli.js [--port N] [--host H] [--page-size N] [--public-url URL] [--mfa-required] [--authorize-mode page|redirect] [--mpn-requires-user] [--quiet]';

function parseArgs(argv) {
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const eq = a.indexOf('=');
		const name = eq > 0 ? a.slice(0, eq) : a;
		const value = () => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
		if (name === '--port' || name === '-p') out.port = Number(value());
		else if (name === '--host') out.host = value();
		else if (name === '--page-size') out.pageSize = Number(value());
		else if (name === '--public-url') out.publicUrl = value();
		else if (name === '--mfa-required') out.mfaRequired = true;
		else if (name === '--mpn-requires-user') out.mpnRequiresUser = true;
		else if (name === '--authorize-mode') {
			out.authorizeMode = value();
			if (!AUTHORIZE_MODES.includes(out.authorizeMode)) throw new Error(`--authorize-mode must be one of ${AUTHORIZE_MODES.join(', ')}`);
		}
		else if (name === '--quiet' || name === '-q') out.quiet = true;
		else if (name === '--help' || name === '-h') out.help = true;
		else throw new Error(`unknown argument ${a}`);
	}
	return out;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(e.message);
		process.exit(2);
	}
	if (args.help) {
		console.log(USAGE);
		return;
	}
	const port = Number.isInteger(args.port) ? args.port : process.env.PORT ? Number(process.env.PORT) : DEFAULTS.port;
	const emu = await startEmulator({
		port,
		host: args.host || '127.0.0.1',
		pageSize: args.pageSize || 0,
		publicUrl: args.publicUrl || null,
		mfaRequired: args.mfaRequired,
		authorizeMode: args.authorizeMode,
		mpnRequiresUser: args.mpnRequiresUser,
		log: args.quiet ? null : (line) => console.log(`[${new Date().toISOString()}] ${line}`),
	});
	const lines = [
		`Partner Center emulator listening on ${emu.url}`,
		'',
		'Demo identity:',
		`  tenant          ${DEFAULTS.tenantId} (or ${DEFAULTS.tenantDomain})`,
		`  client id       ${DEFAULTS.clientId}`,
		`  client secret   ${DEFAULTS.clientSecret}`,
		`  username        ${DEFAULTS.username}`,
		`  password        ${DEFAULTS.password}`,
		`  resource        ${DEFAULTS.resource}`,
		`  app not added to Partner Center (403 on API calls): ${DEFAULTS.unregisteredClientId} / ${DEFAULTS.unregisteredClientSecret}`,
		'',
		'Point a credential at it:',
		`  authorityHost = ${emu.url}   (token endpoint ${emu.url}/${DEFAULTS.tenantId}/oauth2/token)`,
		`  OAuth2 (PKCE)   authorize ${emu.url}/${DEFAULTS.tenantId}/oauth2/v2.0/authorize, token ${emu.url}/${DEFAULTS.tenantId}/oauth2/v2.0/token`,
		`                  scope https://api.partnercenter.microsoft.com/user_impersonation offline_access`,
		`  apiBaseUrl    = ${emu.url}   (API under ${emu.url}/insights/v1.1/cmp, /insights/v1/cmp, /insights/v1/mpn)`,
		'',
		`Auth: sign-in ${emu.options.authorizeMode === 'redirect' ? 'redirects at once' : 'shows a page'}; MFA required ${emu.options.mfaRequired ? 'yes (password grant refused)' : 'no'}; mpn app-only tokens ${emu.options.mpnRequiresUser ? 'refused' : 'accepted'}`,
		'',
		`Control endpoints: ${emu.url}/_emulator/stats, /_emulator/requests, /_emulator/faults, /_emulator/reset, /_emulator/config, /_emulator/refresh-tokens/revoke`,
		'Press Ctrl+C to stop.',
	];
	console.log(lines.join('\n'));
	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal} received, stopping emulator...`);
		await emu.stop();
		console.log('Emulator stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
	console.error(e && e.stack ? e.stack : e);
	process.exit(1);
});
