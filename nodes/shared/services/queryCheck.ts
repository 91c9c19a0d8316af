import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkQuery } from '../queryLanguage';
import { datasetDefinitions } from './datasets';

/** How a refusal of the checker begins (the tool answer recognises a correctable query by it). */
export const QUERY_REFUSAL = 'The query is not valid.';

/**
 * Checks query text against the language and the program's datasets before it is sent: Partner
 * Center answers a bad query with a terse 400, or with an empty file.
 */
export async function assertValidQuery(
	context: IExecuteFunctions,
	query: string,
	itemIndex: number,
): Promise<void> {
	const problem = checkQuery(query, await datasetDefinitions(context, itemIndex));
	if (problem) {
		throw new NodeOperationError(context.getNode(), `${QUERY_REFUSAL} ${problem}`, {
			itemIndex,
			description:
				'Fix the query; nothing was sent. If Partner Center accepts grammar this check does not know yet, turn off "Check Query Before Sending" under Options.',
		});
	}
}
