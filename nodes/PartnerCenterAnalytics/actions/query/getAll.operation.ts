import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, returnAllOrLimit } from '../../../shared/descriptions/common';
import { readLimit } from '../../../shared/helpers/parameters';
import { listQueries } from '../../../shared/services/queries';
import type { OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	optionsCollection([
		{
			displayName: 'Include Only System Queries',
			name: 'includeOnlySystemQueries',
			type: 'boolean',
			default: false,
			description: 'Whether to return only the queries Microsoft provides',
		},
		{
			displayName: 'Include System Queries',
			name: 'includeSystemQueries',
			type: 'boolean',
			default: true,
			description: 'Whether to include the queries Microsoft provides besides your own',
		},
		{
			displayName: 'Query Name',
			name: 'queryName',
			type: 'string',
			default: '',
			description: 'Return only queries with this name',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['getAll'] } },
	properties,
);

export const execute: OperationExecute = async function (itemIndex) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const filters: IDataObject = {};
	for (const name of ['queryName', 'includeSystemQueries', 'includeOnlySystemQueries']) {
		if (options[name] !== undefined && options[name] !== '') filters[name] = options[name];
	}
	const queries = await listQueries(this, filters, readLimit(this, itemIndex), itemIndex);
	return queries.map((json) => ({ json }));
};
