import type { INodeProperties } from 'n8n-workflow';

import { ID_FIELD_PATTERN } from '../helpers/ids';

function idLocator(
	displayName: string,
	name: string,
	searchListMethod: string,
	example: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${example}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: ID_FIELD_PATTERN,
							errorMessage: `Not a valid ${displayName.toLowerCase()} ID`,
						},
					},
				],
			},
		],
	};
}

export const queryLocator = (
	description = 'The query: a system query or one of yours',
): INodeProperties =>
	idLocator(
		'Query',
		'queryId',
		'searchQueries',
		'fd0f299c-5a1c-4929-9f48-bfc6cc44355d',
		description,
	);

export const reportLocator = (description = 'The scheduled report'): INodeProperties =>
	idLocator(
		'Report',
		'reportId',
		'searchReports',
		'72fa95ab-35f5-4d44-a1ee-503abbc88003',
		description,
	);
