/**
 * Runs the trigger nodes in real n8n-core contexts (HookContext for activation, WebhookContext for
 * callbacks, PollContext for polls). A small HTTP server stands in for n8n's webhook router: it
 * receives the emulator's real callbacks on `{base}/webhook/{webhookId}/{workflowId}/…`, fills in the dynamic path
 * parameters and calls webhook(). Static data is loaded before and saved after every call, as n8n
 * 2.x does per webhook request (webhooks/live-webhooks.js), so the same races exist here.
 */
const http = require('http');
const { createRunExecutionData } = require('n8n-workflow');
const { HookContext, TriggerContext, WebhookContext } = require('n8n-core');
const { createPollContext } = require('./n8nCore');

const {
	TestCredentialsHelper,
	buildAdditionalData,
	buildWorkflow,
	captureLogs,
	credentialTypeFor,
} = require('./harness');
const { initBinaryData } = require('./n8nCore');
const { listenLocal } = require('../fixtures/net');
const { PartnerCenterAnalyticsTrigger } = require('../../nodes/PartnerCenterAnalyticsTrigger/PartnerCenterAnalyticsTrigger.node');
const {
	PartnerCenterAnalyticsPollTrigger,
} = require('../../nodes/PartnerCenterAnalyticsPollTrigger/PartnerCenterAnalyticsPollTrigger.node');

const WEBHOOK_ID = '5b9c2a6e-1f0e-4c1e-9a43-7d2f8c0b1a11';
/** The id buildWorkflow gives every test workflow. */
const WORKFLOW_ID = 'wf-1';
const clone = (value) => JSON.parse(JSON.stringify(value ?? {}));

function responseAdapter(res) {
	return {
		status(code) {
			res.statusCode = code;
			return this;
		},
		json(body) {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(body));
			return this;
		},
	};
}

/**
 * `pollEngine`: how n8n 2.40.7 keeps a poll's static data (trigger-execution-context.factory.js,
 * poll-trigger-executor.js, poll-trigger-task-handler.js, workflow-trigger-activator.js):
 * - 'saved' (default): every poll's static data is saved, as if each poll ended with a save.
 * - 'scheduler': N8N_SCHEDULER_POLL_TRIGGERS_ENABLED without durable cursors: the activation poll's
 *   static data is saved at the end of the activation, a scheduled poll's only when it emits.
 * - 'durable': with N8N_POLLER_DURABLE_CURSORS_ENABLED too: the node's static data is a cursor
 *   (`cursor`, seeded from the workflow's node static data); the activation poll is a test poll whose
 *   cursor is never committed, but the workflow's static data is saved at the end of the activation;
 *   a scheduled poll commits the cursor (with its run, or alone when it returns nothing), and saves
 *   the workflow's static data only when it emits.
 * `cursor`: the durable cursor saved before (a restart).
 */
async function createTriggerHarness({
	kind,
	credentials,
	parameters,
	staticData: savedStaticData = {},
	port = 0,
	pollEngine = 'saved',
	cursor: savedCursor,
}) {
	await initBinaryData();
	const nodeType = kind === 'poll' ? new PartnerCenterAnalyticsPollTrigger() : new PartnerCenterAnalyticsTrigger();
	const credentialsHelper = new TestCredentialsHelper(clone(credentials));
	const logs = [];
	const runs = [];
	const responses = [];
	let staticData = clone(savedStaticData);
	let cursor = savedCursor === undefined ? undefined : clone(savedCursor);
	let currentParameters = parameters;

	const server = http.createServer();
	// `port`: the one of a harness closed before, as n8n keeps its webhook URL across a restart.
	const baseUrl = await listenLocal(server, port);
	const additionalData = buildAdditionalData(credentialsHelper, {
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
	});

	/**
	 * Loads static data, runs `use`, saves static data back: one n8n "request". n8n 2.40.7 saves a
	 * webhook's static data only when webhook() returns no workflow data or answers itself
	 * (noWebhookResponse); otherwise starting the run resets its change flag and the save is skipped.
	 */
	async function withWorkflow(use, saves = () => true) {
		const { workflow, node } = buildWorkflow(nodeType, currentParameters, credentialTypeFor(currentParameters), {
			staticData: clone(staticData),
			nodeExtras: { webhookId: WEBHOOK_ID },
		});
		const result = await use(workflow, node);
		if (saves(result)) staticData = clone(workflow.staticData);
		return result;
	}

	function hook(method) {
		return withWorkflow(async (workflow, node) => {
			const context = captureLogs(new HookContext(workflow, node, additionalData, 'trigger', 'activate'), logs);
			return await nodeType.webhookMethods.default[method].call(context);
		});
	}

	server.on('request', (req, res) => {
		const url = new URL(req.url, baseUrl);
		const segments = url.pathname.split('/').filter(Boolean);
		if (segments[0] !== 'webhook' || segments[1] !== WEBHOOK_ID || segments[2] !== WORKFLOW_ID) {
			res.statusCode = 404;
			return res.end('{"message":"unknown webhook"}');
		}
		const [secret, reportId] = segments.slice(3);
		const params = reportId === undefined ? { secret } : { secret, reportId };
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			// As n8n's body parser: JSON when it reads as JSON, else the text (or {} when empty).
			const text = Buffer.concat(chunks).toString('utf8');
			let body = {};
			try {
				body = text ? JSON.parse(text) : {};
			} catch {
				body = text;
			}
			try {
				const outcome = await withWorkflow(async (workflow, node) => {
					const request = { params, query: Object.fromEntries(url.searchParams), body, headers: req.headers, method: req.method };
					const webhookData = {
						httpMethod: req.method,
						node: node.name,
						path: `${WORKFLOW_ID}/${reportId === undefined ? ':secret' : ':secret/:reportId'}`,
						webhookDescription: nodeType.description.webhooks[0],
						workflowId: workflow.id,
					};
					const context = new WebhookContext(
						workflow,
						node,
						{ ...additionalData, httpRequest: request, httpResponse: responseAdapter(res) },
						'webhook',
						webhookData,
						[],
						createRunExecutionData(),
					);
					return await nodeType.webhook.call(captureLogs(context, logs));
				}, (result) => !result.workflowData || result.noWebhookResponse === true);
				responses.push({ method: req.method, path: url.pathname, status: res.statusCode });
				if (outcome.workflowData) runs.push(outcome.workflowData[0]);
				if (!res.headersSent) {
					res.statusCode = 200;
					res.end('{"message":"Workflow was started"}');
					responses[responses.length - 1].status = 200;
				}
			} catch (error) {
				logs.push(`webhook error: ${error.message}`);
				responses.push({ method: req.method, path: url.pathname, status: 500 });
				if (!res.headersSent) {
					res.statusCode = 500;
					res.end(JSON.stringify({ message: error.message }));
				}
			}
		});
	});

	/**
	 * n8n starting the callback trigger's trigger part (activation; every startup, also under its
	 * publication service): runs trigger(), resolves to its closeFunction (n8n calls it on deactivation
	 * and shutdown).
	 */
	async function startTrigger() {
		const response = await withWorkflow(async (workflow, node) => {
			const context = captureLogs(new TriggerContext(workflow, node, additionalData, 'trigger', 'activate'), logs);
			return await nodeType.trigger.call(context);
		});
		return response.closeFunction;
	}

	/** One poll; `activation`: the poll n8n runs when it activates the workflow (see pollEngine). */
	async function poll(mode = 'trigger', { activation = false } = {}) {
		let snapshot;
		const saves = (output) => {
			if (mode === 'manual' || pollEngine === 'saved') return true;
			if (pollEngine === 'durable' && (output !== null || !activation)) cursor = snapshot;
			return activation || output !== null;
		};
		return await withWorkflow(async (workflow, node) => {
			if (pollEngine === 'durable' && mode !== 'manual') {
				cursor ??= clone(workflow.staticData[`node:${node.name}`]);
				snapshot = clone(cursor);
			}
			const context = captureLogs(
				createPollContext(workflow, node, additionalData, mode, activation ? 'activate' : 'update', {
					nodeStaticData: snapshot,
				}),
				logs,
			);
			const output = await nodeType.poll.call(context);
			if (output && mode !== 'manual') runs.push(output[0]);
			return output;
		}, saves);
	}

	return {
		baseUrl,
		webhookId: WEBHOOK_ID,
		workflowId: WORKFLOW_ID,
		/** Everything of a callback URL before the secret. */
		callbackBase: `${baseUrl}/webhook/${WEBHOOK_ID}/${WORKFLOW_ID}`,
		runs,
		responses,
		logs,
		checkExists: () => hook('checkExists'),
		activate: () => hook('create'),
		deactivate: () => hook('delete'),
		startTrigger,
		poll,
		setParameters(next) {
			currentParameters = next;
		},
		get staticData() {
			return staticData;
		},
		/** The durable cursor (pollEngine 'durable'), as committed. */
		get cursor() {
			return cursor;
		},
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { createTriggerHarness, WEBHOOK_ID };
