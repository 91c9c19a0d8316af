import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import { reportLocator } from '../../../shared/descriptions/locators';
import { EXECUTION_STATUSES } from '../../../shared/helpers/formats';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { listExecutions, redactExecution } from '../../../shared/services/executions';
import type { OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	reportLocator('The report whose executions to list'),
	optionsCollection([
		{
			displayName: 'Execution ID',
			name: 'executionId',
			type: 'string',
			default: '',
			description: 'Return only this execution; separate several IDs with semicolons',
		},
		{
			displayName: 'Execution Status',
			name: 'executionStatus',
			type: 'multiOptions',
			options: EXECUTION_STATUSES.map((status) => ({ name: status, value: status })),
			default: [],
			description:
				'Return only executions in these states. Partner Center returns only Completed ones when none is chosen.',
		},
		{
			displayName: 'Latest Only',
			name: 'latestOnly',
			type: 'boolean',
			default: false,
			description:
				'Whether to return only the latest execution instead of those of the last 90 days',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['getAll'] } },
	properties,
);

/**
 * One item per execution, newest first. Partner Center answers 404 when nothing matches (always
 * before a report's first run): that is an empty list here, not an error. Secure links are returned
 * without their signature; Execution → Download fetches the file.
 */
export const execute: OperationExecute = async function (itemIndex) {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const executions = await listExecutions(
		this,
		[reportId],
		{
			statuses: (options.executionStatus as string[] | undefined) ?? [],
			executionId: String(options.executionId ?? '').replace(/\s+/g, '') || undefined,
			latestOnly: options.latestOnly === true,
		},
		itemIndex,
	);
	return executions.map((execution) => ({ json: redactExecution(execution) }));
};
