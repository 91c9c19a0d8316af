import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getIdParameter, getRequiredString } from '../helpers/parameters';
import { queryLocator } from './locators';

export type QuerySource = { kind: 'text'; query: string } | { kind: 'id'; queryId: string };

export const queryTextProperty: INodeProperties = {
	displayName: 'Query',
	name: 'query',
	type: 'string',
	typeOptions: { rows: 4 },
	required: true,
	default: '',
	placeholder:
		"e.g. SELECT OrderId, OfferName, CustomerCountry FROM ISVOrder WHERE OrderStatus = 'Active' TIMESPAN LAST_MONTH",
	description:
		"The query in Partner Center's report query language (SELECT … FROM dataset [WHERE …] [TIMESPAN …])",
};

/** "Query text, or a saved query": used by Query → Test and Report → Run. */
export const querySourceProperties: INodeProperties[] = [
	{
		displayName: 'Query Source',
		name: 'querySource',
		type: 'options',
		options: [
			{ name: 'Query Text', value: 'text', description: 'Write the query here' },
			{ name: 'Saved Query', value: 'id', description: 'A system query or one created earlier' },
		],
		default: 'text',
	},
	{ ...queryTextProperty, displayOptions: { show: { querySource: ['text'] } } },
	{ ...queryLocator(), displayOptions: { show: { querySource: ['id'] } } },
];

export function readQuerySource(context: IExecuteFunctions, itemIndex: number): QuerySource {
	const source = context.getNodeParameter('querySource', itemIndex, 'text') as string;
	return source === 'id'
		? { kind: 'id', queryId: getIdParameter(context, 'queryId', itemIndex) }
		: { kind: 'text', query: getRequiredString(context, 'query', 'Query', itemIndex) };
}
