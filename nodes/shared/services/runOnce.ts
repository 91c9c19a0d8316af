import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DeliveryOptions } from '../helpers/parameters';
import { formatPartnerCenterTime } from '../helpers/time';
import { errorWithCode, pause, whenTransient } from '../transport';
import { downloadReportFile } from './download';
import { latestExecution } from './executions';
import { createReport } from './reports';

/**
 * Run-once reports (`ExecuteNow`), as Report → Run and Report → Backfill use them: create one, wait
 * for its execution to complete, download its file.
 */

/** How long and how often to wait for a run-once report's file. */
export interface WaitSettings {
	pollIntervalSeconds: number;
	timeoutMinutes: number;
}

/** Partner Center query names are safest with letters, digits and spaces only. */
export function temporaryName(purpose: string): string {
	const stamp = DateTime.utc().toFormat('yyyyMMdd HHmmss');
	return `n8n ${purpose} ${stamp} ${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Creates a run-once report of a query from a checked report body (toReportBody with runOnce: its
 * name, format and QueryStartTime/QueryEndTime); answers its ID.
 */
export async function createRunOnceReport(
	context: IExecuteFunctions,
	queryId: string,
	reportBody: IDataObject,
	itemIndex: number,
): Promise<string> {
	const report = await createReport(
		context,
		{
			...reportBody,
			QueryId: queryId,
			ExecuteNow: true,
			StartTime: formatPartnerCenterTime(DateTime.utc()),
		},
		itemIndex,
	);
	return String(report.reportId);
}

/**
 * Waits for the run-once report's execution to complete. The wait is bounded by time, not by a count
 * of failures: a poll that still fails after the transport's retries (a long 429 burst, an outage) is
 * logged and the next poll tries again, until the timeout.
 */
export async function waitForCompletion(
	context: IExecuteFunctions,
	reportId: string,
	{ pollIntervalSeconds, timeoutMinutes }: WaitSettings,
	deadline: number,
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
			throw errorWithCode(context.getNode(), {
				message,
				description,
				httpCode: lastFailure instanceof NodeApiError ? lastFailure.httpCode : null,
				itemIndex,
			});
		}
		await pause(pollIntervalSeconds * 1000, signal);
	}
}

/**
 * Waits for a run-once report's file and hands it over as Output says (file or rows). The file
 * exists once the execution completed: a faulty transfer is retried until the same deadline.
 */
export async function waitAndDownload(
	context: IExecuteFunctions,
	reportId: string,
	reportName: string,
	wait: WaitSettings,
	output: DeliveryOptions & { binaryPropertyName: string },
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const deadline = Date.now() + wait.timeoutMinutes * 60_000;
	const execution = await waitForCompletion(context, reportId, wait, deadline, itemIndex);
	return await downloadReportFile(context, {
		reportId,
		execution,
		itemIndex,
		reportName,
		retryUntil: deadline,
		...output,
	});
}
