import type { DateTime } from 'luxon';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_ROWS, type DownloadOutput } from './formats';
import { checkId } from './ids';
import { formatPartnerCenterTime, parseDataTime, parseTimeValue } from './time';

/** Reading dates needs only the node and the workflow's time zone, so triggers can use it too. */
export type TimeContext = Pick<IExecuteFunctions, 'getNode' | 'getTimezone'>;

/** Reads a query or report id from its resource locator (or a plain string) and checks its shape. */
export function getIdParameter(
	context: IExecuteFunctions,
	name: 'queryId' | 'reportId',
	itemIndex: number,
): string {
	try {
		return checkId(context.getNodeParameter(name, itemIndex, '', { extractValue: true }), name);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			itemIndex,
			description: 'Pick it from the list, or map the ID from a previous node.',
		});
	}
}

export function getRequiredString(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '') {
		throw new NodeOperationError(context.getNode(), `"${label}" is empty: fill it in`, {
			itemIndex,
		});
	}
	return value;
}

/**
 * An optional instant parameter (a report's Start Time, End Time: when something runs), read in the
 * workflow's time zone as n8n's date picker means it, or a NodeOperationError naming the field.
 */
export function parseOptionalTime(
	context: TimeContext,
	value: unknown,
	label: string,
	itemIndex: number,
): DateTime | undefined {
	return readOptionalTime(context, value, label, itemIndex, parseTimeValue);
}

/**
 * An optional parameter that selects data by date (Backfill's From/To, Query Start/End Time): the
 * UTC date and time as written, whatever the workflow's time zone (the rule in helpers/time.ts).
 */
export function parseOptionalDataTime(
	context: TimeContext,
	value: unknown,
	label: string,
	itemIndex: number,
): DateTime | undefined {
	return readOptionalTime(context, value, label, itemIndex, parseDataTime);
}

/** Empty is no value; anything else is read by `parse` (one of the two rules) or fails naming the field. */
function readOptionalTime(
	context: TimeContext,
	value: unknown,
	label: string,
	itemIndex: number,
	parse: (value: unknown, label: string, zone: string) => DateTime,
): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	try {
		return parse(value, label, context.getTimezone());
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}

/** An optional data-selecting date as Partner Center's UTC timestamp. */
export function formatOptionalDataTime(
	context: TimeContext,
	value: unknown,
	label: string,
	itemIndex: number,
): string | undefined {
	const instant = parseOptionalDataTime(context, value, label, itemIndex);
	return instant && formatPartnerCenterTime(instant);
}

/** A whole number of at least `min` (a number field, or an expression giving one), or an error naming the field. */
export function checkWholeNumber(
	node: INode,
	value: unknown,
	label: string,
	min: number,
	itemIndex?: number,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min) {
		throw new NodeOperationError(
			node,
			`"${label}" must be a whole number of at least ${min}, got "${String(value)}"`,
			{ itemIndex },
		);
	}
	return number;
}

/** How a report file is handed over: Output, and the options Remove BOM (file) and Max Rows (rows). */
export interface DeliveryOptions {
	output: DownloadOutput;
	removeBom: boolean;
	maxRows: number;
}

/** Output with the options Remove BOM and Max Rows, checked (the action node and both triggers). */
export function checkDeliveryOptions(
	node: INode,
	output: unknown,
	options: IDataObject,
	itemIndex?: number,
): DeliveryOptions {
	if (output !== 'file' && output !== 'rows') {
		throw new NodeOperationError(node, `"Output" must be file or rows, got "${String(output)}"`, {
			itemIndex,
		});
	}
	return {
		output,
		removeBom: options.removeBom === true,
		maxRows: checkWholeNumber(node, options.maxRows ?? DEFAULT_MAX_ROWS, 'Max Rows', 1, itemIndex),
	};
}

/** A trigger's Output and its options (Remove BOM, Max Rows), checked. */
export function readTriggerDeliveryOptions(
	context: IPollFunctions | IWebhookFunctions,
): DeliveryOptions {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return checkDeliveryOptions(
		context.getNode(),
		context.getNodeParameter('output', 'file'),
		options,
	);
}

/** Output, its options and the binary field of Execution → Download and Report → Run, checked. */
export function readOutputOptions(
	context: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): DeliveryOptions & { binaryPropertyName: string } {
	const delivery = checkDeliveryOptions(
		context.getNode(),
		options.output ?? 'file',
		options,
		itemIndex,
	);
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!/^[A-Za-z0-9_-]+$/.test(binaryPropertyName)) {
		throw new NodeOperationError(
			context.getNode(),
			`"Put Output File in Field" must be a field name such as data (letters, digits, _ and -), got "${binaryPropertyName}"`,
			{ itemIndex },
		);
	}
	return { ...delivery, binaryPropertyName };
}

/** "Return All" / "Limit" of a Get Many: undefined for all. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = context.getNodeParameter('returnAll', itemIndex) as boolean;
	return returnAll ? undefined : (context.getNodeParameter('limit', itemIndex) as number);
}
