import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { outputOption } from '../descriptions/download';
import { downloadReportFile, type DownloadContext, type DownloadOutput } from '../helpers/download';
import { fetchReport } from '../helpers/reports';
import {
	camelCaseKeys,
	partnerCenterApiRequestAllItems,
	whenNotFound,
	type PartnerCenterContext,
} from '../transport';

/** Partner Center keeps 90 days of executions; remembering a little longer is enough. */
const DELIVERY_MEMORY_MS = 100 * 24 * 3600 * 1000;
const MAX_REMEMBERED = 5000;

const ID = /^[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}$/;

export const reportIdsProperty: INodeProperties = {
	displayName: 'Report IDs',
	name: 'reportIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 72fa95ab-35f5-4d44-a1ee-503abbc88003, 0d2c…',
	description: 'The scheduled reports to watch, separated by commas',
};

export const triggerOutputProperty: INodeProperties = {
	...outputOption,
	description: 'File: one item per report file, as binary "data". Rows: one item per data row.',
};

export function parseReportIds(value: unknown): string[] {
	const list = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,;]+/))
		.map((id) => id.trim())
		.filter((id) => id !== '');
	const invalid = list.filter((id) => !ID.test(id));
	if (list.length === 0 || invalid.length > 0) {
		throw new Error(
			list.length === 0
				? '"Report IDs" is empty: enter the ID of at least one scheduled report'
				: `"Report IDs" must be report IDs such as 72fa95ab-35f5-4d44-a1ee-503abbc88003; not an ID: "${invalid[0]}"`,
		);
	}
	return [...new Set(list.map((id) => id.toLowerCase()))];
}

/** Execution ids already emitted, with when; kept in the workflow's static data. */
export interface DeliveryLog {
	delivered?: Record<string, number>;
	/** The watched reports whose files that existed when watching began were recorded as history, `;`-joined. */
	baselineFor?: string;
}

/**
 * The watched reports whose existing files are not recorded as history yet, and records the watched set
 * as baselined. Only newly watched reports get a baseline: reordering or adding report IDs keeps the
 * undelivered files of the reports already watched.
 */
export function takeNewlyWatched(log: DeliveryLog, reportIds: string[]): string[] {
	const baselined = new Set((log.baselineFor ?? '').split(';'));
	log.baselineFor = reportIds.join(';');
	return reportIds.filter((id) => !baselined.has(id));
}

/** The IDs of those executions that belong to one of `reportIds`. */
export function executionIdsOf(executions: IDataObject[], reportIds: string[]): string[] {
	const reports = new Set(reportIds);
	return executions
		.filter((execution) => reports.has(String(execution.reportId).toLowerCase()))
		.map((execution) => String(execution.executionId));
}

// n8n loads static data per webhook request and saves each request's whole copy afterwards, so the
// copy saved last wins. This process-wide record of what was delivered (with the lock below) keeps
// duplicates out while the process runs, and is merged into every copy that is saved, so the last one
// saved carries every delivery of this process.
const recentDeliveries = new Map<string, Map<string, number>>();
const locks = new Map<string, Promise<unknown>>();

export function wasDelivered(log: DeliveryLog, key: string, executionId: string): boolean {
	return (
		Boolean(log.delivered?.[executionId]) || Boolean(recentDeliveries.get(key)?.has(executionId))
	);
}

function newestFirst(entries: Array<[string, number]>, now: number): Array<[string, number]> {
	return entries
		.filter(([, at]) => now - at < DELIVERY_MEMORY_MS)
		.sort((a, b) => b[1] - a[1])
		.slice(0, MAX_REMEMBERED);
}

export function markDelivered(
	log: DeliveryLog,
	key: string,
	executionIds: string[],
	now = Date.now(),
): void {
	const recent = recentDeliveries.get(key) ?? new Map<string, number>();
	for (const id of executionIds) recent.set(id, now);
	recentDeliveries.set(key, new Map(newestFirst([...recent], now)));
	log.delivered = Object.fromEntries(
		newestFirst(Object.entries({ ...(log.delivered ?? {}), ...Object.fromEntries(recent) }), now),
	);
}

/** Runs `task` after every earlier task with the same key has finished. */
export async function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = locks.get(key) ?? Promise.resolve();
	const run = previous.then(task, task);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	locks.set(key, settled);
	try {
		return await run;
	} finally {
		if (locks.get(key) === settled) locks.delete(key);
	}
}

/**
 * Completed executions of the watched reports, oldest first, in one request (the API takes
 * `;`-separated report ids). Partner Center answers 404 while there is none.
 */
export async function listCompletedExecutions(
	context: PartnerCenterContext,
	reportIds: string[],
	latestOnly = false,
): Promise<IDataObject[]> {
	const executions = await whenNotFound(
		partnerCenterApiRequestAllItems.call(context, {
			method: 'GET',
			endpoint: `ScheduledReport/execution/${reportIds.map(encodeURIComponent).join(';')}`,
			qs: { executionStatus: 'Completed', getLatestExecution: latestOnly },
		}),
		() => [] as IDataObject[],
	);
	// Oldest first. Generation times have whole seconds; the API lists newest first, so within the
	// same second the later position is the older execution.
	return executions
		.map((execution, position) => ({ execution: camelCaseKeys(execution), position }))
		.filter(({ execution }) => execution.executionId && execution.reportAccessSecureLink)
		.sort(
			(a, b) =>
				String(a.execution.reportGeneratedTime ?? '').localeCompare(
					String(b.execution.reportGeneratedTime ?? ''),
				) || b.position - a.position,
		)
		.map(({ execution }) => execution);
}

/** Downloads each execution's file; one item per file (or per row). */
export async function deliverExecutions(
	context: DownloadContext,
	executions: IDataObject[],
	output: DownloadOutput,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	// The file name carries the report's name: one request per report, not per file.
	const reportNames = new Map<string, string>();
	for (const execution of executions) {
		const reportId = String(execution.reportId);
		if (!reportNames.has(reportId)) {
			reportNames.set(reportId, String((await fetchReport(context, reportId)).reportName ?? ''));
		}
		const delivered = await downloadReportFile(context, {
			reportId,
			execution,
			output,
			binaryPropertyName: 'data',
			itemIndex: 0,
			reportName: reportNames.get(reportId),
		});
		// A loop, not push(...items): "rows" output can be millions of items.
		for (const item of delivered) items.push(item);
	}
	return items;
}

/** Key of one trigger node of one workflow, for the process-wide delivery mirror and lock. */
export function deliveryKey(context: {
	getWorkflow(): { id?: string };
	getNode(): { id: string };
}): string {
	return `${context.getWorkflow().id ?? 'unsaved'}:${context.getNode().id}`;
}
