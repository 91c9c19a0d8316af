import type { IDataObject } from 'n8n-workflow';

import { processState } from './processState';

/**
 * Which files a trigger has emitted, so each completed execution is emitted exactly once: kept in the
 * workflow's static data, mirrored process-wide (see below). There is no cap: exactly the executions
 * Partner Center can still list are remembered, however many; each listing of the watched reports
 * forgets the others (older than Partner Center's 90 days, deleted, or of reports no longer watched),
 * which can never be listed, and so never emitted, again.
 */

/** Execution ids already emitted, with when; kept in the workflow's static data. */
export interface DeliveryLog {
	delivered?: Record<string, number>;
	/** The watched reports whose files that existed when watching began were recorded as history, `;`-joined. */
	baselineFor?: string;
	/** Counts the changes of `baselineFor`: the generation a starting point was recorded from (pollStart.ts). */
	baselineEpoch?: number;
}

/**
 * The watched reports whose existing files are not recorded as history yet, and records the watched set
 * as baselined. Only newly watched reports get a baseline: reordering or adding report IDs keeps the
 * undelivered files of the reports already watched.
 */
export function takeNewlyWatched(log: DeliveryLog, reportIds: string[]): string[] {
	const baselined = new Set((log.baselineFor ?? '').split(';'));
	const watched = reportIds.join(';');
	if (watched !== (log.baselineFor ?? '')) log.baselineEpoch = (log.baselineEpoch ?? 0) + 1;
	log.baselineFor = watched;
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
const { recentDeliveries, deliveryLocks: locks } = processState;

export function wasDelivered(log: DeliveryLog, key: string, executionId: string): boolean {
	return (
		Boolean(log.delivered?.[executionId]) || Boolean(recentDeliveries.get(key)?.has(executionId))
	);
}

function processRecord(key: string): Map<string, number> {
	let recent = recentDeliveries.get(key);
	if (!recent) {
		recent = new Map();
		recentDeliveries.set(key, recent);
	}
	return recent;
}

export function markDelivered(
	log: DeliveryLog,
	key: string,
	executionIds: string[],
	now = Date.now(),
): void {
	const recent = processRecord(key);
	for (const id of executionIds) recent.set(id, now);
	log.delivered = { ...(log.delivered ?? {}), ...Object.fromEntries(recent) };
}

/**
 * Forgets the emitted executions that Partner Center no longer lists. `listed` must be every completed
 * execution of every watched report, as one listing answered it (listCompletedExecutions). The log is
 * rewritten only when it changes, merged with this process's record like markDelivered.
 */
export function forgetUnlisted(log: DeliveryLog, key: string, listed: IDataObject[]): void {
	const listedIds = new Set(listed.map((execution) => String(execution.executionId)));
	const recent = processRecord(key);
	for (const id of recent.keys()) if (!listedIds.has(id)) recent.delete(id);
	const current = log.delivered ?? {};
	const kept = Object.entries({ ...current, ...Object.fromEntries(recent) }).filter(([id]) =>
		listedIds.has(id),
	);
	const unchanged =
		kept.length === Object.keys(current).length && kept.every(([id]) => id in current);
	if (!unchanged) log.delivered = Object.fromEntries(kept);
}

// n8n saves a trigger's static data (with its delivery marks) before it creates the run that carries
// the files, so a delivery that completes while n8n is stopping the workflow would be recorded and never
// run. n8n closes the callback trigger's trigger part first (deactivation, shutdown): from then on the
// webhook delivers nothing until that part is started again. Expires, for a main that is no longer
// the leader of a multi-main setup but still answers webhooks.
const { deliveriesPausedAt: pausedAt } = processState;
const PAUSE_MS = 60_000;

export function pauseDeliveries(key: string, now = Date.now()): void {
	pausedAt.set(key, now);
}

export function resumeDeliveries(key: string): void {
	pausedAt.delete(key);
}

export function deliveriesPaused(key: string, now = Date.now()): boolean {
	const since = pausedAt.get(key);
	return since !== undefined && now - since < PAUSE_MS;
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

/** Key of one trigger node of one workflow, for the process-wide delivery mirror and lock. */
export function deliveryKey(context: {
	getWorkflow(): { id?: string };
	getNode(): { id: string };
}): string {
	return `${context.getWorkflow().id ?? 'unsaved'}:${context.getNode().id}`;
}
