import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import {
	bearerTokenAuthentication,
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

	authenticate = bearerTokenAuthentication;

	// Tested by the nodes (`testedBy`): a new token every time, then both programs side by side.
}
