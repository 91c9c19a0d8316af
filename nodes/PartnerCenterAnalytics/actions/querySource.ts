import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getIdParameter, getRequiredString } from '../../shared/helpers/parameters';
import { buildQuery, type QueryFilterSpec } from '../../shared/queryLanguage';
import { FILTER_OPERATORS } from '../../shared/helpers/filterOperators';
import { assertValidQuery } from '../../shared/services/queryCheck';

/**
 * Where Query → Create, Query → Test and Report → Run take their query from: text, the builder, or a
 * saved query. Reads the parameters, builds the text and checks it before anything is sent.
 */
export type QuerySource =
	| { kind: 'text'; query: string; generated: boolean }
	| { kind: 'id'; queryId: string };

function splitValues(value: unknown): string[] {
	const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/\r?\n/);
	return list.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function builtQuery(context: IExecuteFunctions, itemIndex: number): string {
	const read = (name: string, fallback: unknown) =>
		context.getNodeParameter(name, itemIndex, fallback);
	const filters =
		((read('queryFilters', {}) as IDataObject).filter as IDataObject[] | undefined) ?? [];
	const sorts = ((read('queryOrderBy', {}) as IDataObject).sort as IDataObject[] | undefined) ?? [];
	const limit = Number(read('queryLimit', 0));
	const timespan = String(read('queryTimespan', '') ?? '');
	try {
		return buildQuery({
			dataset: String(read('queryDataset', '')),
			columns: read('queryColumns', []) as string[],
			metrics: read('queryMetrics', []) as string[],
			distinct: read('queryDistinct', false) === true,
			filters: filters.map((filter): QueryFilterSpec => {
				const operator =
					FILTER_OPERATORS[String(filter.operator ?? 'equals')] ?? String(filter.operator);
				return operator === 'IN' || operator === 'NOT IN'
					? { column: String(filter.column ?? ''), operator, values: splitValues(filter.value) }
					: { column: String(filter.column ?? ''), operator, value: String(filter.value ?? '') };
			}),
			orderBy: sorts.map((sort) => ({
				column: String(sort.column ?? ''),
				direction: sort.direction === 'ASC' ? 'ASC' : 'DESC',
			})),
			limit: limit > 0 ? limit : undefined,
			timespan: timespan || undefined,
		});
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`The query cannot be built: ${(error as Error).message}`,
			{
				itemIndex,
			},
		);
	}
}

/** Reads the query from its source and, unless turned off, checks it before anything is sent. */
export async function readQuerySource(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Promise<QuerySource> {
	const source = context.getNodeParameter('querySource', itemIndex, 'text') as string;
	if (source === 'id')
		return { kind: 'id', queryId: getIdParameter(context, 'queryId', itemIndex) };
	const generated = source === 'builder';
	const query = generated
		? builtQuery(context, itemIndex)
		: getRequiredString(context, 'query', 'Query', itemIndex);
	if (options.validateQuery !== false) await assertValidQuery(context, query, itemIndex);
	return { kind: 'text', query, generated };
}
