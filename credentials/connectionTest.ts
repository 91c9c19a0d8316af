import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

import {
	DEFAULT_API_BASE_URL,
	assertHttpUrl,
	buildEntraTokenRequest,
	fieldOrDefault,
	readEntraTokenResponse,
	type EntraGrant,
} from './entraToken';
import { MFA_GUIDANCE, mentionsMissingMfa } from './entraErrors';

/** One HTTP exchange as the credential test sees it: status and body, never thrown for a status. */
export type TestHttpSend = (request: {
	method: 'GET' | 'POST';
	url: string;
	headers: Record<string, string>;
	body?: string;
}) => Promise<{ statusCode: number; body: unknown }>;

const PROGRAMS = [
	{ label: 'Commercial marketplace', basePath: '/insights/v1.1/cmp' },
	{ label: 'Partner insights', basePath: '/insights/v1/mpn' },
] as const;

function statusReason(statusCode: number, body: unknown): string {
	const message =
		body && typeof body === 'object' ? String((body as { message?: unknown }).message ?? '') : '';
	if (statusCode === 401 && mentionsMissingMfa(message)) return '401 (token without MFA)';
	if (statusCode === 401) return '401 (token refused: check Resource and the app)';
	if (statusCode === 403) return '403 (no role in Partner Center)';
	return String(statusCode);
}

/**
 * The credential test of the client-credentials and password credentials: always a new token (n8n
 * 2.x reuses a cached token in a test, so a wrong secret would pass after one run), then the datasets
 * of both programs, reported side by side, e.g.
 * "Commercial marketplace: OK · Partner insights: 403 (no role in Partner Center)".
 * OK when at least one program answers; the token request's own error otherwise.
 */
export async function testPartnerCenterConnection(
	send: TestHttpSend,
	credentials: ICredentialDataDecryptedObject,
	grant: EntraGrant,
): Promise<INodeCredentialTestResult> {
	let accessToken: string;
	let apiBaseUrl: string;
	try {
		const tokenRequest = buildEntraTokenRequest(credentials, grant);
		apiBaseUrl = assertHttpUrl(
			fieldOrDefault(credentials.apiBaseUrl, DEFAULT_API_BASE_URL),
			'API Base URL',
		);
		const response = await send({
			method: 'POST',
			url: tokenRequest.url,
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'application/json',
			},
			body: tokenRequest.form,
		});
		({ accessToken } = readEntraTokenResponse(
			response.statusCode,
			response.body,
			tokenRequest.secrets,
		));
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}

	const results = await Promise.all(
		PROGRAMS.map(async ({ label, basePath }) => {
			try {
				const response = await send({
					method: 'GET',
					url: `${apiBaseUrl}${basePath}/ScheduledDataset`,
					headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
				});
				const ok = response.statusCode >= 200 && response.statusCode < 300;
				return { label, ok, text: ok ? 'OK' : statusReason(response.statusCode, response.body) };
			} catch {
				return { label, ok: false, text: 'unreachable (check API Base URL)' };
			}
		}),
	);
	const summary = results.map(({ label, text }) => `${label}: ${text}`).join(' · ');
	if (results.some((result) => result.ok)) return { status: 'OK', message: summary };
	const mfa = results.some((result) => result.text.includes('MFA')) ? ` ${MFA_GUIDANCE}` : '';
	return {
		status: 'Error',
		message: `Got a token, but Partner Center answered no program: ${summary}. For 403, add the Entra app in Partner Center (Account settings → User management → Azure AD applications) with the Manager or Developer role; for partner insights a user needs the Executive Report Viewer role.${mfa}`,
	};
}
