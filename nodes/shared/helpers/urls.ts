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

/** Azure Storage endpoints (blob and Data Lake, public and sovereign clouds), where report files live. */
const AZURE_STORAGE_HOST =
	/^[a-z0-9-]+(\.z\d+)?\.(blob|dfs)\.(core\.windows\.net|core\.usgovcloudapi\.net|core\.chinacloudapi\.cn|storage\.azure\.net)$/i;

/**
 * Where a secure link's redirect (a `Location`, relative to the link that answered it) may lead: https
 * on an Azure Storage host, or the configured API host (as an emulator serves its files). Anything
 * else is undefined: a SAS file must not be fetched from a host nobody checked.
 */
export function allowedRedirect(
	location: unknown,
	from: string,
	apiBaseUrl: string,
): URL | undefined {
	let url: URL;
	try {
		url = new URL(String(location ?? ''), from);
	} catch {
		return undefined;
	}
	if (url.protocol === 'https:' && AZURE_STORAGE_HOST.test(url.hostname) && url.port === '')
		return url;
	return url.origin === new URL(apiBaseUrl).origin ? url : undefined;
}
