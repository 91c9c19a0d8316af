/**
 * What Microsoft Entra's AADSTS codes mean for a Partner Center user, and what to do about them.
 * Pure: used by the credentials (token requests, credential tests) and by the nodes' transport
 * (n8n's own OAuth2 refresh, Partner Center's 401 for a token without MFA).
 */

/**
 * MFA or Conditional Access is required, which a non-interactive grant cannot satisfy: 50076 (MFA
 * required), 50079 (MFA registration required), 50074 / 50072 (strong authentication), 50158
 * (external security challenge), 53000 / 53001 / 53003 (Conditional Access: device or policy).
 */
export const MFA_REQUIRED_CODES: readonly number[] = [
	50072, 50074, 50076, 50079, 50158, 53000, 53001, 53003,
];

/**
 * The saved sign-in can no longer be used: 70008 / 700082 / 700081 / 700084 / 70043 (refresh token
 * expired or past its lifetime), 50173 (grant revoked, e.g. a password reset), 50133 (session
 * invalidated), 54005 (authorization code already redeemed), 9002313 (refresh token malformed).
 */
export const RECONNECT_CODES: readonly number[] = [
	50133, 50173, 54005, 70008, 70043, 700081, 700082, 700084, 9002313,
];

export const MFA_GUIDANCE =
	'Partner Center has required multi-factor authentication (MFA) for every App+User call since April 2026, and the password grant cannot perform MFA. Use the "Partner Center Analytics (Client Credentials) API" credential (app only: commercial marketplace and partner insights) or the "Partner Center Analytics (Sign-In) OAuth2 API" credential (a user signs in in the browser, with MFA).';

export const RECONNECT_GUIDANCE =
	'The saved Microsoft sign-in has expired or was revoked: open the "Partner Center Analytics (Sign-In) OAuth2 API" credential and click Reconnect to sign in again.';

interface EntraErrorBody {
	error?: unknown;
	error_description?: unknown;
	error_codes?: unknown;
}

/** The AADSTS codes of an Entra error body: `error_codes`, else the codes named in the description. */
export function entraErrorCodes(body: unknown): number[] {
	if (!body || typeof body !== 'object') return [];
	const { error_codes: listed, error_description: description } = body as EntraErrorBody;
	if (Array.isArray(listed)) {
		const codes = listed.map(Number).filter((code) => Number.isInteger(code));
		if (codes.length > 0) return codes;
	}
	if (typeof description !== 'string') return [];
	return [...description.matchAll(/AADSTS(\d+)/g)].map((match) => Number(match[1]));
}

export type EntraErrorKind = 'mfaRequired' | 'reconnect' | 'other';

export function classifyEntraCodes(codes: readonly number[]): EntraErrorKind {
	if (codes.some((code) => MFA_REQUIRED_CODES.includes(code))) return 'mfaRequired';
	if (codes.some((code) => RECONNECT_CODES.includes(code))) return 'reconnect';
	return 'other';
}

/** The guidance to add to an Entra error, or undefined when Entra's own description says enough. */
export function entraGuidance(codes: readonly number[]): string | undefined {
	const kind = classifyEntraCodes(codes);
	if (kind === 'mfaRequired') return MFA_GUIDANCE;
	if (kind === 'reconnect') return RECONNECT_GUIDANCE;
	return undefined;
}

/** Whether Partner Center's answer to an API call says the delegated token lacks MFA. */
export function mentionsMissingMfa(message: string | undefined): boolean {
	return /\bMFA\b|multi-?factor/i.test(message ?? '');
}
