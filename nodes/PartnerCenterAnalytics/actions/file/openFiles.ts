import { processState, type OpenFile } from '../../../shared/state/processState';

/**
 * A file whose reading stopped at the end of a page (OpenFile): its source, positioned `tail` bytes
 * after the next page's first byte, kept open so that the next page of a loop reads on from there
 * instead of reading the file again from its start. (Reading again is what a loop without it does:
 * every page would read all the bytes before it, and in n8n each byte read costs garbage collection as
 * well.)
 */
export type { OpenFile };

/**
 * Files kept open in this n8n process, by the cursor of the page item that names where they stopped.
 * A loop that stops early leaves its file behind: at most MAX_OPEN are kept, none longer than KEEP_MS
 * (n8n's community node rules allow no timers: they are closed when the next page of any file is read).
 */
const { openFiles: kept } = processState;
const MAX_OPEN = 4;
const KEEP_MS = 10 * 60_000;

function closeStale(now: number): void {
	for (const [cursor, file] of kept) {
		if (now - file.keptAt <= KEEP_MS) continue;
		kept.delete(cursor);
		file.close();
	}
}

export function keepOpen(cursor: string, file: OpenFile): void {
	const now = Date.now();
	closeStale(now);
	for (const [oldest, stale] of kept) {
		if (kept.size < MAX_OPEN) break;
		kept.delete(oldest);
		stale.close();
	}
	kept.set(cursor, { ...file, keptAt: now });
}

/** The file a page item's cursor names, if this process still has it open (it is then no longer kept). */
export function takeOpen(cursor: string): OpenFile | undefined {
	closeStale(Date.now());
	const file = kept.get(cursor);
	kept.delete(cursor);
	return file;
}

/** The file from the next page on: the bytes read already, then the rest. */
export async function* readOn(file: OpenFile): AsyncGenerator<Uint8Array> {
	yield* file.tail;
	for (;;) {
		const next = await file.iterator.next();
		if (next.done) return;
		yield next.value;
	}
}
