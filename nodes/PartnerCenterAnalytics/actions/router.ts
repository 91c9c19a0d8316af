import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as dataset from './dataset';
import * as execution from './execution';
import * as query from './query';
import * as report from './report';

type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, { execute: OperationExecute }>> = {
	dataset: { get: dataset.get, getAll: dataset.getAll },
	query: {
		create: query.create,
		delete: query.delete,
		get: query.get,
		getAll: query.getAll,
		test: query.test,
	},
	report: {
		create: report.create,
		delete: report.delete,
		get: report.get,
		getAll: report.getAll,
		pause: report.pause,
		resume: report.resume,
		run: report.run,
		update: report.update,
	},
	execution: { download: execution.download, getAll: execution.getAll },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const handler = operations[resource]?.[operation];
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
			// Both constructors hand back an error that already has their type, so nothing is wrapped twice.
			if (error instanceof NodeApiError)
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
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
