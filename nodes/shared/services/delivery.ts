import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { DeliveryOptions } from '../helpers/parameters';
import { downloadReportFile, type DownloadContext } from './download';
import { DATA_REDACTED_MEANING } from './queries';
import { getReport } from './reports';

/**
 * Downloads each execution's file for a trigger: one item per file (or per row), in the order
 * given. The file name carries the report's name: one report request per report, not per file.
 */
export async function deliverExecutions(
	context: DownloadContext,
	executions: IDataObject[],
	options: DeliveryOptions,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	const reportNames = new Map<string, string>();
	for (const execution of executions) {
		const reportId = String(execution.reportId);
		if (!reportNames.has(reportId)) {
			reportNames.set(reportId, String((await getReport(context, reportId)).reportName ?? ''));
		}
		const delivered = await downloadReportFile(context, {
			reportId,
			execution,
			...options,
			binaryPropertyName: 'data',
			itemIndex: 0,
			reportName: reportNames.get(reportId),
		});
		// A loop, not push(...items): "rows" output can be millions of items.
		for (const item of delivered) items.push(item);
	}
	// A trigger has no output pane to hint in: the log says it (file items also carry the mark).
	const redacted = executions.filter((execution) => execution.dataRedacted === true);
	if (redacted.length > 0) {
		context.logger.warn(
			`Partner Center marked the listing of ${redacted.length} delivered file(s) dataRedacted (reports ${[...new Set(redacted.map((execution) => String(execution.reportId)))].join(', ')}): ${DATA_REDACTED_MEANING}`,
		);
	}
	return items;
}
