import type {
	IHookFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	ITriggerFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { redactCallbackSecrets } from '../helpers/redact';
import { processState } from '../state/processState';
import { listCompletedExecutions } from './executions';

/**
 * Files that completed while the callback trigger was not active (n8n down, the workflow inactive) got
 * their callback while nobody listened, and Partner Center does not call again. An activation hook
 * cannot emit items, the webhook can: so shortly after activation the trigger calls its own production
 * webhook once per watched report with undelivered files, exactly as Partner Center would. The webhook
 * then delivers them as for any callback (each file once, see state/deliveryLog).
 */

/** Waits before each call (after a first 2 s, while n8n saves the activation): about a minute in all. */
const WAKE_DELAYS_MS = [0, 2_000, 4_000, 8_000, 15_000, 30_000];
/** A callback's answer comes after the download: a large file takes a while. */
const WAKE_TIMEOUT_MS = 10 * 60_000;

/** Where activation runs the catch-up: a webhook method, or the trigger part n8n starts at startup. */
export type CatchUpContext = IHookFunctions | ITriggerFunctions;

export interface CatchUp {
	/** This trigger node of this workflow (deliveryKey): one catch-up per activation, whichever part runs it. */
	key: string;
	/** The watched reports (lower case). */
	reportIds: string[];
	/** The callback URL the trigger registered (with its secret: never logged). */
	callbackUrl: string;
	callbackMethod: 'GET' | 'POST';
	/** Whether the trigger emitted that execution already. */
	wasDelivered: (executionId: string) => boolean;
}

/** How every log line of the callback trigger begins (n8n's log mixes every node's lines). */
export const LOG_PREFIX = 'Partner Center Analytics Trigger:';

/** The trigger nodes (deliveryKey) whose catch-up this activation started, in this process. */
const { catchUpsStarted } = processState;

/** n8n stopped the workflow (closeFunction, delete()): its next activation catches up again. */
export function forgetCatchUp(key: string): void {
	catchUpsStarted.delete(key);
}

/** The callback Partner Center sends for `reportId`: POST {url}/{reportId} or GET {url}?reportId=. */
function callbackFor(
	catchUp: CatchUp,
	reportId: string,
): { method: IHttpRequestMethods; url: string } {
	const id = encodeURIComponent(reportId);
	return catchUp.callbackMethod === 'GET'
		? { method: 'GET', url: `${catchUp.callbackUrl}?reportId=${id}` }
		: { method: 'POST', url: `${catchUp.callbackUrl}/${id}` };
}

/** Calls the webhook for one report until it answers 200 (delivered, or nothing new), about a minute at most. */
async function wake(context: CatchUpContext, catchUp: CatchUp, reportId: string): Promise<boolean> {
	const { method, url } = callbackFor(catchUp, reportId);
	let last = '';
	for (const delayMs of WAKE_DELAYS_MS) {
		await sleep(delayMs);
		try {
			const response = (await context.helpers.httpRequest({
				method,
				url,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: WAKE_TIMEOUT_MS,
			})) as IN8nHttpFullResponse;
			if (response.statusCode === 200) return true;
			// 403: the secret changed since, so a newer activation of the trigger does the catching up.
			if (response.statusCode === 403) return false;
			// 404 or 401: n8n does not serve the webhook yet, or has not saved the activation yet.
			last = `HTTP ${response.statusCode}`;
		} catch (error) {
			last = redactCallbackSecrets((error as Error).message);
		}
	}
	context.logger.warn(
		`${LOG_PREFIX} could not reach this workflow's own webhook to deliver the missed files of report ${reportId} (${last}); they are delivered with the next callback`,
	);
	return false;
}

/**
 * At activation (production only: the editor's test listener has no missed files): lists the watched
 * reports' completed executions once and, for each report with a file the trigger has not emitted,
 * wakes the webhook in the background (after a first 2 s, while n8n saves the activation). A failed
 * listing is logged and does not fail the activation: those files come with the next callback.
 */
export async function catchUpAfterActivation(
	context: CatchUpContext,
	catchUp: CatchUp,
): Promise<void> {
	if (context.getMode() === 'manual' || catchUp.reportIds.length === 0) return;
	// One catch-up per activation: n8n may run both the webhook methods and the trigger part for one
	// activation, in either order. The trigger part cannot do it alone, nor emit the files itself: under
	// n8n 2.x's publication service it is started on its own path, and at a re-activation it may run
	// before create() registered the callback and saved the secret, so it sees no registration.
	if (catchUpsStarted.has(catchUp.key)) return;
	catchUpsStarted.add(catchUp.key);
	const missed = new Map<string, number>();
	try {
		for (const execution of await listCompletedExecutions(context, catchUp.reportIds)) {
			if (catchUp.wasDelivered(String(execution.executionId))) continue;
			const reportId = String(execution.reportId).toLowerCase();
			missed.set(reportId, (missed.get(reportId) ?? 0) + 1);
		}
	} catch (error) {
		context.logger.warn(
			`${LOG_PREFIX} could not check for files that completed while the workflow was not active (${(error as Error).message}); they are delivered with the next callback`,
		);
		return;
	}
	for (const [reportId, count] of missed) {
		context.logger.info(
			`${LOG_PREFIX} report ${reportId} has ${count} file(s) that completed while the workflow was not active; delivering them now`,
		);
		// Not awaited: activation hooks cannot emit items, and n8n serves the webhook only after them.
		void sleep(2_000).then(async () => await wake(context, catchUp, reportId));
	}
}
