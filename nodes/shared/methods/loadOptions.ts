import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

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
