import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import { checkQueryOption } from '../../../shared/descriptions/querySource';
import { formatOptionalDataTime } from '../../../shared/helpers/parameters';
import { DATA_REDACTED_HINT, tryQuery } from '../../../shared/services/queries';
import { readQuerySource } from '../querySource';
import type { OperationExecute } from '../operation';

// Query Source and the query itself: one shared set (descriptions/querySource.ts).
const properties: INodeProperties[] = [
	optionsCollection([
		checkQueryOption,
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description:
				"Partner insights only: read data from this UTC date and time on (as picked, whatever n8n's time zone), instead of the query's TIMESPAN",
		},
		{
			displayName: 'End Time',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			description:
				"Partner insights only: read data up to this UTC date and time (as picked, whatever n8n's time zone), instead of the query's TIMESPAN",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['query'], operation: ['test'] } },
	properties,
);

/** Runs a query on a sample (10–100 rows, 100 s at most on Partner Center's side); one item per row. */
export const execute: OperationExecute = async function (itemIndex) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const source = await readQuerySource(this, itemIndex, options);
	const window = {
		startTime: formatOptionalDataTime(this, options.startTime, 'Start Time', itemIndex),
		endTime: formatOptionalDataTime(this, options.endTime, 'End Time', itemIndex),
	};
	// The built query goes to the output pane as a hint, not into the rows: they stay the data rows,
	// ready for the next node. (Query → Create and Report → Run output the query text itself.)
	if (source.kind === 'text' && source.generated) {
		this.addExecutionHints({
			message: `Query built and sent: ${source.query}`,
			location: 'outputPane',
		});
	}
	const { rows, dataRedacted } = await tryQuery(
		this,
		source.kind === 'text' ? { query: source.query } : { queryId: source.queryId },
		window,
		itemIndex,
	);
	if (dataRedacted) this.addExecutionHints(DATA_REDACTED_HINT);
	return rows.map((row) => ({ json: row }));
};
