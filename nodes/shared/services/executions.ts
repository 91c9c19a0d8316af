import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ExecutionStatus } from '../helpers/formats';
import { sameId } from '../helpers/ids';
import { readPartnerCenterTime } from '../helpers/time';
import { redactCallbackUrl } from '../helpers/redact';
import { processState } from '../state/processState';
import {
	getConnection,
	partnerCenterApiRequest,
	partnerCenterApiRequestAllItems,
	whenNotFound,
	whenRefused,
	type PartnerCenterContext,
} from '../transport';
import { unknownIdError } from './entities';
import { getReport } from './reports';

/**
 * Report executions (`ScheduledReport/execution/{reportId}`): one per produced file. Partner Center
 * answers 404 when nothing matches, always before a report's first run: that is "none" here.
 */

export interface ExecutionFilter {
	/** Partner Center returns only Completed ones when none is given. */
	statuses?: ExecutionStatus[] | string[];
	/** One execution, or several separated by semicolons. */
	executionId?: string;
	latestOnly?: boolean;
}

const executionsPath = (reportIds: string[]) =>
	`ScheduledReport/execution/${reportIds.map(encodeURIComponent).join(';')}`;

function executionQuery({ statuses, executionId, latestOnly }: ExecutionFilter): IDataObject {
	const qs: IDataObject = { getLatestExecution: latestOnly === true };
	if (statuses && statuses.length > 0) qs.executionStatus = statuses.join(';');
	if (executionId) qs.executionId = executionId;
	return qs;
}

/**
 * The APIs that refused a `;`-list in this process, by API Base URL and base path (another host with
 * the same path may read the docs the other way): they get one request per value.
 */
const { listsRefused } = processState;

/**
 * The executions of one or more reports in one or more statuses, newest first. The API takes
 * `;`-separated report IDs and statuses, but the v1.1 page keeps that sentence only for executionId:
 * when a list is refused (400), one request per report and status is made instead.
 */
export async function listExecutions(
	context: PartnerCenterContext,
	reportIds: string[],
	filter: ExecutionFilter,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const list = async (ids: string[], statuses: ExecutionFilter['statuses']) =>
		await whenNotFound(
			partnerCenterApiRequestAllItems(context, {
				method: 'GET',
				endpoint: executionsPath(ids),
				qs: executionQuery({ ...filter, statuses }),
				itemIndex,
			}),
			() => [] as IDataObject[],
		);
	const statuses = filter.statuses ?? [];
	if (reportIds.length < 2 && statuses.length < 2) return await list(reportIds, statuses);
	const { target, apiBaseUrl } = await getConnection(context, itemIndex);
	const api = `${apiBaseUrl}${target.basePath}`;
	if (!listsRefused.has(api)) {
		const combined = await whenRefused(list(reportIds, statuses), () => undefined);
		if (combined !== undefined) return combined;
		listsRefused.add(api);
	}
	const lists: IDataObject[][] = [];
	for (const reportId of reportIds) {
		for (const status of statuses.length > 0 ? statuses : [undefined]) {
			lists.push(await list([reportId], status === undefined ? [] : [status]));
		}
	}
	return newestFirst(lists.flat(), filter.latestOnly === true);
}

/**
 * Executions of separate answers in the API's order (newest first: those still without a file, then
 * by generation time); with latestOnly, the newest of each report.
 */
export function newestFirst(executions: IDataObject[], latestOnly: boolean): IDataObject[] {
	// Read as instants (a time without Z is UTC), not compared as text; no file yet sorts first.
	const generatedAt = (execution: IDataObject) =>
		readPartnerCenterTime(execution.reportGeneratedTime)?.toMillis() ?? Infinity;
	const sorted = executions
		.map((execution, position) => ({ execution, position, at: generatedAt(execution) }))
		.sort((a, b) => (a.at === b.at ? a.position - b.position : b.at - a.at))
		.map(({ execution }) => execution);
	if (!latestOnly) return sorted;
	const seen = new Set<string>();
	return sorted.filter((execution) => {
		const reportId = String(execution.reportId).toLowerCase();
		if (seen.has(reportId)) return false;
		seen.add(reportId);
		return true;
	});
}

/** The latest execution in one of `statuses`, or undefined while there is none. */
export async function latestExecution(
	context: PartnerCenterContext,
	reportId: string,
	statuses: ExecutionStatus[],
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const executions = await listExecutions(
		context,
		[reportId],
		{ statuses, latestOnly: true },
		itemIndex,
	);
	return executions[0];
}

/** The latest completed execution, or the given one; an error saying what is missing otherwise. */
export async function findCompletedExecution(
	context: PartnerCenterContext,
	reportId: string,
	executionId: string | undefined,
	itemIndex?: number,
): Promise<IDataObject> {
	const request = partnerCenterApiRequest(context, {
		method: 'GET',
		endpoint: executionsPath([reportId]),
		qs: executionQuery({ statuses: ['Completed'], executionId, latestOnly: !executionId }),
		itemIndex,
	});
	// For a given execution a 404 means no such execution (or no such report, told apart below); for the
	// latest one the transport's 404 says that a report has no executions until its first has completed.
	const { value: executions } = executionId
		? await whenNotFound(request, () => ({ value: [] as IDataObject[] }))
		: await request;
	const execution = executionId
		? executions.find((candidate) => sameId(candidate.executionId, executionId))
		: executions[0];
	if (executionId && !execution) {
		// An unknown report is named as such (it has no executions at all).
		await getReport(context, reportId, itemIndex);
		throw unknownIdError(
			context,
			'execution',
			executionId,
			itemIndex,
			`among the completed executions of report '${reportId}'`,
		);
	}
	if (!execution || !execution.reportAccessSecureLink) {
		throw new NodeOperationError(
			context.getNode(),
			executionId
				? `Report ${reportId} has no completed execution with ID "${executionId}"`
				: `Report ${reportId} has no completed execution with a file yet`,
			{
				itemIndex,
				description:
					'Use Execution → Get Many with status Pending or Running to see what is queued.',
			},
		);
	}
	return execution;
}

/**
 * Completed executions with a file, of the watched reports, oldest first, in one request (one per
 * report where `;`-lists are refused). Generation times have whole seconds; the API lists newest
 * first, so within the same second the later position is the older execution.
 */
export async function listCompletedExecutions(
	context: PartnerCenterContext,
	reportIds: string[],
	latestOnly = false,
): Promise<IDataObject[]> {
	const executions = await listExecutions(context, reportIds, {
		statuses: ['Completed'],
		latestOnly,
	});
	const withFile = executions.filter(
		(execution) => execution.executionId && execution.reportAccessSecureLink,
	);
	return newestFirst(withFile, false).reverse();
}

/** The link without its query string: the SAS signature must never reach a log, error or item. */
export function redactLink(link: string): string {
	const queryStart = link.search(/[?#]/);
	return queryStart === -1 ? link : link.slice(0, queryStart);
}

/**
 * An execution record fit for an output item: its secure links without their signatures, a trigger's
 * callback URL without its secret.
 */
export function redactExecution(execution: IDataObject): IDataObject {
	const record = redactCallbackUrl({ ...execution });
	for (const name of ['reportAccessSecureLink', 'reportLocation']) {
		if (typeof record[name] === 'string') record[name] = redactLink(record[name]);
	}
	return record;
}
