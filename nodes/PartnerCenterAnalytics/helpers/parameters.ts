import type { DateTime } from 'luxon';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatPartnerCenterTime, parseTimeValue } from './time';

/** Reading dates needs only the node and the workflow's time zone, so triggers can use it too. */
export type TimeContext = Pick<IExecuteFunctions, 'getNode' | 'getTimezone'>;

const ID = /^[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}$/;

/** Checks a query or report id; the message names the field. */
export function checkId(raw: unknown, name: 'queryId' | 'reportId'): string {
	const value = String(raw ?? '').trim();
	const label = name === 'queryId' ? 'Query' : 'Report';
	if (!ID.test(value)) {
		throw new Error(
			`"${label}" must be a Partner Center ${label.toLowerCase()} ID such as 72fa95ab-35f5-4d44-a1ee-503abbc88003, got "${value}"`,
		);
	}
	return value;
}

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

/** An optional date parameter as an instant, or a NodeOperationError naming the field. */
export function parseOptionalTime(
	context: TimeContext,
	value: unknown,
	label: string,
	itemIndex: number,
): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	try {
		return parseTimeValue(value, label, context.getTimezone());
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}

export function formatOptionalTime(
	context: TimeContext,
	value: unknown,
	label: string,
	itemIndex: number,
): string | undefined {
	const instant = parseOptionalTime(context, value, label, itemIndex);
	return instant && formatPartnerCenterTime(instant);
}
