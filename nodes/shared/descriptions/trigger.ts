import type { INodeProperties } from 'n8n-workflow';

import { outputOption } from './download';

/** Parameters both triggers show. */

export const reportIdsProperty: INodeProperties = {
	displayName: 'Report IDs',
	name: 'reportIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 72fa95ab-35f5-4d44-a1ee-503abbc88003, 0d2c…',
	description: 'The scheduled reports to watch, separated by commas',
};

export const triggerOutputProperty: INodeProperties = {
	...outputOption,
	description: 'File: one item per report file, as binary "data". Rows: one item per data row.',
};
