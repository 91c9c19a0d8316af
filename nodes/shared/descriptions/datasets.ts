import type { INodeProperties } from 'n8n-workflow';

/** A dataset of the chosen program, picked from the list Partner Center serves. */
export function datasetProperty(name: string, description: string): INodeProperties {
	return {
		displayName: 'Dataset Name or ID',
		name,
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getDatasets',
			loadOptionsDependsOn: ['program', 'apiVersion', 'authentication'],
		},
		required: true,
		default: '',
		description: `${description} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
	};
}
