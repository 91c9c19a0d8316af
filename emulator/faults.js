'use strict';
/**
 * Deterministic fault injection for retry tests.
 *
 * Config: { rate, kinds: ['5xx','429','reset'], retryAfterSeconds, cutDownloadRate, cutDownloads, seed,
 *          paths, queue }
 *  - rate: probability (0..1) that an eligible request fails.
 *  - kinds: which faults to draw from. '5xx' answers 500/502/503 with the JSON envelope, '429' answers
 *    with a `Retry-After` header (Partner Center throttling guidance: "use HTTP error code 429 … The
 *    failed response includes the Retry-After response header",
 *    https://learn.microsoft.com/en-us/partner-center/developer/api-throttling-guidance), 'reset' destroys the
 *    socket without any response. Those three happen before the request is processed. Two kinds happen
 *    after it: 'processedReset' applies the request (creates the query or report, …) and then destroys
 *    the socket instead of answering; 'processed500' applies it and then answers 500.
 *  - cutDownloadRate: probability that a report download is destroyed halfway.
 *  - cutDownloads: the next N downloads are destroyed halfway (before cutDownloadRate is drawn).
 *  - seed: PRNG seed (mulberry32); the same seed and the same request sequence give the same faults.
 *  - paths: 'api' (default, /insights/... only), 'token' (token endpoint only), 'all' (both), or an array
 *    of route keys such as 'GET /ScheduledReport/execution/{reportId}'.
 *  - queue: optional list of kinds consumed first, one per eligible request (e.g. ['429','5xx']),
 *    independent of `rate` — handy for "fails exactly twice then succeeds" tests.
 * `{}` clears everything.
 */
const { mulberry32 } = require('./util');

/** Kinds drawn when `kinds` is not given. */
const KINDS = ['5xx', '429', 'reset'];
/** Kinds that let the request be processed and then lose (reset) or spoil (500) its answer. */
const AFTER_PROCESSING_KINDS = ['processedReset', 'processed500'];
const ALL_KINDS = [...KINDS, ...AFTER_PROCESSING_KINDS];

class Faults {
	constructor(stats) {
		this.stats = stats;
		this.configure({});
	}

	configure(cfg) {
		cfg = cfg && typeof cfg === 'object' ? cfg : {};
		const kinds = Array.isArray(cfg.kinds) && cfg.kinds.length ? cfg.kinds.map(String) : KINDS.slice();
		for (const k of kinds) if (!ALL_KINDS.includes(k)) throw new Error(`unknown fault kind '${k}' (use ${ALL_KINDS.join(', ')})`);
		const queue = Array.isArray(cfg.queue) ? cfg.queue.map(String) : [];
		for (const k of queue) if (!ALL_KINDS.includes(k)) throw new Error(`unknown fault kind '${k}' in queue`);
		this.config = {
			rate: clamp01(cfg.rate),
			kinds,
			retryAfterSeconds: cfg.retryAfterSeconds === undefined ? 1 : Math.max(0, Number(cfg.retryAfterSeconds) || 0),
			cutDownloadRate: clamp01(cfg.cutDownloadRate),
			seed: cfg.seed === undefined ? 42 : Number(cfg.seed) >>> 0,
			paths: cfg.paths === undefined ? 'api' : cfg.paths,
		};
		this.queue = queue;
		this.cutsLeft = Math.max(0, Math.floor(Number(cfg.cutDownloads) || 0));
		this.rng = mulberry32(this.config.seed);
		return this.describe();
	}

	describe() {
		return { ...this.config, queue: this.queue.slice(), cutDownloads: this.cutsLeft };
	}

	applies(scope, routeKey) {
		const p = this.config.paths;
		if (Array.isArray(p)) return scope === 'api' && p.includes(routeKey);
		if (p === 'all') return scope === 'api' || scope === 'token';
		return p === scope;
	}

	/** Returns null or { kind, status } for a request of `scope` ('api' | 'token'). */
	draw(scope, routeKey) {
		if (!this.applies(scope, routeKey)) return null;
		let kind = null;
		if (this.queue.length) kind = this.queue.shift();
		else if (this.config.rate > 0 && this.rng() < this.config.rate) {
			kind = this.config.kinds[Math.floor(this.rng() * this.config.kinds.length)];
		}
		if (!kind) return null;
		let status = null;
		if (kind === '5xx') status = [500, 502, 503][Math.floor(this.rng() * 3)];
		if (kind === '429') status = 429;
		if (kind === 'processed500') status = 500;
		this.count(kind);
		return { kind, status, afterProcessing: AFTER_PROCESSING_KINDS.includes(kind) };
	}

	/** True when this download should be cut halfway. */
	drawCut() {
		if (this.cutsLeft > 0) {
			this.cutsLeft--;
			this.count('cut');
			return true;
		}
		if (!(this.config.cutDownloadRate > 0)) return false;
		if (this.rng() < this.config.cutDownloadRate) {
			this.count('cut');
			return true;
		}
		return false;
	}

	count(kind) {
		const f = this.stats.faultsInjected;
		f[kind] = (f[kind] || 0) + 1;
		f.total = (f.total || 0) + 1;
	}
}

function clamp01(v) {
	const n = Number(v);
	if (!Number.isFinite(n) || n <= 0) return 0;
	return n >= 1 ? 1 : n;
}

module.exports = { Faults, FAULT_KINDS: ALL_KINDS };
