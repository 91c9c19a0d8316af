/**
 * What a language model reads about this node when it runs as a tool (an AI Agent's tool, or a tool
 * an MCP Server Trigger exposes).
 *
 * n8n 2.40 gives a tool either the text of its "Description" parameter (`toolDescription`, with
 * `descriptionType: 'manual'`) or, in automatic mode, "<operation action> in <node name>" (e.g. "Get
 * many datasets in Partner Center Analytics"), which tells a model neither what to pass nor what
 * comes back. `usableAsTool.replacements` only replaces node-level fields (name, description,
 * defaults), not per-operation text. So each tool below carries its own text, meant for
 * `toolDescription`, and the arguments a model fills through `$fromAI()`; the example workflows use
 * both (a unit test keeps them equal to this file).
 *
 * Texts speak to a model, not to an editor user: what the tool answers, what to pass, what comes back
 * and what to call next. Tools refer to each other by what they do, since users may rename nodes.
 */

/** Rows a tool answer carries at most: a bigger answer would fill a model's context window. */
export const TOOL_ROW_LIMIT = 50;

/**
 * The longest tool description allowed here. n8n passes the text as it is (no limit of its own), and
 * every description is sent with every model request; 1,024 characters leaves room for what to
 * pass, what comes back and what to call next, while five tools stay around 1,300 tokens a request.
 */
export const TOOL_DESCRIPTION_MAX_LENGTH = 1024;

export interface ToolArgument {
	/** The `$fromAI` key: the argument name the model sees (letters, digits, `_`, `-`; at most 64). */
	key: string;
	/** The argument's type for the model: n8n turns it into the tool's JSON schema. */
	type: 'string' | 'number' | 'boolean';
	/** What to pass, with an example (no single quotes: the text goes into an expression string). */
	description: string;
}

export interface ToolSpec {
	resource: string;
	operation: string;
	/** The node name the examples use; n8n derives the tool name from it (spaces become `_`). */
	nodeName: string;
	description: string;
	arguments: ToolArgument[];
}

const ROWS_ANSWER = `Returns rows (at most ${TOOL_ROW_LIMIT}), returnedRows and totalRows, with a note when rows were left out: then narrow the query (WHERE, fewer columns) instead of asking again.`;

const REFUSAL_ANSWER =
	'The query is checked against the dataset before anything is sent. If it is refused, the answer is an object with error (the line and column of the mistake and a suggestion) and nextStep: correct the query and call again.';

const QUERY_GRAMMAR =
	'Grammar: SELECT columns FROM dataset [WHERE conditions joined by AND or OR] [ORDER BY column ASC|DESC] [LIMIT n] [TIMESPAN range]. Use only column names and TIMESPAN values the dataset description lists; text values in single quotes.';

export const TOOL_SPECS: readonly ToolSpec[] = [
	{
		resource: 'dataset',
		operation: 'getAll',
		nodeName: 'List Datasets',
		description:
			'Lists the Partner Center analytics datasets that can be queried, for example ISVOrder (marketplace orders), ISVUsage (usage), ISVRevenue (revenue) and ISVCustomer (customers). Takes no arguments. Returns one entry per dataset: datasetName, columnCount, availableMetrics and availableDateRanges. Next: describe the dataset that fits the question to get its columns.',
		arguments: [],
	},
	{
		resource: 'dataset',
		operation: 'get',
		nodeName: 'Describe Dataset',
		description:
			'Describes one Partner Center analytics dataset, which is what you need to write a query on it. Pass datasetName exactly as the dataset list gives it, e.g. ISVOrder. Returns selectableColumns (the only column names a query may use), availableMetrics (numeric columns summed over the other selected columns), availableDateRanges (the values allowed after TIMESPAN) and exampleQuery (a valid query to start from). Next: write a query and test it.',
		arguments: [
			{
				key: 'datasetName',
				type: 'string',
				description:
					'The dataset name as the dataset list gives it, e.g. ISVOrder or ISVUsage (letters, digits and underscores only)',
			},
		],
	},
	{
		resource: 'query',
		operation: 'test',
		nodeName: 'Test Query',
		description: `Runs a query on a small sample of Partner Center analytics data (at most 100 rows) and returns the rows: use it to check a query and to answer questions a sample answers. Pass query, e.g. SELECT OfferName, CustomerCountry, Quantity FROM ISVOrder WHERE CustomerCountry = 'US' TIMESPAN LAST_MONTH. ${QUERY_GRAMMAR} ${REFUSAL_ANSWER} ${ROWS_ANSWER} For complete figures, run the same query as a report.`,
		arguments: [
			{
				key: 'query',
				type: 'string',
				description:
					'One query in the Partner Center report query language, e.g. SELECT OfferName, Quantity FROM ISVOrder TIMESPAN LAST_MONTH',
			},
		],
	},
	{
		resource: 'report',
		operation: 'run',
		nodeName: 'Run Query',
		description: `Runs a query over the complete Partner Center analytics data as a one-time report and returns its rows. This can take minutes; test the query first. Pass query, e.g. SELECT OfferName, CustomerCountry, BilledRevenue FROM ISVOrder TIMESPAN LAST_3_MONTHS. ${QUERY_GRAMMAR} ${REFUSAL_ANSWER} ${ROWS_ANSWER}`,
		arguments: [
			{
				key: 'query',
				type: 'string',
				description:
					'One query in the Partner Center report query language, e.g. SELECT OfferName, BilledRevenue FROM ISVOrder TIMESPAN LAST_MONTH',
			},
		],
	},
	{
		resource: 'execution',
		operation: 'getAll',
		nodeName: 'List Report Executions',
		description:
			'Lists the runs (executions) of one scheduled Partner Center report, newest first: whether each completed or failed and when its file was generated. Pass reportId, the ID of a report (a GUID, e.g. 1c2d3e4f-0000-4000-8000-123456789abc). Returns one entry per execution (at most 50) with executionId, executionStatus, reportGeneratedTime and format; the file itself is not returned. An empty list means the report has not run yet.',
		arguments: [
			{
				key: 'reportId',
				type: 'string',
				description: 'The report ID, a GUID such as 1c2d3e4f-0000-4000-8000-123456789abc',
			},
		],
	},
];

/** The spec of an operation that is offered as a tool, or undefined. */
export function toolSpecFor(resource: string, operation: string): ToolSpec | undefined {
	return TOOL_SPECS.find((spec) => spec.resource === resource && spec.operation === operation);
}

/** The expression that lets the model fill an argument: `={{ $fromAI('key', 'description', 'type') }}`. */
export function fromAiExpression(argument: ToolArgument): string {
	return `={{ $fromAI('${argument.key}', '${argument.description}', '${argument.type}') }}`;
}
