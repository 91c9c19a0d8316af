import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/common';
import {
	binaryPropertyNameOption,
	maxRowsOption,
	outputOption,
	removeBomOption,
} from '../../../shared/descriptions/download';
import { checkQueryOption } from '../../../shared/descriptions/querySource';
import { formatProperty, queryTimeWindowProperties } from '../../../shared/descriptions/report';
import { pollIntervalOption, timeoutOption } from '../../../shared/descriptions/runOnce';
import { readOutputOptions } from '../../../shared/helpers/parameters';
import { toReportBody } from '../../../shared/helpers/reportFields';
import { checkWaitSettings } from '../../../shared/helpers/waitSettings';
import { createQuery, deleteQuery } from '../../../shared/services/queries';
import { deleteReport } from '../../../shared/services/reports';
import {
	createRunOnceReport,
	temporaryName,
	waitAndDownload,
} from '../../../shared/services/runOnce';
import { getApiTarget, itemError } from '../../../shared/transport';
import { readQuerySource } from '../querySource';
import type { OperationExecute } from '../operation';

// Query Source and the query itself: one shared set (descriptions/querySource.ts).
const properties: INodeProperties[] = [
	optionsCollection([
		checkQueryOption,
		binaryPropertyNameOption,
		formatProperty,
		{
			displayName: 'Keep Query and Report',
			name: 'keepQueryAndReport',
			type: 'boolean',
			default: false,
			description:
				'Whether to keep the run-once report (and the query made from the text) in Partner Center afterwards',
		},
		maxRowsOption,
		outputOption,
		pollIntervalOption,
		...queryTimeWindowProperties,
		removeBomOption,
		timeoutOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['run'] } },
	properties,
);

/**
 * Creates a run-once report (from query text or a saved query), waits for its file and downloads
 * it. The temporary report and query are deleted afterwards, except on a timeout, when the report
 * id is handed to the user so nothing is lost.
 */
export const execute: OperationExecute = async function (itemIndex) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const outputOptions = readOutputOptions(this, options, itemIndex);
	const target = getApiTarget(this, itemIndex);
	const name = temporaryName('run');
	const reportBody = toReportBody(
		this,
		itemIndex,
		target,
		{
			reportName: name,
			format: options.format ?? 'csv',
			queryStartTime: options.queryStartTime,
			queryEndTime: options.queryEndTime,
		},
		{ runOnce: true },
	);
	const wait = checkWaitSettings(this.getNode(), options, itemIndex);

	const source = await readQuerySource(this, itemIndex, options);
	const queryId =
		source.kind === 'id'
			? source.queryId
			: String((await createQuery(this, { name, query: source.query }, itemIndex)).queryId);
	const keep = options.keepQueryAndReport === true;
	const cleanUp = async (reportId?: string) => {
		if (keep) return;
		const temporary: Array<[string, () => Promise<unknown>]> = [];
		if (reportId)
			temporary.push(['report', async () => await deleteReport(this, reportId, { itemIndex })]);
		if (source.kind === 'text')
			temporary.push(['query', async () => await deleteQuery(this, queryId, itemIndex)]);
		for (const [what, remove] of temporary) {
			await remove().catch((error: Error) => {
				this.logger.warn(`Could not delete the temporary ${what} after the run: ${error.message}`);
			});
		}
	};

	let reportId: string;
	try {
		reportId = await createRunOnceReport(this, queryId, reportBody, itemIndex);
	} catch (error) {
		await cleanUp();
		throw itemError(this.getNode(), error, itemIndex);
	}

	let items: INodeExecutionData[];
	try {
		items = await waitAndDownload(this, reportId, name, wait, outputOptions, itemIndex);
	} catch (error) {
		// Nothing is lost: the report stays in Partner Center and the error says which one it is.
		const nodeError = itemError(this.getNode(), error, itemIndex);
		if (!`${nodeError.message} ${nodeError.description ?? ''}`.includes(reportId)) {
			const kept = `The report ${reportId} was kept in Partner Center: download its file later with Execution → Download.`;
			nodeError.description = nodeError.description ? `${nodeError.description} ${kept}` : kept;
		}
		throw nodeError;
	}
	await cleanUp(reportId);
	if (outputOptions.output === 'file') {
		const query = source.kind === 'text' ? { query: source.query } : {};
		for (const item of items)
			Object.assign(item.json, { queryId, ...query, temporaryItemsDeleted: !keep });
	}
	return items;
};
