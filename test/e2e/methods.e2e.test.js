'use strict';
/**
 * REST guard for the editor's lists: every loadOptions / listSearch method that any property of any
 * of our node types names (typeOptions.loadOptionsMethod, resource-locator modes' searchListMethod,
 * inside collections and fixedCollections too) exists on that node type and answers, on each of the
 * three API paths, through n8n's own endpoints — the ones the editor calls:
 *   POST /rest/dynamic-node-parameters/options                   { nodeTypeAndVersion, path, methodName, currentNodeParameters, credentials }
 *   POST /rest/dynamic-node-parameters/resource-locator-results  (the same, plus filter)
 * A node that names a method it does not have ("has no listSearch method named …") fails here.
 */
const n8n = require('./lib/n8n');
const emuClient = require('./lib/emulator-client');
const { startEmulator, clientCredentialsData } = require('./lib/emulator');
const { PROGRAMS, listMethods, ourNodeTypes, seedLists } = require('./lib/lists');

const CREDENTIAL_TYPE = 'partnerCenterClientCredentialsApi';

let emu;
let server;
let credential;
let nodeTypes;
let methods;
let seeded;
/** Per program: a dataset with columns, and its first column, for the builder's lists. */
const builder = {};

beforeAll(async () => {
	emu = await startEmulator({ port: 0, host: '127.0.0.1' });
	seeded = await seedLists(emu);
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');
	for (const { base } of PROGRAMS) {
		const datasets = await emuClient.listAll(emu, token, `${base}/ScheduledDataset`);
		const dataset =
			datasets.find(
				(d) => (d.selectableColumns || []).length && (d.availableMetrics || []).length,
			) || datasets[0];
		builder[base] = { dataset: dataset.datasetName, column: dataset.selectableColumns[0] };
	}

	server = await n8n.startN8n();
	await n8n.loginOwner(server);
	const created = await server.rest('POST', '/rest/credentials', {
		name: 'Partner Center (methods guard)',
		type: CREDENTIAL_TYPE,
		data: clientCredentialsData(emu.url),
	});
	if (created.status !== 200)
		throw new Error(
			`creating the credential: HTTP ${created.status} ${created.text.slice(0, 300)}`,
		);
	const { id, name } = created.json.data || created.json;
	credential = { [CREDENTIAL_TYPE]: { id, name } };
	nodeTypes = await ourNodeTypes(server);
	// One call per node type, method and parameter path (several operations share e.g. `queryId`).
	methods = listMethods(nodeTypes).filter(
		(m, i, all) =>
			all.findIndex(
				(o) =>
					o.nodeType === m.nodeType &&
					o.method === m.method &&
					o.path === m.path &&
					o.kind === m.kind,
			) === i,
	);
});

afterAll(async () => {
	await n8n.stopN8n(server);
	if (emu) await emu.stop();
});

/** What the editor sends for a list of `entry` on `program`, with the builder's fields filled in. */
function requestBody(entry, program, extra = {}) {
	const nodeType = nodeTypes.find((t) => t.name === entry.nodeType);
	const version = Array.isArray(nodeType.version)
		? Math.max(...nodeType.version)
		: nodeType.version;
	const { dataset, column } = builder[program.base];
	return {
		nodeTypeAndVersion: { name: entry.nodeType, version },
		path: entry.path,
		methodName: entry.method,
		credentials: credential,
		currentNodeParameters: {
			authentication: 'clientCredentials',
			...program.parameters,
			querySource: 'builder',
			queryDataset: dataset,
			queryColumns: [column],
			queryFilters: { filter: [{ column, operator: 'notEquals', value: 'x' }] },
		},
		...extra,
	};
}

async function callList(entry, program, extra) {
	const endpoint = entry.kind === 'listSearch' ? 'resource-locator-results' : 'options';
	const r = await server.rest(
		'POST',
		`/rest/dynamic-node-parameters/${endpoint}`,
		requestBody(entry, program, extra),
	);
	const where = `${entry.nodeType.split('.').pop()} ${entry.kind} "${entry.method}" (${entry.path}) on ${program.label}`;
	if (r.status !== 200)
		throw new Error(`${where}: HTTP ${r.status} ${n8n.redact(r.text.slice(0, 500))}`);
	const data = r.json && r.json.data;
	const results = entry.kind === 'listSearch' ? data && data.results : data;
	if (!Array.isArray(results))
		throw new Error(`${where}: no list in the answer: ${n8n.redact(r.text.slice(0, 500))}`);
	return results;
}

test('the descriptions name lists in each of our node types, and n8n serves them all', () => {
	// The action node is usable as a tool: n8n serves its Tool variant too, with the same lists.
	expect(nodeTypes.map((t) => t.name.split('.').pop()).sort()).toEqual([
		'partnerCenterAnalytics',
		'partnerCenterAnalyticsPollTrigger',
		'partnerCenterAnalyticsTool',
		'partnerCenterAnalyticsTrigger',
	]);
	const byNode = (name) =>
		new Set(
			methods.filter((m) => m.nodeType.endsWith(`.${name}`)).map((m) => `${m.kind}:${m.method}`),
		);
	// The walk must find what we know is there (a walk that finds nothing would pass every test below).
	expect([...byNode('partnerCenterAnalytics')]).toEqual(
		expect.arrayContaining([
			'loadOptions:getDatasets',
			'loadOptions:getDatasetFields',
			'loadOptions:getBuiltQuery',
			'listSearch:searchQueries',
			'listSearch:searchReports',
		]),
	);
	expect([...byNode('partnerCenterAnalyticsTrigger')]).toEqual(
		expect.arrayContaining(['loadOptions:getReports', 'listSearch:searchQueries']),
	);
	expect([...byNode('partnerCenterAnalyticsPollTrigger')]).toEqual(
		expect.arrayContaining(['loadOptions:getReports']),
	);
	// Inside a fixedCollection (the builder's filter column) too.
	expect(
		methods.some((m) => m.path === 'queryFilters.filter.column' && m.method === 'getDatasetFields'),
	).toBe(true);
});

test('every named method exists on its node type and answers on every program, through n8n', async () => {
	const failures = [];
	const answered = [];
	for (const program of PROGRAMS) {
		for (const entry of methods) {
			try {
				const results = await callList(entry, program);
				answered.push({ entry, program, results });
			} catch (e) {
				failures.push(e.message);
			}
		}
	}
	expect(failures).toEqual([]);

	// What they answer is what the emulator holds.
	for (const { entry, program, results } of answered) {
		const mine = seeded[program.base];
		const values = results.map((o) => o.value);
		const where = `${entry.nodeType.split('.').pop()} ${entry.method} (${entry.path}) on ${program.label}`;
		switch (entry.method) {
			case 'getDatasets':
				expect({ where, has: values.includes(builder[program.base].dataset) }).toEqual({
					where,
					has: true,
				});
				break;
			case 'getDatasetColumns':
			case 'getDatasetFields':
				expect({ where, has: values.includes(builder[program.base].column) }).toEqual({
					where,
					has: true,
				});
				break;
			case 'getReports':
			case 'searchReports':
				expect({ where, has: values.includes(mine.reportId) }).toEqual({ where, has: true });
				break;
			case 'searchQueries':
				expect({
					where,
					mine: values.includes(mine.queryId),
					system: values.includes(mine.systemQuery.queryId),
				}).toEqual({ where, mine: true, system: true });
				break;
			case 'getBuiltQuery':
				expect({ where, name: results[0] && results[0].name }).toEqual({
					where,
					name: `SELECT ${builder[program.base].column} FROM ${builder[program.base].dataset} WHERE ${builder[program.base].column} != 'x'`,
				});
				break;
			default:
				// A new list: it answered (above); say what it should hold here.
				break;
		}
	}
});

test('searchable lists filter by what is typed', async () => {
	const program = PROGRAMS[0];
	const mine = seeded[program.base];
	for (const entry of methods.filter((m) => m.kind === 'listSearch')) {
		const results = await callList(entry, program, { filter: 'UI lists' });
		const expected = entry.method === 'searchReports' ? mine.reportId : mine.queryId;
		// (Both commercial marketplace versions see the same queries: the v1 one matches too.)
		expect({
			method: entry.method,
			has: results.map((o) => o.value).includes(expected),
			others: results.filter((o) => !/UI lists/.test(o.name)),
		}).toEqual({
			method: entry.method,
			has: true,
			others: [],
		});
	}
});
