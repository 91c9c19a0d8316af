import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, returnAllOrLimit } from '../../../shared/descriptions/common';
import { checkId } from '../../../shared/helpers/ids';
import { readLimit } from '../../../shared/helpers/parameters';
import { listReports, reportForOutput } from '../../../shared/services/reports';
import type { OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	optionsCollection([
		{
			displayName: 'Query ID',
			name: 'queryId',
			type: 'string',
			default: '',
			description: 'Return only reports that run this query',
		},
		{
			displayName: 'Report Name',
			name: 'reportName',
			type: 'string',
			default: '',
			description: 'Return only reports with this name',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['getAll'] } },
	properties,
);

export const execute: OperationExecute = async function (itemIndex) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const filters: IDataObject = {};
	if (options.reportName) filters.reportName = String(options.reportName).trim();
	if (options.queryId) {
		try {
			filters.queryId = checkId(options.queryId, 'queryId');
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	const reports = await listReports(this, filters, readLimit(this, itemIndex), itemIndex);
	return reports.map((report) => ({ json: reportForOutput(report) }));
};
