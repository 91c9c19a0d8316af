'use strict';
/**
 * Security checks in a REAL n8n (issue #7), with `n8n execute` against the in-process emulator:
 *
 * - download links to another host or scheme (the emulator's `publicUrl` points elsewhere) are refused
 *   by Execution → Download, and the refusal names the link without its SAS signature;
 * - builder-mode values that try to break out of the query stay one literal (the emulator parses what
 *   it received); a name given by expression that is not a plain name is refused before sending;
 * - no client secret, password, access token or SAS signature in the run data of these workflows or in
 *   any n8n log of this e2e run so far (test/e2e/.work/logs).
 *
 * Forged, foreign-secret and replayed callbacks in a started n8n are checked by the chaos run
 * (test/chaos, `npm run test:chaos`) and by test/integration/security.test.js.
 */
const path = require('node:path');
const n8n = require('./lib/n8n');
const emuClient = require('./lib/emulator-client');
const T = require('./lib/triggers');
const W = require('./lib/workflows');
const leaks = require('../fixtures/leaks');
const { clientCredentialsData } = require('../fixtures/credentials');
const { startCaptureServer, startRedirectingProxy } = require('../fixtures/otherHosts');
const { startEmulator, DEFAULTS } = require(path.join(__dirname, '..', '..', 'emulator'));
const { parseQuery } = require(path.join(__dirname, '..', '..', 'emulator', 'query'));
const { CMP_DATASETS } = require(path.join(__dirname, '..', '..', 'emulator', 'datasets'));

const CRED = { id: 'e2eSecurityCc001', name: 'PC client credentials (security)' };
/** Same identity, but the API base URL is a proxy whose file links redirect to another host. */
const CRED_PROXY = {
	id: 'e2eSecurityCc002',
	name: 'PC client credentials (security, redirecting proxy)',
};
const WF = {
	links: 'e2eSecLinks',
	redirect: 'e2eSecRedirect',
	builder: 'e2eSecBuilder',
	names: 'e2eSecNames',
};
const connection = W.CMP_CONNECTION;
const VALUES = [
	"' OR 1=1 --",
	"x' OR CustomerCountry = 'US",
	"O'Brien",
	"line one\nAND OrderStatus = 'Active'",
	"'; DROP TABLE ISVOrder; --",
];

let emu;
let reportId;
let proxy;
let capture;
const runTexts = [];

const withError = (node) => ({ ...node, onError: 'continueRegularOutput' });

/** A Create Query node in builder mode on ISVOrder that goes on with an error item when it fails. */
const createQueryNode = (parameters) =>
	withError(
		W.pcaNode(
			'Create Query',
			{
				...connection,
				resource: 'query',
				operation: 'create',
				querySource: 'builder',
				queryDataset: 'ISVOrder',
				queryTimespan: 'LAST_MONTH',
				...parameters,
			},
			CRED,
			[440, 0],
		),
	);

const setPublicUrl = (publicUrl) => emuClient.setConfig(emu, { publicUrl });

async function execute(id) {
	const result = await n8n.executeWorkflow(id);
	runTexts.push({
		source: `n8n execute ${id}`,
		text: `${result.res.stdout}\n${result.res.stderr}`,
	});
	return result;
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url));
	reportId = (
		await T.createRecurringReport(emuClient, emu, token, '/insights/v1.1/cmp', {
			name: 'e2e security links',
			queryId: W.SYSTEM_QUERY_ID,
		})
	).reportId;
	emu.runExecution(reportId, { rowCount: 4 });

	// A host the node must not fetch from, and a proxy in front of the emulator whose /_files/ links
	// answer 302 to that host.
	capture = await startCaptureServer();
	proxy = await startRedirectingProxy(emu.url, `${capture.url}/elsewhere`);

	await n8n.importCredentials([
		{ ...CRED, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) },
		{
			...CRED_PROXY,
			type: 'partnerCenterClientCredentialsApi',
			data: clientCredentialsData(emu.url, { apiBaseUrl: proxy.url }),
		},
	]);
	await n8n.importWorkflow([
		...[
			[WF.links, 'e2e security: download links', CRED],
			[WF.redirect, 'e2e security: redirected download link', CRED_PROXY],
		].map(([id, name, credential]) =>
			W.chain(id, name, [
				W.manualTrigger(),
				withError(
					W.pcaNode(
						'Download',
						{
							...connection,
							resource: 'execution',
							operation: 'download',
							reportId: { __rl: true, mode: 'id', value: reportId },
						},
						credential,
					),
				),
			]),
		),
		W.chain(WF.builder, 'e2e security: builder values', [
			W.manualTrigger(),
			W.codeItems(
				'Values',
				VALUES.map((v) => ({ v })),
			),
			createQueryNode({
				name: '={{ "Security builder " + $itemIndex }}',
				queryColumns: ['OrderId', 'CustomerCompanyName'],
				queryFilters: {
					filter: [{ column: 'CustomerCompanyName', operator: 'equals', value: '={{ $json.v }}' }],
				},
			}),
		]),
		W.chain(WF.names, 'e2e security: names by expression', [
			W.manualTrigger(),
			W.codeItems('Names', [
				{ c: 'OrderId FROM ISVOrder --' },
				{ c: "CustomerCountry = 'US' OR OrderId" },
			]),
			createQueryNode({ name: 'Security names', queryColumns: '={{ [$json.c] }}' }),
		]),
	]);
}, 300_000);

afterAll(async () => {
	if (proxy) await proxy.close();
	if (capture) await capture.close();
	if (emu) await emu.stop();
});

describe('download links to another host or scheme', () => {
	test.each([['http://evil.example'], ['ftp://127.0.0.1:21']])(
		'a link on %s is refused, named without its signature',
		async (publicUrl) => {
			await setPublicUrl(publicUrl);
			const downloadsBefore = emu.state.stats.downloads;
			try {
				const result = await execute(WF.links);
				const [item] = result.nodes.Download || [];
				expect(item).toBeDefined();
				expect(String(item.error)).toMatch(/download link that is not https .*it was not followed/);
				expect(String(item.error)).toContain(`${publicUrl}/_files/`);
				expect(JSON.stringify(result.run)).not.toMatch(/[?&]sig=/);
				expect(emu.state.stats.downloads).toBe(downloadsBefore);
			} finally {
				await setPublicUrl(null);
			}
		},
	);

	/** Runs the download through the redirecting proxy: { item, hits } */
	async function redirected() {
		await setPublicUrl(proxy.url);
		capture.hits.length = 0;
		try {
			const result = await execute(WF.redirect);
			return { item: (result.nodes.Download || [])[0] || {}, hits: capture.hits.slice() };
		} finally {
			await setPublicUrl(null);
		}
	}

	test('a redirect of the link to another host never carries credentials', async () => {
		const { hits } = await redirected();
		expect(hits.filter((h) => h.authorization !== null)).toEqual([]);
	});

	// openLink disables redirects and refuses any 3xx, so a redirect off the checked host is never fetched.
	test('a redirect of the link to a plain-http foreign host is refused, not followed', async () => {
		const { item, hits } = await redirected();
		expect({
			fetchedFromOtherHost: hits.length,
			refused: /not https|redirect/i.test(String(item.error || '')),
		}).toEqual({
			fetchedFromOtherHost: 0,
			refused: true,
		});
	});

	test('the link on the configured API base URL is followed (control)', async () => {
		const result = await execute(WF.links);
		const [item] = result.nodes.Download || [];
		expect(item).toMatchObject({ reportId, rowCount: 4 });
		expect(item.error).toBeUndefined();
	});
});

describe('builder values cannot break out of the query', () => {
	test('each value stays one literal of one filter in what Partner Center receives', async () => {
		const before = emu.state.stats.queriesReceived.length;
		const result = await execute(WF.builder);
		const sent = emu.state.stats.queriesReceived.slice(before);
		expect((result.nodes['Create Query'] || []).filter((i) => i.error)).toEqual([]);
		expect(sent.map((text) => parseQuery(text, CMP_DATASETS).filters)).toEqual(
			VALUES.map((v) => [{ column: 'CustomerCompanyName', op: '=', values: [v] }]),
		);
	});

	test('a column name given by expression that is not a plain name is refused before sending', async () => {
		const before = emu.state.stats.queriesReceived.length;
		const result = await execute(WF.names);
		const items = result.nodes['Create Query'] || [];
		expect(items).toHaveLength(2);
		for (const item of items)
			expect(String(item.error)).toMatch(/cannot be built: Invalid column name/);
		expect(emu.state.stats.queriesReceived.length).toBe(before);
	});
});

test('no client secret, password, access token or SAS signature in run data or any n8n log of this run', () => {
	const secrets = leaks.secretsFrom(emu);
	const files = leaks.scanFiles([path.join(n8n.WORK_DIR, 'logs')], secrets);
	const findings = [...files.findings, ...leaks.scanTexts(runTexts, secrets)].filter(
		(f) => f.kind !== 'callback secret',
	);
	process.stdout.write(
		`  scanned ${files.files} log files (${files.bytes} bytes) and ${runTexts.length} runs: ${findings.length} findings\n`,
	);
	expect(findings).toEqual([]);
});
