import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DATA_REDACTED_HINT } from '../../shared/services/queries';
import { itemError } from '../../shared/transport';
import * as dataset from './dataset';
import * as execution from './execution';
import * as file from './file';
import * as query from './query';
import * as report from './report';
import { isToolCall, toolAnswer, toolErrorAnswer } from '../tool/answers';

type Operation = {
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
	) => Promise<INodeExecutionData[] | INodeExecutionData[][]>;
	/** Set by an operation with several outputs; its execute then answers one list per output. */
	outputCount?: number;
};

/** Each resource module exports its operations by their `operation` value (and its description). */
const resources: Record<string, object> = { dataset, execution, file, query, report };

function operationFor(resource: string, operation: string): Operation | undefined {
	const candidate = (resources[resource] as Record<string, unknown> | undefined)?.[operation];
	return candidate && typeof (candidate as Operation).execute === 'function'
		? (candidate as Operation)
		: undefined;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// Resource and operation are the same for every item (noDataExpression): so is the output count.
	const outputCount =
		items.length > 0
			? (operationFor(
					this.getNodeParameter('resource', 0) as string,
					this.getNodeParameter('operation', 0) as string,
				)?.outputCount ?? 1)
			: 1;
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	const returnData = outputs[0];
	// As an AI tool, answers are compact and a correctable mistake is an answer (tool/answers.ts).
	const asTool = isToolCall(this);

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
			const result = await handler.execute.call(this, itemIndex);
			const lists = handler.outputCount
				? (result as INodeExecutionData[][])
				: [result as INodeExecutionData[]];
			if (asTool) lists[0] = toolAnswer(resource, operation, lists[0]);
			lists.forEach((list, output) => {
				// A loop, not push(...items): "rows" output can be millions of items, too many for arguments.
				for (const item of this.helpers.constructExecutionMetaData(list, {
					itemData: { item: itemIndex },
				})) {
					outputs[output].push(item);
				}
			});
		} catch (error) {
			// itemError keeps the httpCode and shows a callback URL without its secret, in both cases.
			const nodeError = itemError(this.getNode(), error, itemIndex);
			const answer = asTool ? toolErrorAnswer(nodeError) : undefined;
			if (answer) {
				returnData.push({ json: answer, pairedItem: { item: itemIndex } });
				continue;
			}
			if (this.continueOnFail()) {
				returnData.push({
					json: { error: nodeError.message, ...errorDetails(nodeError) },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw nodeError;
		}
	}
	// Entities and files of an answer Partner Center marked dataRedacted carry the mark (transport).
	if (outputs.some((list) => list.some((item) => item.json.dataRedacted === true))) {
		this.addExecutionHints(DATA_REDACTED_HINT);
	}
	return outputs;
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
