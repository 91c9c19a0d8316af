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

export class PartnerCenterPasswordApi implements ICredentialType {
	name = 'partnerCenterPasswordApi';

	displayName = 'Partner Center Analytics (Delegated User) API';

	icon = {
		light: 'file:../icons/partnerCenter.svg',
		dark: 'file:../icons/partnerCenter.dark.svg',
	} as const;

	documentationUrl =
		'https://learn.microsoft.com/en-us/partner-center/insights/insights-programmatic-first-api-call';

	properties: INodeProperties[] = [
		tenantIdProperty,
		clientIdProperty,
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Client secret of the Entra app, if the app is confidential (the partner insights docs use one)',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. reports@contoso.onmicrosoft.com',
			description:
				'A Partner Center user with the Executive Report Viewer role. The account must not require interactive MFA.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		...endpointProperties,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await requestEntraToken(this, credentials, 'password');
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl.replace(/\\/+$/, "")}}/insights/v1/mpn',
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
						'The token is valid but Partner Center refused it (403): the user needs the Executive Report Viewer role, and the app must be added in Partner Center.',
				},
			},
		],
	};
}
