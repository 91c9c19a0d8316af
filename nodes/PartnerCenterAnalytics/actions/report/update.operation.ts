import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../../../shared/descriptions/locators';
import {
	callbackMethodProperty,
	callbackUrlProperty,
	endTimeProperty,
	formatProperty,
	recurrenceCountProperty,
	recurrenceIntervalProperty,
	startTimeProperty,
} from '../../../shared/descriptions/report';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { reportForOutput, updateReport } from '../../../shared/services/reports';
import type { OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	reportLocator('The report to change'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			callbackMethodProperty,
			callbackUrlProperty,
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			endTimeProperty,
			formatProperty,
			recurrenceCountProperty,
			recurrenceIntervalProperty,
			{ displayName: 'Report Name', name: 'reportName', type: 'string', default: '' },
			startTimeProperty,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['update'] } },
	properties,
);

export const execute: OperationExecute = async function (itemIndex) {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	const updates = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	if (
		!Object.values(updates).some((value) => value !== undefined && value !== null && value !== '')
	) {
		throw new NodeOperationError(
			this.getNode(),
			'Nothing to update: add at least one field under "Update Fields"',
			{ itemIndex },
		);
	}
	const { reports, startTimeMovedTo } = await updateReport(this, reportId, updates, itemIndex);
	if (startTimeMovedTo) {
		this.addExecutionHints({
			message: `Partner Center refused to keep the report's past start time: it now starts at ${startTimeMovedTo} (startTimeMovedTo), the next run of its schedule at least 4 hours ahead`,
			location: 'outputPane',
		});
	}
	return reports.map((report) => ({ json: reportForOutput(report) }));
};
