import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { builderQuerySpec } from '../helpers/queryBuilder';
import { buildQuery } from '../queryLanguage';
import { findDataset, listDatasets } from '../services/datasets';
import { listReports } from '../services/reports';

const asOptions = (names: unknown[]): INodePropertyOptions[] =>
	names.map(String).map((name) => ({ name, value: name }));

export async function getDatasets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const datasets = await listDatasets(this);
	return asOptions(
		datasets
			.map((dataset) => dataset.datasetName)
			.filter((name) => typeof name === 'string' && name !== '')
			.sort((a, b) => String(a).localeCompare(String(b))),
	);
}

/** The dataset chosen in the query builder, or undefined until one is chosen. */
async function builderDataset(context: ILoadOptionsFunctions): Promise<IDataObject | undefined> {
	const datasetName = String(context.getCurrentNodeParameter('queryDataset') ?? '').trim();
	if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(datasetName)) return undefined;
	return await findDataset(context, datasetName);
}

const listOf = (dataset: IDataObject | undefined, field: string): unknown[] =>
	Array.isArray(dataset?.[field]) ? (dataset[field] as unknown[]) : [];

export async function getDatasetColumns(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return asOptions(listOf(await builderDataset(this), 'selectableColumns'));
}

export async function getDatasetMetrics(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return asOptions(listOf(await builderDataset(this), 'availableMetrics'));
}

export async function getDatasetFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const dataset = await builderDataset(this);
	return asOptions([
		...listOf(dataset, 'selectableColumns'),
		...listOf(dataset, 'availableMetrics'),
	]);
}

export async function getDatasetTimespans(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [
		{ name: 'Default (6 Months)', value: '' },
		...asOptions(listOf(await builderDataset(this), 'availableDateRanges')),
	];
}

/** The program's scheduled reports for the triggers' picker: "name (status)", valued by ID. */
export async function getReports(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const reports = await listReports(this);
	return reports
		.map((report) => ({
			name: `${String(report.reportName)} (${String(report.reportStatus ?? 'unknown')})`,
			value: String(report.reportId),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

const isExpression = (value: unknown): value is string =>
	typeof value === 'string' && value.startsWith('=');

/**
 * The builder's preview (Query Preview): one option, named with the query text the node will send,
 * valued '' (the parameter's default), so that the field shows the text and nothing is stored. Built
 * by the same code as the run; a filter value given by an expression is shown as that expression.
 */
export async function getBuiltQuery(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let expressions = false;
	const read = (name: string, fallback: unknown): unknown => {
		const value = this.getCurrentNodeParameter(name) ?? fallback;
		if (isExpression(value)) expressions = true;
		if (name === 'queryFilters' && value && typeof value === 'object') {
			const filters = ((value as IDataObject).filter as IDataObject[] | undefined) ?? [];
			return {
				filter: filters.map((filter) => {
					if (!isExpression(filter.value)) return filter;
					expressions = true;
					return { ...filter, value: filter.value.slice(1).trim() };
				}),
			};
		}
		return value;
	};
	let text: string;
	try {
		text = buildQuery(builderQuerySpec(read));
	} catch (error) {
		const reason = expressions
			? 'a field uses an expression, so the query is built when the node runs'
			: (error as Error).message;
		return [{ name: `(No query yet: ${reason})`, value: '' }];
	}
	return [
		{
			name: text,
			value: '',
			description: `What the node sends${expressions ? ' (expressions are filled in when it runs)' : ''}. To change it by hand, copy it into Query Text.`,
		},
	];
}
