import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import { queryLocator } from '../../../shared/descriptions/locators';
import {
	callbackMethodProperty,
	callbackUrlProperty,
	endTimeProperty,
	formatProperty,
	queryTimeWindowProperties,
	recurrenceCountProperty,
	recurrenceIntervalProperty,
	startTimeProperty,
} from '../../../shared/descriptions/report';
import { getIdParameter } from '../../../shared/helpers/parameters';
import type { ReportFields } from '../../../shared/helpers/reportFields';
import { createReportOf, reportForOutput } from '../../../shared/services/reports';
import type { OperationExecute } from '../operation';

const recurring = { schedule: ['recurring'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Report Name',
		name: 'reportName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Weekly orders',
	},
	queryLocator('The query the report runs: a system query or one of yours'),
	{
		displayName: 'Schedule',
		name: 'schedule',
		type: 'options',
		options: [
			{ name: 'Recurring', value: 'recurring', description: 'Produce a file every N hours' },
			{ name: 'Once, Now', value: 'once', description: 'Produce one file as soon as possible' },
		],
		default: 'recurring',
	},
	{ ...startTimeProperty, required: true, displayOptions: { show: recurring } },
	{ ...recurrenceIntervalProperty, displayOptions: { show: recurring } },
	{
		displayName: 'Ends',
		name: 'recurrenceEnd',
		type: 'options',
		options: [
			{ name: 'After a Number of Runs', value: 'count' },
			{ name: 'At a Time', value: 'endTime' },
		],
		default: 'count',
		displayOptions: { show: recurring },
	},
	{
		...recurrenceCountProperty,
		displayOptions: { show: { ...recurring, recurrenceEnd: ['count'] } },
	},
	{
		...endTimeProperty,
		required: true,
		displayOptions: { show: { ...recurring, recurrenceEnd: ['endTime'] } },
	},
	optionsCollection([
		callbackMethodProperty,
		callbackUrlProperty,
		{ displayName: 'Description', name: 'description', type: 'string', default: '' },
		formatProperty,
		...queryTimeWindowProperties,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['create'] } },
	properties,
);

export const execute: OperationExecute = async function (itemIndex) {
	const queryId = getIdParameter(this, 'queryId', itemIndex);
	const runOnce = this.getNodeParameter('schedule', itemIndex) === 'once';
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fields: ReportFields = {
		reportName: this.getNodeParameter('reportName', itemIndex) as string,
		description: options.description as string | undefined,
		format: options.format ?? 'csv',
		callbackUrl: options.callbackUrl as string | undefined,
		callbackMethod: options.callbackMethod as string | undefined,
		queryStartTime: options.queryStartTime,
		queryEndTime: options.queryEndTime,
	};
	if (!runOnce) {
		fields.startTime = this.getNodeParameter('startTime', itemIndex);
		fields.recurrenceInterval = this.getNodeParameter('recurrenceInterval', itemIndex) as number;
		if (this.getNodeParameter('recurrenceEnd', itemIndex) === 'endTime') {
			fields.endTime = this.getNodeParameter('endTime', itemIndex);
		} else {
			fields.recurrenceCount = this.getNodeParameter('recurrenceCount', itemIndex) as number;
		}
	}
	const report = await createReportOf(this, queryId, fields, { runOnce }, itemIndex);
	return [{ json: reportForOutput(report) }];
};
