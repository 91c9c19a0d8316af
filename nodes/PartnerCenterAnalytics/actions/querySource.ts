import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getIdParameter, getRequiredString } from '../../shared/helpers/parameters';
import { builderQuerySpec } from '../../shared/helpers/queryBuilder';
import { buildQuery } from '../../shared/queryLanguage';
import { assertValidQuery } from '../../shared/services/queryCheck';

/**
 * Where Query → Create, Query → Test and Report → Run take their query from: text, the builder, or a
 * saved query. Reads the parameters, builds the text and checks it before anything is sent.
 */
export type QuerySource =
	| { kind: 'text'; query: string; generated: boolean }
	| { kind: 'id'; queryId: string };

function builtQuery(context: IExecuteFunctions, itemIndex: number): string {
	try {
		return buildQuery(
			builderQuerySpec((name, fallback) => context.getNodeParameter(name, itemIndex, fallback)),
		);
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`The query cannot be built: ${(error as Error).message}`,
			{
				itemIndex,
			},
		);
	}
}

/** Reads the query from its source and, unless turned off, checks it before anything is sent. */
export async function readQuerySource(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Promise<QuerySource> {
	const source = context.getNodeParameter('querySource', itemIndex, 'text') as string;
	if (source === 'id')
		return { kind: 'id', queryId: getIdParameter(context, 'queryId', itemIndex) };
	const generated = source === 'builder';
	const query = generated
		? builtQuery(context, itemIndex)
		: getRequiredString(context, 'query', 'Query', itemIndex);
	if (options.validateQuery !== false) await assertValidQuery(context, query, itemIndex);
	return { kind: 'text', query, generated };
}
