'use strict';
/**
 * examples/ask-marketplace-agent.json (issue 22) in a REAL n8n 2.40.7 with the packed package: Chat
 * Trigger → AI Agent → our node's tools, against the in-process emulator. No real model: the OpenAI
 * Chat Model credential's base URL points at a scripted OpenAI-compatible server started here
 * (POST /v1/chat/completions, plain JSON or server-sent events when `stream` is asked). Its script:
 *
 *   1. call Describe_Dataset { datasetName: 'ISVOrder' };
 *   2. read the columns it got, call Test_Query with a misspelt column (OfferNam);
 *   3. read the refusal it got, call Test_Query with the corrected query;
 *   4. read the rows it got, answer with their count and total quantity.
 *
 * It reads each tool result from the messages n8n sends it, so a tool answer that lacks what the
 * script needs fails the test. The test then checks: the tools received well-formed arguments (the
 * execution's tool inputs), the refusal reached the model as a tool result naming line and column,
 * the emulator never received the invalid query (its request log), and the final chat answer carries
 * the emulator's numbers (the test's own call to the emulator). The transcript (every model request's
 * tool calls and results) is printed and saved in the work folder as agent-transcript.json.
 *
 * The example's Chat Trigger is not public (chat from the editor); the copy run here is made public
 * so that its chat webhook can be called: POST {n8n}/webhook/{webhookId}/chat.
 *
 * Run through test/e2e/run.sh (`bash test/e2e/run.sh agent`).
 */
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const n8n = require('./lib/n8n');
const T = require('./lib/triggers');
const emulator = require('./lib/emulator');
const emuClient = require('./lib/emulator-client');
const ex = require('./lib/examples');

const FILE = 'ask-marketplace-agent.json';
const QUESTION = 'How many orders did we get last month, and what was the total quantity?';
const MISTAKE = 'SELECT OfferNam, CustomerCountry, Quantity FROM ISVOrder TIMESPAN LAST_MONTH';
const CORRECTED = 'SELECT OfferName, CustomerCountry, Quantity FROM ISVOrder TIMESPAN LAST_MONTH';
const API_KEY = `sk-e2e-${Date.now()}`;

let emu;
let h;
let model;
let example;

/* ------------------------------------------------------------------ scripted model */

/** The tool results in a conversation, oldest first: { name, content } (name from the call). */
function toolResults(messages) {
	const calls = new Map();
	for (const m of messages) for (const c of m.tool_calls || []) calls.set(c.id, c.function.name);
	return messages
		.filter((m) => m.role === 'tool')
		.map((m) => ({
			name: calls.get(m.tool_call_id),
			content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
		}));
}

/** The model's next step for a conversation: a tool call { name, arguments } or a final text. */
function nextStep(body) {
	const results = toolResults(body.messages);
	const toolNames = (body.tools || []).map((t) => t.function.name);
	const need = (name) => {
		if (!toolNames.includes(name))
			throw new Error(`the model was not offered ${name}: ${toolNames}`);
		return name;
	};
	switch (results.length) {
		case 0:
			return { tool: need('Describe_Dataset'), arguments: { datasetName: 'ISVOrder' } };
		case 1: {
			const [dataset] = JSON.parse(results[0].content);
			if (!dataset.selectableColumns.includes('OfferName'))
				throw new Error(`no OfferName column in ${results[0].content}`);
			return { tool: need('Test_Query'), arguments: { query: MISTAKE } };
		}
		case 2: {
			const [answer] = JSON.parse(results[1].content);
			if (!/Line 1, column 8/.test(answer.error || ''))
				throw new Error(`expected a refusal with its position, got ${results[1].content}`);
			return { tool: need('Test_Query'), arguments: { query: CORRECTED } };
		}
		default: {
			const [answer] = JSON.parse(results.at(-1).content);
			const quantity = answer.rows.reduce((sum, row) => sum + Number(row.Quantity), 0);
			return {
				text: `The sample has ${answer.totalRows} order rows; their total quantity is ${quantity}.`,
			};
		}
	}
}

function completion(step, id) {
	const message = step.text
		? { role: 'assistant', content: step.text }
		: {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: `call_${id}`,
						type: 'function',
						function: { name: step.tool, arguments: JSON.stringify(step.arguments) },
					},
				],
			};
	return {
		id: `chatcmpl-${id}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: 'scripted',
		choices: [{ index: 0, message, finish_reason: step.text ? 'stop' : 'tool_calls' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** The same answer as server-sent chunks, the way OpenAI streams it. */
function chunks(step, id) {
	const base = {
		id: `chatcmpl-${id}`,
		object: 'chat.completion.chunk',
		created: 0,
		model: 'scripted',
	};
	const delta = step.text
		? { role: 'assistant', content: step.text }
		: {
				role: 'assistant',
				tool_calls: [
					{
						index: 0,
						id: `call_${id}`,
						type: 'function',
						function: { name: step.tool, arguments: JSON.stringify(step.arguments) },
					},
				],
			};
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{
			...base,
			choices: [{ index: 0, delta: {}, finish_reason: step.text ? 'stop' : 'tool_calls' }],
		},
	];
}

async function startScriptedModel() {
	const requests = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			const entry = { method: req.method, url: req.url, authorization: req.headers.authorization };
			requests.push(entry);
			if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
				return;
			}
			try {
				const body = JSON.parse(raw);
				entry.body = body;
				const step = nextStep(body);
				entry.step = step;
				const id = requests.length;
				if (body.stream) {
					res.writeHead(200, { 'content-type': 'text/event-stream' });
					for (const chunk of chunks(step, id)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
					res.end('data: [DONE]\n\n');
				} else {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(JSON.stringify(completion(step, id)));
				}
			} catch (error) {
				entry.error = error.message;
				res.writeHead(400, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({ error: { message: error.message, type: 'invalid_request_error' } }),
				);
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/v1`,
		requests,
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}

/* ------------------------------------------------------------------ setup */

beforeAll(async () => {
	example = ex.loadExample(FILE);
	emu = await emulator.startEmulator({ port: 0 });
	model = await startScriptedModel();
	n8n.addSecrets(emulator.DEFAULTS.clientSecret, API_KEY);
	const userFolder = n8n.cloneUserFolder('ask-agent');
	const chatModel = ex.nodeOfType(example, '@n8n/n8n-nodes-langchain.lmChatOpenAi');
	await n8n.importCredentials(
		[
			{
				...ex.credentialRef([example], 'partnerCenterClientCredentialsApi'),
				type: 'partnerCenterClientCredentialsApi',
				data: emulator.clientCredentialsData(emu.url),
			},
			{
				...chatModel.credentials.openAiApi,
				type: 'openAiApi',
				data: { apiKey: API_KEY, url: model.url },
			},
		],
		{ userFolder },
	);
	const runnable = JSON.parse(JSON.stringify(example));
	ex.nodeOfType(runnable, '@n8n/n8n-nodes-langchain.chatTrigger').parameters.public = true;
	await n8n.importWorkflow(runnable, { userFolder });
	h = await n8n.startN8n({ userFolder, webhookUrl: true });
	await n8n.loginOwner(h);
	await T.activateWorkflow(h, example.id);
}, 300_000);

afterAll(async () => {
	await n8n.stopN8n(h);
	if (model) await model.stop();
	if (emu) await emu.stop();
});

test('describe, a refused query, the corrected query, an answer with the emulator numbers', async () => {
	const trigger = ex.nodeOfType(example, '@n8n/n8n-nodes-langchain.chatTrigger');
	const r = await fetch(`${h.url}/webhook/${trigger.webhookId}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId: 'e2e-session', chatInput: QUESTION }),
	});
	const text = await r.text();

	// The transcript: what each model request carried back (tool results) and what the model did.
	const calls = model.requests.filter((q) => q.body);
	const transcript = calls.map((q, i) => ({
		request: i + 1,
		stream: Boolean(q.body.stream),
		toolResultsSoFar: toolResults(q.body.messages),
		modelAnswered: q.step || { error: q.error },
	}));
	fs.writeFileSync(
		path.join(n8n.WORK_DIR, 'agent-transcript.json'),
		`${JSON.stringify({ question: QUESTION, transcript, chatAnswer: text }, null, 2)}\n`,
	);
	console.log(`agent transcript:\n${JSON.stringify(transcript, null, 2)}\nchat answer: ${text}`);

	expect(calls.map((q) => q.error).filter(Boolean)).toEqual([]);
	expect(r.status).toBe(200);
	expect(calls).toHaveLength(4);
	// The model was offered the five tools, each with a description and a schema of its arguments.
	const offered = calls[0].body.tools.map((t) => t.function);
	expect(offered.map((f) => f.name).sort()).toEqual(
		[
			'Describe_Dataset',
			'List_Datasets',
			'List_Report_Executions',
			'Run_Query',
			'Test_Query',
		].sort(),
	);
	const testQuery = offered.find((f) => f.name === 'Test_Query');
	expect(testQuery.description).toMatch(/Pass query/);
	expect(testQuery.parameters.properties.query.type).toBe('string');
	expect(calls[0].authorization).toBe(`Bearer ${API_KEY}`);

	// The refusal reached the model as a tool result naming the position and the fix.
	const refusal = JSON.parse(toolResults(calls[2].body.messages)[1].content)[0];
	expect(refusal.error).toMatch(/^The query is not valid\. Line 1, column 8: .*OfferName/);
	expect(refusal.nextStep).toMatch(/correct the query/i);

	// The emulator never saw the invalid query; it answered the corrected one once.
	const sent = emu.state.requests
		.filter((q) => /testqueryresult/i.test(q.path))
		.map((q) => decodeURIComponent(q.path.replace(/\+/g, ' ')));
	expect(sent).toHaveLength(1);
	expect(sent[0]).toContain(CORRECTED);
	expect(emu.state.requests.filter((q) => q.status >= 400)).toEqual([]);

	// The final answer carries the emulator's numbers (the test's own call for the same query).
	const token = await emuClient.getToken(emu, emulator.clientCredentialsData(emu.url));
	const direct = await emuClient.apiRequest(
		emu,
		token,
		'GET',
		`/insights/v1.1/cmp/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent(CORRECTED)}`,
	);
	const rows = direct.json.value;
	expect(rows.length).toBeGreaterThan(0);
	const quantity = rows.slice(0, 50).reduce((sum, row) => sum + Number(row.Quantity), 0);
	const answer = JSON.parse(text).output;
	expect(answer).toBe(
		`The sample has ${rows.length} order rows; their total quantity is ${quantity}.`,
	);

	// The tools received well-formed arguments: the execution's tool inputs.
	const [execution] = await T.listExecutions(h, example.id);
	const run = await T.getExecution(h, execution.id);
	const inputs = (name) =>
		(run.runData[name] || []).map((task) => task.inputOverride?.ai_tool?.[0]?.[0]?.json);
	expect(inputs('Describe Dataset')).toEqual([{ datasetName: 'ISVOrder' }]);
	expect(inputs('Test Query')).toEqual([{ query: MISTAKE }, { query: CORRECTED }]);
}, 300_000);
