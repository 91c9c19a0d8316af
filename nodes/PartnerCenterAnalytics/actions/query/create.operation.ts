import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import { checkQueryOption, querySourceProperties } from '../../../shared/descriptions/querySource';
import { getRequiredString } from '../../../shared/helpers/parameters';
import { createQuery } from '../../../shared/services/queries';
import { readQuerySource } from '../querySource';
import type { OperationExecute } from '../operation';

const nameProperties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Paid usage last month',
		description: 'A name for the query. Letters, digits and spaces are the safe choice.',
	},
];

const properties: INodeProperties[] = [
	optionsCollection([
		checkQueryOption,
		{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	]),
];

const showOnCreate = { show: { resource: ['query'], operation: ['create'] } };

/**
 * Name, then the query (Query Source, text, builder, saved query): the one set shared by Query → Test,
 * Report → Run and Backfill too, placed here once so that it follows Name and precedes every user's
 * options (n8n shows properties in the order of the node's list), then Create's options.
 */
export const description: INodeProperties[] = [
	...updateDisplayOptions(showOnCreate, nameProperties),
	...querySourceProperties,
	...updateDisplayOptions(showOnCreate, properties),
];

export const execute: OperationExecute = async function (itemIndex) {
	const name = getRequiredString(this, 'name', 'Name', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// Query Source is shared with Test, Run and Backfill: a Saved Query picked there may remain.
	const source =
		this.getNodeParameter('querySource', itemIndex, 'text') === 'id'
			? undefined
			: await readQuerySource(this, itemIndex, options);
	if (source?.kind !== 'text') {
		throw new NodeOperationError(
			this.getNode(),
			'"Query Source" must be Query Text or Build Query here: Query → Create saves a new query',
			{ itemIndex },
		);
	}
	const query = source.query;
	const description = options.description ? String(options.description) : undefined;
	return [{ json: await createQuery(this, { name, query, description }, itemIndex) }];
};
