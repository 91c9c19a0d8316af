import type { DateTime } from 'luxon';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatPartnerCenterTime, parseTimeValue } from './time';

const ID = /^[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}$/;

/** Reads a query or report id from its resource locator (or a plain string) and checks its shape. */
export function getIdParameter(
	context: IExecuteFunctions,
	name: 'queryId' | 'reportId',
	itemIndex: number,
): string {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = String(raw ?? '').trim();
	const label = name === 'queryId' ? 'Query' : 'Report';
	if (!ID.test(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`"${label}" must be a Partner Center ${label.toLowerCase()} ID such as 72fa95ab-35f5-4d44-a1ee-503abbc88003, got "${value}"`,
			{ itemIndex, description: `Pick the ${label.toLowerCase()} from the list, or map the ID from a previous node.` },
		);
	}
	return value;
}

export function getRequiredString(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '') {
		throw new NodeOperationError(context.getNode(), `"${label}" is empty: fill it in`, { itemIndex });
	}
	return value;
}

/** An optional date parameter as an instant, or a NodeOperationError naming the field. */
export function parseOptionalTime(
	context: IExecuteFunctions,
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
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string | undefined {
	const instant = parseOptionalTime(context, value, label, itemIndex);
	return instant && formatPartnerCenterTime(instant);
}
