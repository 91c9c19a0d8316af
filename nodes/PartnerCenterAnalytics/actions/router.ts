import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { itemError } from '../../shared/transport';
import * as dataset from './dataset';
import * as execution from './execution';
import * as query from './query';
import * as report from './report';

type Operation = {
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
};

/** Each resource module exports its operations by their `operation` value (and its description). */
const resources: Record<string, object> = { dataset, execution, query, report };

function operationFor(resource: string, operation: string): Operation | undefined {
	const candidate = (resources[resource] as Record<string, unknown> | undefined)?.[operation];
	return candidate && typeof (candidate as Operation).execute === 'function'
		? (candidate as Operation)
		: undefined;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const handler = operationFor(resource, operation);
			if (!handler) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" on "${resource}" is not supported`,
					{ itemIndex },
				);
			}
			const output = await handler.execute.call(this, itemIndex);
			// A loop, not push(...items): "rows" output can be millions of items, too many for arguments.
			for (const item of this.helpers.constructExecutionMetaData(output, {
				itemData: { item: itemIndex },
			})) {
				returnData.push(item);
			}
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({
					json: { error: (error as Error).message, ...errorDetails(error) },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw itemError(this.getNode(), error, itemIndex);
		}
	}
	return [returnData];
}

function errorDetails(error: unknown): { description?: string; httpCode?: string } {
	if (error instanceof NodeApiError) {
		return {
			...(error.description ? { description: error.description } : {}),
			...(error.httpCode ? { httpCode: error.httpCode } : {}),
		};
	}
	return error instanceof NodeOperationError && error.description
		? { description: error.description }
		: {};
}
