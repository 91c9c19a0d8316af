import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	getApiTarget,
	partnerCenterApiRequest,
	partnerCenterRawRequest,
	type PartnerCenterContext,
} from '../transport';
import { createAtMostOnce, sameValue } from './created';
import { entityReaders } from './entities';

/** Report queries (`ScheduledQueries`): create, read, list, delete and try out. */

const queryPath = (queryId: string) => `ScheduledQueries/${encodeURIComponent(queryId)}`;

export interface NewQuery {
	name: string;
	query: string;
	description?: string;
}

/**
 * Creates a query; answers it with its (checked) `queryId`. A create whose answer is lost is
 * recognised by its name and query text (and its creation time, see createAtMostOnce).
 */
export async function createQuery(
	context: PartnerCenterContext,
	{ name, query, description }: NewQuery,
	itemIndex?: number,
): Promise<IDataObject> {
	const body: IDataObject = { Name: name, Query: query };
	if (description) body.Description = description;
	return await createAtMostOnce(
		context,
		'ScheduledQueries',
		body,
		'queryId',
		{
			filters: { queryName: name, includeSystemQueries: false },
			matches: (candidate) => sameValue(candidate.name, name) && sameValue(candidate.query, query),
		},
		itemIndex,
	);
}

/**
 * One query, system queries included (`findQuery`: undefined when Partner Center has none with that ID;
 * `getQuery`: the error for an unknown ID instead), or the queries as the API filters them
 * (`listQueries`: `queryName`, `includeSystemQueries`, `includeOnlySystemQueries`).
 */
export const {
	find: findQuery,
	get: getQuery,
	list: listQueries,
} = entityReaders('ScheduledQueries', 'queryId', 'query', { includeSystemQueries: true });

/** Deletes one of the user's queries; answers what Partner Center returned about it. */
export async function deleteQuery(
	context: PartnerCenterContext,
	queryId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	const { value } = await partnerCenterApiRequest(context, {
		method: 'DELETE',
		endpoint: queryPath(queryId),
		itemIndex,
	});
	return value[0] ?? {};
}

/**
 * Partner Center's `dataRedacted` is not documented; it most likely flags the role-based redaction
 * (a Report Viewer does not see revenue or personal data), so the output pane says so.
 */
export const DATA_REDACTED_MEANING =
	'some values may be withheld. Users with the Executive Report Viewer role see every dataset in full; a Report Viewer does not see revenue or customer and employee personal data.';

export const DATA_REDACTED_HINT = {
	message: `Partner Center marked this answer dataRedacted: ${DATA_REDACTED_MEANING}`,
	location: 'outputPane' as const,
};

export type QueryToTry = { query: string } | { queryId: string };

/**
 * Runs query text or a saved query on a sample (10–100 rows, 100 s at most on Partner Center's side).
 * The rows keep their column names exactly as the query has them; `dataRedacted` is the answer's flag.
 * Only the partner insights page documents `startTime`/`endTime`: on commercial marketplace they could
 * be ignored without a word, so they are refused here before anything is sent.
 */
export async function tryQuery(
	context: PartnerCenterContext,
	source: QueryToTry,
	window: { startTime?: string; endTime?: string },
	itemIndex?: number,
): Promise<{ rows: IDataObject[]; dataRedacted: boolean }> {
	if (
		(window.startTime || window.endTime) &&
		getApiTarget(context, itemIndex).program !== 'partnerInsights'
	) {
		throw new NodeOperationError(
			context.getNode(),
			'"Start Time" and "End Time" of a query test are documented for partner insights only; commercial marketplace may ignore them',
			{
				itemIndex,
				description:
					'Remove them and put a TIMESPAN in the query (e.g. TIMESPAN LAST_30_DAYS), or use Report → Run and Get File\'s "Query Start Time" and "Query End Time" for the exact window.',
			},
		);
	}
	const qs: IDataObject =
		'query' in source ? { exportQuery: source.query } : { queryId: source.queryId };
	if (window.startTime) qs.startTime = window.startTime;
	if (window.endTime) qs.endTime = window.endTime;
	const { value, dataRedacted } = await partnerCenterRawRequest(context, {
		method: 'GET',
		endpoint: 'ScheduledQueries/testQueryResult',
		qs,
		itemIndex,
	});
	return { rows: value, dataRedacted: dataRedacted === true };
}
