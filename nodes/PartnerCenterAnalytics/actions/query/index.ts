import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions/common';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as test from './test.operation';

export { create, del as delete, get, getAll, test };

export const description: INodeProperties[] = [
	operationSelector(
		'query',
		[
			{
				name: 'Create',
				value: 'create',
				description: 'Save a custom query',
				action: 'Create a query',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete one of your queries',
				action: 'Delete a query',
			},
			{ name: 'Get', value: 'get', description: 'Get a query by ID', action: 'Get a query' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List system and custom queries',
				action: 'Get many queries',
			},
			{
				name: 'Test',
				value: 'test',
				description: 'Run a query on a small sample and return its rows',
				action: 'Test a query',
			},
		],
		'getAll',
	),
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...test.description,
];
