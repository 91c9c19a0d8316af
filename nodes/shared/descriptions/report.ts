import type { INodeProperties } from 'n8n-workflow';

import { CALLBACK_METHODS, REPORT_FORMATS } from '../helpers/formats';

/** Report fields that Create, Update and the trigger's managed report share. */
export const formatProperty: INodeProperties = {
	displayName: 'Format',
	name: 'format',
	type: 'options',
	options: REPORT_FORMATS.map((format) => ({ name: format.toUpperCase(), value: format })),
	default: 'csv',
	description: 'File format of the report',
};

export const callbackUrlProperty: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://n8n.example.com/webhook/partner-center',
	description:
		'Public URL Partner Center calls when a file is ready: POST {URL}/{reportId}, or GET {URL}?reportId=…',
};

export const callbackMethodProperty: INodeProperties = {
	displayName: 'Callback Method',
	name: 'callbackMethod',
	type: 'options',
	options: CALLBACK_METHODS.map((method) => ({ name: method, value: method })),
	default: 'POST',
};

export const recurrenceIntervalProperty: INodeProperties = {
	displayName: 'Recurrence Interval (Hours)',
	name: 'recurrenceInterval',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 24,
	description:
		'Hours between two runs: 1–17520 on commercial marketplace v1.1, 4–90 on v1, 4–2160 on partner insights',
};

export const recurrenceCountProperty: INodeProperties = {
	displayName: 'Recurrence Count',
	name: 'recurrenceCount',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 30,
	description: 'How many files to produce in all',
};

export const startTimeProperty: INodeProperties = {
	displayName: 'Start Time',
	name: 'startTime',
	type: 'dateTime',
	default: '',
	description:
		"First run, in n8n's time zone (the workflow's settings); Partner Center requires it at least 4 hours from now",
};

export const endTimeProperty: INodeProperties = {
	displayName: 'End Time',
	name: 'endTime',
	type: 'dateTime',
	default: '',
	description: "No runs after this time (n8n's time zone, like Start Time)",
};

export const queryTimeWindowProperties: INodeProperties[] = [
	{
		displayName: 'Query Start Time',
		name: 'queryStartTime',
		type: 'dateTime',
		default: '',
		description:
			"Run-once reports only: read data from this UTC date and time on (as picked, whatever n8n's time zone), instead of the query's TIMESPAN",
	},
	{
		displayName: 'Query End Time',
		name: 'queryEndTime',
		type: 'dateTime',
		default: '',
		description:
			"Run-once reports only: read data up to this UTC date and time (as picked, whatever n8n's time zone), instead of the query's TIMESPAN",
	},
];
