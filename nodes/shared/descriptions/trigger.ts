import type { INodeProperties } from 'n8n-workflow';

import { maxRowsOption, outputOption, removeBomOption } from './download';

/** Parameters both triggers show. */

/**
 * The watched reports, picked from the program's reports (their IDs are what is stored). The two
 * report fields say in their names how they differ (from the list / typed IDs), so no tooltip is
 * needed; the stored names `reports` and `reportIds` stay, and both are read together as before.
 */
export const reportsProperty: INodeProperties = {
	displayName: 'Reports to Watch (From the List) Names or IDs',
	name: 'reports',
	type: 'multiOptions',
	typeOptions: {
		loadOptionsMethod: 'getReports',
		loadOptionsDependsOn: ['program', 'apiVersion', 'authentication'],
	},
	default: [],
	description:
		'The scheduled reports to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Watched reports by ID: for IDs mapped with an expression, and for workflows saved before the list. */
export const reportIdsProperty: INodeProperties = {
	displayName: 'More Reports to Watch, by ID (Comma-Separated)',
	name: 'reportIds',
	type: 'string',
	default: '',
	placeholder: 'e.g. 72fa95ab-35f5-4d44-a1ee-503abbc88003, 0d2c…',
	description:
		'Report IDs typed or mapped with an expression, separated by commas; watched together with those chosen in the list',
};

export const triggerOutputProperty: INodeProperties = {
	...outputOption,
	description: 'File: one item per report file, as binary "data". Rows: one item per data row.',
};

/** The options of the file or rows a trigger emits (in the triggers' Options collection). */
export const triggerDeliveryOptions: INodeProperties[] = [maxRowsOption, removeBomOption];
