import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as dataset from './actions/dataset';
import * as execution from './actions/execution';
import * as file from './actions/file';
import * as query from './actions/query';
import * as report from './actions/report';
import { router } from './actions/router';
import {
	actionConnectionProperties,
	notForFiles,
	shownFor,
} from '../shared/descriptions/connection';
import { operationsFirst } from '../shared/descriptions/common';
import { credentialTest, listSearch, loadOptions } from '../shared/methods';

export class PartnerCenterAnalytics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Partner Center Analytics',
		name: 'partnerCenterAnalytics',
		icon: {
			light: 'file:../../icons/partnerCenter.svg',
			dark: 'file:../../icons/partnerCenter.dark.svg',
		},
		group: ['transform'],
		version: 1,
		// The operation as the user reads it ("Run and Get File", "Get Many Datasets").
		subtitle:
			'={{ {"dataset:get":"Get Dataset","dataset:getAll":"Get Many Datasets","execution:download":"Download File","execution:getAll":"Get Many Executions","file:readRows":"Read Rows From File","query:create":"Create Query","query:delete":"Delete Query","query:get":"Get Query","query:getAll":"Get Many Queries","query:test":"Test Query","report:backfill":"Backfill History","report:create":"Create Report","report:delete":"Delete Report","report:get":"Get Report","report:getAll":"Get Many Reports","report:pause":"Pause Report","report:resume":"Resume Report","report:run":"Run and Get File","report:update":"Update Report"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description:
			'Read Microsoft Partner Center analytics: datasets, queries, scheduled reports and report files',
		defaults: { name: 'Partner Center Analytics' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// File → Read Rows From File has a second output, Page: where the next page starts.
		outputs: `={{ $parameter["resource"] === "file" ? [{ type: "${NodeConnectionTypes.Main}", displayName: "Rows" }, { type: "${NodeConnectionTypes.Main}", displayName: "Page" }] : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [
			{
				name: 'partnerCenterClientCredentialsApi',
				testedBy: 'partnerCenterConnectionTest',
				...shownFor('clientCredentials', notForFiles),
			},
			{ name: 'partnerCenterOAuth2Api', ...shownFor('oAuth2', notForFiles) },
			{
				name: 'partnerCenterPasswordApi',
				testedBy: 'partnerCenterConnectionTest',
				...shownFor('password', notForFiles),
			},
		],
		properties: [
			...actionConnectionProperties,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Dataset', value: 'dataset' },
					{ name: 'Execution', value: 'execution' },
					{ name: 'File', value: 'file' },
					{ name: 'Query', value: 'query' },
					{ name: 'Report', value: 'report' },
				],
				default: 'report',
			},
			...operationsFirst([
				...dataset.description,
				...query.description,
				...report.description,
				...execution.description,
				...file.description,
			]),
		],
	};

	methods = { credentialTest, listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
