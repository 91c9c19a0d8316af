import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { entraErrorCodes, entraGuidance } from './entraErrors';

export const DEFAULT_RESOURCE = 'https://api.partnercenter.microsoft.com';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_API_BASE_URL = 'https://api.partnercenter.microsoft.com';
/** Delegated sign-in: Partner Center's user_impersonation permission, and a refresh token. */
export const DEFAULT_USER_SCOPE =
	'https://api.partnercenter.microsoft.com/user_impersonation offline_access';

const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN =
	/^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export const tenantIdProperty: INodeProperties = {
	displayName: 'Tenant ID',
	name: 'tenantId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47 or contoso.onmicrosoft.com',
	description: 'Directory (tenant) ID of the Microsoft Entra app, as a GUID or a verified domain',
};

export const clientIdProperty: INodeProperties = {
	displayName: 'Client ID',
	name: 'clientId',
	type: 'string',
	default: '',
	required: true,
	description: 'Application (client) ID of the Microsoft Entra app registration',
};

/** Where Entra ID lives: a national cloud or the emulator changes it. Shared by every credential. */
export const authorityHostProperty: INodeProperties = {
	displayName: 'Authority Host',
	name: 'authorityHost',
	type: 'string',
	default: DEFAULT_AUTHORITY_HOST,
	description:
		'Microsoft Entra sign-in host. Change it only for a national cloud or to point at a local emulator (http://127.0.0.1:PORT).',
};

/** Where the Partner Center API lives. Shared by every credential. */
export const apiBaseUrlProperty: INodeProperties = {
	displayName: 'API Base URL',
	name: 'apiBaseUrl',
	type: 'string',
	default: DEFAULT_API_BASE_URL,
	description:
		'Partner Center API host, without the /insights path. Change it only to point at a local emulator (http://127.0.0.1:PORT).',
};

/** Fields the token-requesting credentials end with: where tokens come from and where the API lives. */
export const endpointProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'string',
		default: DEFAULT_RESOURCE,
		description:
			'Audience of the token. Partner Center no longer accepts https://graph.windows.net; keep the default unless Microsoft says otherwise.',
	},
	authorityHostProperty,
	apiBaseUrlProperty,
	{
		displayName: 'Access Token',
		name: 'accessToken',
		type: 'hidden',
		typeOptions: { expirable: true, password: true },
		default: '',
	},
];

/** A credential field's value, or its default when the field was emptied (blanks count as empty). */
export function fieldOrDefault(value: unknown, fallback: string): string {
	return (typeof value === 'string' ? value.trim() : '') || fallback;
}

/** Throws a message naming the credential field and the fix; called before anything is sent. */
export function assertHttpUrl(value: unknown, fieldName: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (
		!url ||
		(url.protocol !== 'https:' && url.protocol !== 'http:') ||
		url.username ||
		url.password
	) {
		// Never echo a user name or password given in the URL.
		const shown = url ? `${url.protocol}//${url.host}${url.pathname}` : text;
		const problem = url && (url.username || url.password) ? ' without a user name or password' : '';
		throw new Error(
			`The credential field "${fieldName}" must be an http(s) URL${problem} such as https://login.microsoftonline.com or http://127.0.0.1:4730, got "${shown}"`,
		);
	}
	return text.replace(/\/+$/, '');
}

export function assertTenantId(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!TENANT_GUID.test(text) && !TENANT_DOMAIN.test(text)) {
		throw new Error(
			`The credential field "Tenant ID" must be a directory GUID (e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47) or a domain such as contoso.onmicrosoft.com, got "${text}"`,
		);
	}
	return text;
}

function requireField(
	credentials: ICredentialDataDecryptedObject,
	name: string,
	label: string,
): string {
	const value = credentials[name];
	if (typeof value !== 'string' || value.trim() === '') {
		throw new Error(`The credential field "${label}" is empty: fill it in`);
	}
	return value.trim();
}

interface EntraTokenResponse {
	access_token?: string;
	error?: string;
	error_description?: string;
	error_codes?: number[];
}

/** Entra descriptions never contain the secret, but a mis-pasted value could end up in one: redact anyway. */
function redact(text: string, secrets: string[]): string {
	return secrets
		.filter((secret) => secret.length >= 4)
		.reduce((message, secret) => message.split(secret).join('***'), text);
}

export type EntraGrant = 'client_credentials' | 'password';

/** A token request ready to send: checked before anything goes on the wire. */
export interface EntraTokenRequest {
	url: string;
	form: string;
	/** Values that must never appear in a message. */
	secrets: string[];
}

/**
 * Builds the token request of the Entra v1 endpoint, as the Partner Center analytics docs show:
 * POST {authorityHost}/{tenantId}/oauth2/token with `resource` (not a v2 scope).
 */
export function buildEntraTokenRequest(
	credentials: ICredentialDataDecryptedObject,
	grant: EntraGrant,
): EntraTokenRequest {
	const tenantId = assertTenantId(credentials.tenantId);
	const authorityHost = assertHttpUrl(
		fieldOrDefault(credentials.authorityHost, DEFAULT_AUTHORITY_HOST),
		'Authority Host',
	);
	assertHttpUrl(fieldOrDefault(credentials.apiBaseUrl, DEFAULT_API_BASE_URL), 'API Base URL');
	const clientId = requireField(credentials, 'clientId', 'Client ID');
	const resource = (credentials.resource as string)?.trim() || DEFAULT_RESOURCE;

	const form = new URLSearchParams({ grant_type: grant, client_id: clientId, resource });
	const secrets: string[] = [];
	const clientSecret = typeof credentials.clientSecret === 'string' ? credentials.clientSecret : '';
	if (grant === 'client_credentials') {
		form.set('client_secret', requireField(credentials, 'clientSecret', 'Client Secret'));
	} else if (clientSecret) {
		form.set('client_secret', clientSecret);
	}
	if (clientSecret) secrets.push(clientSecret);
	if (grant === 'password') {
		form.set('username', requireField(credentials, 'username', 'Username'));
		const password = requireField(credentials, 'password', 'Password');
		form.set('password', password);
		form.set('scope', 'openid');
		secrets.push(password);
	}
	return {
		url: `${authorityHost}/${encodeURIComponent(tenantId)}/oauth2/token`,
		form: form.toString(),
		secrets,
	};
}

/**
 * Reads Entra's answer: the access token, or an error with Entra's own description plus, for MFA and
 * Conditional Access codes, what to use instead of the password grant.
 */
export function readEntraTokenResponse(
	statusCode: number,
	rawBody: unknown,
	secrets: string[],
): { accessToken: string } {
	let body = rawBody as EntraTokenResponse | string | undefined;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body.replace(/^\uFEFF/, '')) as EntraTokenResponse;
		} catch {
			body = {};
		}
	}
	body = body ?? {};
	if (statusCode >= 200 && statusCode < 300 && body.access_token) {
		return { accessToken: body.access_token };
	}
	const description = body.error_description
		? redact(body.error_description.split(/\r?\n/)[0], secrets)
		: `HTTP ${statusCode} without an error description`;
	const guidance = entraGuidance(entraErrorCodes(body));
	throw new Error(
		`Microsoft Entra refused the token request${body.error ? ` (${body.error})` : ''}: ${description}${guidance ? ` ${guidance}` : ''}`,
	);
}

/** Requests a token with n8n's HTTP helper (preAuthentication). */
export async function requestEntraToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	grant: EntraGrant,
): Promise<{ accessToken: string }> {
	const request = buildEntraTokenRequest(credentials, grant);
	// HTTP errors come back as responses so Entra's description can be shown; a network failure
	// (wrong Authority Host) propagates with its own message, which holds no secret.
	const response = (await helper.helpers.httpRequest({
		method: 'POST',
		url: request.url,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: request.form,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as { statusCode: number; body: unknown };
	return readEntraTokenResponse(response.statusCode, response.body, request.secrets);
}

/** The password and client-credentials credentials send the token from preAuthentication as a Bearer header. */
export const bearerTokenAuthentication: IAuthenticateGeneric = {
	type: 'generic',
	properties: {
		headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
	},
};

/** The credential test: list the program's datasets, with 401 and 403 explained. */
export function datasetsTestRequest(
	basePath: string,
	unauthorizedHint: string,
	forbiddenHint: string,
): ICredentialTestRequest {
	return {
		request: {
			// An emptied API Base URL means the default, as in the other credentials' test.
			baseURL: `={{(($credentials.apiBaseUrl || "").trim() || "${DEFAULT_API_BASE_URL}").replace(/\\/+$/, "")}}${basePath}`,
			url: '/ScheduledDataset',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `Partner Center rejected the token (401). ${unauthorizedHint}`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: `The token is valid but Partner Center refused it (403): ${forbiddenHint}`,
				},
			},
		],
	};
}
