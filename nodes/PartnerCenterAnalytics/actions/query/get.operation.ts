import { updateDisplayOptions } from 'n8n-workflow';

import { queryLocator } from '../../../shared/descriptions/locators';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { getQuery } from '../../../shared/services/queries';
import type { OperationExecute } from '../operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['get'] } },
	[queryLocator()],
);

export const execute: OperationExecute = async function (itemIndex) {
	const queryId = getIdParameter(this, 'queryId', itemIndex);
	return [{ json: await getQuery(this, queryId, itemIndex) }];
};
