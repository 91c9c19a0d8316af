/**
 * The node as an AI tool (issue 22): what a model reads about each tool, the arguments it fills, the
 * examples that use them, and the compact answers the node gives as a tool.
 */
const fs = require('node:fs');
const path = require('node:path');
const { NodeApiError, NodeOperationError, traverseNodeParameters } = require('n8n-workflow');

const {
	TOOL_SPECS,
	TOOL_ROW_LIMIT,
	TOOL_DESCRIPTION_MAX_LENGTH,
	fromAiExpression,
} = require('../../nodes/PartnerCenterAnalytics/tool/descriptions');
const {
	isToolCall,
	toolAnswer,
	toolErrorAnswer,
	withExampleQuery,
} = require('../../nodes/PartnerCenterAnalytics/tool/answers');
const {
	PartnerCenterAnalytics,
} = require('../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');
const { checkQuery } = require('../../nodes/shared/queryLanguage');
const { CMP_DATASETS, MPN_DATASETS } = require('../../emulator/datasets');

const EDITOR_WORDING = /\bclick|the field above|expression|editor|\bdrag/i;
const TOOL_TYPE = 'n8n-nodes-partner-center-analytics.partnerCenterAnalyticsTool';
const examples = ['ask-marketplace-agent.json', 'marketplace-mcp-server.json'].map((file) => ({
	file,
	workflow: JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8')),
}));
const nodeDescription = new PartnerCenterAnalytics().description;

/** The $fromAI() arguments of a node's parameters, as n8n collects them for the tool's schema. */
function fromAiArguments(parameters) {
	const collected = [];
	traverseNodeParameters(parameters, collected);
	return collected;
}

describe.each(TOOL_SPECS.map((spec) => [`${spec.resource}:${spec.operation}`, spec]))(
	'tool %s',
	(_key, spec) => {
		test('its description is present, within the length limit and speaks to a model', () => {
			expect(spec.description.length).toBeGreaterThan(150);
			expect(spec.description.length).toBeLessThanOrEqual(TOOL_DESCRIPTION_MAX_LENGTH);
			expect(spec.description).not.toMatch(EDITOR_WORDING);
			for (const argument of spec.arguments) expect(spec.description).toContain(argument.key);
		});

		test('it names an operation of the node', () => {
			const selector = nodeDescription.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(spec.resource),
			);
			expect(selector.options.map((o) => o.value)).toContain(spec.operation);
		});

		test('its arguments are $fromAI() calls n8n accepts, with the declared names and types', () => {
			for (const argument of spec.arguments) {
				expect(argument.key).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
				expect(argument.description).not.toMatch(/'/);
				expect(argument.description).not.toMatch(EDITOR_WORDING);
				const [parsed] = fromAiArguments({ value: fromAiExpression(argument) });
				expect(parsed).toEqual({
					key: argument.key,
					description: argument.description,
					type: argument.type,
				});
			}
		});

		test.each(examples.map((e) => [e.file, e.workflow]))(
			'%s offers it with this description and these arguments',
			(_file, workflow) => {
				const node = workflow.nodes.find(
					(n) =>
						n.type === TOOL_TYPE &&
						n.parameters.resource === spec.resource &&
						n.parameters.operation === spec.operation,
				);
				expect(node).toBeDefined();
				expect(node.name).toBe(spec.nodeName);
				expect(node.parameters.descriptionType).toBe('manual');
				expect(node.parameters.toolDescription).toBe(spec.description);
				const keys = fromAiArguments(node.parameters).map((a) => `${a.key}:${a.type}`);
				expect(keys.sort()).toEqual(spec.arguments.map((a) => `${a.key}:${a.type}`).sort());
			},
		);
	},
);

test('the MCP example requires a bearer token', () => {
	const mcp = examples[1].workflow.nodes.find(
		(n) => n.type === '@n8n/n8n-nodes-langchain.mcpTrigger',
	);
	expect(mcp.parameters.authentication).toBe('bearerAuth');
	expect(mcp.credentials.httpBearerAuth).toBeDefined();
});

describe("running as a tool is recognised on both of n8n 2.40's paths", () => {
	const context = (node, toolExecution) => ({
		getNode: () => ({ name: 'Test Query', typeVersion: 1, parameters: {}, ...node }),
		isToolExecution: () => toolExecution,
	});
	const BASE = 'n8n-nodes-partner-center-analytics.partnerCenterAnalytics';

	test.each([
		[
			'the tool variant run by an MCP Server Trigger (tool context)',
			context({ type: TOOL_TYPE }, true),
		],
		[
			'the tool variant run by the AI Agent v3 (engine request)',
			context({ type: TOOL_TYPE, rewireOutputLogTo: 'ai_tool' }, false),
		],
		[
			'a node rewired to an AI tool output',
			context({ type: BASE, rewireOutputLogTo: 'ai_tool' }, false),
		],
	])('%s', (_what, ctx) => expect(isToolCall(ctx)).toBe(true));

	test('an ordinary run is not a tool call', () => {
		expect(isToolCall(context({ type: BASE }, false))).toBe(false);
		expect(isToolCall({ getNode: () => ({ type: BASE }) })).toBe(false);
	});
});

describe('answers as a tool', () => {
	const rows = (n) =>
		Array.from({ length: n }, (_, i) => ({ json: { OfferName: `Offer ${i}`, Quantity: i } }));

	test('rows are capped, with the total and a note when some were left out', () => {
		const [answer, ...rest] = toolAnswer('query', 'test', rows(TOOL_ROW_LIMIT + 13));
		expect(rest).toHaveLength(0);
		expect(answer.json.rows).toHaveLength(TOOL_ROW_LIMIT);
		expect(answer.json.totalRows).toBe(TOOL_ROW_LIMIT + 13);
		expect(answer.json.returnedRows).toBe(TOOL_ROW_LIMIT);
		expect(answer.json.note).toMatch(/Only the first 50 of 63 rows/);
	});

	test('few rows come back whole, without a note', () => {
		const [answer] = toolAnswer('report', 'run', rows(3));
		expect(answer.json).toEqual({
			rows: rows(3).map((r) => r.json),
			returnedRows: 3,
			totalRows: 3,
		});
	});

	test("a report run with Output: File answers the file's JSON, not rows", () => {
		const file = {
			json: { fileName: 'run.csv', rowCount: 120 },
			binary: { data: { data: 'eA==' } },
		};
		expect(toolAnswer('report', 'run', [file])).toEqual([{ json: file.json }]);
	});

	test('other lists are capped too', () => {
		const answer = toolAnswer('execution', 'getAll', rows(70));
		expect(answer).toHaveLength(TOOL_ROW_LIMIT + 1);
		expect(answer.at(-1).json).toMatchObject({ totalEntries: 70, returnedEntries: TOOL_ROW_LIMIT });
	});

	test('the dataset list is a short summary per dataset', () => {
		const answer = toolAnswer(
			'dataset',
			'getAll',
			CMP_DATASETS.map((json) => ({ json })),
		);
		expect(answer).toHaveLength(CMP_DATASETS.length);
		const order = answer.find((a) => a.json.datasetName === 'ISVOrder').json;
		expect(order.columnCount).toBe(
			CMP_DATASETS.find((d) => d.datasetName === 'ISVOrder').selectableColumns.length,
		);
		expect(order).not.toHaveProperty('selectableColumns');
	});

	test.each([...CMP_DATASETS, ...MPN_DATASETS].map((d) => [d.datasetName, d]))(
		'the description of %s carries an example query the checker accepts',
		(_name, dataset) => {
			const described = withExampleQuery(dataset);
			expect(described.exampleQuery).toMatch(new RegExp(`FROM ${dataset.datasetName}\\b`));
			expect(checkQuery(described.exampleQuery, [dataset])).toBeUndefined();
		},
	);

	const node = { name: 'Test Query', type: TOOL_TYPE, typeVersion: 1, parameters: {} };

	test("a refused query is an answer with the checker's position and what to do next", () => {
		const error = new NodeOperationError(
			node,
			'The query is not valid. Line 1, column 8: Unknown column "OfferNam". Did you mean OfferName?',
			{
				description:
					'Fix the query; nothing was sent. … turn off "Check Query Before Sending" under Options.',
			},
		);
		const answer = toolErrorAnswer(error);
		expect(answer.error).toContain('Line 1, column 8');
		expect(answer.error).toContain('Did you mean OfferName?');
		expect(answer.nextStep).toMatch(/correct the query/i);
		expect(JSON.stringify(answer)).not.toMatch(/under Options/);
	});

	test('a Partner Center 4xx is an answer; a 5xx fails the run', () => {
		const api = (httpCode) =>
			new NodeApiError(
				node,
				{ message: 'Bad request' },
				{ httpCode: String(httpCode), message: `HTTP ${httpCode}` },
			);
		expect(toolErrorAnswer(api(400))).toMatchObject({
			httpCode: 400,
			nextStep: expect.any(String),
		});
		expect(toolErrorAnswer(api(403)).nextStep).toMatch(/Tell the user/);
		expect(toolErrorAnswer(api(500))).toBeUndefined();
		expect(toolErrorAnswer(api(503))).toBeUndefined();
	});
});
