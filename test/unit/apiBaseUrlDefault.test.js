/**
 * An emptied "API Base URL" credential field means the default (https://api.partnercenter.microsoft.com),
 * in the credential test and in the nodes alike. The HTTP layer is replaced by a recorder: the point is
 * which URL would be asked, not the answer.
 */
const { testPartnerCenterConnection } = require('../../credentials/connectionTest');
const { partnerCenterApiRequest } = require('../../nodes/shared/transport');

const DEFAULT = 'https://api.partnercenter.microsoft.com';
const credentials = (apiBaseUrl) => ({
	tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
	clientId: '1950a258-227b-4e31-a9cf-717495945fc2',
	clientSecret: 'secret',
	authorityHost: 'http://127.0.0.1:9',
	apiBaseUrl,
});

test.each([[''], ['   '], [undefined]])(
	'the credential test with API Base URL %j asks the default host',
	async (apiBaseUrl) => {
		const urls = [];
		const result = await testPartnerCenterConnection(
			async ({ url }) => {
				urls.push(url);
				return url.includes('/oauth2/')
					? { statusCode: 200, body: { access_token: 'token' } }
					: { statusCode: 200, body: { value: [] } };
			},
			credentials(apiBaseUrl),
			'client_credentials',
		);
		expect(result).toEqual({
			status: 'OK',
			message: 'Commercial marketplace: OK · Partner insights: OK',
		});
		expect(urls.slice(1).sort()).toEqual([
			`${DEFAULT}/insights/v1.1/cmp/ScheduledDataset`,
			`${DEFAULT}/insights/v1/mpn/ScheduledDataset`,
		]);
	},
);

test.each([[''], ['  ']])(
	'a node with API Base URL %j asks the default host',
	async (apiBaseUrl) => {
		const urls = [];
		const context = {
			getNode: () => ({ name: 'Partner Center Analytics' }),
			getNodeParameter: (_name, fallback) => fallback,
			getCredentials: async () => credentials(apiBaseUrl),
			logger: { warn() {}, info() {} },
			helpers: {
				httpRequestWithAuthentication: async (_type, options) => {
					urls.push(options.url);
					return { statusCode: 200, headers: {}, body: { value: [] } };
				},
			},
		};
		await partnerCenterApiRequest(context, { method: 'GET', endpoint: 'ScheduledDataset' });
		expect(urls).toEqual([`${DEFAULT}/insights/v1.1/cmp/ScheduledDataset`]);
	},
);
