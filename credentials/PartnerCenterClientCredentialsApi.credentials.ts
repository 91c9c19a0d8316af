import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import {
	clientIdProperty,
	endpointProperties,
	requestEntraToken,
	tenantIdProperty,
} from './entraToken';

export class PartnerCenterClientCredentialsApi implements ICredentialType {
	name = 'partnerCenterClientCredentialsApi';

	displayName = 'Partner Center Analytics (Client Credentials) API';

	icon = {
		light: 'file:../icons/partnerCenter.svg',
		dark: 'file:../icons/partnerCenter.dark.svg',
	} as const;

	documentationUrl =
		'https://learn.microsoft.com/en-us/partner-center/insights/analytics-make-your-first-api-call';

	properties: INodeProperties[] = [
		tenantIdProperty,
		clientIdProperty,
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A client secret of the Entra app (Certificates & secrets)',
		},
		...endpointProperties,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await requestEntraToken(this, credentials, 'client_credentials');
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl.replace(/\\/+$/, "")}}/insights/v1.1/cmp',
			url: '/ScheduledDataset',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Partner Center rejected the token (401). Check that Resource is https://api.partnercenter.microsoft.com.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The token is valid but Partner Center refused it (403): add the app in Partner Center under Account settings → User management → Azure AD applications, with the Manager or Developer role.',
				},
			},
		],
	};
}
