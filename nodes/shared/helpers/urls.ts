/** An absolute http(s) URL, or undefined for anything else (a relative path, ftp:, a typo). */
export function parseHttpUrl(value: unknown): URL | undefined {
	let url: URL;
	try {
		url = new URL(String(value ?? '').trim());
	} catch {
		return undefined;
	}
	return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}
