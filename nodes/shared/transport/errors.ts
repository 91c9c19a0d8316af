import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	MFA_GUIDANCE,
	RECONNECT_GUIDANCE,
	entraErrorCodes,
	entraGuidance,
	mentionsMissingMfa,
} from '../../../credentials/entraErrors';
import { redactCallbackSecrets } from '../helpers/redact';
import { normalizeEnvelope } from './envelope';
import type { FailureInfo } from './retry';

/**
 * Partner Center failures become n8n errors here, and only here: the message names the request and
 * Partner Center's own words, the description says what to do, `httpCode` and `itemIndex` are kept.
 */

const STATUS_HINTS: Record<number, string> = {
	401: 'Partner Center rejected the access token. Check the credential (tenant, client ID, secret) and that the credential\'s "Resource" is https://api.partnercenter.microsoft.com: tokens for https://graph.windows.net are no longer accepted.',
	403: 'The token is valid but lacks access. Add the Entra app in Partner Center (Account settings → User management → Azure AD applications) with the Manager or Developer role; for partner insights the user needs the Executive Report Viewer role.',
	404: 'Nothing matches. A report answers 404 for its executions until the first execution has completed (Execution → Get Many\'s "Execution Status" set to Pending lists the queued ones). Otherwise check the ID and the "Program" (commercial marketplace and partner insights keep separate queries and reports).',
	429: 'Partner Center is throttling requests. The node already waited and retried; run fewer items at once or add a Wait node.',
};

function hintFor(
	status: number | undefined,
	apiMessage: string | undefined,
	retried: boolean,
): string | undefined {
	if (status === 401 && mentionsMissingMfa(apiMessage)) return MFA_GUIDANCE;
	if (status === 500 && /creating report|correlation id/i.test(apiMessage ?? '')) {
		return 'Partner Center answers a malformed date with a 500: StartTime, EndTime, QueryStartTime and QueryEndTime must be UTC in the form yyyy-MM-ddTHH:mm:ssZ.';
	}
	if (status !== undefined && status >= 500) {
		return retried
			? 'Partner Center failed to process the request even after retries with backoff; try again later.'
			: 'Partner Center failed to process the request; try again later.';
	}
	return status === undefined ? undefined : STATUS_HINTS[status];
}

/** What a dropped connection means for the user, and whether the node already tried again. */
function networkHint(networkCode: string, retried: boolean): string {
	return `Network error ${networkCode}. Partner Center or the network dropped the connection${retried ? '; the node retried with backoff' : ''}.`;
}

/**
 * n8n's OAuth2 helper could not renew the sign-in: @n8n/client-oauth2 throws code EAUTH with the
 * OAuth error's generic text, and n8n's NodeApiError drops Entra's body (and its AADSTS code) on the
 * way. A body that did survive is used; otherwise the OAuth error names what happened.
 */
function oauthRenewalError(
	failure: FailureInfo,
	original: unknown,
): { message: string; guidance: string | undefined } | undefined {
	// n8n 2.40's OAuth2 helper answers a refused renewal (invalid_grant) itself, with its own
	// "The credential … needs to be reconnected." and no guidance once wrapped: the guidance is added.
	const cause = (original as { failure?: { cause?: unknown } } | undefined)?.failure?.cause;
	if (cause === 'credential-invalid') {
		return { message: (original as Error).message, guidance: RECONNECT_GUIDANCE };
	}
	if (failure.networkCode !== 'EAUTH') return undefined;
	const body = failure.body as { error_description?: unknown } | undefined;
	const entraDescription =
		typeof body?.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] : '';
	const text = entraDescription || (original as Error)?.message || 'the token request was refused';
	const guidance =
		entraGuidance(entraErrorCodes(body)) ??
		(/refresh token|authorization grant|reconnect/i.test(text)
			? RECONNECT_GUIDANCE
			: 'Check the Client ID and Client Secret of the OAuth2 Sign-In credential, then reconnect it.');
	return { message: `Microsoft Entra refused to renew the sign-in: ${text}`, guidance };
}

/** A request that failed for good, described for the user. */
export function partnerCenterError(
	node: INode,
	request: { method: string; endpoint: string; itemIndex?: number },
	failure: FailureInfo,
	original: unknown,
	attempts: number,
): NodeApiError {
	const renewal = oauthRenewalError(failure, original);
	if (renewal) {
		return new NodeApiError(
			node,
			{ message: renewal.message },
			{ message: renewal.message, description: renewal.guidance, itemIndex: request.itemIndex },
		);
	}
	const envelope = normalizeEnvelope(failure.body);
	// Partner Center may echo a callback URL: its secret never reaches a message.
	const apiMessage = redactCallbackSecrets(envelope.message?.trim() ?? '') || undefined;
	const retried = attempts > 1;
	const operation = `${request.method} ${request.endpoint}`;
	const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	let message: string;
	if (failure.status !== undefined) {
		message = `Partner Center answered ${failure.status} to ${operation}${tries}${apiMessage ? `: ${apiMessage}` : ''}`;
	} else if (failure.networkCode !== undefined) {
		// The code goes to the description: NodeApiError replaces a message naming it with a generic text.
		message = `Could not reach Partner Center for ${operation}${tries}: the connection failed`;
	} else {
		// Not an HTTP failure: e.g. the token request was refused; its message is already written for users.
		message = (original as Error)?.message || `Partner Center request ${operation} failed`;
	}
	// Built from scratch so that the request (with its Authorization header) never rides along.
	const cleanResponse: JsonObject = { message: apiMessage ?? message };
	if (failure.status !== undefined) cleanResponse.statusCode = failure.status;
	return new NodeApiError(node, cleanResponse, {
		message,
		description:
			failure.networkCode !== undefined
				? networkHint(failure.networkCode, retried)
				: hintFor(failure.status, apiMessage, retried),
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex: request.itemIndex,
	});
}

/**
 * An error of an item's run as n8n shows it: n8n errors are kept as they are (with their httpCode),
 * anything else becomes a NodeOperationError; either way it names the item.
 */
export function itemError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error as Error, { itemIndex });
	if (nodeError.context.itemIndex === undefined) nodeError.context.itemIndex = itemIndex;
	// A callback URL typed into a field or echoed by Partner Center shows without its secret.
	nodeError.message = redactCallbackSecrets(nodeError.message);
	if (typeof nodeError.description === 'string') {
		nodeError.description = redactCallbackSecrets(nodeError.description);
	}
	return nodeError;
}

/**
 * An error of our own words that keeps an HTTP code when there is one (a NodeApiError then, so that
 * the code reaches a Continue-On-Fail item), a NodeOperationError otherwise.
 */
export function errorWithCode(
	node: INode,
	{
		message,
		description,
		httpCode,
		itemIndex,
	}: { message: string; description: string; httpCode?: string | null; itemIndex: number },
): NodeApiError | NodeOperationError {
	return httpCode
		? new NodeApiError(node, { message }, { message, description, httpCode, itemIndex })
		: new NodeOperationError(node, message, { itemIndex, description });
}
