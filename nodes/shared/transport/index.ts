import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DEFAULT_API_BASE_URL, fieldOrDefault } from '../../../credentials/entraToken';
import { oncePerRun } from '../helpers/perRun';
import { parseHttpUrl } from '../helpers/urls';
import {
	camelCaseKeys,
	normalizeEnvelope,
	resolveNextLink,
	type PartnerCenterEnvelope,
} from './envelope';
import { partnerCenterError } from './errors';
import {
	DEFAULT_RETRY_POLICY,
	describeFailure,
	isRetryable,
	outcomeUnknown,
	parseRetryAfter,
	retryDelayMs,
	withRetries,
	type FailureInfo,
} from './retry';
import { CREDENTIAL_TYPES, resolveApiTarget, type ApiTarget } from './target';

export type PartnerCenterContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| ITriggerFunctions
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

/** Defaults of the connection parameters, as the descriptions declare them. */
export const CONNECTION_DEFAULTS = {
	authentication: 'clientCredentials',
	program: 'commercialMarketplace',
	apiVersion: 'v1.1',
} as const;

function readParameter(
	context: PartnerCenterContext,
	name: string,
	itemIndex: number | undefined,
): unknown {
	const fallback = CONNECTION_DEFAULTS[name as keyof typeof CONNECTION_DEFAULTS];
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

/**
 * The credential's API base URL, read once per node run and credential type. An OAuth2 credential
 * must be connected: n8n's OAuth2 helper would fail on the missing token data with a TypeError.
 */
async function getApiBaseUrl(
	context: PartnerCenterContext,
	credentialType: string,
	itemIndex: number | undefined,
): Promise<string> {
	return await oncePerRun(context, `apiBaseUrl ${credentialType}`, async () => {
		const credentials = await context.getCredentials(credentialType, itemIndex);
		// An emptied field means the default, as in the credential test.
		const raw = fieldOrDefault(credentials.apiBaseUrl, DEFAULT_API_BASE_URL);
		if (!parseHttpUrl(raw)) {
			throw new NodeOperationError(
				context.getNode(),
				`The credential field "API Base URL" must be an http(s) URL such as https://api.partnercenter.microsoft.com, got "${raw}"`,
				{ itemIndex },
			);
		}
		const tokenData = credentials.oauthTokenData as { access_token?: unknown } | undefined;
		if (credentialType === CREDENTIAL_TYPES.oAuth2 && !tokenData?.access_token) {
			throw new NodeOperationError(
				context.getNode(),
				'The OAuth2 Sign-In credential is not connected yet: open the credential and click "Connect my account" to sign in with Microsoft',
				{ itemIndex },
			);
		}
		return raw.replace(/\/+$/, '');
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
		// n8n's helper reads its node and credentials from `this`: the one call that binds it.
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

/** Errors of a POST whose outcome is unknown: it may have been processed (see outcomeUnknown). */
const unknownOutcome = new WeakSet<object>();

/**
 * Whether an error from partnerCenterApiRequest ended a POST that Partner Center may have acted on
 * all the same (a reset, timeout, 500, 502 or 504 after the request was sent). The services layer
 * then looks for what it asked to create before creating it again (services/created.ts).
 */
export function isOutcomeUnknown(error: unknown): boolean {
	return typeof error === 'object' && error !== null && unknownOutcome.has(error);
}

/** A response that counts as a failure: an error status, or HTTP 200 with one in the envelope. */
class FailedResponse extends Error {
	constructor(readonly failure: FailureInfo) {
		super(`Partner Center answered ${failure.status}`);
	}
}

const failureOf = (error: unknown): FailureInfo =>
	error instanceof FailedResponse ? error.failure : describeFailure(error);

/** One request with the retry policy; answers the raw envelope (entities as Partner Center spells them). */
async function send(
	context: PartnerCenterContext,
	credentialType: string,
	options: IHttpRequestOptions,
	request: ApiRequest,
): Promise<PartnerCenterEnvelope> {
	const signal =
		'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
	const outcome = await withRetries(
		async () => {
			const response = await requestFullResponse(context, credentialType, options);
			const envelope = normalizeEnvelope(response.body);
			// Some answers are HTTP 200 with an error status inside the envelope.
			const status = response.statusCode >= 400 ? response.statusCode : envelope.statusCode;
			if (status === undefined || status < 400) return envelope;
			throw new FailedResponse({
				status,
				networkCode: undefined,
				retryAfterMs: parseRetryAfter(response.headers?.['retry-after']),
				body: response.body,
			});
		},
		(error, attempt) => {
			const failure = failureOf(error);
			if (
				attempt > DEFAULT_RETRY_POLICY.maxRetries ||
				!isRetryable(failure, options.method ?? 'GET') ||
				signal?.aborted
			) {
				return 'giveUp';
			}
			const delayMs = retryDelayMs(attempt - 1, failure);
			context.logger.warn(
				`Partner Center ${failure.status ?? failure.networkCode} on ${request.method} ${request.endpoint}; retry ${attempt} of ${DEFAULT_RETRY_POLICY.maxRetries} in ${delayMs} ms`,
			);
			return { delayMs };
		},
		async (ms) => await pause(ms, signal),
	);
	if (outcome.ok) return outcome.value;
	const failure = failureOf(outcome.error);
	const original = outcome.error instanceof FailedResponse ? undefined : outcome.error;
	const nodeError = partnerCenterError(
		context.getNode(),
		request,
		failure,
		original,
		outcome.attempts,
	);
	const method = options.method ?? 'GET';
	if (isRetryable(failure, method) && !signal?.aborted) {
		retriesExhausted.add(nodeError);
	}
	if (method === 'POST' && outcomeUnknown(failure)) unknownOutcome.add(nodeError);
	throw nodeError;
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

/**
 * One request to the analytics API, with retries; answers the normalised envelope with its entities
 * in camelCase (Partner Center spells their keys both ways, even within one object).
 */
export async function partnerCenterApiRequest(
	context: PartnerCenterContext,
	request: ApiRequest,
): Promise<PartnerCenterEnvelope> {
	const envelope = await partnerCenterRawRequest(context, request);
	return { ...envelope, value: entitiesOf(envelope) };
}

/**
 * The envelope's entities in camelCase. Those of an answer Partner Center marked `dataRedacted` carry
 * the mark, so every output made from them shows it (reading i in emulator/README.md: the flag is
 * undocumented and always false in the docs' examples).
 */
function entitiesOf(envelope: PartnerCenterEnvelope): IDataObject[] {
	return envelope.value.map((item) =>
		envelope.dataRedacted === true
			? { ...camelCaseKeys(item), dataRedacted: true }
			: camelCaseKeys(item),
	);
}

/**
 * The same request, with the envelope's values as Partner Center sent them: query result rows, whose
 * keys are the query's column names and must stay exactly as they are.
 */
export async function partnerCenterRawRequest(
	context: PartnerCenterContext,
	request: ApiRequest,
): Promise<PartnerCenterEnvelope> {
	const { target, options } = await buildOptions(context, request);
	return await send(context, target.credentialType, options, request);
}

/** Follows `nextLink` until every entity (or `limit` of them) has been read; entities in camelCase. */
export async function partnerCenterApiRequestAllItems(
	context: PartnerCenterContext,
	request: ApiRequest,
	limit?: number,
): Promise<IDataObject[]> {
	const { target, apiBaseUrl, options } = await buildOptions(context, request);
	const items: IDataObject[] = [];
	const visited = new Set<string>();
	let pageOptions: IHttpRequestOptions = options;
	for (;;) {
		const envelope = await send(context, target.credentialType, pageOptions, request);
		for (const item of entitiesOf(envelope)) items.push(item);
		if (!envelope.nextLink || (limit !== undefined && items.length >= limit)) break;
		let next: string;
		try {
			next = resolveNextLink(envelope.nextLink, apiBaseUrl, target.basePath);
		} catch (error) {
			throw new NodeOperationError(context.getNode(), error as Error, {
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
	return await whenHttpCode('404', request, fallback);
}

/**
 * Where Partner Center refuses a request (400) that another form of it may pass (the docs read two
 * ways, emulator/README.md "Readings"), the caller decides from the refusal what to do instead.
 */
export async function whenRefused<T, F>(
	request: Promise<T>,
	fallback: (refusal: NodeApiError) => F,
): Promise<T | F> {
	return await whenHttpCode('400', request, fallback);
}

async function whenHttpCode<T, F>(
	code: string,
	request: Promise<T>,
	fallback: (error: NodeApiError) => F,
): Promise<T | F> {
	return await request.catch((error: unknown) => {
		if (error instanceof NodeApiError && error.httpCode === code) return fallback(error);
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

export { errorWithCode, itemError } from './errors';
