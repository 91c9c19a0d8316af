import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions/common';
import { readLimit } from '../../../shared/helpers/parameters';
import { listDatasets } from '../../../shared/services/datasets';
import type { OperationExecute } from '../operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['getAll'] } },
	returnAllOrLimit,
);

export const execute: OperationExecute = async function (itemIndex) {
	const datasets = await listDatasets(this, {}, readLimit(this, itemIndex), itemIndex);
	return datasets.map((json) => ({ json }));
};
