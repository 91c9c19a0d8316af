import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../shared/descriptions/common';
import { connectionProperties, shownFor } from '../shared/descriptions/connection';
import { queryLocator } from '../shared/descriptions/locators';
import {
	callbackMethodProperty,
	formatProperty,
	recurrenceCountProperty,
	recurrenceIntervalProperty,
} from '../shared/descriptions/report';
import {
	reportIdsProperty,
	reportsProperty,
	triggerDeliveryOptions,
	triggerOutputProperty,
} from '../shared/descriptions/trigger';
import { deliveryKey, pauseDeliveries, resumeDeliveries } from '../shared/state/deliveryLog';
import { checkId, parseReportIds } from '../shared/helpers/ids';
import { readTriggerDeliveryOptions } from '../shared/helpers/parameters';
import * as credentialTest from '../shared/methods/credentialTest';
import * as listSearch from '../shared/methods/listSearch';
import * as loadOptions from '../shared/methods/loadOptions';
import {
	callbackRegistered,
	registerCallback,
	startCatchUp,
	unregisterCallback,
	type CallbackContext,
	type CallbackSettings,
} from '../shared/services/callbackRegistration';
import { LOG_PREFIX, forgetCatchUp } from '../shared/services/catchUp';
import { deliverCallback } from '../shared/services/delivery';

const managed = { watch: ['managedReport'] };

/** The parameters the services need; those whose reading can fail are read when needed. */
function settingsOf(context: CallbackContext): CallbackSettings {
	const fail = (error: unknown): never => {
		throw new NodeOperationError(context.getNode(), error as Error);
	};
	return {
		watch:
			context.getNodeParameter('watch', 'reportIds') === 'managedReport'
				? 'managedReport'
				: 'reportIds',
		callbackMethod: context.getNodeParameter('callbackMethod', 'POST') as string,
		listedReportIds: () => {
			try {
				return parseReportIds(
					context.getNodeParameter('reports', []),
					context.getNodeParameter('reportIds', ''),
				);
			} catch (error) {
				return fail(error);
			}
		},
		managedReport: () => {
			let queryId = '';
			try {
				queryId = checkId(
					context.getNodeParameter('queryId', '', { extractValue: true }),
					'queryId',
				);
			} catch (error) {
				fail(error);
			}
			return {
				queryId,
				format: context.getNodeParameter('format', 'csv'),
				recurrenceInterval: context.getNodeParameter('recurrenceInterval') as number,
				recurrenceCount: context.getNodeParameter('recurrenceCount') as number,
			};
		},
	};
}

export class PartnerCenterAnalyticsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Partner Center Analytics Trigger',
		name: 'partnerCenterAnalyticsTrigger',
		icon: {
			light: 'file:../../icons/partnerCenter.svg',
			dark: 'file:../../icons/partnerCenter.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["watch"] === "managedReport" ? "Managed report" : "Watching " + [].concat($parameter["reports"] || [], ($parameter["reportIds"] || "").split(",").filter(id => id.trim())).length + " report(s)" }}',
		// n8n's node panel shows this node as the trigger of the "Partner Center Analytics" entry (same
		// name without "Trigger") and gives that entry THIS description: so it describes the package, as
		// the action node's does. What the trigger does is its event below ("When a report file is ready").
		description:
			'Read Microsoft Partner Center analytics: datasets, queries, scheduled reports and report files',
		eventTriggerDescription: 'Waiting for Partner Center to call back with a report file',
		defaults: { name: 'Partner Center Analytics Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'partnerCenterClientCredentialsApi',
				testedBy: 'partnerCenterConnectionTest',
				...shownFor('clientCredentials'),
			},
			{ name: 'partnerCenterOAuth2Api', ...shownFor('oAuth2') },
			{
				name: 'partnerCenterPasswordApi',
				testedBy: 'partnerCenterConnectionTest',
				...shownFor('password'),
			},
		],
		webhooks: [
			// Partner Center calls POST {callbackUrl}/{reportId} or GET {callbackUrl}?reportId=… (mpn
			// paradigm doc); the secret is the last segment of the registered callback URL.
			{
				name: 'default',
				// n8n matches a dynamic path by its segment count after the webhook id, which a full path keeps.
				isFullPath: true,
				httpMethod: '={{$parameter["callbackMethod"] === "GET" ? "GET" : "POST"}}',
				responseMode: 'onReceived',
				// n8n keys webhooks by (path, method): the workflow id keeps the paths of several
				// callback-trigger workflows apart.
				path: '={{$workflow.id + ($parameter["callbackMethod"] === "GET" ? "/:secret" : "/:secret/:reportId")}}',
			},
			// The callback is documented only for partner insights: the other documented form of the
			// other method, and a POST to the bare URL, are accepted too (emulator/README.md "Readings").
			// Named 'setup' (as n8n's Form Trigger names its second webhook) so that activation and
			// deactivation run once, for 'default' only; webhook() answers all three.
			{
				name: 'setup',
				isFullPath: true,
				httpMethod: '={{$parameter["callbackMethod"] === "GET" ? "POST" : "GET"}}',
				responseMode: 'onReceived',
				path: '={{$workflow.id + ($parameter["callbackMethod"] === "GET" ? "/:secret/:reportId" : "/:secret")}}',
			},
			{
				name: 'setup',
				isFullPath: true,
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '={{$workflow.id + "/:secret"}}',
			},
		],
		properties: [
			// The event the node panel lists under Triggers (n8n reads a property named "Event"; without
			// one it shows "On new Partner Center Analytics event"). One event, so nothing to choose here.
			{
				displayName: 'Event',
				name: 'event',
				type: 'hidden',
				options: [
					{
						name: 'Report File Ready',
						value: 'reportFileReady',
						action: 'When a report file is ready',
						description: 'Partner Center calls back when a watched report has a new file',
					},
				],
				default: 'reportFileReady',
			},
			...connectionProperties,
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				options: [
					{
						name: 'Existing Reports',
						value: 'reportIds',
						description:
							'Point the callback of reports you already have at this workflow; restored on deactivation',
					},
					{
						name: 'A Report Managed by This Trigger',
						value: 'managedReport',
						description:
							'Create a scheduled report of a query on activation; deleted on deactivation',
					},
				],
				default: 'reportIds',
			},
			{ ...reportsProperty, displayOptions: { show: { watch: ['reportIds'] } } },
			{ ...reportIdsProperty, displayOptions: { show: { watch: ['reportIds'] } } },
			{ ...queryLocator('The query the managed report runs'), displayOptions: { show: managed } },
			{ ...recurrenceIntervalProperty, displayOptions: { show: managed } },
			{ ...recurrenceCountProperty, default: 100, displayOptions: { show: managed } },
			{ ...formatProperty, displayOptions: { show: managed } },
			{ ...callbackMethodProperty, description: 'How Partner Center should call this workflow' },
			triggerOutputProperty,
			optionsCollection(triggerDeliveryOptions),
		],
	};

	// The credential test: every node that offers the credentials must expose it, as n8n asks the first
	// such node it finds. listSearch: the managed report's query picker; loadOptions: the report picker.
	methods = { credentialTest, listSearch, loadOptions };

	// The registration with Partner Center (services/callbackRegistration) and the delivery of a
	// callback's files (services/delivery) are services; these are n8n's entry points.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await callbackRegistered(this, settingsOf(this));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registerCallback(this, settingsOf(this));
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregisterCallback(this);
			},
		},
	};

	/**
	 * n8n starts this part whenever it activates the workflow, also at every startup, where its workflow
	 * publication service (n8n 2.x's default) runs none of the webhook methods because the webhooks stay
	 * registered. So a restart catches up here: files that completed while n8n was down are delivered
	 * within about a minute. n8n closes this part first when it stops the workflow (deactivation,
	 * shutdown); from then on callbacks deliver nothing, so no file is recorded as delivered for a run
	 * n8n would no longer start.
	 */
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const key = deliveryKey(this);
		resumeDeliveries(key);
		// Registered before (a startup, or create() ran first): catch up. A first activation registers in
		// create(), which starts the catch-up itself; catchUpAfterActivation runs once per activation.
		await startCatchUp(this, settingsOf(this));
		return {
			closeFunction: async () => {
				pauseDeliveries(key);
				forgetCatchUp(key);
				this.logger.info(
					`${LOG_PREFIX} n8n stopped this trigger; callbacks deliver nothing until it starts again`,
				);
			},
		};
	}

	/** In a run, the files the webhook emitted pass through unchanged (n8n runs execute() if present). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await deliverCallback(this, settingsOf(this), () => readTriggerDeliveryOptions(this));
	}
}
