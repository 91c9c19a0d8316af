import type { IDataObject } from 'n8n-workflow';

export type Program = 'commercialMarketplace' | 'partnerInsights';
export type ApiVersion = 'v1.1' | 'v1';
export type Authentication = 'clientCredentials' | 'password' | 'oAuth2';

/** The credential type of each Authentication value. */
export const CREDENTIAL_TYPES: Record<Authentication, string> = Object.fromEntries([
	['clientCredentials', 'partnerCenterClientCredentialsApi'],
	['password', 'partnerCenterPasswordApi'],
	['oAuth2', 'partnerCenterOAuth2Api'],
]) as Record<Authentication, string>;

/** Where one program/version of the analytics API lives, relative to the credential's API base URL. */
export interface ApiTarget {
	credentialType: string;
	program: Program;
	apiVersion: ApiVersion;
	basePath: string;
}

export function programBasePath(program: Program, apiVersion: ApiVersion): string {
	return program === 'partnerInsights' ? '/insights/v1/mpn' : `/insights/${apiVersion}/cmp`;
}

/** Reads the connection parameters; values are checked so a bad expression fails with a clear message. */
export function resolveApiTarget(parameters: IDataObject): ApiTarget {
	const authentication = (parameters.authentication ?? 'clientCredentials') as Authentication;
	const program = (parameters.program ?? 'commercialMarketplace') as Program;
	const apiVersion = (
		program === 'partnerInsights' ? 'v1' : (parameters.apiVersion ?? 'v1.1')
	) as ApiVersion;
	if (!(authentication in CREDENTIAL_TYPES)) {
		throw new Error(
			`"Authentication" must be clientCredentials, oAuth2 or password, got "${authentication}"`,
		);
	}
	if (program !== 'commercialMarketplace' && program !== 'partnerInsights') {
		throw new Error(`"Program" must be commercialMarketplace or partnerInsights, got "${program}"`);
	}
	if (apiVersion !== 'v1.1' && apiVersion !== 'v1') {
		throw new Error(`"API Version" must be v1.1 or v1, got "${apiVersion}"`);
	}
	return {
		credentialType: CREDENTIAL_TYPES[authentication],
		program,
		apiVersion,
		basePath: programBasePath(program, apiVersion),
	};
}
