import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/**
 * What every node's credential entry shares: the credential is required when its Authentication
 * value is chosen. Each node lists its credentials itself, as an array literal with `name` written
 * out: n8n's lint rules no-credential-reuse and valid-credential-references read that array from the
 * node file, and would pass over an imported one unchecked.
 */
export function shownFor(
	authentication: string,
	hide?: Record<string, string[]>,
): Omit<INodeCredentialDescription, 'name'> {
	return {
		required: true,
		displayOptions: { show: { authentication: [authentication] }, ...(hide ? { hide } : {}) },
	};
}

export const connectionProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Client Credentials (App Only)',
				value: 'clientCredentials',
				description:
					'Entra app with a client secret; the way for commercial marketplace and partner insights',
			},
			{
				name: 'Delegated User (OAuth2 Sign-In, MFA)',
				value: 'oAuth2',
				description:
					'A Partner Center user signs in in the browser, with MFA; n8n keeps the sign-in fresh',
			},
			{
				name: 'Delegated User (Password, Legacy: No MFA)',
				value: 'password',
				description:
					'Password grant without MFA; Partner Center has refused it for App+User since April 2026',
			},
		],
		default: 'clientCredentials',
	},
	{
		displayName: 'Program',
		name: 'program',
		type: 'options',
		options: [
			{
				name: 'Commercial Marketplace',
				value: 'commercialMarketplace',
				description: 'Publisher analytics: orders, usage, customers, revenue (/insights/…/cmp)',
			},
			{
				name: 'Partner Insights',
				value: 'partnerInsights',
				description:
					'Partner program analytics: customers, seats, usage, training (/insights/v1/mpn)',
			},
		],
		default: 'commercialMarketplace',
	},
	{
		displayName: 'API Version',
		name: 'apiVersion',
		type: 'options',
		displayOptions: { show: { program: ['commercialMarketplace'] } },
		options: [
			{ name: 'v1.1 (Current)', value: 'v1.1' },
			{ name: 'V1 (Legacy)', value: 'v1' },
		],
		default: 'v1.1',
	},
];

/** File → Read Rows From File reads a file already in n8n: no connection, no credential. */
export const notForFiles: Record<string, string[]> = { resource: ['file'] };

/** The action node's connection parameters: hidden where a resource needs no connection. */
export const actionConnectionProperties: INodeProperties[] = connectionProperties.map(
	(property) => ({
		...property,
		displayOptions: { ...property.displayOptions, hide: notForFiles },
	}),
);
