import { createHash, timingSafeEqual } from 'crypto';
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	deliveriesPaused,
	deliveryKey,
	forgetUnlisted,
	markDelivered,
	wasDelivered,
	withLock,
} from '../state/deliveryLog';
import type { DeliveryOptions } from '../helpers/parameters';
import { callbackState, watchedReportIds, type CallbackSettings } from './callbackRegistration';
import { LOG_PREFIX } from './catchUp';
import { downloadReportFile, type DownloadContext } from './download';
import { listCompletedExecutions } from './executions';
import { DATA_REDACTED_MEANING } from './queries';
import { getReport } from './reports';

/**
 * Downloads each execution's file for a trigger: one item per file (or per row), in the order
 * given. The file name carries the report's name: one report request per report, not per file.
 */
export async function deliverExecutions(
	context: DownloadContext,
	executions: IDataObject[],
	options: DeliveryOptions,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	const reportNames = new Map<string, string>();
	for (const execution of executions) {
		const reportId = String(execution.reportId);
		if (!reportNames.has(reportId)) {
			reportNames.set(reportId, String((await getReport(context, reportId)).reportName ?? ''));
		}
		const delivered = await downloadReportFile(context, {
			reportId,
			execution,
			...options,
			binaryPropertyName: 'data',
			itemIndex: 0,
			reportName: reportNames.get(reportId),
		});
		// A loop, not push(...items): "rows" output can be millions of items.
		for (const item of delivered) items.push(item);
	}
	// A trigger has no output pane to hint in: the log says it (file items also carry the mark).
	const redacted = executions.filter((execution) => execution.dataRedacted === true);
	if (redacted.length > 0) {
		context.logger.warn(
			`Partner Center marked the listing of ${redacted.length} delivered file(s) dataRedacted (reports ${[...new Set(redacted.map((execution) => String(execution.reportId)))].join(', ')}): ${DATA_REDACTED_MEANING}`,
		);
	}
	return items;
}

function sameSecret(given: unknown, expected: string): boolean {
	// Hashes first: timingSafeEqual needs equal lengths, and the length must not leak either.
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

/** The report a callback names in its path, query or body (any casing), or undefined when none. */
function callbackReportId(...sources: unknown[]): string | undefined {
	for (const source of sources) {
		if (!source || typeof source !== 'object') continue;
		const key = Object.keys(source).find((name) => name.toLowerCase() === 'reportid');
		const value = key === undefined ? undefined : (source as IDataObject)[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim().toLowerCase();
	}
	return undefined;
}

/**
 * The callback trigger's webhook: checks the secret and the report a callback names, then emits the
 * watched reports' completed files it has not emitted yet (each once, see state/deliveryLog).
 */
export async function deliverCallback(
	context: IWebhookFunctions,
	settings: CallbackSettings,
	readDeliveryOptions: () => DeliveryOptions,
): Promise<IWebhookResponseData> {
	const state = callbackState(context);
	const params = context.getParamsData() as IDataObject;
	const query = context.getQueryData() as IDataObject;
	const response = context.getResponseObject();
	const refuse = (status: number, message: string): IWebhookResponseData => {
		response.status(status).json({ message });
		return { noWebhookResponse: true };
	};
	if (!state.secret) return refuse(401, 'This trigger is not registered with Partner Center');
	if (!sameSecret(params.secret, state.secret)) return refuse(403, 'Wrong callback secret');

	const watched = watchedReportIds(state, settings);
	// POST {url}/{reportId} and GET {url}?reportId= are documented for partner insights only; a
	// POST to the bare URL may name the report in its body, or not at all: then every watched report
	// is looked at (the callback is only a hint).
	const reportId = callbackReportId(params, query, context.getBodyData());
	if (reportId !== undefined && !watched.includes(reportId)) {
		return refuse(404, 'This trigger does not watch that report');
	}
	const named = (execution: IDataObject) =>
		reportId === undefined || String(execution.reportId).toLowerCase() === reportId;

	// The callback is only a hint: the executions API says what is complete, and each file is
	// delivered once however often Partner Center calls.
	const key = deliveryKey(context);
	const deliver = withLock(key, async () => {
		const delivery = readDeliveryOptions();
		// One listing of every watched report: what Partner Center no longer lists is forgotten.
		const listed = await listCompletedExecutions(context, watched);
		forgetUnlisted(state, key, listed);
		const fresh = listed.filter(
			(execution) => named(execution) && !wasDelivered(state, key, String(execution.executionId)),
		);
		if (fresh.length === 0) return refuse(200, 'Nothing new for this report');
		const items = await deliverExecutions(context, fresh, delivery);
		// Checked after the download, the last moment before the files are recorded as delivered. The
		// editor's test listener (manual) is not a production delivery: a test right after a
		// deactivation still gets its file.
		if (context.getMode() !== 'manual' && deliveriesPaused(key)) {
			context.logger.info(
				`${LOG_PREFIX} n8n is stopping this workflow; the new file of report ${reportId ?? '(any watched)'} is delivered once it runs again`,
			);
			return refuse(503, 'This workflow is stopping; try the callback again later');
		}
		markDelivered(
			state,
			key,
			fresh.map((execution) => String(execution.executionId)),
		);
		if (items.length === 0) return refuse(200, 'The new file has no rows');
		// Answering here (noWebhookResponse) makes n8n 2.x save the static data, with the delivery
		// marks above, before it starts the run; returned with a normal response it is not saved.
		response.status(200).json({ message: 'Workflow was started', files: fresh.length });
		return { noWebhookResponse: true, workflowData: [items] };
	});
	// Answered here rather than thrown: n8n would log the request path, which holds the secret.
	// Nothing was marked delivered, so the next callback for the report picks the file up.
	return await deliver.catch((error: Error) => {
		context.logger.warn(
			`${LOG_PREFIX} the new file of report ${reportId ?? '(any watched)'} could not be fetched yet (${error.message}); it is delivered with the next callback`,
		);
		return refuse(503, 'The report file could not be fetched yet; try the callback again later');
	});
}
