import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { partnerCenterApiRequestAllItems } from '../transport';

function matches(filter: string | undefined, ...fields: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return fields.some((field) =>
		String(field ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

const field = (item: IDataObject, name: string): unknown =>
	item[name] ?? item[name.charAt(0).toUpperCase() + name.slice(1)];

export async function searchQueries(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const queries = await partnerCenterApiRequestAllItems.call(this, {
		method: 'GET',
		endpoint: 'ScheduledQueries',
		qs: { includeSystemQueries: true },
	});
	const results = queries
		.filter((query) => matches(filter, field(query, 'name'), field(query, 'queryId')))
		.map((query) => {
			const system = String(field(query, 'type')).toLowerCase() === 'system';
			return {
				name: `${String(field(query, 'name'))}${system ? ' (system)' : ''}`,
				value: String(field(query, 'queryId')),
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

export async function searchReports(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const reports = await partnerCenterApiRequestAllItems.call(this, {
		method: 'GET',
		endpoint: 'ScheduledReport',
	});
	const results = reports
		.filter((report) => matches(filter, field(report, 'reportName'), field(report, 'reportId')))
		.map((report) => ({
			name: `${String(field(report, 'reportName'))} (${String(field(report, 'reportStatus') ?? 'unknown')})`,
			value: String(field(report, 'reportId')),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
