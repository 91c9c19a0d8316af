import type { IDataObject } from 'n8n-workflow';

import { executionIdsOf, takeNewlyWatched, type DeliveryLog } from './deliveryLog';

/**
 * Where the poll trigger begins watching a report: the files that exist then are history, every file
 * completed later is new.
 *
 * Why this is not only in the node's static data: n8n 2.40.7 does not keep every poll's node static
 * data, and the poll that first sees a report is the one most likely to be dropped.
 * - Its legacy poller keeps the node's static data in memory between polls and saves it at the end of
 *   an activation and when a poll emits.
 * - Its durable scheduler (N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
 *   N8N_USE_WORKFLOW_PUBLICATION_SERVICE) builds each scheduled poll from the database. With durable
 *   cursors (N8N_POLLER_DURABLE_CURSORS_ENABLED) the node's static data is a cursor committed with the
 *   run a poll starts, or alone after a scheduled poll that returns nothing; but the poll run at
 *   activation is a test poll, whose cursor is never committed. Without durable cursors a scheduled
 *   poll's node static data is saved only when it emits.
 * So the first scheduled poll would find the report unwatched again and take the files it lists then
 * as history, the first file completed after activation included (it was never delivered).
 *
 * What n8n saves in every mode: the workflow's static data ('global') at the end of each activation
 * and of each poll that emits. The poll that begins watching also writes its starting point there,
 * under the node's ID, tagged with the generation of the node's state it began from (`baselineEpoch`,
 * which only grows). A later poll that begins watching the same report from that same generation (the
 * earlier state was dropped) takes that starting point instead of what it lists now. A starting point
 * of an older generation (the report was dropped and watched again since, or the node's state was
 * kept) or of a renamed node (whose static data starts afresh in the legacy poller) is ignored, so it
 * can never replay files. Exactly-once still rests on the delivered IDs in the node's static data.
 */

/** The workflow static data key of the starting points, by node ID. */
const STARTS_KEY = 'partnerCenterPollStarts';

interface StartingPoint extends IDataObject {
	/** The node's name: a legacy poller keeps node static data by name, so a rename starts afresh. */
	node: string;
	/** The `baselineEpoch` of the node's state this starting point was taken from. */
	epoch: number;
	/** Report ID → the execution IDs that were history when watching began. */
	history: IDataObject;
}

function startsOf(workflowData: IDataObject): IDataObject {
	const starts = workflowData[STARTS_KEY];
	if (starts && typeof starts === 'object' && !Array.isArray(starts)) return starts as IDataObject;
	workflowData[STARTS_KEY] = {};
	return workflowData[STARTS_KEY] as IDataObject;
}

/**
 * Takes the reports watched for the first time (takeNewlyWatched) and returns the IDs of their files
 * that are history: the ones of a starting point recorded from the same state (see above), else the
 * ones listed now, which are then recorded as that starting point.
 */
export function beginWatching(
	log: DeliveryLog,
	workflowData: IDataObject,
	node: { id: string; name: string },
	reportIds: string[],
	listed: IDataObject[],
): string[] {
	const epoch = log.baselineEpoch ?? 0;
	const newlyWatched = takeNewlyWatched(log, reportIds);
	if (newlyWatched.length === 0) return [];
	const starts = startsOf(workflowData);
	const previous = starts[node.id] as StartingPoint | undefined;
	const valid = previous?.epoch === epoch && previous.node === node.name;
	const history: IDataObject = valid ? { ...previous.history } : {};
	const ids: string[] = [];
	for (const reportId of newlyWatched) {
		const recorded = history[reportId];
		const reportHistory = Array.isArray(recorded)
			? (recorded as string[])
			: executionIdsOf(listed, [reportId]);
		history[reportId] = reportHistory;
		ids.push(...reportHistory);
	}
	if (!valid || newlyWatched.some((reportId) => !Array.isArray(previous.history[reportId]))) {
		starts[node.id] = { node: node.name, epoch, history } satisfies StartingPoint;
	}
	return ids;
}
