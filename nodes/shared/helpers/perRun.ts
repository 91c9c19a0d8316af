/**
 * Values worth reading once per node run (the credential's API base URL, the dataset definitions):
 * kept per execution context, so the next run reads them afresh. A failed read is forgotten, so the
 * next item tries again.
 */
const cache = new WeakMap<object, Map<string, Promise<unknown>>>();

export async function oncePerRun<T>(
	context: object,
	key: string,
	read: () => Promise<T>,
): Promise<T> {
	let byKey = cache.get(context);
	if (!byKey) {
		byKey = new Map();
		cache.set(context, byKey);
	}
	let pending = byKey.get(key) as Promise<T> | undefined;
	if (!pending) {
		pending = read();
		const entries = byKey;
		pending.catch(() => entries.delete(key));
		byKey.set(key, pending);
	}
	return await pending;
}
