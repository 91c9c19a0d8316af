import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import {
	binaryPropertyNameOption,
	maxRowsOption,
	outputOption,
	removeBomOption,
} from '../../../shared/descriptions/download';
import { checkQueryOption } from '../../../shared/descriptions/querySource';
import { formatProperty } from '../../../shared/descriptions/report';
import { pollIntervalOption, timeoutOption } from '../../../shared/descriptions/runOnce';
import {
	WINDOW_UNITS,
	defaultRange,
	splitWindows,
	type TimeWindow,
	type WindowUnit,
} from '../../../shared/helpers/backfillWindows';
import {
	checkWholeNumber,
	parseOptionalDataTime,
	readOutputOptions,
} from '../../../shared/helpers/parameters';
import { toReportBody } from '../../../shared/helpers/reportFields';
import { checkWaitSettings } from '../../../shared/helpers/waitSettings';
import { runBackfill } from '../../../shared/services/backfill';
import { getApiTarget } from '../../../shared/transport';
import { readQuerySource } from '../querySource';
import type { OperationExecute } from '../operation';

export const MAX_CONCURRENCY = 4;

// Query Source and the query itself: one shared set (descriptions/querySource.ts).
const properties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'backfillFrom',
		type: 'dateTime',
		default: '',
		description:
			"First day of the history to read, a UTC date: the day as picked, whatever n8n's time zone. Empty: the first day of the month 24 months before this one.",
	},
	{
		displayName: 'To',
		name: 'backfillTo',
		type: 'dateTime',
		default: '',
		description:
			"End of the history to read, not included, a UTC date: the day as picked, whatever n8n's time zone. Empty: the first day of this month, so 24 full months by default.",
	},
	{
		displayName: 'Window',
		name: 'backfillWindow',
		type: 'options',
		options: [
			{ name: 'Month', value: 'month', description: 'One report per calendar month' },
			{ name: 'Week', value: 'week', description: 'One report per week, Monday to Monday' },
			{ name: 'Day', value: 'day', description: 'One report per day' },
		],
		default: 'month',
		description:
			'How the range is split: each window is one run-once report that reads the dates of that window',
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: 2,
		description: `How many windows run at once (1–${MAX_CONCURRENCY}); the files still come out oldest first`,
	},
	optionsCollection([
		checkQueryOption,
		binaryPropertyNameOption,
		formatProperty,
		maxRowsOption,
		{
			...outputOption,
			description:
				'File: one item per window with its file. Rows: one item per data row, with windowStart and windowEnd.',
		},
		pollIntervalOption,
		removeBomOption,
		{
			...timeoutOption,
			description:
				"How long to wait for each window's file before that window fails (its report is deleted)",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['backfill'] } },
	properties,
);

/** From and To (UTC dates as picked; defaults: the last 24 full months) and the Window, checked. */
function readRange(context: IExecuteFunctions, itemIndex: number): TimeWindow[] {
	const now = DateTime.utc();
	const fallback = defaultRange(now);
	const from =
		parseOptionalDataTime(
			context,
			context.getNodeParameter('backfillFrom', itemIndex, ''),
			'From',
			itemIndex,
		) ?? fallback.from;
	const to =
		parseOptionalDataTime(
			context,
			context.getNodeParameter('backfillTo', itemIndex, ''),
			'To',
			itemIndex,
		) ?? fallback.to;
	const unit = context.getNodeParameter('backfillWindow', itemIndex, 'month') as WindowUnit;
	if (!WINDOW_UNITS.includes(unit)) {
		throw new NodeOperationError(
			context.getNode(),
			`"Window" must be one of ${WINDOW_UNITS.join(', ')}, got "${String(unit)}"`,
			{ itemIndex },
		);
	}
	try {
		return splitWindows(from, to, unit);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}

/**
 * Backfills the history of a query: the range split into windows, each run as a run-once report,
 * the files (or rows) oldest first. The Partner Center steps are in services/backfill.ts.
 */
export const execute: OperationExecute = async function (itemIndex) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const output = readOutputOptions(this, options, itemIndex);
	const windows = readRange(this, itemIndex);
	const concurrency = checkWholeNumber(
		this.getNode(),
		this.getNodeParameter('concurrency', itemIndex, 2),
		'Concurrency',
		1,
		itemIndex,
	);
	if (concurrency > MAX_CONCURRENCY) {
		throw new NodeOperationError(
			this.getNode(),
			`"Concurrency" must be at most ${MAX_CONCURRENCY}, got ${concurrency}`,
			{ itemIndex },
		);
	}
	const reportBody = toReportBody(
		this,
		itemIndex,
		getApiTarget(this, itemIndex),
		{ format: options.format ?? 'csv' },
		{ runOnce: true },
	);
	const wait = checkWaitSettings(this.getNode(), options, itemIndex);
	const source = await readQuerySource(this, itemIndex, options);
	return await runBackfill(this, {
		source,
		windows,
		concurrency,
		reportBody,
		wait,
		output,
		continueOnFail: this.continueOnFail(),
		itemIndex,
	});
};
