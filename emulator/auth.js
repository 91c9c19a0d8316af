'use strict';
/**
 * Microsoft Entra ID (Azure AD) token endpoint emulation and bearer-token checks.
 *
 * - v1 endpoint `POST /{tenant}/oauth2/token`, form-encoded, as in the seed docs:
 *   client_credentials with `resource` (seed 000/001, analytics-make-your-first-api-call.md) and ROPC
 *   `grant_type=password` with `scope=openid` + username/password (seed 002, mpn first API call).
 *   Response shape copied from the seeds: token_type, expires_in (string), ext_expires_in, expires_on,
 *   not_before, resource, access_token.
 * - Extras (not in the brief's minimum): `grant_type=refresh_token` (the official MPN sample refreshes
 *   5 minutes before expiry, api-notes §4) and the v2 endpoint `/{tenant}/oauth2/v2.0/token` with
 *   `scope=<resource>/.default` ([inferred] same audience, api-notes §4).
 * - Errors use Entra's JSON shape {error, error_description "AADSTSnnnn: …", error_codes, timestamp,
 *   trace_id, correlation_id, error_uri}. Secrets and passwords are never echoed.
 * - Tokens are opaque random strings kept server-side with expiry, grant, resource and user.
 */
const crypto = require('crypto');
const { uuid } = require('./util');

const PARTNER_CENTER_RESOURCE = 'https://api.partnercenter.microsoft.com';
/** Resources Entra will issue tokens for, but Partner Center rejects (api-notes §4). */
const LEGACY_RESOURCES = ['https://graph.windows.net', 'https://graph.microsoft.com'];

const normResource = (r) => String(r || '').trim().replace(/\/+$/, '').toLowerCase();

function entraError(status, error, code, description) {
	const traceId = uuid();
	const correlationId = uuid();
	const now = new Date();
	const ts = now.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
	return {
		status,
		body: {
			error,
			error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${ts}`,
			error_codes: [code],
			timestamp: ts,
			trace_id: traceId,
			correlation_id: correlationId,
			error_uri: `https://login.microsoftonline.com/error?code=${code}`,
		},
	};
}

const missing = (p) => entraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${p}'.`);

class Auth {
	constructor(ctx) {
		this.ctx = ctx;
		this.tokens = new Map(); // access token -> info
		this.refreshTokens = new Map(); // refresh token -> info
	}

	get identity() {
		return this.ctx.identity;
	}

	tenantMatches(t) {
		const id = this.identity;
		const v = String(t || '').toLowerCase();
		return v === id.tenantId.toLowerCase() || v === id.tenantDomain.toLowerCase();
	}

	/** Registered apps: the demo app (added to Partner Center) and one app that was not added. */
	client(clientId) {
		const id = this.identity;
		const v = String(clientId || '').trim().toLowerCase();
		if (v === id.clientId.toLowerCase()) return { clientId: id.clientId, secret: id.clientSecret, registeredInPartnerCenter: true };
		if (v === id.unregisteredClientId.toLowerCase()) return { clientId: id.unregisteredClientId, secret: id.unregisteredClientSecret, registeredInPartnerCenter: false };
		return null;
	}

	/**
	 * Handles a token request. `form` is a URLSearchParams, `v2` selects the v2.0 endpoint.
	 * Returns { status, body }.
	 */
	token(tenant, form, v2 = false) {
		const id = this.identity;
		const get = (k) => {
			const v = form.get(k);
			return v === null ? undefined : v;
		};
		if (!this.tenantMatches(tenant)) {
			return entraError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
		}
		const grant = get('grant_type');
		if (!grant) return missing('grant_type');
		if (!['client_credentials', 'password', 'refresh_token'].includes(grant)) {
			return entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
		}
		const clientId = get('client_id');
		if (!clientId) return missing('client_id');
		const client = this.client(clientId);
		if (!client) {
			return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
		}
		const secret = get('client_secret');
		if (grant === 'client_credentials' && !secret) return missing('client_secret');
		if (secret !== undefined && secret !== client.secret) {
			return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`);
		}

		let user = null;
		let resource;
		let refreshInfo = null;
		if (grant === 'refresh_token') {
			const rt = get('refresh_token');
			if (!rt) return missing('refresh_token');
			refreshInfo = this.refreshTokens.get(rt);
			if (!refreshInfo || refreshInfo.clientId !== client.clientId) {
				return entraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
			}
			user = refreshInfo.user;
			resource = refreshInfo.resource;
		}

		// Resource (v1) or scope (v2).
		if (!refreshInfo || get('resource') || get('scope')) {
			if (v2) {
				const scope = get('scope');
				if (!scope) return missing('scope');
				const res = scope
					.split(/\s+/)
					.filter((s) => /^https?:\/\//i.test(s))
					.map((s) => s.replace(/\/(\.default|user_impersonation)$/i, ''));
				if (!res.length) {
					if (refreshInfo) res.push(refreshInfo.resource);
					else return entraError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);
				}
				resource = res[0];
			} else if (!refreshInfo) {
				resource = get('resource');
				if (resource === undefined || !resource.trim()) return missing('resource');
			} else if (get('resource')) {
				resource = get('resource');
			}
			const nr = normResource(resource);
			if (nr !== normResource(PARTNER_CENTER_RESOURCE) && !LEGACY_RESOURCES.some((r) => normResource(r) === nr)) {
				return entraError(400, 'invalid_resource', 500011, `The resource principal named ${resource.trim()} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
			}
			resource = LEGACY_RESOURCES.find((r) => normResource(r) === nr) || PARTNER_CENTER_RESOURCE;
		}

		if (grant === 'password') {
			const username = get('username');
			if (!username) return missing('username');
			const password = get('password');
			if (!password) return missing('password');
			if (username.trim().toLowerCase() !== id.username.toLowerCase() || password !== id.password) {
				return entraError(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.');
			}
			user = id.username;
		}

		const ttl = this.ctx.options.tokenTtlSeconds;
		const now = Date.now();
		const accessToken = 'emu.' + crypto.randomBytes(32).toString('base64url');
		const info = {
			clientId: client.clientId,
			registeredInPartnerCenter: client.registeredInPartnerCenter,
			grant,
			resource,
			user,
			issuedAt: now,
			expiresAt: now + ttl * 1000,
		};
		this.tokens.set(accessToken, info);
		const nowSec = Math.floor(now / 1000);
		let body;
		if (v2) {
			body = { token_type: 'Bearer', expires_in: ttl, ext_expires_in: ttl, access_token: accessToken };
		} else {
			body = {
				token_type: 'Bearer',
				expires_in: String(ttl),
				ext_expires_in: String(ttl),
				expires_on: String(nowSec + ttl),
				not_before: String(nowSec - 300),
				resource,
				access_token: accessToken,
			};
		}
		if (user) {
			const refreshToken = 'emu-rt.' + crypto.randomBytes(32).toString('base64url');
			this.refreshTokens.set(refreshToken, { clientId: client.clientId, user, resource });
			body.scope = 'user_impersonation';
			body.refresh_token = refreshToken;
		}
		return { status: 200, body };
	}

	/** Marks every issued access token as expired (control endpoint). */
	expireAll() {
		const now = Date.now();
		for (const info of this.tokens.values()) info.expiresAt = Math.min(info.expiresAt, now - 1);
		return this.tokens.size;
	}

	clear() {
		this.tokens.clear();
		this.refreshTokens.clear();
	}

	/**
	 * Checks the bearer token of an API request for `program` ('cmp' | 'mpn').
	 * Returns { ok: true, token } or { ok: false, status, message, headers }.
	 */
	check(req, program) {
		let raw = req.headers.authorization;
		let token = null;
		if (typeof raw === 'string') {
			const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(raw);
			if (m) token = m[1];
		}
		// Some callers send the token in the undocumented X-AadUserTicket header (api-notes §4).
		if (!token && typeof req.headers['x-aaduserticket'] === 'string') {
			raw = req.headers['x-aaduserticket'].trim();
			token = raw.replace(/^Bearer\s+/i, '') || null;
		}
		const unauthorized = {
			ok: false,
			status: 401,
			headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
			// analytics-programmatic-faq.md / insights-programmatic-faq.md, "Unauthorized | 401".
			message:
				'Unauthorized. This is an authentication exception. Check the correctness of the Azure AD token. The Azure AD token is valid for 60 minutes, after which time you would need to regenerate the Azure AD token.',
		};
		if (!token) return unauthorized;
		const info = this.tokens.get(token);
		if (!info || info.expiresAt <= Date.now()) return unauthorized;
		if (LEGACY_RESOURCES.includes(info.resource)) {
			// api-notes §4: Partner-Center-DotNet-Samples#140, error 900420.
			return {
				ok: false,
				status: 401,
				headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The audience is invalid"' },
				message: `The audience '${info.resource}' in the token is invalid and is no longer supported in Partner Center API. Request a token for resource 'https://api.partnercenter.microsoft.com'. (900420)`,
			};
		}
		if (!info.registeredInPartnerCenter) {
			// analytics-prerequisites.md: the Azure AD application must be added in Partner Center
			// (Account settings > User management > Azure AD applications) with the Manager role.
			return {
				ok: false,
				status: 403,
				message: `Forbidden. The Azure AD application '${info.clientId}' has no access to this Partner Center account: it has not been added in Partner Center (Account settings > User management > Azure AD applications) with the Manager role.`,
			};
		}
		if (program === 'mpn' && !info.user && this.ctx.options.mpnRequiresUser) {
			// insights-programmatic-prerequisites.md: "Regular user credentials cannot be used … An Azure
			// Active Directory (AAD) application needs to be created along with a secret (application + user
			// access)", and the user needs the Executive Report Viewer role.
			return {
				ok: false,
				status: 403,
				message:
					'Forbidden. Partner insights programmatic access (mpn) requires App+User authentication: an Azure AD application with a secret plus a user with the Executive Report Viewer role. App-only (client_credentials) tokens are not accepted.',
			};
		}
		return { ok: true, token: info };
	}
}

module.exports = { Auth, PARTNER_CENTER_RESOURCE, LEGACY_RESOURCES };
