import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { testPartnerCenterConnection } from '../../../credentials/connectionTest';

/**
 * `testedBy` of the client-credentials and password credentials (see descriptions/connection.ts).
 * A credential test context offers only n8n's request helper of the old shape (n8n-core's
 * CredentialTestContext): there is no httpRequest there. It runs on n8n's axios stack all the same.
 */
export async function partnerCenterConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { request } = this.helpers;
	const grant = credential.type === 'partnerCenterPasswordApi' ? 'password' : 'client_credentials';
	return await testPartnerCenterConnection(
		async ({ method, url, headers, body }) => {
			const response = (await request({
				method,
				uri: url,
				headers,
				body,
				json: method === 'GET',
				resolveWithFullResponse: true,
				simple: false,
				followRedirect: false,
			})) as { statusCode: number; body: unknown };
			return { statusCode: response.statusCode, body: response.body };
		},
		credential.data ?? {},
		grant,
	);
}
