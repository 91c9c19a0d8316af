import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** Credentials and connection parameters shared by the action and trigger nodes. */
export const credentialDescriptions: INodeCredentialDescription[] = [
	{
		name: 'partnerCenterClientCredentialsApi',
		required: true,
		displayOptions: { show: { authentication: ['clientCredentials'] } },
	},
	{
		name: 'partnerCenterPasswordApi',
		required: true,
		displayOptions: { show: { authentication: ['password'] } },
	},
];

export const connectionProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Client Credentials (App Only)',
				value: 'clientCredentials',
				description: 'Entra app with a client secret; the usual choice for commercial marketplace',
			},
			{
				name: 'Delegated User (App + User)',
				value: 'password',
				description: 'Entra app plus a Partner Center user; required by partner insights',
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
