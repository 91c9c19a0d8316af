import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../shared/descriptions/common';
import { connectionProperties, shownFor } from '../shared/descriptions/connection';
import {
	reportIdsProperty,
	reportsProperty,
	triggerDeliveryOptions,
	triggerOutputProperty,
} from '../shared/descriptions/trigger';
import {
	deliveryKey,
	forgetUnlisted,
	markDelivered,
	takeNewlyWatched,
	wasDelivered,
	withLock,
	type DeliveryLog,
} from '../shared/state/deliveryLog';
import { parseReportIds } from '../shared/helpers/ids';
import { beginWatching } from '../shared/state/pollStart';
import { readTriggerDeliveryOptions } from '../shared/helpers/parameters';
import * as credentialTest from '../shared/methods/credentialTest';
import * as loadOptions from '../shared/methods/loadOptions';
import { deliverExecutions } from '../shared/services/delivery';
import { listCompletedExecutions } from '../shared/services/executions';

export class PartnerCenterAnalyticsPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Partner Center Analytics Poll Trigger',
		name: 'partnerCenterAnalyticsPollTrigger',
		icon: {
			light: 'file:../../icons/partnerCenter.svg',
			dark: 'file:../../icons/partnerCenter.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ "Watching " + [].concat($parameter["reports"] || [], ($parameter["reportIds"] || "").split(",").filter(id => id.trim())).length + " report(s)" }}',
		description:
			'Starts the workflow when a scheduled Partner Center report has a new file, by asking regularly',
		defaults: { name: 'Partner Center Analytics Poll Trigger' },
		polling: true,
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
		properties: [
			...connectionProperties,
			reportsProperty,
			reportIdsProperty,
			triggerOutputProperty,
			optionsCollection([
				{
					displayName: 'Emit Existing Files on Activation',
					name: 'emitExisting',
					type: 'boolean',
					default: false,
					description:
						'Whether the first poll after activation emits the files of the last 90 days, instead of only files completed from then on',
				},
				...triggerDeliveryOptions,
			]),
		],
	};

	// The credential test: every node that offers the credentials must expose it, as n8n asks the first
	// such node it finds. loadOptions: the report picker.
	methods = { credentialTest, loadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		let reportIds: string[];
		try {
			reportIds = parseReportIds(
				this.getNodeParameter('reports', []),
				this.getNodeParameter('reportIds', ''),
			);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		const delivery = readTriggerDeliveryOptions(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;

		// The editor's test button: the latest completed file, without touching what was delivered.
		if (this.getMode() === 'manual') {
			const latest = (await listCompletedExecutions(this, reportIds, true)).at(-1);
			if (!latest) {
				throw new NodeOperationError(
					this.getNode(),
					'None of the watched reports has a completed file yet',
					{
						description:
							'Partner Center answers 404 until a report has run once; try again after its first execution.',
					},
				);
			}
			return [await deliverExecutions(this, [latest], delivery)];
		}

		const state = this.getWorkflowStaticData('node') as DeliveryLog;
		const key = deliveryKey(this);
		return await withLock(key, async () => {
			const executions = await listCompletedExecutions(this, reportIds);
			// Remember exactly what Partner Center can still list.
			forgetUnlisted(state, key, executions);
			// First poll for a report: what exists already is history, unless asked for. That starting
			// point is also kept where n8n saves it even when it drops this poll's node state (pollStart.ts).
			if (options.emitExisting === true) takeNewlyWatched(state, reportIds);
			else {
				const history = beginWatching(
					state,
					this.getWorkflowStaticData('global'),
					this.getNode(),
					reportIds,
					executions,
				);
				if (history.length > 0) markDelivered(state, key, history);
			}
			const fresh = executions.filter(
				(execution) => !wasDelivered(state, key, String(execution.executionId)),
			);
			if (fresh.length === 0) return null;
			// Downloads first, bookkeeping after: a failed download is retried at the next poll.
			const items = await deliverExecutions(this, fresh, delivery);
			markDelivered(
				state,
				key,
				fresh.map((execution) => String(execution.executionId)),
			);
			return items.length > 0 ? [items] : null;
		});
	}
}
