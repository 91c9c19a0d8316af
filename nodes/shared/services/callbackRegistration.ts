import { randomBytes } from 'crypto';
import type { IHookFunctions, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	deliveryKey,
	executionIdsOf,
	markDelivered,
	takeNewlyWatched,
	wasDelivered,
	type DeliveryLog,
} from '../state/deliveryLog';
import { earliestStartTime } from '../helpers/schedule';
import { LOG_PREFIX, catchUpAfterActivation, forgetCatchUp } from './catchUp';
import { listCompletedExecutions } from './executions';
import {
	createReportOf,
	deleteReport,
	findReport,
	getReport,
	updateReport,
	CallbackNotRemovedError,
} from './reports';

/**
 * The callback trigger's registration with Partner Center: pointing watched reports' callbacks at the
 * workflow (and back on deactivation), or creating and deleting the report the trigger manages. Every
 * request body of the callback trigger is built here; the node reads its parameters into
 * CallbackSettings and calls these functions from n8n's webhook methods.
 */

/** What activation changed in Partner Center, kept in static data so deactivation can undo it. */
export interface CallbackState extends DeliveryLog {
	secret?: string;
	callbackUrl?: string;
	/** Watched existing reports and the callback each had before. */
	originals?: Record<string, { callbackUrl: string | null; callbackMethod: string | null }>;
	managedReportId?: string;
}

/** The report a managed-report trigger creates. */
export interface ManagedReportSpec {
	queryId: string;
	format: unknown;
	recurrenceInterval: number;
	recurrenceCount: number;
}

/** The node's parameters, as the node read them (lazily where reading can fail with a field's name). */
export interface CallbackSettings {
	watch: 'reportIds' | 'managedReport';
	/** The reports listed under Watch: Existing Reports (lower case). */
	listedReportIds: () => string[];
	callbackMethod: string;
	managedReport: () => ManagedReportSpec;
}

export type CallbackContext = IHookFunctions | ITriggerFunctions | IWebhookFunctions;

export function callbackState(context: CallbackContext): CallbackState {
	return context.getWorkflowStaticData('node') as CallbackState;
}

export function watchedReportIds(state: CallbackState, settings: CallbackSettings): string[] {
	if (settings.watch === 'managedReport') {
		// Compared lower-case like the listed ones: Partner Center may write an ID in capitals.
		return state.managedReportId ? [state.managedReportId.toLowerCase()] : [];
	}
	return settings.listedReportIds();
}

/**
 * The production (or test) webhook URL with the secret in its path:
 * `{base}/{webhookId}/{workflowId}/{secret}`.
 */
function callbackUrlFor(context: IHookFunctions, secret: string): string {
	const template = (context.getNodeWebhookUrl('default') ?? '').replace(/\/:reportId$/, '');
	if (!template.endsWith('/:secret')) {
		// The path is the node's own (its description's webhooks), so only an n8n that builds webhook URLs
		// differently gets here. Registering a URL without the secret would let anyone deliver files.
		throw new NodeOperationError(
			context.getNode(),
			`n8n gave this trigger the webhook URL "${template}", which does not end in the ":secret" part of the trigger's webhook path`,
			{
				description:
					"This n8n version builds webhook URLs in a way the node does not know, so nothing was registered. Use an n8n version from the compatibility table in the package's README, and report this n8n version and URL on the project's issue tracker.",
			},
		);
	}
	return `${template.slice(0, -':secret'.length)}${secret}`;
}

/** Files that completed while the trigger was not active are delivered shortly after activation. */
export async function startCatchUp(
	context: IHookFunctions | ITriggerFunctions,
	settings: CallbackSettings,
): Promise<void> {
	const state = callbackState(context);
	if (!state.secret || !state.callbackUrl) return;
	const key = deliveryKey(context);
	await catchUpAfterActivation(context, {
		key,
		reportIds: watchedReportIds(state, settings),
		callbackUrl: state.callbackUrl,
		callbackMethod: settings.callbackMethod === 'GET' ? 'GET' : 'POST',
		wasDelivered: (executionId) => wasDelivered(state, key, executionId),
	});
}

/** n8n's checkExists: whether every watched report calls this workflow's current URL back. */
export async function callbackRegistered(
	context: IHookFunctions,
	settings: CallbackSettings,
): Promise<boolean> {
	const state = callbackState(context);
	if (!state.secret || state.callbackUrl !== callbackUrlFor(context, state.secret)) return false;
	const reportIds = watchedReportIds(state, settings);
	if (reportIds.length === 0) return false;
	for (const reportId of reportIds) {
		const report = await findReport(context, reportId);
		if (report?.callbackUrl !== state.callbackUrl) return false;
	}
	// Registered already (an activation at n8n's startup, a leader takeover): n8n skips create(),
	// so the catch-up starts here.
	await startCatchUp(context, settings);
	return true;
}

/** One way of pointing Partner Center's callbacks at the workflow: the managed report, or the watched ones. */
type Registration = (
	context: IHookFunctions,
	state: CallbackState,
	settings: CallbackSettings,
	callbackUrl: string,
) => Promise<void>;

/** The managed report exists (created now, or pointed at `callbackUrl` again); its ID is in the state. */
const registerManagedReport: Registration = async (context, state, settings, callbackUrl) => {
	const { callbackMethod } = settings;
	if (state.managedReportId && !(await findReport(context, state.managedReportId))) {
		context.logger.warn(
			`${LOG_PREFIX} the managed report ${state.managedReportId} was deleted outside n8n; creating it again`,
		);
		delete state.managedReportId;
	}
	if (state.managedReportId) {
		await updateReport(context, state.managedReportId, { callbackUrl, callbackMethod });
		return;
	}
	const spec = settings.managedReport();
	const workflow = context.getWorkflow();
	const report = await createReportOf(
		context,
		spec.queryId,
		{
			reportName: `n8n trigger ${workflow.name ?? workflow.id ?? ''}`
				.replace(/[^A-Za-z0-9 ]+/g, ' ')
				.trim(),
			format: spec.format,
			callbackUrl,
			callbackMethod,
			startTime: earliestStartTime().toISO(),
			recurrenceInterval: spec.recurrenceInterval,
			recurrenceCount: spec.recurrenceCount,
		},
		{ runOnce: false },
	);
	state.managedReportId = String(report.reportId);
};

/** The watched reports call `callbackUrl` back; the callback each had before is kept for deactivation. */
const registerListedReports: Registration = async (context, state, settings, callbackUrl) => {
	const { callbackMethod } = settings;
	const originals = { ...(state.originals ?? {}) };
	const reportIds = watchedReportIds(state, settings);
	for (const reportId of reportIds) {
		const report = await getReport(context, reportId);
		// Re-activation finds our own URL there: keep the original recorded the first time.
		if (!originals[reportId] && report.callbackUrl !== callbackUrl) {
			originals[reportId] = {
				callbackUrl: (report.callbackUrl as string | null) ?? null,
				callbackMethod: (report.callbackMethod as string | null) ?? null,
			};
		}
		await updateReport(context, reportId, { callbackUrl, callbackMethod });
	}
	state.originals = originals;
	// Files that exist when a report is first watched are history. On re-activation (a restart, or
	// after a pause) they are not: what completed meanwhile is delivered right after activation
	// (startCatchUp).
	const newlyWatched = takeNewlyWatched(state, reportIds);
	if (newlyWatched.length > 0) {
		const existing = await listCompletedExecutions(context, newlyWatched);
		markDelivered(state, deliveryKey(context), executionIdsOf(existing, newlyWatched));
	}
};

/** n8n's create: registers the callback (a new secret the first time) and starts the catch-up. */
export async function registerCallback(
	context: IHookFunctions,
	settings: CallbackSettings,
): Promise<boolean> {
	const state = callbackState(context);
	const secret = state.secret ?? randomBytes(24).toString('hex');
	const callbackUrl = callbackUrlFor(context, secret);
	const register =
		settings.watch === 'managedReport' ? registerManagedReport : registerListedReports;
	await register(context, state, settings, callbackUrl);
	state.secret = secret;
	state.callbackUrl = callbackUrl;
	await startCatchUp(context, settings);
	return true;
}

/** n8n's delete: deletes the managed report, or gives the watched reports their callbacks back. */
export async function unregisterCallback(context: IHookFunctions): Promise<boolean> {
	forgetCatchUp(deliveryKey(context));
	const state = callbackState(context);
	if (state.managedReportId) {
		const deleted = await deleteReport(context, state.managedReportId, { missingOk: true });
		if (!deleted)
			context.logger.info(`The managed report ${state.managedReportId} was already gone`);
		delete state.managedReportId;
	}
	for (const [reportId, original] of Object.entries(state.originals ?? {})) {
		// Only a report that is gone is skipped. Any other failure (including a refused update) ends
		// the deactivation with the originals kept, so a later one can still restore them.
		const report = await findReport(context, reportId);
		if (!report) {
			context.logger.info(`Report ${reportId} no longer exists; nothing to restore`);
		} else if (report.callbackUrl === state.callbackUrl) {
			// (Someone who pointed it elsewhere since keeps their setting.)
			await updateReport(context, reportId, {
				callbackUrl: original.callbackUrl,
				callbackMethod: original.callbackMethod ?? undefined,
			}).catch((error: Error) => {
				// Where Partner Center keeps a callback URL once set, the report keeps calling this
				// workflow's URL, which answers 404 once it is inactive: no reason to stay active.
				if (!(error instanceof CallbackNotRemovedError)) throw error;
				context.logger.warn(
					`${LOG_PREFIX} ${error.message}; it keeps calling this trigger's URL, which no longer answers`,
				);
			});
		}
	}
	delete state.originals;
	delete state.callbackUrl;
	delete state.secret;
	return true;
}
