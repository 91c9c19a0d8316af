import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dataset'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the columns, metrics and date ranges of a dataset',
				action: 'Get a dataset',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the datasets available to custom queries',
				action: 'Get many datasets',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
