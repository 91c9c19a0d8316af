'use strict';
/**
 * Microsoft Entra ID (Azure AD) token endpoint emulation and bearer-token checks.
 *
 * - v1 endpoint `POST /{tenant}/oauth2/token`, form-encoded, as in the first-API-call pages (names as in
 *   emulator/README.md "Sources"): client_credentials with `resource` (cmp/analytics-make-your-first-api-call.md,
 *   v1 and v1.1 texts) and ROPC `grant_type=password` with `scope=openid` + username/password
 *   (mpn/insights-programmatic-first-api-call.md). Response shape as in their examples: token_type,
 *   expires_in (string), ext_expires_in, expires_on, not_before, resource, access_token.
 * - Extras: `grant_type=refresh_token` (the official MPN sample, partneranalytics/ProgrammaticExportSampleAppMPN
 *   Helpers/TokenGenerator.cs, refreshes 5 minutes before expiry) and the v2 endpoint
 *   `/{tenant}/oauth2/v2.0/token` with `scope=<resource>/.default` ([inferred] same audience; the analytics
 *   docs show only v1).
 * - Interactive sign-in: since April 2026 every App+User call needs MFA
 *   (https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication), which ROPC cannot perform
 *   (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth-ropc), so delegated access moves to
 *   the authorization-code grant with PKCE plus refresh tokens (as public partner insights clients do). `GET /{tenant}/oauth2/v2.0/authorize` issues single-use codes;
 *   the token endpoint redeems them (`grant_type=authorization_code`). Tokens remember whether the
 *   sign-in performed MFA (`mfa`): interactive sign-ins did, the password grant did not.
 * - Refresh tokens rotate, expire (sliding window) and can be revoked from the control endpoints, so the
 *   nodes' re-authentication paths can be tested.
 * - Errors use Entra's JSON shape {error, error_description "AADSTSnnnn: …", error_codes, timestamp,
 *   trace_id, correlation_id, error_uri}. Secrets and passwords are never echoed.
 * - Tokens are opaque random strings kept server-side with expiry, grant, resource and user.
 */
const crypto = require('crypto');
const { uuid, fmtTime, redactUrl } = require('./util');

const PARTNER_CENTER_RESOURCE = 'https://api.partnercenter.microsoft.com';
const AUTHORIZE_MODES = ['page', 'redirect'];
const PKCE_METHODS = ['S256', 'plain'];
/**
 * Resources Entra will issue tokens for, but Partner Center rejects: graph.windows.net (error 900420,
 * microsoft/Partner-Center-DotNet-Samples#140) and graph.microsoft.com (deprecated after 30 August 2024,
 * cmp/analytics-make-your-first-api-call.md, v1.1 text).
 */
const LEGACY_RESOURCES = ['https://graph.windows.net', 'https://graph.microsoft.com'];

const normResource = (r) => String(r || '').trim().replace(/\/+$/, '').toLowerCase();

function entraError(status, error, code, description, extra = {}) {
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
			...extra,
		},
	};
}

const missing = (p) => entraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${p}'.`);

/**
 * AADSTS50076: what Entra answers a non-interactive sign-in when MFA is required
 * (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
 */
const mfaRequiredDescription = (resource) =>
	`Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'.`;

/** AADSTS70008 (ExpiredOrRevokedGrant), as Entra words it for codes and refresh tokens. */
const EXPIRED_GRANT = 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.';

/** The 401 an App+User call gets without MFA. [inferred] The real wording is undocumented. */
const MFA_UNAUTHORIZED =
	'Unauthorized. Multi-factor authentication is required for App+User access to Partner Center APIs; the access token was issued without MFA. Sign in interactively (authorization code flow with PKCE) instead of using the password grant.';

const newSecret = (prefix) => prefix + crypto.randomBytes(32).toString('base64url');

/** Resources named by a v2 scope string (`<resource>/.default`, `<resource>/user_impersonation`, a bare URL). */
function scopeResources(scope) {
	return String(scope || '')
		.split(/\s+/)
		.filter((s) => /^https?:\/\//i.test(s))
		.map((s) => s.replace(/\/(\.default|user_impersonation)$/i, ''));
}

function isHttpUrl(v) {
	try {
		const u = new URL(v);
		// RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment.
		return (u.protocol === 'http:' || u.protocol === 'https:') && !u.hash && !/#/.test(v);
	} catch {
		return false;
	}
}

/** RFC 7636 §4.6: S256 compares BASE64URL(SHA256(ASCII(code_verifier))) with the challenge. */
function pkceMatches(method, challenge, verifier) {
	if (method === 'plain') return verifier === challenge;
	return crypto.createHash('sha256').update(verifier, 'ascii').digest('base64url') === challenge;
}

/**
 * Client credentials from `Authorization: Basic` (RFC 6749 §2.3.1, client_secret_basic). Entra accepts
 * it as well as the form body, and n8n's OAuth2 client uses it to redeem a PKCE code whenever the
 * credential has a client secret (@n8n/client-oauth2 CodeFlow.getToken; no client_id in the body then).
 * RFC 6749 form-encodes id and secret before the Basic encoding; n8n does not. Both are accepted.
 * Applies to every grant on v1 and v2; body fields that are present must agree with the header.
 */
function basicCredentials(header) {
	if (typeof header !== 'string') return null;
	const m = /^\s*Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
	if (!m) return null;
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	if (i < 0) return null;
	const formDecode = (v) => {
		try {
			return decodeURIComponent(v.replace(/\+/g, ' '));
		} catch {
			return v;
		}
	};
	const rawSecret = decoded.slice(i + 1);
	return { clientId: formDecode(decoded.slice(0, i)), secrets: [...new Set([rawSecret, formDecode(rawSecret)])] };
}

const escapeHtml = (v) => String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Query or form keys never copied into a page (the authorize request has no secrets; a client might add one). */
const SECRET_KEY = /secret|password|token|assertion|^code$|^sig$|^key$/i;

function htmlPage(title, body) {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; margin: 0; }
main { background: #fff; max-width: 440px; margin: 60px auto; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
h1 { font-size: 24px; font-weight: 600; margin: 0 0 16px; }
.user { font-weight: 600; margin: 16px 0; }
.note, dl { color: #555; font-size: 13px; }
dt { font-weight: 600; } dd { margin: 0 0 8px; word-break: break-all; }
button { min-width: 108px; padding: 6px 12px; font-size: 15px; margin-right: 8px; }
#sign-in { background: #0067b8; color: #fff; border: 1px solid #0067b8; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Appends query parameters to a URI, with `&` when it already has a query (like the callback URLs). */
function appendQuery(uri, params) {
	const qs = Object.entries(params)
		.filter(([, v]) => v !== undefined && v !== null)
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
		.join('&');
	if (!qs) return uri;
	return uri + (uri.includes('?') ? (/[?&]$/.test(uri) ? '' : '&') : '?') + qs;
}

class Auth {
	constructor(ctx) {
		this.ctx = ctx;
		this.tokens = new Map(); // access token -> info
		this.refreshTokens = new Map(); // refresh token -> info
		this.codes = new Map(); // authorization code -> info
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

	tenantNotFound(tenant) {
		return `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`;
	}

	clientNotFound(clientId, tenant) {
		return `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`;
	}

	/* -------------------------------------------------------------- authorize endpoint */

	/**
	 * Validates an authorization request: the query of the GET, or the form the sign-in page posts back.
	 * Returns { ok: true, request } or { ok: false, error, code, description }.
	 */
	authorizeRequest(tenant, params) {
		const get = (k) => {
			const v = params.get(k);
			return v === null ? undefined : v;
		};
		const fail = (error, code, description) => ({ ok: false, error, code, description });
		const missingParam = (p) => fail('invalid_request', 900144, `The request body must contain the following parameter: '${p}'.`);
		if (!this.tenantMatches(tenant)) return fail('invalid_request', 90002, this.tenantNotFound(tenant));
		const clientId = get('client_id');
		if (!clientId) return missingParam('client_id');
		const client = this.client(clientId);
		if (!client) return fail('unauthorized_client', 700016, this.clientNotFound(clientId, tenant));
		const responseType = get('response_type');
		if (!responseType) return missingParam('response_type');
		if (responseType !== 'code') {
			// [inferred] wording: the emulator implements only the authorization code flow.
			return fail('unsupported_response_type', 70005, `The app returned an unsupported response type '${responseType}'. Only response_type 'code' (authorization code flow) is supported.`);
		}
		const redirectUri = get('redirect_uri');
		if (!redirectUri) return missingParam('redirect_uri');
		// [inferred] every http(s) URL counts as registered: the emulator has no app registration to check.
		if (!isHttpUrl(redirectUri)) {
			return fail(
				'invalid_request',
				50011,
				`The redirect URI '${redactUrl(redirectUri)}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
			);
		}
		const responseMode = get('response_mode');
		if (responseMode !== undefined && responseMode !== 'query') {
			return fail('invalid_request', 70007, `The app returned an unsupported value of response_mode '${responseMode}'. This emulator answers with response_mode 'query' only.`);
		}
		const scope = get('scope');
		if (!scope || !scope.trim()) return missingParam('scope');
		if (!scopeResources(scope).some((r) => normResource(r) === normResource(PARTNER_CENTER_RESOURCE))) {
			return fail('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);
		}
		const challenge = get('code_challenge');
		let method;
		if (challenge !== undefined) {
			// RFC 7636 §4.3: without a method the challenge is "plain". Method names are case-sensitive.
			method = get('code_challenge_method') || 'plain';
			if (!PKCE_METHODS.includes(method)) return fail('invalid_request', 50149, 'Invalid Code_Challenge_method parameter.');
			// RFC 7636 §4.1: verifiers (and so plain challenges) are 43-128 characters; S256 gives 43.
			if (challenge.length < 43 || challenge.length > 128) return fail('invalid_request', 501491, 'Invalid size of Code_Challenge parameter.');
		}
		return {
			ok: true,
			request: {
				clientId: client.clientId,
				redirectUri,
				scope: scope.trim(),
				state: get('state'),
				challenge,
				method,
			},
		};
	}

	/** Issues a single-use code for a validated request (the user signed in, with MFA). */
	issueCode(request) {
		const now = Date.now();
		const code = newSecret('emu-code.');
		this.codes.set(code, {
			...request,
			resource: PARTNER_CENTER_RESOURCE,
			user: this.identity.username,
			issuedAt: now,
			expiresAt: now + this.ctx.options.authCodeTtlSeconds * 1000,
			redeemed: false,
		});
		return code;
	}

	/**
	 * `GET|POST /{tenant}/oauth2/v2.0/authorize`. `params` are the query (GET) or the posted form.
	 * Returns { status, kind: 'page'|'code'|'cancel'|'error', html?, location? }.
	 */
	authorize(tenant, params, { method = 'GET', path = '' } = {}) {
		const v = this.authorizeRequest(tenant, params);
		if (!v.ok) return { status: 400, kind: 'error', code: v.code, html: this.errorPage(v) };
		const request = v.request;
		if (method === 'POST' && params.get('action') === 'cancel') {
			// What Entra sends back when the user declines (AADSTS65004 UserDeclinedConsent).
			return {
				status: 302,
				kind: 'cancel',
				location: appendQuery(request.redirectUri, {
					error: 'access_denied',
					error_description: 'AADSTS65004: User declined to consent to access the app.',
					state: request.state,
				}),
			};
		}
		if (method === 'GET' && this.ctx.options.authorizeMode !== 'redirect') {
			return { status: 200, kind: 'page', html: this.signInPage(params, path) };
		}
		const code = this.issueCode(request);
		return { status: 302, kind: 'code', location: appendQuery(request.redirectUri, { code, state: request.state }) };
	}

	/** The sign-in page: shows the demo user and posts the request back (hidden fields) on "Sign in". */
	signInPage(params, path) {
		const seen = new Set();
		const hidden = [];
		for (const [k, val] of params) {
			if (seen.has(k) || k === 'action' || SECRET_KEY.test(k)) continue;
			seen.add(k);
			hidden.push(`<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(val)}">`);
		}
		const user = this.identity.username;
		return htmlPage(
			'Sign in to your account',
			`<main id="sign-in-page">
<h1>Sign in</h1>
<p>Partner Center emulator. The app <code id="client-id">${escapeHtml(params.get('client_id'))}</code> asks for <code id="scope">${escapeHtml(params.get('scope'))}</code> on behalf of:</p>
<p class="user" id="username">${escapeHtml(user)}</p>
<p class="note">No password or second factor is asked: "Sign in" counts as an interactive sign-in with multi-factor authentication.</p>
<form id="sign-in-form" method="post" action="${escapeHtml(path)}">
${hidden.join('\n')}
<button type="submit" id="sign-in" name="action" value="sign-in">Sign in</button>
<button type="submit" id="cancel" name="action" value="cancel">Cancel</button>
</form>
</main>`,
		);
	}

	/** Entra-style error page (status 400): the AADSTS code and text, with trace and correlation ids. */
	errorPage({ error, code, description }) {
		const traceId = uuid();
		const correlationId = uuid();
		const ts = new Date().toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
		return htmlPage(
			'Sign in to your account',
			`<main id="error-page">
<h1>Sign in</h1>
<p>Sorry, but we're having trouble signing you in.</p>
<p id="error-message">AADSTS${code}: ${escapeHtml(description)}</p>
<dl>
<dt>Error</dt><dd id="error">${escapeHtml(error)}</dd>
<dt>Error code</dt><dd id="error-code">AADSTS${code}</dd>
<dt>Request Id</dt><dd>${traceId}</dd>
<dt>Correlation Id</dt><dd>${correlationId}</dd>
<dt>Timestamp</dt><dd>${ts}</dd>
</dl>
</main>`,
		);
	}

	/* -------------------------------------------------------------- token endpoint */

	/**
	 * Handles a token request. `form` is a URLSearchParams, `v2` selects the v2.0 endpoint, `headers` are
	 * the request headers (for `Authorization: Basic` client authentication). Returns { status, body }.
	 */
	token(tenant, form, v2 = false, headers = {}) {
		const id = this.identity;
		const options = this.ctx.options;
		const get = (k) => {
			const v = form.get(k);
			return v === null ? undefined : v;
		};
		if (!this.tenantMatches(tenant)) return entraError(400, 'invalid_request', 90002, this.tenantNotFound(tenant));
		const grant = get('grant_type');
		if (!grant) return missing('grant_type');
		if (!['client_credentials', 'password', 'refresh_token', 'authorization_code'].includes(grant)) {
			return entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
		}
		let clientId = get('client_id');
		const bodySecret = get('client_secret');
		let secrets = bodySecret === undefined ? undefined : [bodySecret];
		const basic = basicCredentials(headers.authorization);
		if (basic) {
			// The header fills in client_id / client_secret missing from the body; a body value that
			// disagrees with it is malformed. [inferred] code and wording (no secret is echoed).
			const idConflict = clientId !== undefined && clientId.trim().toLowerCase() !== basic.clientId.trim().toLowerCase();
			const secretConflict = bodySecret !== undefined && !basic.secrets.includes(bodySecret);
			if (idConflict || secretConflict) {
				return entraError(
					400,
					'invalid_request',
					9002313,
					`Invalid request. Request is malformed or invalid. The ${idConflict ? 'client_id' : 'client_secret'} in the request body does not match the client credentials in the Authorization: Basic header.`,
				);
			}
			if (clientId === undefined) clientId = basic.clientId;
			if (bodySecret === undefined) secrets = basic.secrets;
		}
		if (!clientId) return missing('client_id');
		const client = this.client(clientId);
		if (!client) return entraError(400, 'unauthorized_client', 700016, this.clientNotFound(clientId, tenant));
		if (grant === 'client_credentials' && (!secrets || !secrets[0])) return missing('client_secret');
		// The secret is optional for the delegated grants (public client), but a wrong one always fails.
		if (secrets !== undefined && !secrets.includes(client.secret)) {
			return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`);
		}

		let user = null;
		let mfa = null;
		let resource;
		let prior = null; // the refresh token or code this request redeems
		let refreshInfo = null;
		let codeInfo = null;
		const now = Date.now();
		if (grant === 'refresh_token') {
			const rt = get('refresh_token');
			if (!rt) return missing('refresh_token');
			refreshInfo = this.refreshTokens.get(rt);
			if (!refreshInfo || refreshInfo.clientId !== client.clientId) {
				return entraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
			}
			if (refreshInfo.revokedAt) {
				return entraError(
					400,
					'invalid_grant',
					50173,
					`The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${fmtTime(refreshInfo.issuedAt)}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${fmtTime(refreshInfo.revokedAt)}'.`,
				);
			}
			if (refreshInfo.expiresAt <= now) {
				const inactive = Math.max(0, Math.round((now - (refreshInfo.lastUsedAt || refreshInfo.issuedAt)) / 1000));
				return entraError(400, 'invalid_grant', 700082, `The refresh token has expired due to inactivity. The token was issued on ${fmtTime(refreshInfo.issuedAt)} and was inactive for ${inactive} seconds.`);
			}
			if (refreshInfo.rotatedAt) {
				// [inferred] Entra itself keeps used refresh tokens valid; the emulator rotates them
				// (rotateRefreshTokens) so a client that keeps an old one is caught.
				return entraError(400, 'invalid_grant', 70008, `${EXPIRED_GRANT} The refresh token was already redeemed and replaced by a newer one (refresh token rotation).`);
			}
			if (options.mfaRequired && refreshInfo.user && !refreshInfo.mfa) {
				// [inferred] a refresh token from a sign-in without MFA cannot satisfy the MFA policy either.
				return entraError(400, 'invalid_grant', 50076, mfaRequiredDescription(refreshInfo.resource), { suberror: 'basic_action' });
			}
			prior = refreshInfo;
		} else if (grant === 'authorization_code') {
			const code = get('code');
			if (!code) return missing('code');
			const redirectUri = get('redirect_uri');
			if (!redirectUri) return missing('redirect_uri');
			codeInfo = this.codes.get(code);
			if (!codeInfo || codeInfo.clientId !== client.clientId) {
				return entraError(400, 'invalid_grant', 70000, "The provided value for the 'code' parameter is not valid.");
			}
			if (codeInfo.redeemedAt) {
				return entraError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
			}
			if (codeInfo.expiresAt <= now) return entraError(400, 'invalid_grant', 70008, EXPIRED_GRANT);
			if (redirectUri !== codeInfo.redirectUri) {
				return entraError(
					400,
					'invalid_grant',
					50011,
					`The reply address '${redactUrl(redirectUri)}' does not match the reply address '${redactUrl(codeInfo.redirectUri)}' provided when requesting Authorization code.`,
				);
			}
			if (codeInfo.challenge !== undefined) {
				const verifier = get('code_verifier');
				if (!verifier) return entraError(400, 'invalid_grant', 50148, 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.');
				if (!pkceMatches(codeInfo.method, codeInfo.challenge, verifier)) {
					return entraError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
				}
			}
			prior = codeInfo;
		}
		if (prior) {
			user = prior.user;
			mfa = grant === 'authorization_code' ? true : prior.mfa;
			resource = prior.resource;
		}

		// Resource (v1) or scope (v2). A redeemed code or refresh token brings its own resource, so n8n's
		// code exchange (which sends no scope) works on v2.
		if (!prior || get('resource') || get('scope')) {
			if (v2) {
				const scope = get('scope');
				if (!scope) return missing('scope');
				const res = scopeResources(scope);
				if (!res.length) {
					if (prior) res.push(prior.resource);
					else return entraError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);
				}
				resource = res[0];
			} else if (!prior) {
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
			// ROPC cannot perform a second factor: with MFA required Entra refuses it (v2-oauth-ropc page, see above).
			if (options.mfaRequired) return entraError(400, 'invalid_grant', 50076, mfaRequiredDescription(resource), { suberror: 'basic_action' });
			user = id.username;
			mfa = false;
		}

		// Only a request that succeeds consumes its code or refresh token. [inferred] for failed attempts.
		if (codeInfo) codeInfo.redeemedAt = now;
		if (refreshInfo) {
			refreshInfo.lastUsedAt = now;
			if (options.rotateRefreshTokens) refreshInfo.rotatedAt = now;
		}

		const ttl = options.tokenTtlSeconds;
		const accessToken = newSecret('emu.');
		const info = {
			clientId: client.clientId,
			registeredInPartnerCenter: client.registeredInPartnerCenter,
			grant,
			resource,
			user,
			mfa: user ? !!mfa : null,
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
			// v2 lists full scope names (`<resource>/user_impersonation`); v1 keeps the short name.
			body.scope = v2 ? `${resource}/user_impersonation` : 'user_impersonation';
			body.refresh_token = this.issueRefreshToken({ clientId: client.clientId, user, resource, mfa: !!mfa }, now);
		}
		return { status: 200, body };
	}

	/** Refresh tokens live `refreshTokenTtlSeconds` from their issue (a new one restarts the window). */
	issueRefreshToken(fields, now = Date.now()) {
		const rt = newSecret('emu-rt.');
		this.refreshTokens.set(rt, { ...fields, issuedAt: now, expiresAt: now + this.ctx.options.refreshTokenTtlSeconds * 1000 });
		return rt;
	}

	/** Refresh tokens that would still be accepted. */
	outstandingRefreshTokens() {
		const now = Date.now();
		return [...this.refreshTokens.values()].filter((i) => !i.revokedAt && !i.rotatedAt && i.expiresAt > now);
	}

	/** Revokes every refresh token (like revokeSignInSessions); answers how many were still usable. */
	revokeRefreshTokens() {
		const count = this.outstandingRefreshTokens().length;
		const now = Date.now();
		for (const info of this.refreshTokens.values()) if (!info.revokedAt) info.revokedAt = now;
		return count;
	}

	/** Expires every refresh token; answers how many were still usable. */
	expireRefreshTokens() {
		const outstanding = this.outstandingRefreshTokens();
		const now = Date.now();
		for (const info of this.refreshTokens.values()) info.expiresAt = Math.min(info.expiresAt, now - 1);
		return outstanding.length;
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
		this.codes.clear();
	}

	/**
	 * Checks the bearer token of an API request for `program` ('cmp' | 'mpn').
	 * Returns { ok: true, token, headers } or { ok: false, status, message, headers }.
	 */
	check(req, program) {
		let raw = req.headers.authorization;
		let token = null;
		if (typeof raw === 'string') {
			const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(raw);
			if (m) token = m[1];
		}
		// Some callers send the token in the undocumented X-AadUserTicket header (the official samples declare
		// it; guygregory/partner-center-insights-api-python sends it).
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
			// microsoft/Partner-Center-DotNet-Samples#140, error 900420.
			return {
				ok: false,
				status: 401,
				headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The audience is invalid"' },
				message: `The audience '${info.resource}' in the token is invalid and is no longer supported in Partner Center API. Request a token for resource 'https://api.partnercenter.microsoft.com'. (900420)`,
			};
		}
		// Since October 2025 the APIs report whether an App+User token carries MFA (partner-center-authentication
		// page); the header's name is the one a public client reads (`isMfaCompliant`, emulator/README.md
		// "Sources"). App-only tokens have no user and no header.
		const mfaHeaders = info.user ? { isMfaCompliant: info.mfa ? 'true' : 'false' } : {};
		if (info.user && !info.mfa && this.ctx.options.mfaRequired) {
			return {
				ok: false,
				status: 401,
				// [inferred] RFC 9470 (step-up authentication) names this error for "needs a stronger sign-in".
				headers: { 'WWW-Authenticate': 'Bearer error="insufficient_user_authentication", error_description="Multi-factor authentication is required"', ...mfaHeaders },
				message: MFA_UNAUTHORIZED,
			};
		}
		if (!info.registeredInPartnerCenter) {
			// analytics-prerequisites.md: the Azure AD application must be added in Partner Center
			// (Account settings > User management > Azure AD applications) with the Manager role.
			return {
				ok: false,
				status: 403,
				headers: mfaHeaders,
				message: `Forbidden. The Azure AD application '${info.clientId}' has no access to this Partner Center account: it has not been added in Partner Center (Account settings > User management > Azure AD applications) with the Manager role.`,
			};
		}
		if (program === 'mpn' && !info.user && this.ctx.options.mpnRequiresUser) {
			// insights-programmatic-prerequisites.md (older English page): "Regular user credentials cannot be
			// used … An Azure Active Directory (AAD) application needs to be created along with a secret
			// (application + user access)". The current text of insights-programmatic-first-api-call accepts
			// app-only tokens (clientId, clientSecret, tenantId), hence the option defaults to false.
			return {
				ok: false,
				status: 403,
				message:
					'Forbidden. Partner insights programmatic access (mpn) requires App+User authentication: an Azure AD application with a secret plus a user with the Executive Report Viewer role. App-only (client_credentials) tokens are not accepted.',
			};
		}
		return { ok: true, token: info, headers: mfaHeaders };
	}
}

module.exports = { Auth, PARTNER_CENTER_RESOURCE, LEGACY_RESOURCES, AUTHORIZE_MODES, appendQuery, pkceMatches };
