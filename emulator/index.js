'use strict';
/**
 * Local emulator of Microsoft Partner Center's analytics programmatic access API (cmp v1, cmp v1.1,
 * mpn v1) plus the Entra ID authorize and token endpoints, for tests of the n8n nodes.
 *
 *   const { startEmulator, DEFAULTS } = require('./emulator');
 *   const emu = await startEmulator({ port: 0, host: '127.0.0.1' });
 *   emu.url   // use as both authorityHost and apiBaseUrl
 *   await emu.stop();
 *
 * See emulator/README.md for options, control endpoints and the docs behind every behaviour.
 */
const crypto = require('crypto');
const { createServer } = require('./server');
const { Auth } = require('./auth');
const { Faults } = require('./faults');
const { newStats, fileDigest, runExecution, findExecutionAnywhere, validateOptions } = require('./control');
const { signedLink } = require('./files');
const { setStatus, renderExecution } = require('./executions');

/** Demo identity. */
const DEFAULTS = Object.freeze({
	tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
	tenantDomain: 'contoso.onmicrosoft.com',
	clientId: '1950a258-227b-4e31-a9cf-717495945fc2',
	clientSecret: 'emulator-client-secret',
	username: 'analyst@contoso.onmicrosoft.com',
	password: 'emulator-password',
	resource: 'https://api.partnercenter.microsoft.com',
	/** An app with a valid secret that was NOT added to Partner Center: tokens are issued, API calls get 403. */
	unregisteredClientId: '0d5c7d5e-5c8a-4b35-9d0b-9d1a5f8e7c21',
	unregisteredClientSecret: 'unregistered-app-secret',
	port: 4730,
});

const DEFAULT_OPTIONS = {
	port: 0,
	host: '127.0.0.1',
	tokenTtlSeconds: 3599,
	executionDelaysMs: { pending: 200, running: 200 },
	pageSize: 0,
	nextLinkStyle: 'absolute',
	linkTtlSeconds: 3600,
	defaultRowCount: 25,
	bom: true,
	// 'bareQuotes': files as a writer makes them that leaves a quote inside an unquoted field bare.
	fileQuoting: 'rfc4180',
	// 'negotiate': gzip when the client accepts it; 'always': like a blob stored with Content-Encoding gzip.
	gzipFiles: 'negotiate',
	faults: null,
	// The current text of insights-programmatic-first-api-call uses client credentials; true
	// restores the older App+User-only rule (403 for app-only tokens on mpn).
	mpnRequiresUser: false,
	// Since April 2026 App+User calls need MFA
	// (https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication). Off by default so the password grant
	// keeps working for the older tests.
	mfaRequired: false,
	// 'page': GET authorize shows a sign-in page whose form posts back; 'redirect': 302 with a code at once.
	authorizeMode: 'page',
	// Entra's authorization codes live about 10 minutes.
	authCodeTtlSeconds: 600,
	// Entra's refresh tokens expire after 90 days of inactivity.
	refreshTokenTtlSeconds: 90 * 24 * 3600,
	// Each refresh returns a new refresh token; true invalidates the used one. [inferred] Entra itself
	// keeps used ones valid, but clients that keep an old token should be caught.
	rotateRefreshTokens: true,
	strictQueryNames: true,
	callbackRepeat: 1,
	callbackConcurrent: false,
	callbackDelayMs: 0,
	publicUrl: null,
	log: null,
	identity: null,
	// Readings of pages that leave a point open (issue 13; README "Readings"). Each default is the
	// lenient reading; STRICT_PROFILE holds the other one.
	updateStartTime: 'unchangedAllowed',
	callbackRemoval: 'emptyOrNull',
	endTime: 'allVersions',
	executeNow: 'ignoresSchedule',
	callbackShape: 'documented',
	listParams: 'semicolon',
	updateRecurrenceCount: 'remaining',
	tryQueryWindow: 'allPrograms',
	timestampZone: 'Z',
	idCase: 'lower',
	dataRedacted: false,
	fileRedirect: null,
	profile: 'default',
};

/** `profile: 'strict'`: every strict reading at once (options given explicitly still win). */
const STRICT_PROFILE = Object.freeze({
	updateStartTime: 'future',
	callbackRemoval: 'nullOnly',
	endTime: 'v1.1Only',
	executeNow: 'validatesSchedule',
	callbackShape: 'bare',
	listParams: 'single',
	updateRecurrenceCount: 'total',
	tryQueryWindow: 'mpnOnly',
	timestampZone: 'none',
	idCase: 'upper',
	dataRedacted: true,
	fileRedirect: 'self',
});

/**
 * Entities keyed by their lower-case ID, found by an ID in any case (GUIDs compare case-insensitively;
 * with `idCase: 'upper'` the API writes them in capitals).
 */
class IdMap extends Map {
	get(id) {
		return super.get(typeof id === 'string' ? id.toLowerCase() : id);
	}
	has(id) {
		return super.has(typeof id === 'string' ? id.toLowerCase() : id);
	}
	delete(id) {
		return super.delete(typeof id === 'string' ? id.toLowerCase() : id);
	}
}

function newProgramState() {
	return { queries: new IdMap(), reports: new IdMap(), executions: new IdMap() };
}

/**
 * Starts the emulator. Resolves to { url, state, options, stop(), fileDigest(id), ... }.
 */
async function startEmulator(opts = {}) {
	// An option passed as undefined keeps its default (the CLI passes every flag it knows).
	const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
	const profile = given.profile === 'strict' ? STRICT_PROFILE : {};
	const options = { ...DEFAULT_OPTIONS, ...profile, ...given };
	const invalid = validateOptions(options);
	if (invalid) throw new Error(invalid);
	options.executionDelaysMs = { ...DEFAULT_OPTIONS.executionDelaysMs, ...(opts.executionDelaysMs || {}) };
	const identity = { ...DEFAULTS, ...(opts.identity || {}) };
	const state = {
		cmp: newProgramState(),
		mpn: newProgramState(),
		stats: newStats(),
		requests: [],
		callbacks: [],
	};
	const ctx = {
		options,
		identity,
		state,
		url: null,
		seq: 0,
		timers: new Set(),
		stopped: false,
		signingKey: crypto.randomBytes(32),
	};
	ctx.auth = new Auth(ctx);
	ctx.faults = new Faults(state.stats);
	if (options.faults) ctx.faults.configure(options.faults);
	state.tokens = ctx.auth.tokens;
	state.refreshTokens = ctx.auth.refreshTokens;
	state.authCodes = ctx.auth.codes;
	ctx.reset = ({ tokens = false } = {}) => {
		for (const t of ctx.timers) clearTimeout(t);
		ctx.timers.clear();
		state.cmp = newProgramState();
		state.mpn = newProgramState();
		state.stats = newStats();
		state.requests.length = 0;
		state.callbacks.length = 0;
		ctx.faults = new Faults(state.stats);
		if (tokens) ctx.auth.clear();
	};

	const server = createServer(ctx);
	const sockets = new Set();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const addr = server.address();
	const host = ['0.0.0.0', '::', ''].includes(options.host) ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
	ctx.url = `http://${host}:${addr.port}`;

	const emu = {
		url: ctx.url,
		port: addr.port,
		identity,
		options,
		get state() {
			return state;
		},
		server,
		/** { sha256, bytes, rows } of the uncompressed file of an execution (streamed generation). */
		fileDigest: (executionId) => fileDigest(ctx, executionId),
		/** A signed link for an execution with a chosen expiry (tests of expired links). */
		signLink: (executionId, { expiresAt = Date.now() + options.linkTtlSeconds * 1000 } = {}) => {
			const exec = findExecutionAnywhere(ctx, executionId);
			const format = exec ? exec.format : 'csv';
			return signedLink(ctx.signingKey, options.publicUrl || ctx.url, executionId, format, expiresAt).url;
		},
		/** Same as POST /_emulator/reports/{reportId}/executions. */
		runExecution: (reportId, body = {}) => {
			const r = runExecution(ctx, reportId, body);
			if (!r.exec) throw Object.assign(new Error(r.body.error), { status: r.status });
			return renderExecution(ctx, r.exec, options.publicUrl || ctx.url);
		},
		setExecutionStatus: (executionId, status) => {
			const exec = findExecutionAnywhere(ctx, executionId);
			if (!exec) throw new Error(`execution ${executionId} not found`);
			setStatus(ctx, exec, status);
		},
		setFaults: (cfg) => ctx.faults.configure(cfg),
		expireTokens: () => ctx.auth.expireAll(),
		/** Same as POST /_emulator/refresh-tokens/revoke: later refreshes get AADSTS50173. Returns the count. */
		revokeRefreshTokens: () => ctx.auth.revokeRefreshTokens(),
		/** Same as POST /_emulator/refresh-tokens/expire: later refreshes get AADSTS700082. Returns the count. */
		expireRefreshTokens: () => ctx.auth.expireRefreshTokens(),
		reset: (o) => ctx.reset(o),
		stop: async () => {
			if (ctx.stopped) return;
			ctx.stopped = true;
			for (const t of ctx.timers) clearTimeout(t);
			ctx.timers.clear();
			await new Promise((resolve) => {
				server.close(() => resolve());
				if (server.closeAllConnections) server.closeAllConnections();
				for (const s of sockets) s.destroy();
			});
		},
	};
	return emu;
}

module.exports = { startEmulator, DEFAULTS, DEFAULT_OPTIONS, STRICT_PROFILE };
