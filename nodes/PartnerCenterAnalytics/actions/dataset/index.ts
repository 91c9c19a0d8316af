import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions/common';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	operationSelector(
		'dataset',
		[
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
		'getAll',
	),
	...get.description,
	...getAll.description,
];
