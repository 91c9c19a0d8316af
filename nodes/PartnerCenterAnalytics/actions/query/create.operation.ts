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
import { getRequiredString } from '../../helpers/parameters';
import { camelCaseKeys, partnerCenterApiRequest } from '../../transport';
import { optionsCollection } from '../../descriptions/common';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Paid usage last month',
		description: 'A name for the query. Letters, digits and spaces are the safe choice.',
	},
	...querySourceProperties({ allowSaved: false }),
	optionsCollection([
		checkQueryOption,
		{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const name = getRequiredString(this, 'name', 'Name', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const source = await readQuerySource(this, itemIndex, options);
	const body: IDataObject = { Name: name, Query: source.kind === 'text' ? source.query : '' };
	if (options.description) body.Description = options.description;
	const envelope = await partnerCenterApiRequest.call(this, {
		method: 'POST',
		endpoint: 'ScheduledQueries',
		body,
		itemIndex,
	});
	return envelope.value.map((query) => ({ json: camelCaseKeys(query) }));
}
