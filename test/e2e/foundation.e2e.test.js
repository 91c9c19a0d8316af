'use strict';
/**
 * Foundation e2e tests: the packed package installed as a community package in a REAL n8n 2.40.7,
 * talking to the in-process Partner Center emulator.
 * Run through test/e2e/run.sh (`npm run test:e2e`), which prepares the n8n user folder.
 */
const n8n = require('./lib/n8n');
const emuClient = require('./lib/emulator-client');
const { pcaNode, manualTrigger, codeItems, chain } = require('./lib/workflows');
const { startEmulator, DEFAULTS, clientCredentialsData, passwordData } = require('./lib/emulator');
const { assertNoSecret } = require('../fixtures/secrets');

const { assertSucceeded } = n8n;

let emu;
/** Expected dataset names per program/version, as the emulator serves them. */
const expected = {};
/** Every secret the tests use; no assertion message or log line of ours may contain them. */
const SECRETS = [];

const CRED = {
	ccA: { id: 'e2eCcDatasets01', name: 'PC client credentials (datasets)' },
	pwA: { id: 'e2ePwDatasets01', name: 'PC delegated user (datasets)' },
	ccB: { id: 'e2eCcTokenReuse1', name: 'PC client credentials (token reuse)' },
	ccC: { id: 'e2eCcFaults0001', name: 'PC client credentials (faults)' },
};

const WF = {
	cmpV11: 'e2eDsCmpV11',
	cmpV1: 'e2eDsCmpV1',
	mpn: 'e2eDsMpn',
	get200: 'e2eDsGet200',
	get100: 'e2eDsGet100Faults',
};

function okCalls(stats) {
	const byStatus = (stats.apiCalls && stats.apiCalls.byStatus) || {};
	return Object.entries(byStatus)
		.filter(([code]) => Number(code) >= 200 && Number(code) < 300)
		.reduce((sum, [, n]) => sum + n, 0);
}

/** faultsInjected is { total, '5xx', '429', reset, … } (or a plain number). */
function faultsTotal(stats) {
	const f = stats.faultsInjected;
	return typeof f === 'number' ? f : (f && f.total) || 0;
}

function statsSummary(stats) {
	return JSON.stringify({
		tokenRequests: stats.tokenRequests,
		apiCalls: stats.apiCalls,
		faultsInjected: stats.faultsInjected,
	});
}

/** `count` items cycling through `names`: [{ datasetName, n }]. */
function datasetItems(names, count) {
	return Array.from({ length: count }, (_, n) => ({ datasetName: names[n % names.length], n }));
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	SECRETS.push(DEFAULTS.clientSecret, DEFAULTS.password);
	n8n.addSecrets(SECRETS);

	// What the emulator serves, fetched with the test's own tokens.
	const appToken = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');
	const userToken = await emuClient.getToken(emu, passwordData(emu.url), 'password');
	for (const [key, token, p] of [
		['cmpV11', appToken, '/insights/v1.1/cmp/ScheduledDataset'],
		['cmpV1', appToken, '/insights/v1/cmp/ScheduledDataset'],
		['mpn', userToken, '/insights/v1/mpn/ScheduledDataset'],
	]) {
		expected[key] = await emuClient.listAll(emu, token, p);
		if (expected[key].length === 0) throw new Error(`the emulator serves no datasets at ${p}`);
	}

	await n8n.importCredentials([
		{ ...CRED.ccA, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) },
		{ ...CRED.pwA, type: 'partnerCenterPasswordApi', data: passwordData(emu.url) },
		{ ...CRED.ccB, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) },
		{ ...CRED.ccC, type: 'partnerCenterClientCredentialsApi', data: clientCredentialsData(emu.url) },
	]);

	const cmpNames = expected.cmpV11.map(emuClient.datasetNameOf);
	const getAll = (program, apiVersion, authentication) => ({
		authentication,
		program,
		...(apiVersion ? { apiVersion } : {}),
		resource: 'dataset',
		operation: 'getAll',
		returnAll: true,
	});
	const getOne = { authentication: 'clientCredentials', program: 'commercialMarketplace', apiVersion: 'v1.1', resource: 'dataset', operation: 'get', datasetName: '={{ $json.datasetName }}' };
	await n8n.importWorkflow([
		chain(WF.cmpV11, 'e2e datasets cmp v1.1', [manualTrigger(), pcaNode('Partner Center Analytics', getAll('commercialMarketplace', 'v1.1', 'clientCredentials'), CRED.ccA)]),
		chain(WF.cmpV1, 'e2e datasets cmp v1', [manualTrigger(), pcaNode('Partner Center Analytics', getAll('commercialMarketplace', 'v1', 'clientCredentials'), CRED.ccA)]),
		chain(WF.mpn, 'e2e datasets mpn', [manualTrigger(), pcaNode('Partner Center Analytics', getAll('partnerInsights', undefined, 'password'), CRED.pwA)]),
		chain(WF.get200, 'e2e 200 dataset gets', [manualTrigger(), codeItems('Items', datasetItems(cmpNames, 200)), pcaNode('Partner Center Analytics', getOne, CRED.ccB)]),
		chain(WF.get100, 'e2e 100 dataset gets under faults', [manualTrigger(), codeItems('Items', datasetItems(cmpNames, 100)), pcaNode('Partner Center Analytics', getOne, CRED.ccC)]),
	]);
});

afterAll(async () => {
	if (emu) {
		await emuClient.setFaults(emu, {}).catch(() => {});
		await emu.stop();
	}
});

describe('Dataset → Get Many returns what the emulator serves', () => {
	test.each([
		['commercial marketplace v1.1 (client credentials)', 'cmpV11'],
		['commercial marketplace v1 (client credentials)', 'cmpV1'],
		['partner insights (delegated user)', 'mpn'],
	])('%s', async (_label, key) => {
		const result = await n8n.executeWorkflow(WF[key]);
		assertSucceeded(result);
		const items = result.nodes['Partner Center Analytics'];
		const want = expected[key];
		expect(items.map((j) => j.datasetName).sort()).toEqual(want.map(emuClient.datasetNameOf).sort());
		// The dataset objects themselves, not just the names.
		const byName = new Map(items.map((j) => [j.datasetName, j]));
		for (const ds of want) {
			const got = byName.get(emuClient.datasetNameOf(ds));
			const cols = Object.entries(ds).find(([k]) => k.toLowerCase() === 'selectablecolumns');
			if (cols) expect(got.selectableColumns).toEqual(cols[1]);
		}
	});
});

describe('one token per credential, reused across calls', () => {
	const names = () => datasetItems(expected.cmpV11.map(emuClient.datasetNameOf), 200).map((i) => i.datasetName);

	/** Runs the 200 gets (emulator stats reset first): right items, exactly one token, 200 good API calls. */
	async function expectOneTokenFor200Gets() {
		await emuClient.resetStats(emu);
		const result = await n8n.executeWorkflow(WF.get200);
		assertSucceeded(result);
		expect(result.nodes['Partner Center Analytics'].map((j) => j.datasetName)).toEqual(names());
		const stats = await emuClient.stats(emu);
		process.stdout.write(`  ${expect.getState().currentTestName}: ${statsSummary(stats)}\n`);
		expect({ tokenRequests: stats.tokenRequests.total, okApiCalls: okCalls(stats), summary: statsSummary(stats) }).toMatchObject({
			tokenRequests: 1,
			okApiCalls: 200,
		});
	}

	test('200 Dataset → Get calls in one execution ask for exactly one token', async () => {
		await expectOneTokenFor200Gets();
	});

	test('after the emulator expires all tokens, the next run asks for exactly one new token', async () => {
		await emuClient.expireTokens(emu);
		await expectOneTokenFor200Gets();
	});
});

describe('resilience', () => {
test('under 30% injected faults (5xx, 429, connection reset) a 100-call run still returns correct results', async () => {
	await emuClient.resetStats(emu);
	await emuClient.setFaults(emu, { rate: 0.3, kinds: ['5xx', '429', 'reset'], retryAfterSeconds: 1, seed: 42 });
	let result;
	try {
		result = await n8n.executeWorkflow(WF.get100);
	} finally {
		await emuClient.setFaults(emu, {});
	}
	const stats = await emuClient.stats(emu);
	if (!result.ok) {
		throw new Error(`${statsSummary(stats)}\n${(() => { try { assertSucceeded(result); } catch (e) { return e.message; } return ''; })()}`);
	}
	const want = datasetItems(expected.cmpV11.map(emuClient.datasetNameOf), 100).map((i) => i.datasetName);
	const items = result.nodes['Partner Center Analytics'];
	expect(items.map((j) => j.datasetName)).toEqual(want);
	const byName = new Map(expected.cmpV11.map((d) => [emuClient.datasetNameOf(d), d]));
	for (const item of items) {
		const cols = Object.entries(byName.get(item.datasetName)).find(([k]) => k.toLowerCase() === 'selectablecolumns');
		if (cols) expect(item.selectableColumns).toEqual(cols[1]);
	}
	process.stdout.write(`  faults run: ${statsSummary(stats)}\n`);
	expect(faultsTotal(stats)).toBeGreaterThan(0);
	// Every kind was hit at least once (seeded, so this is stable), i.e. each kind was retried.
	if (stats.faultsInjected && typeof stats.faultsInjected === 'object') {
		expect({ '5xx': stats.faultsInjected['5xx'] > 0, 429: stats.faultsInjected['429'] > 0, reset: stats.faultsInjected.reset > 0 }).toEqual({ '5xx': true, 429: true, reset: true });
	}
});
});

describe('credential test in a started n8n (POST /rest/credentials/test)', () => {
	let server;
	beforeAll(async () => {
		server = await n8n.startN8n();
		await n8n.loginOwner(server);
	});
	afterAll(async () => {
		await n8n.stopN8n(server);
	});

	const noSecretIn = (text) => assertNoSecret(text, SECRETS, 'a credential test message');

	test('good client credentials and good delegated-user values pass', async () => {
		const cc = await n8n.testCredential(server, 'partnerCenterClientCredentialsApi', clientCredentialsData(emu.url));
		const pw = await n8n.testCredential(server, 'partnerCenterPasswordApi', passwordData(emu.url));
		noSecretIn(cc.message);
		noSecretIn(pw.message);
		// Compare with the message included, so that a failure shows what n8n said.
		expect({ clientCredentials: cc, password: pw }).toEqual({
			clientCredentials: { status: 'OK', message: cc.status === 'OK' ? cc.message : '(any message)' },
			password: { status: 'OK', message: pw.status === 'OK' ? pw.message : '(any message)' },
		});
	});

	test('wrong secret, wrong tenant and wrong resource fail with distinct Entra (AADSTS) messages without the secret', async () => {
		const wrongSecret = 'wrong-secret-e2e-Zq8x';
		SECRETS.push(wrongSecret);
		n8n.addSecrets(wrongSecret);
		const cases = {
			secret: { ...clientCredentialsData(emu.url), clientSecret: wrongSecret },
			tenant: { ...clientCredentialsData(emu.url), tenantId: '00000000-0000-0000-0000-00000000beef' },
			// An unknown resource: Entra answers AADSTS500011. (The legacy https://graph.windows.net
			// still gets a token from Entra; Partner Center then rejects it, see the next test.)
			resource: { ...clientCredentialsData(emu.url), resource: 'https://api.partnercenter.example.com' },
		};
		const results = {};
		for (const [k, data] of Object.entries(cases)) {
			results[k] = await n8n.testCredential(server, 'partnerCenterClientCredentialsApi', data);
		}
		for (const [k, r] of Object.entries(results)) {
			noSecretIn(r.message);
			process.stdout.write(`  credential test, wrong ${k}: ${r.status}: ${r.message}\n`);
			expect({ case: k, status: r.status }).toEqual({ case: k, status: 'Error' });
			expect(r.message).toMatch(/AADSTS\d+/);
		}
		const messages = Object.values(results).map((r) => r.message);
		expect(new Set(messages).size).toBe(messages.length);
		const codes = Object.values(results).map((r) => r.message.match(/AADSTS\d+/)[0]);
		expect(new Set(codes).size).toBe(codes.length);
	});

	test('the legacy resource https://graph.windows.net fails the test with a hint about Resource', async () => {
		const r = await n8n.testCredential(server, 'partnerCenterClientCredentialsApi', {
			...clientCredentialsData(emu.url),
			resource: 'https://graph.windows.net',
		});
		noSecretIn(r.message);
		process.stdout.write(`  credential test, legacy resource: ${r.status}: ${r.message}\n`);
		expect(r.status).toBe('Error');
		expect(r.message).toMatch(/resource/i);
	});
});
