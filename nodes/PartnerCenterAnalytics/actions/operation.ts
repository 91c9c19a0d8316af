import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * What every operation file exports beside its `description`: the operation for one input item,
 * answering its output items (the router pairs them with the item).
 */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/**
 * The execute of an operation with several outputs (its file also exports `outputCount`): one list
 * of items per output, in the order of the node's outputs.
 */
export type MultiOutputExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[][]>;
