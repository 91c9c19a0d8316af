/**
 * Which failures are worth another attempt, and how long to wait. Pure, so it is unit-tested directly.
 * Partner Center's throttling guidance: 429 with Retry-After; 5xx and dropped connections are transient.
 */
export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 7,
	baseDelayMs: 250,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 120_000,
};

export interface FailureInfo {
	status: number | undefined;
	networkCode: string | undefined;
	retryAfterMs: number | undefined;
	body: unknown;
}

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Network codes where the request surely never reached the server, so even a POST can be resent. */
const NOT_SENT_NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number') return Math.max(0, text * 1000);
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.max(0, Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface ErrorLike {
	httpCode?: unknown;
	code?: unknown;
	message?: unknown;
	cause?: unknown;
	response?: { status?: unknown; headers?: Record<string, unknown>; data?: unknown };
	context?: { data?: unknown };
}

/** Digs the status, network code and Retry-After out of an error thrown by n8n's HTTP helpers. */
export function describeFailure(error: unknown): FailureInfo {
	let status: number | undefined;
	let networkCode: string | undefined;
	let retryAfterMs: number | undefined;
	let body: unknown;
	const seen = new Set<unknown>();
	let current = error as ErrorLike | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const response = current.response;
		if (status === undefined && response && typeof response.status === 'number')
			status = response.status;
		if (status === undefined && current.httpCode && /^\d{3}$/.test(String(current.httpCode))) {
			status = Number(current.httpCode);
		}
		if (retryAfterMs === undefined && response?.headers) {
			retryAfterMs = parseRetryAfter(
				response.headers['retry-after'] ?? response.headers['Retry-After'],
			);
		}
		if (body === undefined && response && response.data !== undefined) body = response.data;
		if (body === undefined && current.context?.data !== undefined) body = current.context.data;
		// n8n's NodeApiError puts a socket error's code (ECONNRESET) in httpCode.
		for (const candidate of [current.code, current.httpCode]) {
			if (
				networkCode === undefined &&
				typeof candidate === 'string' &&
				/^E[A-Z_]+$/.test(candidate)
			) {
				networkCode = candidate;
			}
		}
		current = current.cause as ErrorLike | undefined;
	}
	if (!status && !networkCode) {
		const message = String((error as ErrorLike)?.message ?? '');
		if (/socket hang up|ECONNRESET/i.test(message)) networkCode = 'ECONNRESET';
	}
	return { status, networkCode, retryAfterMs, body };
}

/**
 * GET, PUT and DELETE are idempotent here and are retried on any transient failure. A POST creates a
 * query or report, so it is resent only when the server surely did not act on it (429, 503, refused
 * connection); a 500 or a reset after sending could have created it already.
 */
export function isRetryable(failure: FailureInfo, method: string): boolean {
	const idempotent = method.toUpperCase() !== 'POST';
	if (failure.status !== undefined) {
		if (failure.status === 429 || failure.status === 503) return true;
		return idempotent && failure.status >= 500 && failure.status !== 501;
	}
	if (failure.networkCode === undefined) return false;
	return idempotent
		? RETRYABLE_NETWORK_CODES.has(failure.networkCode)
		: NOT_SENT_NETWORK_CODES.has(failure.networkCode);
}

/**
 * Whether a failed create may have been processed all the same: the request was sent and the answer
 * was lost (reset, timeout) or was a server error that does not say "not done" (500, 502, 504…).
 * 429, 503, refused connections and DNS failures surely were not processed; 4xx were refused.
 */
export function outcomeUnknown(failure: FailureInfo): boolean {
	if (failure.status !== undefined) {
		return failure.status >= 500 && failure.status !== 501 && failure.status !== 503;
	}
	return (
		failure.networkCode !== undefined &&
		RETRYABLE_NETWORK_CODES.has(failure.networkCode) &&
		!NOT_SENT_NETWORK_CODES.has(failure.networkCode)
	);
}

/** Exponential backoff with "equal jitter", never shorter than the server's Retry-After. */
export function retryDelayMs(
	attempt: number,
	failure: FailureInfo,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	random: () => number = Math.random,
): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	const jittered = exponential / 2 + random() * (exponential / 2);
	if (failure.retryAfterMs !== undefined) {
		// Honour the server's wait; a little jitter keeps parallel workflows from returning in lockstep.
		return Math.round(
			Math.min(policy.maxRetryAfterMs, failure.retryAfterMs + random() * policy.baseDelayMs),
		);
	}
	return Math.round(jittered);
}

/**
 * What to do after a failed attempt: wait `delayMs` and try again, or give up. `attempt` counts from 1.
 */
export type RetryDecision = { delayMs: number } | 'giveUp';

/** How a retried task ended: its value, or the error of the attempt after which it gave up. */
export type RetryOutcome<T> =
	| { ok: true; value: T; attempts: number }
	| { ok: false; error: unknown; attempts: number };

/**
 * The one retry loop of the package: the transport's requests and the file downloads differ only in
 * what an attempt is and how a failure is judged, which the caller says. The caller turns a final
 * failure into the error the user sees.
 */
export async function withRetries<T>(
	attempt: (attempt: number) => Promise<T>,
	decide: (error: unknown, attempt: number) => RetryDecision | Promise<RetryDecision>,
	wait: (ms: number) => Promise<void>,
): Promise<RetryOutcome<T>> {
	for (let count = 1; ; count++) {
		try {
			return { ok: true, value: await attempt(count), attempts: count };
		} catch (error) {
			const decision = await decide(error, count);
			if (decision === 'giveUp') return { ok: false, error, attempts: count };
			await wait(decision.delayMs);
		}
	}
}
