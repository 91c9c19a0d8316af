import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkQuery, type DatasetDefinition } from '../../shared/queryLanguage';
import { QUERY_REFUSAL } from '../../shared/services/queryCheck';
import { TOOL_ROW_LIMIT } from './descriptions';

/**
 * How the node answers when it runs as a tool. n8n hands the tool's output items (their JSON) to the
 * model as the tool result, so the answer must be compact and bounded, and a mistake the model can
 * correct must come back as an answer instead of failing the run.
 */

/**
 * True when n8n runs the node as a tool. n8n 2.40 has two paths: an MCP Server Trigger (and the
 * older agents) run it through a tool context, where isToolExecution() is true; the AI Agent v3 asks
 * the engine to run the tool node as an ordinary node, with `rewireOutputLogTo: 'ai_tool'` set on the
 * node and isToolExecution() false. Both run the tool variant n8n derives from `usableAsTool`, whose
 * type name is the node's own plus "Tool".
 */
export function isToolCall(context: IExecuteFunctions): boolean {
	const node = context.getNode();
	return (
		node.type.endsWith('Tool') ||
		node.rewireOutputLogTo === NodeConnectionTypes.AiTool ||
		(typeof context.isToolExecution === 'function' && context.isToolExecution())
	);
}

/** Operations whose items are data rows: their answer always says how many rows there were. */
const ROW_OPERATIONS = new Set(['query:test', 'report:run']);

/** The tool answer for the items an operation returned. */
export function toolAnswer(
	resource: string,
	operation: string,
	items: INodeExecutionData[],
): INodeExecutionData[] {
	const key = `${resource}:${operation}`;
	if (key === 'dataset:getAll')
		return bounded(items.map((item) => ({ json: datasetSummary(item.json) })));
	if (key === 'dataset:get') return items.map((item) => ({ json: withExampleQuery(item.json) }));
	// Report → Run set to Output: File gives one item with the file, not rows: n8n hands a model only
	// the JSON (the file's name, row count and IDs), so that is the answer.
	if (items.some((item) => item.binary)) return bounded(items.map((item) => ({ json: item.json })));
	if (ROW_OPERATIONS.has(key)) return [{ json: rowsAnswer(items) }];
	return bounded(items);
}

function rowsAnswer(items: INodeExecutionData[]): IDataObject {
	const rows = items.slice(0, TOOL_ROW_LIMIT).map((item) => item.json);
	const answer: IDataObject = { rows, returnedRows: rows.length, totalRows: items.length };
	if (items.length > rows.length) {
		answer.note = `Only the first ${rows.length} of ${items.length} rows are shown. Narrow the query (WHERE, fewer columns, LIMIT) to see the others.`;
	} else if (items.length === 0) {
		answer.note = 'The query is valid and returned no rows for this time range.';
	}
	return answer;
}

/** At most TOOL_ROW_LIMIT items; a final item says how many there were when some are left out. */
function bounded(items: INodeExecutionData[]): INodeExecutionData[] {
	if (items.length <= TOOL_ROW_LIMIT) return items;
	return [
		...items.slice(0, TOOL_ROW_LIMIT),
		{
			json: {
				note: `Only the first ${TOOL_ROW_LIMIT} of ${items.length} entries are shown.`,
				returnedEntries: TOOL_ROW_LIMIT,
				totalEntries: items.length,
			},
		},
	];
}

function datasetSummary(dataset: IDataObject): IDataObject {
	const columns = Array.isArray(dataset.selectableColumns) ? dataset.selectableColumns : [];
	return {
		datasetName: dataset.datasetName,
		columnCount: columns.length,
		availableMetrics: dataset.availableMetrics ?? [],
		availableDateRanges: dataset.availableDateRanges ?? [],
	};
}

/**
 * The dataset with a query a model can start from: a few of its columns, its first metric, its first
 * date range. It is checked with the same checker as the model's own queries, and left out if that
 * checker would refuse it.
 */
export function withExampleQuery(dataset: IDataObject): IDataObject {
	const name = typeof dataset.datasetName === 'string' ? dataset.datasetName : '';
	const strings = (value: unknown) =>
		Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
	const metrics = strings(dataset.availableMetrics);
	const columns = strings(dataset.selectableColumns).filter((c) => !metrics.includes(c));
	const ranges = strings(dataset.availableDateRanges);
	if (!name || columns.length === 0) return dataset;
	const selected = [...columns.slice(0, 3), ...metrics.slice(0, 1)];
	const query = `SELECT ${selected.join(', ')} FROM ${name}${ranges.length ? ` TIMESPAN ${ranges[0]}` : ''}`;
	if (checkQuery(query, [dataset as unknown as DatasetDefinition])) return dataset;
	return { ...dataset, exampleQuery: query };
}

/**
 * The answer that replaces a failed run, or undefined when the error should fail the run as usual:
 * parameter mistakes (a refused query, an unknown dataset) and Partner Center's 4xx answers are
 * things a model can correct or report; an outage or a broken connection is not.
 */
export function toolErrorAnswer(error: NodeApiError | NodeOperationError): IDataObject | undefined {
	const httpCode = error instanceof NodeApiError ? Number(error.httpCode) : undefined;
	if (error instanceof NodeApiError && !(httpCode && httpCode >= 400 && httpCode < 500)) {
		return undefined;
	}
	if (!(error instanceof NodeApiError) && !(error instanceof NodeOperationError)) return undefined;
	if (error.message.startsWith(QUERY_REFUSAL)) {
		return {
			error: error.message,
			nextStep:
				'Nothing was sent to Partner Center. Correct the query at the line and column given (the dataset description lists its columns and date ranges) and call the tool again.',
		};
	}
	if (httpCode === 401 || httpCode === 403) {
		return {
			error: error.message,
			httpCode,
			nextStep:
				'The Partner Center connection is not allowed to do this. Tell the user; calling again will not help.',
		};
	}
	// Partner Center's reason is worth passing on; a parameter error's description speaks to an editor
	// user ("pick it from the list"), and its message already names the argument and the fix.
	return {
		error: error.message,
		...(httpCode && error.description ? { details: error.description } : {}),
		...(httpCode ? { httpCode } : {}),
		nextStep: httpCode
			? 'Partner Center refused the request. Check the arguments against the tool description and call again with corrected ones, or tell the user.'
			: 'Correct the arguments as the error says and call the tool again.',
	};
}
