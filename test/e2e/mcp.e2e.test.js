'use strict';
/**
 * examples/marketplace-mcp-server.json (issue 22) in a REAL n8n 2.40.7 with the packed package: the
 * workflow active, an MCP client of the official SDK (@modelcontextprotocol/sdk, streamable HTTP at
 * `{n8n}/mcp/{path}`, bearer token) against the in-process emulator.
 *
 * - Both AI examples resolve against the node types the running n8n serves (lib/workflow-check.js).
 * - tools/list: the five tools with the descriptions of tool/descriptions.ts and input schemas that
 *   name the $fromAI arguments with their types. One answer is printed and saved in the work folder.
 * - Describe Dataset answers the emulator's columns and an example query; Test Query with that query
 *   answers the emulator's rows (compared with the test's own call to the emulator), a query with a
 *   mistake answers the checker's position and suggestion, and nothing of it reaches the emulator.
 * - Run Query reads a run-once report of FILE_ROWS rows as rows: the answer carries 50, the total
 *   and a note; List Report Executions with an argument that is no report ID answers what is wrong.
 * - A client without the token, or with a wrong one, is refused.
 *
 * Run through test/e2e/run.sh (`bash test/e2e/run.sh mcp`).
 */
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const {
	StreamableHTTPClientTransport,
} = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const n8n = require('./lib/n8n');
const T = require('./lib/triggers');
const emulator = require('./lib/emulator');
const emuClient = require('./lib/emulator-client');
const ex = require('./lib/examples');
const { fetchNodeTypes, checkWorkflow } = require('./lib/workflow-check');
const { TOOL_SPECS } = require('../../dist/nodes/PartnerCenterAnalytics/tool/descriptions');

const FILE = 'marketplace-mcp-server.json';
const AGENT_FILE = 'ask-marketplace-agent.json';
const TOKEN = `mcp-e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
const FILE_ROWS = 120;
const MISTAKE = 'SELECT OfferNam, CustomerCountry, Quantity FROM ISVOrder TIMESPAN LAST_MONTH';

let emu;
let h;
let example;
let mcpUrl;
const clients = [];

/** An SDK client connected to the example's MCP server, with these HTTP headers. */
async function connect(headers) {
	const client = new Client({ name: 'partner-center-e2e', version: '1.0.0' });
	const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
		requestInit: { headers },
	});
	await client.connect(transport);
	clients.push(client);
	return client;
}

/** The JSON of a tool's text answer (n8n answers the tool's output items as a JSON array). */
function answerOf(result) {
	expect(result.isError).toBeFalsy();
	const text = result.content.find((c) => c.type === 'text').text;
	return JSON.parse(text);
}

const testQueryRequests = () =>
	emu.state.requests
		.filter((r) => /testqueryresult/i.test(r.path))
		.map((r) => decodeURIComponent(r.path));

beforeAll(async () => {
	example = ex.loadExample(FILE);
	// Report files of FILE_ROWS rows: more than a tool answer carries (50).
	emu = await emulator.startEmulator({ port: 0, defaultRowCount: FILE_ROWS });
	n8n.addSecrets(emulator.DEFAULTS.clientSecret, TOKEN);
	const userFolder = n8n.cloneUserFolder('mcp-server');
	const trigger = ex.nodeOfType(example, '@n8n/n8n-nodes-langchain.mcpTrigger');
	await n8n.importCredentials(
		[
			{
				...ex.credentialRef([example], 'partnerCenterClientCredentialsApi'),
				type: 'partnerCenterClientCredentialsApi',
				data: emulator.clientCredentialsData(emu.url),
			},
			{ ...trigger.credentials.httpBearerAuth, type: 'httpBearerAuth', data: { token: TOKEN } },
		],
		{ userFolder },
	);
	await n8n.importWorkflow(example, { userFolder });
	h = await n8n.startN8n({ userFolder, webhookUrl: true });
	await n8n.loginOwner(h);
	await T.activateWorkflow(h, example.id);
	mcpUrl = `${h.url}/mcp/${trigger.parameters.path}`;
}, 300_000);

afterAll(async () => {
	for (const client of clients) await client.close().catch(() => {});
	await n8n.stopN8n(h);
	if (emu) await emu.stop();
});

test('both AI examples resolve against the node types this n8n serves', async () => {
	const types = await fetchNodeTypes(h);
	expect(checkWorkflow(example, types)).toEqual([]);
	expect(checkWorkflow(ex.loadExample(AGENT_FILE), types)).toEqual([]);
});

test('tools/list: every tool with its description and an input schema of its arguments', async () => {
	const client = await connect({ authorization: `Bearer ${TOKEN}` });
	const { tools } = await client.listTools();
	const printed = JSON.stringify({ tools }, null, 2);
	console.log(`tools/list answer of ${mcpUrl}:\n${printed}`);
	fs.writeFileSync(path.join(n8n.WORK_DIR, 'mcp-tools-list.json'), `${printed}\n`);

	expect(tools.map((t) => t.name).sort()).toEqual(
		TOOL_SPECS.map((s) => s.nodeName.replace(/ /g, '_')).sort(),
	);
	for (const spec of TOOL_SPECS) {
		const tool = tools.find((t) => t.name === spec.nodeName.replace(/ /g, '_'));
		expect(tool.description).toBe(spec.description);
		expect(tool.inputSchema.type).toBe('object');
		const properties = tool.inputSchema.properties || {};
		expect(Object.keys(properties).sort()).toEqual(spec.arguments.map((a) => a.key).sort());
		for (const argument of spec.arguments) {
			expect(properties[argument.key].type).toBe(argument.type);
			expect(properties[argument.key].description).toBe(argument.description);
		}
		expect(tool.inputSchema.required || []).toEqual(
			expect.arrayContaining(spec.arguments.map((a) => a.key)),
		);
	}
}, 120_000);

test('Describe Dataset, then Test Query with a valid and with an invalid query', async () => {
	const client = await connect({ authorization: `Bearer ${TOKEN}` });

	const [dataset] = answerOf(
		await client.callTool({ name: 'Describe_Dataset', arguments: { datasetName: 'ISVOrder' } }),
	);
	const token = await emuClient.getToken(emu, emulator.clientCredentialsData(emu.url));
	const emulated = (
		await emuClient.listAll(emu, token, '/insights/v1.1/cmp/ScheduledDataset')
	).find((d) => d.datasetName === 'ISVOrder');
	expect(dataset.selectableColumns).toEqual(emulated.selectableColumns);
	expect(dataset.availableDateRanges).toEqual(emulated.availableDateRanges);
	expect(dataset.exampleQuery).toMatch(/^SELECT .+ FROM ISVOrder TIMESPAN LAST_MONTH$/);

	const sentBefore = testQueryRequests().length;
	const [valid] = answerOf(
		await client.callTool({ name: 'Test_Query', arguments: { query: dataset.exampleQuery } }),
	);
	const direct = await emuClient.apiRequest(
		emu,
		token,
		'GET',
		`/insights/v1.1/cmp/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent(dataset.exampleQuery)}`,
	);
	expect(direct.status).toBe(200);
	const directRows = direct.json.value;
	expect(directRows.length).toBeGreaterThan(0);
	expect(valid.totalRows).toBe(directRows.length);
	expect(valid.rows).toEqual(directRows.slice(0, valid.returnedRows));

	const [refused] = answerOf(
		await client.callTool({ name: 'Test_Query', arguments: { query: MISTAKE } }),
	);
	console.log(`Test_Query with a mistake answered: ${JSON.stringify(refused)}`);
	expect(refused.error).toMatch(/^The query is not valid\. Line 1, column 8: /);
	expect(refused.error).toContain('OfferName');
	expect(refused.nextStep).toMatch(/correct the query/i);
	// The valid query went out once (plus the test's own call); the refused one never did.
	const sent = testQueryRequests().slice(sentBefore);
	expect(sent).toHaveLength(2);
	expect(sent.some((p) => p.includes('OfferNam,'))).toBe(false);
}, 180_000);

test('Run Query: a run-once report read as rows, at most 50 with the total; its temporary report and query are gone', async () => {
	const client = await connect({ authorization: `Bearer ${TOKEN}` });
	const query = 'SELECT OfferName, CustomerCountry, Quantity FROM ISVOrder TIMESPAN LAST_MONTH';
	const [answer] = answerOf(
		await client.callTool({ name: 'Run_Query', arguments: { query } }, undefined, {
			timeout: 240_000,
		}),
	);
	console.log(
		`Run_Query answered ${answer.returnedRows} of ${answer.totalRows} rows; note: ${answer.note}`,
	);
	expect(answer.totalRows).toBe(FILE_ROWS);
	expect(answer.returnedRows).toBe(50);
	expect(answer.rows).toHaveLength(50);
	for (const row of answer.rows)
		expect(Object.keys(row).sort()).toEqual(['CustomerCountry', 'OfferName', 'Quantity']);
	expect(answer.note).toBe(
		`Only the first 50 of ${FILE_ROWS} rows are shown. Narrow the query (WHERE, fewer columns, LIMIT) to see the others.`,
	);
	expect(emu.state.cmp.reports.size).toBe(0);
}, 300_000);

test('List Report Executions with an argument that is not a report ID: an answer naming it, not a failed call', async () => {
	const client = await connect({ authorization: `Bearer ${TOKEN}` });
	const result = await client.callTool({
		name: 'List_Report_Executions',
		arguments: { reportId: 'last month' },
	});
	const [answer] = answerOf(result);
	console.log(`List_Report_Executions with a bad ID answered: ${JSON.stringify(answer)}`);
	expect(answer.error).toMatch(/report/i);
	expect(answer.nextStep).toBeDefined();
	expect(JSON.stringify(answer)).not.toMatch(/from the list/);
}, 120_000);

test('a client without the token, or with a wrong one, is refused', async () => {
	// n8n answers 403 "Authorization data is wrong!" (401 when the header is missing); the SDK's
	// error carries the HTTP status as its code.
	for (const headers of [{}, { authorization: 'Bearer not-the-token' }]) {
		const refused = await connect(headers).then(
			() => undefined,
			(error) => error,
		);
		expect(refused).toBeInstanceOf(Error);
		expect(refused.message).toMatch(/Authorization/);
		expect([401, 403]).toContain(refused.code);
	}
	const plain = await fetch(mcpUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
		body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
	});
	expect([401, 403]).toContain(plain.status);
}, 120_000);
