/**
 * The callback trigger registers `{base}/webhook/{webhookId}/{workflowId}/{secret}` in Partner Center,
 * the secret being 48 hex characters. Reports and executions carry that URL back, and Partner Center
 * may echo it in an error: wherever the nodes show one, the secret segment is replaced.
 */
export const REDACTED_SECRET = '[redacted]';

/** A path segment of a URL (any scheme, a typo too) that is a callback secret: 48 hex characters. */
const CALLBACK_SECRET = /([a-z][a-z0-9+.-]*:\/\/[^\s'"<>]*?\/)[0-9a-f]{48}(?=[/?#\s'"<>]|$)/gi;

/** The text with the secret segment of every callback URL in it redacted. */
export function redactCallbackSecrets(text: string): string {
	return text.replace(CALLBACK_SECRET, `$1${REDACTED_SECRET}`);
}

/** A report or execution record fit for an output item: its callback URL without the secret. */
export function redactCallbackUrl<T extends { callbackUrl?: unknown }>(record: T): T {
	return typeof record.callbackUrl === 'string'
		? { ...record, callbackUrl: redactCallbackSecrets(record.callbackUrl) }
		: record;
}
