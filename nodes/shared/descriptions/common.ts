import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The "Options" collection every operation puts its optional settings in. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** The "Operation" selector of one resource; its options are written out where the resource is. */
export function operationSelector(
	resource: string,
	options: INodePropertyOptions[],
	defaultOperation: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}

/**
 * The resources' properties with every Operation selector first. n8n's editor resolves displayOptions
 * in the order of the node's list, so a property shown for operations of two resources (the shared
 * query parameters, descriptions/querySource.ts) must come after both resources' Operation, or it is
 * dropped when switching to the later resource's operations. Only one Operation is shown at a time,
 * so the editor looks the same.
 */
export function operationsFirst(properties: INodeProperties[]): INodeProperties[] {
	const isOperation = (property: INodeProperties) => property.name === 'operation';
	return [...properties.filter(isOperation), ...properties.filter((p) => !isOperation(p))];
}
