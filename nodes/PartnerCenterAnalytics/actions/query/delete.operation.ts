import { updateDisplayOptions } from 'n8n-workflow';

import { queryLocator } from '../../../shared/descriptions/locators';
import { getIdParameter } from '../../../shared/helpers/parameters';
import { deleteQuery } from '../../../shared/services/queries';
import type { OperationExecute } from '../operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['delete'] } },
	[queryLocator('The query to delete. Only your own queries can be deleted, not system queries.')],
);

export const execute: OperationExecute = async function (itemIndex) {
	const queryId = getIdParameter(this, 'queryId', itemIndex);
	const deleted = await deleteQuery(this, queryId, itemIndex);
	return [{ json: { deleted: true, queryId, ...deleted } }];
};
