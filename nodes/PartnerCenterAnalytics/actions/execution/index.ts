import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';
import * as getAll from './getAll.operation';

export { download, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['execution'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description: 'Download the report file of a completed execution',
				action: 'Download a report file',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the executions of a report',
				action: 'Get many executions',
			},
		],
		default: 'download',
	},
	...download.description,
	...getAll.description,
];
