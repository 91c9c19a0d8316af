/**
 * How a failure reads (transport/errors.ts): "retried with backoff" only when the node did retry, and
 * a callback URL's secret never in a message.
 */
const { partnerCenterError } = require('../../nodes/shared/transport/errors');
const { redactCallbackSecrets } = require('../../nodes/shared/helpers/redact');

const node = { name: 'Partner Center Analytics', type: 'test', typeVersion: 1 };
const failure = (status, networkCode, body) => ({
	status,
	networkCode,
	retryAfterMs: undefined,
	body,
});
const describeFailure = (request, f, attempts) =>
	partnerCenterError(node, request, f, undefined, attempts).description;
const post = { method: 'POST', endpoint: 'ScheduledQueries' };
const get = { method: 'GET', endpoint: 'ScheduledDataset' };

test('a dropped connection says "retried with backoff" only after retries', () => {
	expect(describeFailure(get, failure(undefined, 'ECONNRESET'), 8)).toBe(
		'Network error ECONNRESET. Partner Center or the network dropped the connection; the node retried with backoff.',
	);
	expect(describeFailure(post, failure(undefined, 'ECONNRESET'), 1)).toBe(
		'Network error ECONNRESET. Partner Center or the network dropped the connection.',
	);
});

test('a server error says "after retries" only after retries', () => {
	expect(describeFailure(get, failure(502), 8)).toMatch(/even after retries with backoff/);
	expect(describeFailure(post, failure(502), 1)).toBe(
		'Partner Center failed to process the request; try again later.',
	);
});

test("Partner Center's message shows a callback URL without its secret", () => {
	const secret = 'a1'.repeat(24);
	const error = partnerCenterError(
		node,
		{ method: 'PUT', endpoint: 'ScheduledReport/x' },
		failure(400, undefined, {
			message: `Requested value 'ftp://n8n.example.com/webhook/id/wf/${secret}' not found`,
			statusCode: 400,
		}),
		undefined,
		1,
	);
	expect(error.message).toBe(
		"Partner Center answered 400 to PUT ScheduledReport/x: Requested value 'ftp://n8n.example.com/webhook/id/wf/[redacted]' not found",
	);
	expect(JSON.stringify(error)).not.toContain(secret);
});

test.each([
	[
		'https://n8n.example.com/webhook/5b9c2a6e/wf-1/SECRET',
		'https://n8n.example.com/webhook/5b9c2a6e/wf-1/[redacted]',
	],
	[
		'POST https://h/webhook/a/b/SECRET/72fa95ab-35f5-4d44-a1ee-503abbc88003 failed',
		'POST https://h/webhook/a/b/[redacted]/72fa95ab-35f5-4d44-a1ee-503abbc88003 failed',
	],
	['http://h/webhook/a/b/SECRET?reportId=1', 'http://h/webhook/a/b/[redacted]?reportId=1'],
	["'htp://h/a/b/SECRET'", "'htp://h/a/b/[redacted]'"],
])('redacts the secret in %s', (text, expected) => {
	expect(redactCallbackSecrets(text.replace('SECRET', 'f0'.repeat(24)))).toBe(expected);
});

test('leaves other hex, IDs and shorter or longer segments alone', () => {
	for (const text of [
		`https://h/x/${'f0'.repeat(24)}0`,
		`https://h/x/${'f0'.repeat(23)}`,
		'https://h/ScheduledReport/72fa95ab-35f5-4d44-a1ee-503abbc88003',
		`not a url /${'f0'.repeat(24)}`,
	]) {
		expect(redactCallbackSecrets(text)).toBe(text);
	}
});
