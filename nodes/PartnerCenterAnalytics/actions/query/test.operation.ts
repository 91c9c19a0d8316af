import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	checkQueryOption,
	querySourceProperties,
	readQuerySource,
} from '../../descriptions/querySource';
import { formatOptionalTime } from '../../helpers/parameters';
import { partnerCenterApiRequest } from '../../transport';
import { optionsCollection } from '../../descriptions/common';

const properties: INodeProperties[] = [
	...querySourceProperties({ allowSaved: true }),
	optionsCollection([
		checkQueryOption,
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: "Read data from this time on, instead of the query's TIMESPAN",
		},
		{
			displayName: 'End Time',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			description: "Read data up to this time, instead of the query's TIMESPAN",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['test'] } },
	properties,
);

/** Runs a query on a sample (10–100 rows, 100 s at most on Partner Center's side); one item per row. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const source = await readQuerySource(this, itemIndex, options);
	const qs: IDataObject =
		source.kind === 'text' ? { exportQuery: source.query } : { queryId: source.queryId };
	const startTime = formatOptionalTime(this, options.startTime, 'Start Time', itemIndex);
	const endTime = formatOptionalTime(this, options.endTime, 'End Time', itemIndex);
	if (startTime) qs.startTime = startTime;
	if (endTime) qs.endTime = endTime;
	const envelope = await partnerCenterApiRequest.call(this, {
		method: 'GET',
		endpoint: 'ScheduledQueries/testQueryResult',
		qs,
		itemIndex,
	});
	return envelope.value.map((row) => ({ json: row }));
}
