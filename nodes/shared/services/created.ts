import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	isOutcomeUnknown,
	isTransientError,
	partnerCenterApiRequest,
	pause,
	whenNotFound,
	type PartnerCenterContext,
} from '../transport';
import { processState } from '../state/processState';
import { DEFAULT_RETRY_POLICY, retryDelayMs, withRetries } from '../transport/retry';
import { listEntities } from './entities';

/**
 * The one place queries and reports are created. A create whose answer was lost (a reset, a timeout,
 * a 500, 502 or 504 after the request was sent) may have been processed all the same: before creating
 * again, the entity is looked for among those Partner Center lists, recognised by what the create
 * asked for and by its creation time, and adopted when found. Whatever a lost answer created beside
 * the entity that is kept is deleted, so exactly one is left.
 */

export type CreateEndpoint = 'ScheduledQueries' | 'ScheduledReport';

/** How to tell the entity a create asked for among those Partner Center lists. */
export interface Recognition {
	/** List filters that narrow the search, e.g. `{ queryName }`. */
	filters: IDataObject;
	/** Whether a listed entity is what the create asked for (its name, query text or ID, callback URL…). */
	matches: (entity: IDataObject) => boolean;
}

/** Names, query texts and IDs compare without case and with runs of white space as one space. */
export function sameValue(a: unknown, b: unknown): boolean {
	const normal = (value: unknown) =>
		String(value ?? '')
			.replace(/\s+/g, ' ')
			.trim()
			.toLowerCase();
	return normal(a) === normal(b);
}

/** Partner Center's clock may run behind n8n's: what it created this long before the first attempt counts. */
const CLOCK_TOLERANCE_MS = 2 * 60_000;

/** Entities created or adopted in a node run: a later item of the same run never adopts them. */
const { claimedInRun } = processState;

function claimed(context: object): Set<string> {
	let ids = claimedInRun.get(context);
	if (!ids) {
		ids = new Set();
		claimedInRun.set(context, ids);
	}
	return ids;
}

/** Epoch ms of `createdTime` ("2026-03-24T09:41:35Z"; read as UTC without an offset), or NaN. */
function createdAt(entity: IDataObject): number {
	const text = String(entity.createdTime ?? '').trim();
	return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
}

/** POSTs a create once; answers the entity after checking it has its ID. */
async function postOnce(
	context: PartnerCenterContext,
	endpoint: CreateEndpoint,
	body: IDataObject,
	idField: 'queryId' | 'reportId',
	itemIndex: number | undefined,
): Promise<IDataObject> {
	const { value } = await partnerCenterApiRequest(context, {
		method: 'POST',
		endpoint,
		body,
		itemIndex,
	});
	const created = value[0] ?? {};
	const id = created[idField];
	if (typeof id !== 'string' || id === '') {
		// A create that "succeeds" without an ID must not be stored (a trigger once kept "undefined").
		throw new NodeOperationError(
			context.getNode(),
			`Partner Center did not return a ${idField} for ${endpoint}`,
			{ itemIndex },
		);
	}
	return created;
}

/**
 * POSTs a new query or report and answers the entity Partner Center made, with its ID. When the
 * outcome of a POST is unknown, the entity is looked for (`recognition`, created since shortly before
 * the first attempt) and adopted, or the create is sent again, with the transport's backoff and at
 * most as many attempts as the transport makes for one request.
 */
export async function createAtMostOnce(
	context: PartnerCenterContext,
	endpoint: CreateEndpoint,
	body: IDataObject,
	idField: 'queryId' | 'reportId',
	recognition: Recognition,
	itemIndex?: number,
): Promise<IDataObject> {
	const since = Date.now() - CLOCK_TOLERANCE_MS;
	const signal =
		'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
	const what = `${endpoint === 'ScheduledQueries' ? 'query' : 'report'} "${String(body.Name ?? body.ReportName ?? '')}"`;
	const taken = claimed(context);

	/** What Partner Center lists of this create, oldest first. */
	const lookUp = async (): Promise<IDataObject[]> =>
		(await listEntities(context, endpoint, recognition.filters, undefined, itemIndex))
			.filter((entity) => {
				const at = createdAt(entity);
				return (
					recognition.matches(entity) &&
					!taken.has(String(entity[idField])) &&
					(Number.isNaN(at) || at >= since)
				);
			})
			.sort((a, b) => createdAt(a) - createdAt(b));

	/** Keeps `kept` and deletes every other entity the lost answers created. */
	const keepOnly = async (kept: IDataObject, found: IDataObject[]): Promise<IDataObject> => {
		const keptId = String(kept[idField]);
		for (const extra of found) {
			const id = String(extra[idField]);
			if (id === keptId) continue;
			await whenNotFound(
				partnerCenterApiRequest(context, {
					method: 'DELETE',
					endpoint: `${endpoint}/${encodeURIComponent(id)}`,
					itemIndex,
				}),
				() => undefined,
			).then(
				() => context.logger.info(`Deleted ${id}, a duplicate of the ${what} (${keptId})`),
				(error: Error) =>
					context.logger.warn(
						`Could not delete ${id}, a duplicate of the ${what} (${keptId}): ${error.message}`,
					),
			);
		}
		taken.add(keptId);
		return kept;
	};

	let uncertain = false;
	let everUncertain = false;
	const outcome = await withRetries(
		async () => {
			if (uncertain) {
				const found = await lookUp();
				uncertain = false;
				if (found.length > 0) {
					context.logger.info(
						`The ${what} was created although Partner Center's answer was lost; using ${String(found[0][idField])}`,
					);
					return await keepOnly(found[0], found);
				}
				context.logger.info(`The ${what} was not created; creating it again`);
			}
			return await postOnce(context, endpoint, body, idField, itemIndex);
		},
		(error, attempt) => {
			// A lookup that failed for good leaves the outcome as unknown as before.
			const unknown = isOutcomeUnknown(error) || (uncertain && isTransientError(error));
			if (!unknown || attempt > DEFAULT_RETRY_POLICY.maxRetries || signal?.aborted) {
				return 'giveUp';
			}
			uncertain = true;
			everUncertain = true;
			const delayMs = retryDelayMs(attempt - 1, {
				status: undefined,
				networkCode: undefined,
				retryAfterMs: undefined,
				body: undefined,
			});
			context.logger.warn(
				`Partner Center did not confirm the create of the ${what} (${(error as Error).message}); checking in ${delayMs} ms whether it was created`,
			);
			return { delayMs };
		},
		async (ms) => await pause(ms, signal),
	);

	if (outcome.ok) {
		if (!everUncertain) return await keepOnly(outcome.value, []);
		// An earlier lost answer may have created one too, after its lookup had found nothing.
		const found = await lookUp().catch((error: Error) => {
			context.logger.warn(`Could not check the ${what} for duplicates: ${error.message}`);
			return [];
		});
		return await keepOnly(outcome.value, found);
	}
	// The last answer was lost too (or the lookup after it failed): one more look.
	let unresolved = uncertain || isOutcomeUnknown(outcome.error);
	if (unresolved) {
		const found = await lookUp().then(
			(entities) => ((unresolved = false), entities),
			() => [],
		);
		if (found.length > 0) return await keepOnly(found[0], found);
	}
	const error = outcome.error as Error & { description?: string | null };
	if ((everUncertain || unresolved) && error instanceof Error) {
		const checked = unresolved
			? `It may have been created: look for the ${what} before creating it again.`
			: `After each lost answer the node checked that the ${what} had not been created.`;
		error.description = `Partner Center did not confirm the create (${outcome.attempts} attempt${outcome.attempts > 1 ? 's' : ''}). ${checked}`;
	}
	throw outcome.error;
}
