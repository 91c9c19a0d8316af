import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type {
	IDataObject,
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
import {
	deliveriesPaused,
	deliveryKey,
	executionIdsOf,
	forgetUnlisted,
	markDelivered,
	pauseDeliveries,
	resumeDeliveries,
	takeNewlyWatched,
	wasDelivered,
	withLock,
	type DeliveryLog,
} from '../shared/helpers/deliveryLog';
import { checkId, parseReportIds } from '../shared/helpers/ids';
import { readTriggerDeliveryOptions } from '../shared/helpers/parameters';
import { toReportBody } from '../shared/helpers/reportFields';
import { earliestStartTime } from '../shared/helpers/schedule';
import * as credentialTest from '../shared/methods/credentialTest';
import * as listSearch from '../shared/methods/listSearch';
import * as loadOptions from '../shared/methods/loadOptions';
import {
	catchUpAfterActivation,
	forgetCatchUp,
	type CatchUpContext,
} from '../shared/services/catchUp';
import { deliverExecutions } from '../shared/services/delivery';
import { listCompletedExecutions } from '../shared/services/executions';
import {
	createReport,
	deleteReport,
	findReport,
	getReport,
	updateReport,
	CallbackNotRemovedError,
} from '../shared/services/reports';
import { getApiTarget } from '../shared/transport';

/** What activation changed in Partner Center, kept in static data so deactivation can undo it. */
interface CallbackState extends DeliveryLog {
	secret?: string;
	callbackUrl?: string;
	/** Watched existing reports and the callback each had before. */
	originals?: Record<string, { callbackUrl: string | null; callbackMethod: string | null }>;
	managedReportId?: string;
}

const managed = { watch: ['managedReport'] };

function sameSecret(given: unknown, expected: string): boolean {
	// Hashes first: timingSafeEqual needs equal lengths, and the length must not leak either.
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

/**
 * The production (or test) webhook URL with the secret in its path:
 * `{base}/{webhookId}/{workflowId}/{secret}`.
 */
function callbackUrlFor(context: IHookFunctions, secret: string): string {
	const template = (context.getNodeWebhookUrl('default') ?? '').replace(/\/:reportId$/, '');
	if (!template.endsWith('/:secret')) {
		throw new NodeOperationError(context.getNode(), `Unexpected webhook URL "${template}"`);
	}
	return `${template.slice(0, -':secret'.length)}${secret}`;
}

/** The report a callback names in its path, query or body (any casing), or undefined when none. */
function callbackReportId(...sources: unknown[]): string | undefined {
	for (const source of sources) {
		if (!source || typeof source !== 'object') continue;
		const key = Object.keys(source).find((name) => name.toLowerCase() === 'reportid');
		const value = key === undefined ? undefined : (source as IDataObject)[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim().toLowerCase();
	}
	return undefined;
}

function watchedReportIds(
	context: IHookFunctions | ITriggerFunctions | IWebhookFunctions,
	state: CallbackState,
): string[] {
	if (context.getNodeParameter('watch', 'reportIds') === 'managedReport') {
		// Compared lower-case like the listed ones: Partner Center may write an ID in capitals.
		return state.managedReportId ? [state.managedReportId.toLowerCase()] : [];
	}
	try {
		return parseReportIds(
			context.getNodeParameter('reports', []),
			context.getNodeParameter('reportIds', ''),
		);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

/** Files that completed while the trigger was not active are delivered shortly after activation. */
async function startCatchUp(context: CatchUpContext, state: CallbackState): Promise<void> {
	const key = deliveryKey(context);
	await catchUpAfterActivation(context, {
		key,
		reportIds: watchedReportIds(context, state),
		callbackUrl: String(state.callbackUrl),
		callbackMethod: context.getNodeParameter('callbackMethod', 'POST') === 'GET' ? 'GET' : 'POST',
		wasDelivered: (executionId) => wasDelivered(state, key, executionId),
	});
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

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as CallbackState;
				if (!state.secret || state.callbackUrl !== callbackUrlFor(this, state.secret)) return false;
				const reportIds = watchedReportIds(this, state);
				if (reportIds.length === 0) return false;
				for (const reportId of reportIds) {
					const report = await findReport(this, reportId);
					if (report?.callbackUrl !== state.callbackUrl) return false;
				}
				// Registered already (an activation at n8n's startup, a leader takeover): n8n skips create(),
				// so the catch-up starts here.
				await startCatchUp(this, state);
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as CallbackState;
				const secret = state.secret ?? randomBytes(24).toString('hex');
				const callbackUrl = callbackUrlFor(this, secret);
				const callbackMethod = this.getNodeParameter('callbackMethod', 'POST') as string;
				const key = deliveryKey(this);

				if (this.getNodeParameter('watch', 'reportIds') === 'managedReport') {
					if (state.managedReportId && !(await findReport(this, state.managedReportId))) {
						this.logger.warn(
							`Partner Center Analytics Trigger: the managed report ${state.managedReportId} was deleted outside n8n; creating it again`,
						);
						delete state.managedReportId;
					}
					if (!state.managedReportId) {
						const target = getApiTarget(this);
						let queryId: string;
						try {
							queryId = checkId(
								this.getNodeParameter('queryId', '', { extractValue: true }),
								'queryId',
							);
						} catch (error) {
							throw new NodeOperationError(this.getNode(), error as Error);
						}
						const body = toReportBody(
							this,
							0,
							target,
							{
								reportName: `n8n trigger ${this.getWorkflow().name ?? this.getWorkflow().id ?? ''}`
									.replace(/[^A-Za-z0-9 ]+/g, ' ')
									.trim(),
								format: this.getNodeParameter('format', 'csv'),
								callbackUrl,
								callbackMethod,
								startTime: earliestStartTime().toISO(),
								recurrenceInterval: this.getNodeParameter('recurrenceInterval') as number,
								recurrenceCount: this.getNodeParameter('recurrenceCount') as number,
							},
							{ runOnce: false },
						);
						const report = await createReport(this, {
							...body,
							QueryId: queryId,
							ExecuteNow: false,
						});
						state.managedReportId = String(report.reportId);
					} else {
						await updateReport(this, state.managedReportId, {
							callbackUrl,
							callbackMethod,
						});
					}
				} else {
					const originals = { ...(state.originals ?? {}) };
					const reportIds = watchedReportIds(this, state);
					for (const reportId of reportIds) {
						const report = await getReport(this, reportId);
						// Re-activation finds our own URL there: keep the original recorded the first time.
						if (!originals[reportId] && report.callbackUrl !== callbackUrl) {
							originals[reportId] = {
								callbackUrl: (report.callbackUrl as string | null) ?? null,
								callbackMethod: (report.callbackMethod as string | null) ?? null,
							};
						}
						await updateReport(this, reportId, { callbackUrl, callbackMethod });
					}
					state.originals = originals;
					// Files that exist when a report is first watched are history. On re-activation (a
					// restart, or after a pause) they are not: what completed meanwhile is delivered right after
					// activation (startCatchUp).
					const newlyWatched = takeNewlyWatched(state, reportIds);
					if (newlyWatched.length > 0) {
						const existing = await listCompletedExecutions(this, newlyWatched);
						markDelivered(state, key, executionIdsOf(existing, newlyWatched));
					}
				}
				state.secret = secret;
				state.callbackUrl = callbackUrl;
				await startCatchUp(this, state);
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				forgetCatchUp(deliveryKey(this));
				const state = this.getWorkflowStaticData('node') as CallbackState;
				if (state.managedReportId) {
					const deleted = await deleteReport(this, state.managedReportId, { missingOk: true });
					if (!deleted)
						this.logger.info(`The managed report ${state.managedReportId} was already gone`);
					delete state.managedReportId;
				}
				for (const [reportId, original] of Object.entries(state.originals ?? {})) {
					// Only a report that is gone is skipped. Any other failure (including a refused update)
					// ends the deactivation with the originals kept, so a later one can still restore them.
					const report = await findReport(this, reportId);
					if (!report) {
						this.logger.info(`Report ${reportId} no longer exists; nothing to restore`);
					} else if (report.callbackUrl === state.callbackUrl) {
						// (Someone who pointed it elsewhere since keeps their setting.)
						await updateReport(this, reportId, {
							callbackUrl: original.callbackUrl,
							callbackMethod: original.callbackMethod ?? undefined,
						}).catch((error: Error) => {
							// Where Partner Center keeps a callback URL once set, the report keeps calling this
							// workflow's URL, which answers 404 once it is inactive: no reason to stay active.
							if (!(error instanceof CallbackNotRemovedError)) throw error;
							this.logger.warn(
								`Partner Center Analytics Trigger: ${error.message}; it keeps calling this trigger's URL, which no longer answers`,
							);
						});
					}
				}
				delete state.originals;
				delete state.callbackUrl;
				delete state.secret;
				return true;
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
		const state = this.getWorkflowStaticData('node') as CallbackState;
		// Registered before (a startup, or create() ran first): catch up. A first activation registers in
		// create(), which starts the catch-up itself; catchUpAfterActivation runs once per activation.
		if (state.secret && state.callbackUrl) await startCatchUp(this, state);
		return {
			closeFunction: async () => {
				pauseDeliveries(key);
				forgetCatchUp(key);
				this.logger.info(
					'Partner Center Analytics Trigger: n8n stopped this trigger; callbacks deliver nothing until it starts again',
				);
			},
		};
	}

	/** In a run, the files the webhook emitted pass through unchanged (n8n runs execute() if present). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as CallbackState;
		const params = this.getParamsData() as IDataObject;
		const query = this.getQueryData() as IDataObject;
		const response = this.getResponseObject();
		const refuse = (status: number, message: string): IWebhookResponseData => {
			response.status(status).json({ message });
			return { noWebhookResponse: true };
		};
		if (!state.secret) return refuse(401, 'This trigger is not registered with Partner Center');
		if (!sameSecret(params.secret, state.secret)) return refuse(403, 'Wrong callback secret');

		const watched = watchedReportIds(this, state);
		// POST {url}/{reportId} and GET {url}?reportId= are documented for partner insights only; a
		// POST to the bare URL may name the report in its body, or not at all: then every watched report
		// is looked at (the callback is only a hint).
		const reportId = callbackReportId(params, query, this.getBodyData());
		if (reportId !== undefined && !watched.includes(reportId)) {
			return refuse(404, 'This trigger does not watch that report');
		}
		const named = (execution: IDataObject) =>
			reportId === undefined || String(execution.reportId).toLowerCase() === reportId;

		// The callback is only a hint: the executions API says what is complete, and each file is
		// delivered once however often Partner Center calls.
		const key = deliveryKey(this);
		const deliver = withLock(key, async () => {
			const delivery = readTriggerDeliveryOptions(this);
			// One listing of every watched report: what Partner Center no longer lists is forgotten.
			const listed = await listCompletedExecutions(this, watched);
			forgetUnlisted(state, key, listed);
			const fresh = listed.filter(
				(execution) => named(execution) && !wasDelivered(state, key, String(execution.executionId)),
			);
			if (fresh.length === 0) return refuse(200, 'Nothing new for this report');
			const items = await deliverExecutions(this, fresh, delivery);
			// Checked after the download, the last moment before the files are recorded as delivered. The
			// editor's test listener (manual) is not a production delivery: a test right after a
			// deactivation still gets its file.
			if (this.getMode() !== 'manual' && deliveriesPaused(key)) {
				this.logger.info(
					`Partner Center Analytics Trigger: n8n is stopping this workflow; the new file of report ${reportId ?? '(any watched)'} is delivered once it runs again`,
				);
				return refuse(503, 'This workflow is stopping; try the callback again later');
			}
			markDelivered(
				state,
				key,
				fresh.map((execution) => String(execution.executionId)),
			);
			if (items.length === 0) return refuse(200, 'The new file has no rows');
			// Answering here (noWebhookResponse) makes n8n 2.x save the static data, with the delivery
			// marks above, before it starts the run; returned with a normal response it is not saved.
			response.status(200).json({ message: 'Workflow was started', files: fresh.length });
			return { noWebhookResponse: true, workflowData: [items] };
		});
		// Answered here rather than thrown: n8n would log the request path, which holds the secret.
		// Nothing was marked delivered, so the next callback for the report picks the file up.
		return await deliver.catch((error: Error) => {
			this.logger.warn(
				`Partner Center Analytics Trigger: the new file of report ${reportId ?? '(any watched)'} could not be fetched yet (${error.message}); it is delivered with the next callback`,
			);
			return refuse(503, 'The report file could not be fetched yet; try the callback again later');
		});
	}
}
