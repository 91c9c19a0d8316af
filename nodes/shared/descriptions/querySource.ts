import type { INodeProperties } from 'n8n-workflow';

import { FILTER_OPERATORS } from '../helpers/filterOperators';
import { BUILDER_PARAMETERS } from '../helpers/queryBuilder';
import { datasetProperty } from './datasets';
import { queryLocator } from './locators';

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

export const checkQueryOption: INodeProperties = {
	displayName: 'Check Query Before Sending',
	name: 'validateQuery',
	type: 'boolean',
	default: true,
	description:
		"Whether to check the query's grammar, dataset, columns and timespan against the program's datasets before anything is sent",
};

const datasetDependent = {
	loadOptionsDependsOn: ['queryDataset', 'program', 'apiVersion', 'authentication'],
};

/** A column or metric of the chosen dataset, in a filter or a sort. */
const fieldColumn: INodeProperties = {
	displayName: 'Column Name or ID',
	name: 'column',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getDatasetFields', ...datasetDependent },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** A list of the chosen dataset's columns or metrics. */
function datasetListProperty(
	displayName: string,
	name: string,
	loadOptionsMethod: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod, ...datasetDependent },
		default: [],
		description: `${description} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
	};
}

/**
 * The query the builder will send, read-only: an options list whose one option is the built text
 * (methods/loadOptions.ts getBuiltQuery), loaded again whenever a builder field changes. n8n joins
 * the dependencies' values as text, so the filters and sorts are named field by field (an object
 * would read "[object Object]"); past the tenth filter or fifth sort, "Refresh List" updates it.
 */
function previewProperty(displayName: string, loadOptionsMethod: string): INodeProperties {
	const fields = (collection: string, entry: string, count: number, names: string[]) =>
		Array.from({ length: count }, (_, i) =>
			names.map((name) => `${collection}.${entry}[${i}].${name}`),
		).flat();
	return {
		displayName,
		name: 'queryPreview',
		type: 'options',
		noDataExpression: true,
		typeOptions: {
			loadOptionsMethod,
			loadOptionsDependsOn: [
				...BUILDER_PARAMETERS,
				...fields('queryFilters', 'filter', 10, ['column', 'operator', 'value']),
				...fields('queryOrderBy', 'sort', 5, ['column', 'direction']),
			],
		},
		default: '',
		description:
			'The query the builder sends, updated as you edit. To change it by hand, copy it into Query Text (Query Source: Query Text).',
	};
}

/** The query builder: every name comes from the dataset, every value is quoted by the builder. */
const builderProperties: INodeProperties[] = [
	datasetProperty('queryDataset', 'The dataset to read.'),
	datasetListProperty(
		'Column Names or IDs',
		'queryColumns',
		'getDatasetColumns',
		'Columns to select.',
	),
	datasetListProperty(
		'Metric Names or IDs',
		'queryMetrics',
		'getDatasetMetrics',
		'Metrics, computed for each distinct combination of the columns.',
	),
	{
		displayName: 'Filters',
		name: 'queryFilters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Filter',
		default: {},
		description: 'Conditions that must all hold (Partner Center has no OR)',
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				values: [
					fieldColumn,
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						// Words as values: n8n reads a value starting with "=" as an expression.
						options: Object.entries(FILTER_OPERATORS).map(([value, name]) => ({ name, value })),
						default: 'equals',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'The value; for IN and NOT IN, one value per line. Quoted and escaped for you.',
					},
				],
			},
		],
	},
	{
		displayName: 'Order By',
		name: 'queryOrderBy',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Sort',
		default: {},
		options: [
			{
				displayName: 'Sort',
				name: 'sort',
				values: [
					fieldColumn,
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Descending', value: 'DESC' },
							{ name: 'Ascending', value: 'ASC' },
						],
						default: 'DESC',
					},
				],
			},
		],
	},
	{
		displayName: 'Timespan Name or ID',
		name: 'queryTimespan',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDatasetTimespans', ...datasetDependent },
		default: '',
		description:
			'Period to read; Partner Center reads 6 months when none is given. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Row Limit',
		name: 'queryLimit',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Maximum number of rows; 0 for no limit',
	},
	{
		displayName: 'Distinct',
		name: 'queryDistinct',
		type: 'boolean',
		default: false,
		description: 'Whether to return each combination of values once',
	},
	previewProperty('Query Preview', 'getBuiltQuery'),
];

/**
 * The operations that take a query from text, the builder or a saved query. Their query parameters are
 * ONE set of properties shown for all of them (not a copy per operation), so what the user built
 * survives switching between them: n8n rebuilds a fixedCollection such as Filters from the copy that is
 * shown, and a copy per operation lost the filters on Query → Create → Test → Create.
 *
 * Every operation value below belongs to one resource except `create`, which Report has too: Report →
 * Create has no Query Source (neither copy of it is shown there), and every other property here shows
 * only for a Query Source value, so none of them appears on Report → Create.
 */
export const QUERY_SOURCE_OPERATIONS = {
	query: ['create', 'test'],
	report: ['run', 'backfill'],
} as const;

const queryUsers = {
	resource: Object.keys(QUERY_SOURCE_OPERATIONS),
	operation: Object.values(QUERY_SOURCE_OPERATIONS).flat(),
};

/**
 * Shows a property for the query's users when Query Source is one of `sources`. A fixedCollection
 * (Filters, Order By) is shown by Query Source alone, which exists only on those operations: when the
 * operation changes, n8n's editor (removeMismatchedOptionValues in its node settings) clears every
 * shown fixedCollection whose displayOptions name `operation`, and the filters were lost.
 */
function forSource(property: INodeProperties, sources: string[]): INodeProperties {
	const users = property.type === 'fixedCollection' ? {} : queryUsers;
	const show = { ...users, ...property.displayOptions?.show, querySource: sources };
	return { ...property, displayOptions: { show } };
}

/** Where a query comes from; Query → Create offers all but Saved Query (it makes a saved query). */
const QUERY_SOURCES = [
	{ name: 'Query Text', value: 'text', description: 'Write the query' },
	{ name: 'Build Query', value: 'builder', description: 'Pick a dataset, columns and filters' },
	{ name: 'Saved Query', value: 'id', description: 'A system query or one created earlier' },
];

function querySourceProperty(
	show: { resource: string[]; operation: string[] },
	options: typeof QUERY_SOURCES,
): INodeProperties {
	return {
		displayName: 'Query Source',
		name: 'querySource',
		type: 'options',
		options,
		default: 'text',
		displayOptions: { show },
	};
}

/**
 * "Query text, built, or a saved query" for Query → Create (no saved query: it saves one), Query →
 * Test, Report → Run and Report → Backfill. Query Source has two copies because Create offers no Saved
 * Query; a value the two share (text, builder) is kept when switching, as n8n keeps a simple value that
 * a shown copy has. Placed once in the node's list (query/create.operation.ts, so it sits after
 * Create's Name and before every user's options).
 */
export const querySourceProperties: INodeProperties[] = [
	querySourceProperty({ resource: ['query'], operation: ['create'] }, QUERY_SOURCES.slice(0, 2)),
	querySourceProperty(
		{ resource: ['query', 'report'], operation: ['test', 'run', 'backfill'] },
		QUERY_SOURCES,
	),
	forSource(queryTextProperty, ['text']),
	...builderProperties.map((property) => forSource(property, ['builder'])),
	forSource(queryLocator(), ['id']),
];
