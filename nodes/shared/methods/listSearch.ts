import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listQueries } from '../services/queries';
import { listReports } from '../services/reports';

function matches(filter: string | undefined, ...fields: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return fields.some((field) =>
		String(field ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

export async function searchQueries(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const queries = await listQueries(this, { includeSystemQueries: true });
	const results = queries
		.filter((query) => matches(filter, query.name, query.queryId))
		.map((query) => {
			const system = String(query.type).toLowerCase() === 'system';
			return {
				name: `${String(query.name)}${system ? ' (system)' : ''}`,
				value: String(query.queryId),
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

export async function searchReports(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const reports = await listReports(this);
	const results = reports
		.filter((report) => matches(filter, report.reportName, report.reportId))
		.map((report) => ({
			name: `${String(report.reportName)} (${String(report.reportStatus ?? 'unknown')})`,
			value: String(report.reportId),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
