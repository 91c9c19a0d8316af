import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions/common';

import * as backfill from './backfill.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as pause from './pause.operation';
import * as resume from './resume.operation';
import * as run from './run.operation';
import * as update from './update.operation';

export { backfill, create, del as delete, get, getAll, pause, resume, run, update };

export const description: INodeProperties[] = [
	operationSelector(
		'report',
		[
			{
				name: 'Backfill',
				value: 'backfill',
				description: 'Run a query over a date range in windows (month, week or day), oldest first',
				action: 'Backfill history of a query in windows',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Schedule a report of a query',
				action: 'Create a report',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a report and its executions',
				action: 'Delete a report',
			},
			{ name: 'Get', value: 'get', description: 'Get a report by ID', action: 'Get a report' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List scheduled reports',
				action: 'Get many reports',
			},
			{
				name: 'Pause',
				value: 'pause',
				description: "Pause a report's schedule",
				action: 'Pause a report',
			},
			{
				name: 'Resume',
				value: 'resume',
				description: 'Resume a paused report',
				action: 'Resume a report',
			},
			{
				name: 'Run and Get File',
				value: 'run',
				description: 'Run a query once, wait for the file and return it',
				action: 'Run a query and get the file',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a report's settings",
				action: 'Update a report',
			},
		],
		'run',
	),
	...backfill.description,
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...pause.description,
	...resume.description,
	...run.description,
	...update.description,
];
