import type { INodeProperties } from 'n8n-workflow';

/** How Report → Run and Report → Backfill wait for a run-once report's file. */
export const pollIntervalOption: INodeProperties = {
	displayName: 'Poll Interval (Seconds)',
	name: 'pollIntervalSeconds',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 30,
	description: 'How often to ask Partner Center whether the file is ready',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Minutes)',
	name: 'timeoutMinutes',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 60,
	description: 'How long to wait for the file before giving up (the report keeps running)',
};
