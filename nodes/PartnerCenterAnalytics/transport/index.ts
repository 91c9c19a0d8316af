import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import {
	MFA_GUIDANCE,
	RECONNECT_GUIDANCE,
	entraErrorCodes,
	entraGuidance,
	mentionsMissingMfa,
} from '../../../credentials/entraErrors';
import { normalizeEnvelope, resolveNextLink, type PartnerCenterEnvelope } from './envelope';
import {
	DEFAULT_RETRY_POLICY,
	describeFailure,
	isRetryable,
	parseRetryAfter,
	retryDelayMs,
	type FailureInfo,
} from './retry';
import { CREDENTIAL_TYPES, resolveApiTarget, type ApiTarget } from './target';

export type PartnerCenterContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the program's base, e.g. `ScheduledReport/pause/{id}`; ids must already be URL-encoded. */
	endpoint: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Set when called per input item, so parameters and errors refer to that item. */
	itemIndex?: number;
}

const CONNECTION_DEFAULTS: IDataObject = {
	authentication: 'clientCredentials',
	program: 'commercialMarketplace',
	apiVersion: 'v1.1',
};

function readParameter(
	context: PartnerCenterContext,
	name: string,
	itemIndex: number | undefined,
): unknown {
	const fallback = CONNECTION_DEFAULTS[name];
	if (itemIndex !== undefined && 'getInputData' in context) {
		return (context as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback);
	}
	return (context as ILoadOptionsFunctions).getNodeParameter(name, fallback);
}

export function getApiTarget(context: PartnerCenterContext, itemIndex?: number): ApiTarget {
	const parameters: IDataObject = {};
	for (const name of Object.keys(CONNECTION_DEFAULTS)) {
		parameters[name] = readParameter(context, name, itemIndex) as string;
	}
	try {
		return resolveApiTarget(parameters);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}

const apiBaseUrlCache = new WeakMap<object, Map<string, Promise<string>>>();

/** The credential's API base URL, read once per node run and credential type. */
async function getApiBaseUrl(
	context: PartnerCenterContext,
	credentialType: string,
	itemIndex: number | undefined,
): Promise<string> {
	let byType = apiBaseUrlCache.get(context);
	if (!byType) {
		byType = new Map();
		apiBaseUrlCache.set(context, byType);
	}
	let pending = byType.get(credentialType);
	if (!pending) {
		pending = context.getCredentials(credentialType, itemIndex).then((credentials) => {
			const raw = String(credentials.apiBaseUrl ?? '').trim();
			let url: URL | undefined;
			try {
				url = new URL(raw);
			} catch {
				url = undefined;
			}
			if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
				throw new NodeOperationError(
					context.getNode(),
					`The credential field "API Base URL" must be an http(s) URL such as https://api.partnercenter.microsoft.com, got "${raw}"`,
					{ itemIndex },
				);
			}
			const tokenData = credentials.oauthTokenData as { access_token?: unknown } | undefined;
			if (credentialType === CREDENTIAL_TYPES.oAuth2 && !tokenData?.access_token) {
				// n8n's OAuth2 helper would fail on the missing token data with a TypeError.
				throw new NodeOperationError(
					context.getNode(),
					'The OAuth2 Sign-In credential is not connected yet: open the credential and click "Connect my account" to sign in with Microsoft',
					{ itemIndex },
				);
			}
			return raw.replace(/\/+$/, '');
		});
		pending.catch(() => byType.delete(credentialType));
		byType.set(credentialType, pending);
	}
	return await pending;
}

const STATUS_HINTS: Record<number, string> = {
	401: 'Partner Center rejected the access token. Check the credential (tenant, client ID, secret) and that Resource is https://api.partnercenter.microsoft.com: tokens for https://graph.windows.net are no longer accepted.',
	403: 'The token is valid but lacks access. Add the Entra app in Partner Center (Account settings → User management → Azure AD applications) with the Manager or Developer role; for partner insights the user needs the Executive Report Viewer role.',
	404: 'Nothing matches. A report answers 404 for its executions until the first execution has completed: set Execution Status to Pending to see queued ones. Otherwise check the ID and the Program (commercial marketplace and partner insights keep separate queries and reports).',
	429: 'Partner Center is throttling requests. The node already waited and retried; run fewer items at once or add a Wait node.',
};

function hintFor(status: number | undefined, apiMessage: string | undefined): string | undefined {
	if (status === 401 && mentionsMissingMfa(apiMessage)) return MFA_GUIDANCE;
	if (status === 500 && /creating report|correlation id/i.test(apiMessage ?? '')) {
		return 'Partner Center answers a malformed date with a 500: StartTime, EndTime, QueryStartTime and QueryEndTime must be UTC in the form yyyy-MM-ddTHH:mm:ssZ.';
	}
	if (status !== undefined && status >= 500) {
		return 'Partner Center failed to process the request even after retries; try again later.';
	}
	return status === undefined ? undefined : STATUS_HINTS[status];
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
	if (failure.networkCode !== 'EAUTH') return undefined;
	const body = failure.body as { error?: unknown; error_description?: unknown } | undefined;
	const entraDescription =
		typeof body?.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] : '';
	const text = entraDescription || (original as Error)?.message || 'the token request was refused';
	const codes = entraErrorCodes(body);
	const guidance =
		entraGuidance(codes) ??
		(/refresh token|authorization grant|reconnect/i.test(text)
			? RECONNECT_GUIDANCE
			: 'Check the Client ID and Client Secret of the OAuth2 Sign-In credential, then reconnect it.');
	return { message: `Microsoft Entra refused to renew the sign-in: ${text}`, guidance };
}

function toNodeError(
	context: PartnerCenterContext,
	request: ApiRequest,
	failure: FailureInfo,
	original: unknown,
	attempts: number,
): NodeApiError {
	const renewal = oauthRenewalError(failure, original);
	if (renewal) {
		return new NodeApiError(
			context.getNode(),
			{ message: renewal.message },
			{ message: renewal.message, description: renewal.guidance, itemIndex: request.itemIndex },
		);
	}
	const envelope = normalizeEnvelope(failure.body);
	const apiMessage = envelope.message?.trim() || undefined;
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
	return new NodeApiError(context.getNode(), cleanResponse, {
		message,
		description:
			failure.networkCode !== undefined
				? `Network error ${failure.networkCode}. Partner Center or the network dropped the connection; the node retried with backoff.`
				: hintFor(failure.status, apiMessage),
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex: request.itemIndex,
	});
}

/**
 * The whole response, error statuses included: n8n's NodeApiError drops the response headers, and
 * with them Partner Center's Retry-After. A 401 goes once more through n8n's own error path, which
 * renews the access token (the credential's preAuthentication) and replays the request.
 */
async function requestFullResponse(
	context: PartnerCenterContext,
	credentialType: string,
	options: IHttpRequestOptions,
): Promise<IN8nHttpFullResponse> {
	const request = async (ignoreHttpStatusErrors: boolean) =>
		(await context.helpers.httpRequestWithAuthentication.call(context, credentialType, {
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors,
		})) as IN8nHttpFullResponse;
	const response = await request(true);
	return response.statusCode === 401 ? await request(false) : response;
}

/** Errors thrown because a transient failure (429, 5xx, dropped connection) outlasted every retry. */
const retriesExhausted = new WeakSet<object>();

/**
 * Whether an error from partnerCenterApiRequest was transient (Partner Center kept failing or
 * throttling after every retry), as opposed to a refusal such as 400, 401, 403 or 404. Loops that
 * poll until a deadline keep going after a transient error.
 */
export function isTransientError(error: unknown): boolean {
	return typeof error === 'object' && error !== null && retriesExhausted.has(error);
}

async function send(
	context: PartnerCenterContext,
	credentialType: string,
	options: IHttpRequestOptions,
	request: ApiRequest,
): Promise<PartnerCenterEnvelope> {
	const signal =
		'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
	for (let attempt = 0; ; attempt++) {
		let failure: FailureInfo;
		let original: unknown;
		try {
			const response = await requestFullResponse(context, credentialType, options);
			const envelope = normalizeEnvelope(response.body);
			// Some answers are HTTP 200 with an error status inside the envelope.
			const status = response.statusCode >= 400 ? response.statusCode : envelope.statusCode;
			if (status === undefined || status < 400) return envelope;
			failure = {
				status,
				networkCode: undefined,
				retryAfterMs: parseRetryAfter(response.headers?.['retry-after']),
				body: response.body,
			};
			original = undefined;
		} catch (error) {
			failure = describeFailure(error);
			original = error;
		}
		const retryable = isRetryable(failure, options.method ?? 'GET');
		if (attempt >= DEFAULT_RETRY_POLICY.maxRetries || !retryable || signal?.aborted) {
			const error = toNodeError(context, request, failure, original, attempt + 1);
			if (retryable && !signal?.aborted) retriesExhausted.add(error);
			throw error;
		}
		const delay = retryDelayMs(attempt, failure);
		context.logger.warn(
			`Partner Center ${failure.status ?? failure.networkCode} on ${request.method} ${request.endpoint}; retry ${attempt + 1} of ${DEFAULT_RETRY_POLICY.maxRetries} in ${delay} ms`,
		);
		await pause(delay, signal);
	}
}

/** Program, credential type and API base URL for a request made on behalf of an item. */
export async function getConnection(
	context: PartnerCenterContext,
	itemIndex?: number,
): Promise<{ target: ApiTarget; apiBaseUrl: string }> {
	const target = getApiTarget(context, itemIndex);
	return { target, apiBaseUrl: await getApiBaseUrl(context, target.credentialType, itemIndex) };
}

async function buildOptions(
	context: PartnerCenterContext,
	request: ApiRequest,
): Promise<{ target: ApiTarget; apiBaseUrl: string; options: IHttpRequestOptions }> {
	const { target, apiBaseUrl } = await getConnection(context, request.itemIndex);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${apiBaseUrl}${target.basePath}/${request.endpoint}`,
		headers: { Accept: 'application/json' },
		json: true,
	};
	if (request.qs && Object.keys(request.qs).length > 0) options.qs = request.qs;
	if (request.body !== undefined) options.body = request.body;
	return { target, apiBaseUrl, options };
}

/** One request to the analytics API, with retries; answers the normalised envelope. */
export async function partnerCenterApiRequest(
	this: PartnerCenterContext,
	request: ApiRequest,
): Promise<PartnerCenterEnvelope> {
	const { target, options } = await buildOptions(this, request);
	return await send(this, target.credentialType, options, request);
}

/** Follows `nextLink` until every item (or `limit` items) has been read. */
export async function partnerCenterApiRequestAllItems(
	this: PartnerCenterContext,
	request: ApiRequest,
	limit?: number,
): Promise<IDataObject[]> {
	const { target, apiBaseUrl, options } = await buildOptions(this, request);
	const items: IDataObject[] = [];
	const visited = new Set<string>();
	let pageOptions: IHttpRequestOptions = options;
	for (;;) {
		const envelope = await send(this, target.credentialType, pageOptions, request);
		for (const item of envelope.value) items.push(item);
		if (!envelope.nextLink || (limit !== undefined && items.length >= limit)) break;
		let next: string;
		try {
			next = resolveNextLink(envelope.nextLink, apiBaseUrl, target.basePath);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error as Error, {
				itemIndex: request.itemIndex,
			});
		}
		if (visited.has(next)) break;
		visited.add(next);
		// The link carries its own query string.
		pageOptions = { ...options, url: next, qs: undefined };
	}
	return limit === undefined ? items : items.slice(0, limit);
}

/**
 * Partner Center answers 404 when nothing matches a filter, and for a report's executions until its
 * first run. Where that means "none", the caller says what to use instead.
 */
export async function whenNotFound<T, F>(request: Promise<T>, fallback: () => F): Promise<T | F> {
	return await request.catch((error: unknown) => {
		if (error instanceof NodeApiError && error.httpCode === '404') return fallback();
		throw error;
	});
}

/**
 * Where a failure that outlasted every retry (see isTransientError) means "try again later", the
 * caller says what to use instead; refusals are thrown as they are.
 */
export async function whenTransient<T, F>(
	request: Promise<T>,
	fallback: (error: Error) => F,
): Promise<T | F> {
	return await request.catch((error: unknown) => {
		if (isTransientError(error)) return fallback(error as Error);
		throw error;
	});
}

/**
 * n8n-workflow's sleep, cut short when the execution is cancelled. (`sleepWithAbort` exists only in
 * some n8n-workflow versions: n8n 2.40 ships without it.)
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw new Error('The execution was cancelled');
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(new Error('The execution was cancelled'));
		signal.addEventListener('abort', onAbort, { once: true });
		sleep(ms).then(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, reject);
	});
}

export { camelCaseKeys } from './envelope';
