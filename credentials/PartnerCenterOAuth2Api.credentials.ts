import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_USER_SCOPE,
	apiBaseUrlProperty,
	authorityHostProperty,
	datasetsTestRequest,
	tenantIdProperty,
} from './entraToken';

/**
 * A Partner Center user signs in in the browser (authorization code with PKCE on Entra's v2
 * endpoints), so MFA and Conditional Access happen where Entra wants them. n8n stores the tokens and
 * refreshes the access token with the refresh token on its own when Partner Center answers 401.
 *
 * Since April 2026 Partner Center requires MFA for every App+User call; the password grant cannot do
 * MFA, this sign-in can (learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication).
 */
export class PartnerCenterOAuth2Api implements ICredentialType {
	name = 'partnerCenterOAuth2Api';

	extends = ['oAuth2Api'];

	// n8n's lint wants OAuth2 credential names to end in "OAuth2 API".
	displayName = 'Partner Center Analytics (Sign-In) OAuth2 API';

	icon = {
		light: 'file:../icons/partnerCenter.svg',
		dark: 'file:../icons/partnerCenter.dark.svg',
	} as const;

	documentationUrl =
		'https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'pkce',
		},
		tenantIdProperty,
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				"Application (client) ID of the Entra app. Add n8n's OAuth Redirect URL (shown above) to the app under Authentication → Web.",
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A client secret of the Entra app (Web platform). Leave empty for an app that allows public client flows.',
		},
		authorityHostProperty,
		apiBaseUrlProperty,
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default:
				'={{$self["authorityHost"].replace(/\\/+$/, "")}}/{{$self["tenantId"].trim()}}/oauth2/v2.0/authorize',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{$self["authorityHost"].replace(/\\/+$/, "")}}/{{$self["tenantId"].trim()}}/oauth2/v2.0/token',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: DEFAULT_USER_SCOPE,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			// Always show Entra's account picker, so a reconnect can switch to another user.
			default: 'prompt=select_account',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	/**
	 * Lists the partner insights datasets with the signed-in user's token (n8n refreshes it on a 401):
	 * a user identity is what partner insights' Executive Report Viewer role is given to. n8n runs
	 * OAuth2 credential tests only as one declarative request, so this one checks one program.
	 */
	test = datasetsTestRequest(
		'/insights/v1/mpn',
		'Reconnect the credential: Partner Center requires an MFA sign-in for App+User access.',
		'the user needs the Executive Report Viewer role, and the app must be added in Partner Center.',
	);
}
