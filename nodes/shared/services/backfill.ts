import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { rangeProblem, type TimeWindow } from '../helpers/backfillWindows';
import type { DeliveryOptions } from '../helpers/parameters';
import { formatPartnerCenterTime } from '../helpers/time';
import { parseQuery } from '../queryLanguage';
import { errorWithCode, itemError } from '../transport';
import { datasetDefinitions } from './datasets';
import { createQuery, deleteQuery, getQuery } from './queries';
import { deleteReport } from './reports';
import { createRunOnceReport, temporaryName, waitAndDownload, type WaitSettings } from './runOnce';

/**
 * Report → Backfill: one query over many windows, each a run-once report with QueryStartTime and
 * QueryEndTime ("These two fields will override the TIMESPAN field in the query", mpn
 * insights-programmatic-access-paradigm.md; the cmp analytics-programmatic-access page has QueryStartTime
 * and QueryEndTime for run-once reports in its v1 and v1.1 texts), at most
 * `concurrency` at once, the files handed over oldest first. Every temporary query and report is
 * deleted, also when a window fails.
 */

export interface BackfillRequest {
	source: { kind: 'text'; query: string } | { kind: 'id'; queryId: string };
	windows: TimeWindow[];
	concurrency: number;
	/** The report body fields every window shares (toReportBody: Format). */
	reportBody: IDataObject;
	wait: WaitSettings;
	output: DeliveryOptions & { binaryPropertyName: string };
	/** A failed window gives an error item (Continue On Fail) instead of failing the item. */
	continueOnFail: boolean;
	itemIndex: number;
}

const time = (instant: DateTime) => formatPartnerCenterTime(instant);

/**
 * The dataset a query reads (its FROM). A saved query is not checked against the grammar (a system
 * query may use what the checker does not know): its FROM is read from the text then.
 */
function datasetOf(query: string): string | undefined {
	const parsed = parseQuery(query);
	return parsed.ok ? parsed.ast.from.name : /\bFROM\s+([A-Za-z_]\w*)/i.exec(query)?.[1];
}

/**
 * Checks every window against the dataset's `availableDateRanges` before anything is created: the
 * windows cover [first start, last end), so the range is checked once.
 */
async function checkAvailableRange(
	context: IExecuteFunctions,
	query: string,
	windows: TimeWindow[],
	itemIndex: number,
): Promise<string> {
	const name = datasetOf(query);
	const datasets = await datasetDefinitions(context, itemIndex);
	const dataset = name
		? datasets.find((candidate) => candidate.datasetName.toLowerCase() === name.toLowerCase())
		: undefined;
	if (!name || !dataset) {
		throw new NodeOperationError(
			context.getNode(),
			name
				? `The query reads dataset "${name}", which this program does not offer`
				: 'The query does not name its dataset in a form Backfill can read (SELECT … FROM dataset …)',
			{ itemIndex, description: 'Nothing was sent. Check the query and the Program.' },
		);
	}
	const from = windows[0].start;
	const to = windows[windows.length - 1].end;
	const problem = rangeProblem(
		dataset.datasetName,
		(dataset as unknown as IDataObject).availableDateRanges,
		from,
		to,
		DateTime.utc(),
	);
	if (problem) {
		throw new NodeOperationError(
			context.getNode(),
			`The backfill range is not available. ${problem}`,
			{
				itemIndex,
				description:
					'Nothing was sent. Choose From and To inside what the dataset offers (Dataset → Get shows its availableDateRanges).',
			},
		);
	}
	return dataset.datasetName;
}

/** A window's failure, named with its dates and how to run it again alone. */
function windowError(
	context: IExecuteFunctions,
	error: unknown,
	window: TimeWindow,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const original = itemError(context.getNode(), error, itemIndex);
	const from = time(window.start);
	const to = time(window.end);
	const message = `Backfill window ${from} – ${to} failed: ${original.message}`;
	const description = `To retry this window alone, run Backfill with From ${from} and To ${to}. Its temporary report was deleted.${original.description ? ` ${original.description.replace(/The report was kept[^.]*\.\s*/, '').replace(/Download its file later[^.]*\.\s*/, '')}` : ''}`;
	const httpCode = original instanceof NodeApiError ? original.httpCode : null;
	return errorWithCode(context.getNode(), { message, description, httpCode, itemIndex });
}

/**
 * Runs `task` for every index with at most `limit` at once and answers the results in index order.
 * After a failure (without Continue On Fail) no further task starts; the ones running finish (and
 * clean up), then the oldest failure is thrown.
 */
async function inOrder<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const failures = new Map<number, unknown>();
	let next = 0;
	const worker = async () => {
		while (next < count && failures.size === 0) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}

/**
 * The backfill of one input item: the range checked, the query created once (query text), one
 * run-once report per window, each deleted as soon as its file is downloaded (or its window failed),
 * the query deleted at the end. Answers the windows' items oldest first.
 */
export async function runBackfill(
	context: IExecuteFunctions,
	request: BackfillRequest,
): Promise<INodeExecutionData[]> {
	const { source, windows, itemIndex, output } = request;
	const queryText =
		source.kind === 'text'
			? source.query
			: String((await getQuery(context, source.queryId, itemIndex)).query ?? '');
	const dataset = await checkAvailableRange(context, queryText, windows, itemIndex);

	const name = temporaryName('backfill');
	const queryId =
		source.kind === 'id'
			? source.queryId
			: String((await createQuery(context, { name, query: source.query }, itemIndex)).queryId);

	const runWindow = async (index: number): Promise<INodeExecutionData[]> => {
		const window = windows[index];
		const windowFields = { windowStart: time(window.start), windowEnd: time(window.end) };
		const reportName = `${name} ${window.start.toFormat('yyyyMMdd')}`;
		let reportId: string | undefined;
		try {
			reportId = await createRunOnceReport(
				context,
				queryId,
				{
					...request.reportBody,
					ReportName: reportName,
					QueryStartTime: windowFields.windowStart,
					QueryEndTime: windowFields.windowEnd,
				},
				itemIndex,
			);
			const items = await waitAndDownload(
				context,
				reportId,
				reportName,
				request.wait,
				output,
				itemIndex,
			);
			for (const item of items) {
				if (output.output === 'file') {
					item.json = { ...windowFields, dataset, queryId, ...item.json };
				} else {
					Object.assign(item.json, windowFields);
				}
			}
			return items;
		} catch (error) {
			const failure = windowError(context, error, window, itemIndex);
			if (!request.continueOnFail) throw failure;
			context.logger.warn(failure.message);
			const httpCode = failure instanceof NodeApiError ? failure.httpCode : undefined;
			return [
				{
					json: {
						error: failure.message,
						description: failure.description ?? null,
						...(httpCode ? { httpCode } : {}),
						...windowFields,
						dataset,
					},
				},
			];
		} finally {
			if (reportId) {
				const id = reportId;
				await deleteReport(context, id, { missingOk: true, itemIndex }).catch((error: Error) => {
					context.logger.warn(`Could not delete the temporary report ${id}: ${error.message}`);
				});
			}
		}
	};

	try {
		const perWindow = await inOrder(windows.length, request.concurrency, runWindow);
		const items: INodeExecutionData[] = [];
		// A loop, not push(...list): rows output can be many items.
		for (const list of perWindow) for (const item of list) items.push(item);
		return items;
	} finally {
		if (source.kind === 'text') {
			await deleteQuery(context, queryId, itemIndex).catch((error: Error) => {
				context.logger.warn(`Could not delete the temporary query ${queryId}: ${error.message}`);
			});
		}
	}
}
