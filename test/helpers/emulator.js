/** Starts the emulator for a test file and builds credentials that point at it. */
const { startEmulator, DEFAULTS } = require('../../emulator');

async function startTestEmulator(options = {}) {
	const emu = await startEmulator({ port: 0, host: '127.0.0.1', ...options });
	const control = async (method, path, body) => {
		const response = await fetch(`${emu.url}/_emulator/${path}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : undefined,
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		return text ? JSON.parse(text) : undefined;
	};
	return {
		emu,
		url: emu.url,
		stats: () => control('GET', 'stats'),
		resetStats: () => control('POST', 'stats/reset'),
		expireTokens: () => control('POST', 'tokens/expire'),
		setFaults: (faults) => control('POST', 'faults', faults),
		control,
		stop: () => emu.stop(),
	};
}

function clientCredentials(url, overrides = {}) {
	return {
		tenantId: DEFAULTS.tenantId,
		clientId: DEFAULTS.clientId,
		clientSecret: DEFAULTS.clientSecret,
		resource: DEFAULTS.resource,
		authorityHost: url,
		apiBaseUrl: url,
		accessToken: '',
		...overrides,
	};
}

function passwordCredentials(url, overrides = {}) {
	return {
		...clientCredentials(url),
		username: DEFAULTS.username,
		password: DEFAULTS.password,
		...overrides,
	};
}

/** Fetches a resource straight from the emulator with a token of its own, to compare against. */
async function directGet(url, path, credentials = 'client') {
	const form = new URLSearchParams({
		grant_type: credentials === 'client' ? 'client_credentials' : 'password',
		client_id: DEFAULTS.clientId,
		client_secret: DEFAULTS.clientSecret,
		resource: DEFAULTS.resource,
		...(credentials === 'client' ? {} : { username: DEFAULTS.username, password: DEFAULTS.password, scope: 'openid' }),
	});
	const token = await (
		await fetch(`${url}/${DEFAULTS.tenantId}/oauth2/token`, { method: 'POST', body: form })
	).json();
	const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token.access_token}` } });
	return await response.json();
}

module.exports = { startTestEmulator, clientCredentials, passwordCredentials, directGet, DEFAULTS };
