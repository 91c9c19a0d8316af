import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * What every operation file exports beside its `description`: the operation for one input item,
 * answering its output items (the router pairs them with the item).
 */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;
