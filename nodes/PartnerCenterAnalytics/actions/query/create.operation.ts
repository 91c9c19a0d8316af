import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import { checkQueryOption, querySourceProperties } from '../../../shared/descriptions/querySource';
import { getRequiredString } from '../../../shared/helpers/parameters';
import { createQuery } from '../../../shared/services/queries';
import { readQuerySource } from '../querySource';
import type { OperationExecute } from '../operation';

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

export const execute: OperationExecute = async function (itemIndex) {
	const name = getRequiredString(this, 'name', 'Name', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const source = await readQuerySource(this, itemIndex, options);
	const query = source.kind === 'text' ? source.query : '';
	const description = options.description ? String(options.description) : undefined;
	return [{ json: await createQuery(this, { name, query, description }, itemIndex) }];
};
