import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions/common';

import * as download from './download.operation';
import * as getAll from './getAll.operation';

export { download, getAll };

export const description: INodeProperties[] = [
	operationSelector(
		'execution',
		[
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
		'download',
	),
	...download.description,
	...getAll.description,
];
