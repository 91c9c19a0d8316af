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

export class PartnerCenterPasswordApi implements ICredentialType {
	name = 'partnerCenterPasswordApi';

	displayName = 'Partner Center Analytics (Legacy Password, No MFA) API';

	icon = {
		light: 'file:../icons/partnerCenter.svg',
		dark: 'file:../icons/partnerCenter.dark.svg',
	} as const;

	documentationUrl =
		'https://learn.microsoft.com/en-us/partner-center/insights/insights-programmatic-first-api-call';

	properties: INodeProperties[] = [
		{
			displayName:
				'Legacy, no MFA: Partner Center has required MFA for every App+User call since April 2026, and the password grant cannot perform it. Use Client Credentials (app only) or OAuth2 Sign-In (a user signs in, with MFA) instead.',
			name: 'legacyNotice',
			type: 'notice',
			default: '',
		},
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
				'A Partner Center user with the Executive Report Viewer role. Works only for an account that Entra lets sign in without MFA.',
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

	authenticate = bearerTokenAuthentication;

	// Tested by the nodes (`testedBy`): a new token every time, then both programs side by side.
}
