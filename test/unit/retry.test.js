const {
	describeFailure,
	isRetryable,
	outcomeUnknown,
	parseRetryAfter,
	retryDelayMs,
	DEFAULT_RETRY_POLICY,
} = require('../../nodes/shared/transport/retry');

const failure = (status, networkCode, retryAfterMs) => ({ status, networkCode, retryAfterMs, body: undefined });

describe('isRetryable', () => {
	test.each([429, 500, 502, 503, 504])('retries %i on GET', (status) => {
		expect(isRetryable(failure(status), 'GET')).toBe(true);
	});
	test.each([400, 401, 403, 404, 409, 422, 501])('never retries %i', (status) => {
		expect(isRetryable(failure(status), 'GET')).toBe(false);
		expect(isRetryable(failure(status), 'POST')).toBe(false);
	});
	test('retries dropped connections on idempotent methods', () => {
		for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED']) {
			expect(isRetryable(failure(undefined, code), 'GET')).toBe(true);
			expect(isRetryable(failure(undefined, code), 'DELETE')).toBe(true);
		}
	});
	test('resends a POST only when the server surely did not act on it', () => {
		expect(isRetryable(failure(429), 'POST')).toBe(true);
		expect(isRetryable(failure(503), 'POST')).toBe(true);
		expect(isRetryable(failure(undefined, 'ECONNREFUSED'), 'POST')).toBe(true);
		expect(isRetryable(failure(500), 'POST')).toBe(false);
		expect(isRetryable(failure(undefined, 'ECONNRESET'), 'POST')).toBe(false);
	});
	test('does not retry an error with neither status nor network code', () => {
		expect(isRetryable(failure(undefined, undefined), 'GET')).toBe(false);
	});
});

describe('outcomeUnknown', () => {
	test.each([500, 502, 504, 507])('a POST answered %i may have been processed', (status) => {
		expect(outcomeUnknown(failure(status))).toBe(true);
	});
	test.each(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'])(
		'a POST whose connection ended with %s may have been processed',
		(code) => {
			expect(outcomeUnknown(failure(undefined, code))).toBe(true);
		},
	);
	test('429, 503, 501, 4xx and connections never made were surely not processed', () => {
		for (const status of [429, 503, 501, 400, 404, 409]) expect(outcomeUnknown(failure(status))).toBe(false);
		for (const code of ['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']) {
			expect(outcomeUnknown(failure(undefined, code))).toBe(false);
		}
		expect(outcomeUnknown(failure(undefined, undefined))).toBe(false);
	});
});

describe('parseRetryAfter', () => {
	test('reads delay-seconds and HTTP dates', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(['2'])).toBe(2000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

describe('retryDelayMs', () => {
	test('grows exponentially within bounds, with jitter', () => {
		const low = () => 0;
		const high = () => 1;
		expect(retryDelayMs(0, failure(500), DEFAULT_RETRY_POLICY, low)).toBe(125);
		expect(retryDelayMs(0, failure(500), DEFAULT_RETRY_POLICY, high)).toBe(250);
		expect(retryDelayMs(3, failure(500), DEFAULT_RETRY_POLICY, high)).toBe(2000);
		expect(retryDelayMs(30, failure(500), DEFAULT_RETRY_POLICY, high)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
	});
	test('waits at least as long as Retry-After, capped', () => {
		expect(retryDelayMs(0, failure(429, undefined, 3000), DEFAULT_RETRY_POLICY, () => 0)).toBe(3000);
		expect(retryDelayMs(0, failure(429, undefined, 10 * 60_000), DEFAULT_RETRY_POLICY, () => 0)).toBe(
			DEFAULT_RETRY_POLICY.maxRetryAfterMs,
		);
	});
});

describe('describeFailure', () => {
	test('reads status, Retry-After and body from an axios error wrapped by NodeApiError', () => {
		const axiosError = Object.assign(new Error('Request failed with status code 429'), {
			response: { status: 429, headers: { 'retry-after': '2' }, data: { message: 'slow down' } },
		});
		const wrapped = Object.assign(new Error('The service is receiving too many requests'), {
			httpCode: '429',
			cause: axiosError,
		});
		expect(describeFailure(wrapped)).toEqual({
			status: 429,
			networkCode: undefined,
			retryAfterMs: 2000,
			body: { message: 'slow down' },
		});
	});
	test('reads a network code from the cause chain', () => {
		const wrapped = { message: 'socket hang up', cause: { code: 'ECONNRESET' } };
		expect(describeFailure(wrapped).networkCode).toBe('ECONNRESET');
		expect(describeFailure(new Error('socket hang up')).networkCode).toBe('ECONNRESET');
	});
	test('survives circular causes', () => {
		const a = { message: 'x' };
		a.cause = a;
		expect(describeFailure(a).status).toBeUndefined();
	});
});

test('reads the socket error code n8n puts in NodeApiError.httpCode', () => {
	const nodeApiError = Object.assign(new Error('The connection to the server was closed unexpectedly'), {
		httpCode: 'ECONNRESET',
	});
	expect(describeFailure(nodeApiError)).toMatchObject({ status: undefined, networkCode: 'ECONNRESET' });
	expect(isRetryable(describeFailure(nodeApiError), 'GET')).toBe(true);
});
