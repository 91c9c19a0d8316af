import type { Delimiter } from '../helpers/csv/tokenizer';

/**
 * Everything this package keeps in the memory of an n8n process beyond one node run, in one place.
 *
 * Why in the process: n8n gives a community node no other shared store. A workflow's static data is
 * loaded per execution and saved whole afterwards (the copy saved last wins), so what runs at the same
 * time in one process (webhook requests, a poll and a catch-up) is kept in step here; open files and
 * the API's answers about itself are worth keeping between runs, and cannot be written anywhere.
 *
 * Several processes (queue mode: a main and workers; multi-main): each process has its own copy and
 * nothing here is shared between them. What each piece then means is said beside it; none of it is
 * needed for correctness across processes, where the static data (delivery log) and Partner Center's
 * own lists (created entities) decide.
 */

/** A file Read Rows From File stopped reading at the end of a page, kept open for the next page. */
export interface OpenFile {
	columns: string[];
	delimiter: Delimiter;
	/** The bytes from the next page's first byte on that were read already. */
	tail: Buffer[];
	/** The rest of the file. */
	iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
	/** Ends the source (closes the file). */
	close: () => void;
}

export const processState = {
	/**
	 * state/deliveryLog: the executions each trigger node (deliveryKey) delivered in this process,
	 * merged into every copy of its static data that is saved. Another process has its own; there the
	 * saved static data keeps files from being delivered twice.
	 */
	recentDeliveries: new Map<string, Map<string, number>>(),
	/** state/deliveryLog: one delivery at a time per trigger node, in this process. */
	deliveryLocks: new Map<string, Promise<unknown>>(),
	/** state/deliveryLog: trigger nodes whose trigger part n8n closed in this process, since when. */
	deliveriesPausedAt: new Map<string, number>(),
	/**
	 * services/catchUp: the callback trigger nodes whose catch-up the current activation started, in
	 * this process; n8n stopping the workflow (the trigger part's closeFunction, the webhook delete())
	 * removes the node. Another process that activates the same trigger catches up too; the delivery
	 * log keeps each file to one run.
	 */
	catchUpsStarted: new Set<string>(),
	/**
	 * actions/file/openFiles: files kept open at the end of a page, by the page item's cursor. The next
	 * page on another process (another worker) opens the file again and passes over the bytes before its
	 * cursor.
	 */
	openFiles: new Map<string, OpenFile & { keptAt: number }>(),
	/**
	 * services/created: entities created or adopted in a node run (by its context), so a later item of
	 * the same run never adopts them. A run is in one process.
	 */
	claimedInRun: new WeakMap<object, Set<string>>(),
	/**
	 * services/executions: the APIs (base URL and path) that refused a `;`-list; another process finds
	 * out again with one refused request.
	 */
	listsRefused: new Set<string>(),
};
