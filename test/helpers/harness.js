/**
 * Runs our node and credential classes inside real n8n-core execution contexts (ExecuteContext,
 * LoadOptionsContext), so every request goes through n8n's own httpRequestWithAuthentication and
 * axios stack over real HTTP. Only the credential store is ours: it follows n8n's CredentialsHelper
 * (packages/cli/src/credentials-helper.ts) for the `expirable` token field.
 */
const { Workflow, createRunExecutionData } = require('n8n-workflow');
const { ExecuteContext, LoadOptionsContext } = require('n8n-core');
const { initBinaryData, readBinary } = require('./n8nCore');

const {
	PartnerCenterAnalytics,
} = require('../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');
const {
	PartnerCenterClientCredentialsApi,
} = require('../../credentials/PartnerCenterClientCredentialsApi.credentials');
const {
	PartnerCenterPasswordApi,
} = require('../../credentials/PartnerCenterPasswordApi.credentials');
const { PartnerCenterOAuth2Api } = require('../../credentials/PartnerCenterOAuth2Api.credentials');

const NODE_TYPE = 'n8n-nodes-partner-center-analytics.partnerCenterAnalytics';

const credentialTypes = {
	partnerCenterClientCredentialsApi: new PartnerCenterClientCredentialsApi(),
	partnerCenterPasswordApi: new PartnerCenterPasswordApi(),
	partnerCenterOAuth2Api: new PartnerCenterOAuth2Api(),
};

/** Credential types built on n8n's oAuth2Api: n8n-core's own OAuth2 helper signs and refreshes them. */
const OAUTH2_TYPES = new Set(['partnerCenterOAuth2Api']);

function resolveCredentialExpression(template, credentials) {
	if (typeof template !== 'string' || !template.startsWith('=')) return template;
	return template
		.slice(1)
		.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, name) => String(credentials[name] ?? ''));
}

class TestCredentialsHelper {
	constructor(store) {
		this.store = store;
		this.preAuthenticationCalls = 0;
		this.oauthTokenUpdates = 0;
	}

	getParentTypes(type) {
		return OAUTH2_TYPES.has(type) ? ['oAuth2Api'] : [];
	}

	/** n8n saves the token data it got from a refresh; the next run must find the new tokens. */
	async updateCredentialsOauthTokenData(_nodeCredentials, type, data) {
		this.oauthTokenUpdates++;
		this.store[type] = { ...data };
	}

	getCredentialsProperties(type) {
		return credentialTypes[type].properties;
	}

	/**
	 * n8n-core 2.40 asks this before every getCredentials (assertCredentialUsableByNode). Like n8n's
	 * CredentialsHelper: only a type with restrictToSupportedNodes is limited (ours are not).
	 */
	isCredentialUsableByNode(type, nodeType) {
		const def = credentialTypes[type];
		if (!def || !def.restrictToSupportedNodes) return true;
		return (def.supportedNodes || []).includes(nodeType);
	}

	async getDecrypted(_additionalData, _nodeCredentials, type) {
		if (!this.store[type]) throw new Error(`No test credential of type ${type}`);
		return { ...this.store[type] };
	}

	async updateCredentials(_nodeCredentials, type, data) {
		this.store[type] = { ...data };
	}

	async preAuthentication(helpers, credentials, typeName, _node, credentialsExpired) {
		const type = credentialTypes[typeName];
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable);
		if (!type.preAuthentication || !expirable) return undefined;
		if (
			credentials[expirable.name] === '' ||
			credentials[expirable.name] === undefined ||
			credentialsExpired
		) {
			this.preAuthenticationCalls++;
			const output = await type.preAuthentication.call(helpers, credentials);
			if (output[expirable.name] === undefined) return undefined;
			const updated = { ...credentials, ...output };
			await this.updateCredentials(undefined, typeName, updated);
			return updated;
		}
		return undefined;
	}

	/**
	 * n8n-core 2.40 calls this on every OAuth2 request (requestOAuth2). Like n8n's CredentialsHelper:
	 * the type's preAuthentication output, or undefined when it has none (our OAuth2 type has none).
	 */
	async runPreAuthentication(helpers, credentials, typeName) {
		const type = credentialTypes[typeName];
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) ?? undefined;
	}

	async authenticate(credentials, typeName, requestOptions) {
		const { authenticate } = credentialTypes[typeName];
		const headers = { ...(requestOptions.headers ?? {}) };
		for (const [name, template] of Object.entries(authenticate.properties.headers ?? {})) {
			headers[name] = resolveCredentialExpression(template, credentials);
		}
		return { ...requestOptions, headers };
	}
}

function buildWorkflow(
	nodeType,
	parameters,
	credentialType,
	{ continueOnFail = false, staticData = {}, nodeExtras = {} } = {},
) {
	const node = {
		id: 'node-1',
		name: 'Partner Center Analytics',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [credentialType]: { id: 'cred-1', name: 'test credential' } },
		...(continueOnFail ? { onError: 'continueRegularOutput', continueOnFail: true } : {}),
		...nodeExtras,
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'wf-1',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData,
		settings: {},
	});
	return { workflow, node: workflow.getNode(node.name) };
}

function buildAdditionalData(credentialsHelper, overrides = {}) {
	return {
		credentialsHelper,
		executionId: 'test-execution',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		...overrides,
	};
}

const CREDENTIAL_TYPE_BY_AUTHENTICATION = {
	clientCredentials: 'partnerCenterClientCredentialsApi',
	password: 'partnerCenterPasswordApi',
	oAuth2: 'partnerCenterOAuth2Api',
};

function credentialTypeFor(parameters) {
	return CREDENTIAL_TYPE_BY_AUTHENTICATION[parameters.authentication ?? 'clientCredentials'];
}

function captureLogs(context, logs) {
	const logger = {
		debug() {},
		info: (m) => logs.push(m),
		warn: (m) => logs.push(m),
		error: (m) => logs.push(m),
	};
	Object.defineProperty(context, 'logger', { value: logger, configurable: true });
	return context;
}

/**
 * createHarness({ credentials: { partnerCenterClientCredentialsApi: {...} } })
 *   .run(parameters, items?, options?) → output items of the node's first output
 *   .runOutputs(parameters, items?, options?) → the lists of items of all its outputs
 *   .createContext(parameters, items?, options?) → the ExecuteContext itself, for transport tests
 *   .loadOptions(method, parameters) → options from methods.loadOptions
 */
function createHarness({ credentials }) {
	const store = JSON.parse(JSON.stringify(credentials));
	const credentialsHelper = new TestCredentialsHelper(store);
	const nodeType = new PartnerCenterAnalytics();
	const logs = [];
	const additionalData = buildAdditionalData(credentialsHelper);

	function createContext(parameters, items = [{ json: {} }], options = {}) {
		const { workflow, node } = buildWorkflow(
			nodeType,
			parameters,
			credentialTypeFor(parameters),
			options,
		);
		const runExecutionData = createRunExecutionData();
		const inputData = { main: [items] };
		const executeData = { node, data: inputData, source: { main: [{ previousNode: 'Start' }] } };
		const context = new ExecuteContext(
			workflow,
			node,
			additionalData,
			'manual',
			runExecutionData,
			0,
			items,
			inputData,
			executeData,
			[],
		);
		return captureLogs(context, logs);
	}

	/** Every output of the node (File → Read Rows From File has two: rows, page). */
	async function runOutputs(parameters, items = [{ json: {} }], options = {}) {
		await initBinaryData();
		return await nodeType.execute.call(createContext(parameters, items, options));
	}

	async function run(parameters, items = [{ json: {} }], options = {}) {
		return (await runOutputs(parameters, items, options))[0];
	}

	async function loadOptions(method, parameters) {
		const { workflow, node } = buildWorkflow(nodeType, parameters, credentialTypeFor(parameters));
		const context = new LoadOptionsContext(
			workflow,
			node,
			{ ...additionalData, currentNodeParameters: node.parameters },
			'',
		);
		return await nodeType.methods.loadOptions[method].call(context);
	}

	return { run, runOutputs, createContext, loadOptions, store, credentialsHelper, logs };
}

module.exports = {
	createHarness,
	credentialTypes,
	readBinary,
	initBinaryData,
	TestCredentialsHelper,
	buildWorkflow,
	buildAdditionalData,
	credentialTypeFor,
	captureLogs,
	NODE_TYPE,
};
