import { DateTime } from 'luxon';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import {
	binaryPropertyNameOption,
	maxRowsOption,
	outputOption,
	removeBomOption,
} from '../../../shared/descriptions/download';
import { checkQueryOption, querySourceProperties } from '../../../shared/descriptions/querySource';
import { formatProperty, queryTimeWindowProperties } from '../../../shared/descriptions/report';
import { readOutputOptions } from '../../../shared/helpers/parameters';
import { toReportBody } from '../../../shared/helpers/reportFields';
import { formatPartnerCenterTime } from '../../../shared/helpers/time';
import { downloadReportFile } from '../../../shared/services/download';
import { latestExecution } from '../../../shared/services/executions';
import { createQuery, deleteQuery } from '../../../shared/services/queries';
import { createReport, deleteReport } from '../../../shared/services/reports';
import { getApiTarget, itemError, pause, whenTransient } from '../../../shared/transport';
import { readQuerySource } from '../querySource';
import type { OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	...querySourceProperties({ allowSaved: true }),
	optionsCollection([
		checkQueryOption,
		binaryPropertyNameOption,
		formatProperty,
		{
			displayName: 'Keep Query and Report',
			name: 'keepQueryAndReport',
			type: 'boolean',
			default: false,
			description:
				'Whether to keep the run-once report (and the query made from the text) in Partner Center afterwards',
		},
		maxRowsOption,
		outputOption,
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description: 'How often to ask Partner Center whether the file is ready',
		},
		...queryTimeWindowProperties,
		removeBomOption,
		{
			displayName: 'Timeout (Minutes)',
			name: 'timeoutMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'How long to wait for the file before giving up (the report keeps running)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['run'] } },
	properties,
);

/** Partner Center query names are safest with letters, digits and spaces only. */
function runName(): string {
	const stamp = DateTime.utc().toFormat('yyyyMMdd HHmmss');
	return `n8n run ${stamp} ${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Waits for the run-once report's execution to complete. The wait is bounded by time, not by a count
 * of failures: a poll that still fails after the transport's retries (a long 429 burst, an outage) is
 * logged and the next poll tries again, until the timeout.
 */
async function waitForCompletion(
	context: IExecuteFunctions,
	reportId: string,
	pollIntervalSeconds: number,
	deadline: number,
	timeoutMinutes: number,
	itemIndex: number,
): Promise<IDataObject> {
	const started = Date.now();
	const signal = context.getExecutionCancelSignal();
	let lastFailure: Error | undefined;
	for (let poll = 1; ; poll++) {
		const execution = await whenTransient(
			latestExecution(context, reportId, ['Pending', 'Running', 'Completed'], itemIndex),
			(error) => {
				lastFailure = error;
				context.logger.warn(`${error.message}; polling again until the timeout`);
				return null;
			},
		);
		const status =
			execution === null ? 'unknown' : String(execution?.executionStatus ?? 'not started');
		if (status === 'Completed' && execution?.reportAccessSecureLink) return execution;
		const waited = Math.round((Date.now() - started) / 1000);
		const progress = `Partner Center report ${reportId}: ${status} after ${waited} s (poll ${poll}, timeout ${timeoutMinutes} min)`;
		context.logger.info(progress);
		if (context.getMode() === 'manual') context.sendMessageToUI(progress);
		if (Date.now() + pollIntervalSeconds * 1000 > deadline) {
			const message = `Report ${reportId} was not ready within ${timeoutMinutes} minutes (last status: ${status})`;
			const lastProblem = lastFailure ? ` Last failed poll: ${lastFailure.message}.` : '';
			const description = `The report was kept and keeps running in Partner Center. Download its file later with Execution → Download and Report ID ${reportId}, or raise "Timeout (Minutes)".${lastProblem}`;
			// The HTTP code of the last failed poll stays with the error (and a Continue-On-Fail item).
			const httpCode = lastFailure instanceof NodeApiError ? lastFailure.httpCode : null;
			throw httpCode
				? new NodeApiError(
						context.getNode(),
						{ message },
						{ message, description, httpCode, itemIndex },
					)
				: new NodeOperationError(context.getNode(), message, { itemIndex, description });
		}
		await pause(pollIntervalSeconds * 1000, signal);
	}
}

/**
 * Creates a run-once report (from query text or a saved query), waits for its file and downloads
 * it. The temporary report and query are deleted afterwards, except on a timeout, when the report
 * id is handed to the user so nothing is lost.
 */
export const execute: OperationExecute = async function (itemIndex) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const outputOptions = readOutputOptions(this, options, itemIndex);
	const target = getApiTarget(this, itemIndex);
	const name = runName();
	const reportBody = toReportBody(
		this,
		itemIndex,
		target,
		{
			reportName: name,
			format: options.format ?? 'csv',
			queryStartTime: options.queryStartTime,
			queryEndTime: options.queryEndTime,
		},
		{ runOnce: true },
	);
	const pollIntervalSeconds = Number(options.pollIntervalSeconds ?? 30);
	const timeoutMinutes = Number(options.timeoutMinutes ?? 60);
	const limits = [
		[
			pollIntervalSeconds >= 1,
			'Poll Interval (Seconds)',
			'at least 1',
			options.pollIntervalSeconds,
		],
		[timeoutMinutes > 0, 'Timeout (Minutes)', 'more than 0', options.timeoutMinutes],
	] as const;
	for (const [ok, field, rule, given] of limits) {
		if (!ok) {
			throw new NodeOperationError(
				this.getNode(),
				`"${field}" must be ${rule}, got ${JSON.stringify(given)}`,
				{ itemIndex },
			);
		}
	}

	const source = await readQuerySource(this, itemIndex, options);
	const queryId =
		source.kind === 'id'
			? source.queryId
			: String((await createQuery(this, { name, query: source.query }, itemIndex)).queryId);
	const keep = options.keepQueryAndReport === true;
	const cleanUp = async (reportId?: string) => {
		if (keep) return;
		const temporary: Array<[string, () => Promise<unknown>]> = [];
		if (reportId)
			temporary.push(['report', async () => await deleteReport(this, reportId, { itemIndex })]);
		if (source.kind === 'text')
			temporary.push(['query', async () => await deleteQuery(this, queryId, itemIndex)]);
		for (const [what, remove] of temporary) {
			await remove().catch((error: Error) => {
				this.logger.warn(`Could not delete the temporary ${what} after the run: ${error.message}`);
			});
		}
	};

	let reportId: string;
	try {
		const report = await createReport(
			this,
			{
				...reportBody,
				QueryId: queryId,
				ExecuteNow: true,
				StartTime: formatPartnerCenterTime(DateTime.utc()),
			},
			itemIndex,
		);
		reportId = String(report.reportId);
	} catch (error) {
		await cleanUp();
		throw itemError(this.getNode(), error, itemIndex);
	}

	let items: INodeExecutionData[];
	try {
		const deadline = Date.now() + timeoutMinutes * 60_000;
		const execution = await waitForCompletion(
			this,
			reportId,
			pollIntervalSeconds,
			deadline,
			timeoutMinutes,
			itemIndex,
		);
		items = await downloadReportFile(this, {
			reportId,
			execution,
			itemIndex,
			reportName: name,
			// The file exists: a faulty transfer is worth retrying for as long as the user is willing to wait.
			retryUntil: deadline,
			...outputOptions,
		});
	} catch (error) {
		// Nothing is lost: the report stays in Partner Center and the error says which one it is.
		const nodeError = itemError(this.getNode(), error, itemIndex);
		if (!`${nodeError.message} ${nodeError.description ?? ''}`.includes(reportId)) {
			const kept = `The report ${reportId} was kept in Partner Center: download its file later with Execution → Download.`;
			nodeError.description = nodeError.description ? `${nodeError.description} ${kept}` : kept;
		}
		throw nodeError;
	}
	await cleanUp(reportId);
	if (outputOptions.output === 'file') {
		const query = source.kind === 'text' ? { query: source.query } : {};
		for (const item of items)
			Object.assign(item.json, { queryId, ...query, temporaryItemsDeleted: !keep });
	}
	return items;
};
