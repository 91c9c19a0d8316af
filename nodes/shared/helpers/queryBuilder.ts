import type { IDataObject } from 'n8n-workflow';

import type { QueryFilterSpec, QuerySpec } from '../queryLanguage';
import { FILTER_OPERATORS } from './filterOperators';

/**
 * The query builder's parameters (descriptions/querySource.ts) as a QuerySpec for buildQuery: one
 * reading for the node's run (actions/querySource.ts) and the editor's preview (methods/loadOptions.ts),
 * so that the preview shows exactly what is sent.
 */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

/** The builder's parameters: the preview is loaded again when one of them changes. */
export const BUILDER_PARAMETERS = [
	'queryDataset',
	'queryColumns',
	'queryMetrics',
	'queryFilters',
	'queryOrderBy',
	'queryTimespan',
	'queryLimit',
	'queryDistinct',
];

function splitValues(value: unknown): string[] {
	const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/\r?\n/);
	return list.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

export function builderQuerySpec(read: ParameterReader): QuerySpec {
	const filters =
		((read('queryFilters', {}) as IDataObject | undefined)?.filter as IDataObject[] | undefined) ??
		[];
	const sorts =
		((read('queryOrderBy', {}) as IDataObject | undefined)?.sort as IDataObject[] | undefined) ??
		[];
	const limit = Number(read('queryLimit', 0));
	const timespan = String(read('queryTimespan', '') ?? '');
	return {
		dataset: String(read('queryDataset', '') ?? ''),
		columns: (read('queryColumns', []) as string[] | undefined) ?? [],
		metrics: (read('queryMetrics', []) as string[] | undefined) ?? [],
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
	};
}
