import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Poll Interval (Seconds) and Timeout (Minutes) of Report → Run and Report → Backfill, checked. */
export function checkWaitSettings(
	node: INode,
	options: IDataObject,
	itemIndex: number,
): { pollIntervalSeconds: number; timeoutMinutes: number } {
	const pollIntervalSeconds = Number(options.pollIntervalSeconds ?? 30);
	const timeoutMinutes = Number(options.timeoutMinutes ?? 60);
	const limits = [
		[
			pollIntervalSeconds >= 1,
			'Poll Interval (Seconds)',
			'at least 1',
			options.pollIntervalSeconds,
		],
		[timeoutMinutes > 0, 'Timeout (Minutes)', 'more than 0', options.timeoutMinutes],
	] as const;
	for (const [ok, field, rule, given] of limits) {
		if (!ok) {
			throw new NodeOperationError(
				node,
				`"${field}" must be ${rule}, got ${JSON.stringify(given)}`,
				{
					itemIndex,
				},
			);
		}
	}
	return { pollIntervalSeconds, timeoutMinutes };
}
