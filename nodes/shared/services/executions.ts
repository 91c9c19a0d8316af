import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ExecutionStatus } from '../helpers/formats';
import { redactCallbackUrl } from '../helpers/redact';
import {
	partnerCenterApiRequest,
	partnerCenterApiRequestAllItems,
	whenNotFound,
	type PartnerCenterContext,
} from '../transport';

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

/** The executions of one or more reports (the API takes `;`-separated report IDs), newest first. */
export async function listExecutions(
	context: PartnerCenterContext,
	reportIds: string[],
	filter: ExecutionFilter,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await whenNotFound(
		partnerCenterApiRequestAllItems.call(context, {
			method: 'GET',
			endpoint: executionsPath(reportIds),
			qs: executionQuery(filter),
			itemIndex,
		}),
		() => [] as IDataObject[],
	);
}

/** The latest execution in one of `statuses`, or undefined while there is none. */
export async function latestExecution(
	context: PartnerCenterContext,
	reportId: string,
	statuses: ExecutionStatus[],
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const { value } = await whenNotFound(
		partnerCenterApiRequest.call(context, {
			method: 'GET',
			endpoint: executionsPath([reportId]),
			qs: executionQuery({ statuses, latestOnly: true }),
			itemIndex,
		}),
		() => ({ value: [] as IDataObject[] }),
	);
	return value[0];
}

/** The latest completed execution, or the given one; an error saying what is missing otherwise. */
export async function findCompletedExecution(
	context: PartnerCenterContext,
	reportId: string,
	executionId: string | undefined,
	itemIndex?: number,
): Promise<IDataObject> {
	const { value: executions } = await partnerCenterApiRequest.call(context, {
		method: 'GET',
		endpoint: executionsPath([reportId]),
		qs: executionQuery({ statuses: ['Completed'], executionId, latestOnly: !executionId }),
		itemIndex,
	});
	const execution = executionId
		? executions.find((candidate) => String(candidate.executionId) === executionId)
		: executions[0];
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
 * Completed executions with a file, of the watched reports, oldest first, in one request.
 * Generation times have whole seconds; the API lists newest first, so within the same second the
 * later position is the older execution.
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
	return executions
		.map((execution, position) => ({ execution, position }))
		.filter(({ execution }) => execution.executionId && execution.reportAccessSecureLink)
		.sort(
			(a, b) =>
				String(a.execution.reportGeneratedTime ?? '').localeCompare(
					String(b.execution.reportGeneratedTime ?? ''),
				) || b.position - a.position,
		)
		.map(({ execution }) => execution);
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
