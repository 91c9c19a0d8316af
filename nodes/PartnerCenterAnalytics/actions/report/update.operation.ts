import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { reportLocator } from '../../descriptions/locators';
import {
	callbackMethodProperty,
	callbackUrlProperty,
	endTimeProperty,
	formatProperty,
	recurrenceCountProperty,
	recurrenceIntervalProperty,
	startTimeProperty,
} from '../../descriptions/report';
import { getIdParameter } from '../../helpers/parameters';
import { toReportBody, type ReportFields } from '../../helpers/reportFields';
import { fetchReport } from '../../helpers/reports';
import { camelCaseKeys, getApiTarget, partnerCenterApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	reportLocator('The report to change'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			callbackMethodProperty,
			callbackUrlProperty,
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			endTimeProperty,
			formatProperty,
			recurrenceCountProperty,
			recurrenceIntervalProperty,
			{ displayName: 'Report Name', name: 'reportName', type: 'string', default: '' },
			startTimeProperty,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['report'], operation: ['update'] } }, properties);

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/**
 * The v1 docs mark ReportName, StartTime, Format and CallbackUrl as required on update, so the
 * current report is read and the changed fields are laid over it.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const reportId = getIdParameter(this, 'reportId', itemIndex);
	const updates = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	if (!Object.values(updates).some(present)) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field under "Update Fields"', {
			itemIndex,
		});
	}
	const target = getApiTarget(this, itemIndex);
	const current = await fetchReport(this, reportId, itemIndex);
	const pick = (name: string): unknown => (present(updates[name]) ? updates[name] : current[name] ?? undefined);
	const fields: ReportFields = {
		reportName: String(pick('reportName') ?? ''),
		description: pick('description') as string | undefined,
		format: pick('format') ?? 'csv',
		callbackUrl: (pick('callbackUrl') as string | undefined) || undefined,
		callbackMethod: pick('callbackMethod') as string | undefined,
		startTime: pick('startTime'),
		recurrenceInterval: pick('recurrenceInterval') as number | undefined,
		recurrenceCount: pick('recurrenceCount') as number | undefined,
		endTime: pick('endTime'),
	};
	const body = toReportBody(this, itemIndex, target, fields, {
		runOnce: false,
		isNewStartTime: present(updates.startTime),
	});
	const envelope = await partnerCenterApiRequest.call(this, {
		method: 'PUT',
		endpoint: `ScheduledReport/${encodeURIComponent(reportId)}`,
		body,
		itemIndex,
	});
	return envelope.value.map((report) => ({ json: camelCaseKeys(report) }));
}
