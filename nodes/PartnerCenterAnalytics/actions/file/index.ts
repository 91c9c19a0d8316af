import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions/common';

import * as readRows from './readRows.operation';

export { readRows };

export const description: INodeProperties[] = [
	operationSelector(
		'file',
		[
			{
				name: 'Read Rows From File',
				value: 'readRows',
				description:
					'Read a page of rows of a CSV or TSV file (from Output: File, or any file in n8n), for files too large for Output: Rows',
				action: 'Read rows from a file',
			},
		],
		'readRows',
	),
	...readRows.description,
];
