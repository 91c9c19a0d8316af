'use strict';
/** Builders for the workflow JSON imported into n8n by the e2e tests. */
const { NODE_TYPE } = require('./n8n');

const CREDENTIAL_TYPES = {
	clientCredentials: 'partnerCenterClientCredentialsApi',
	password: 'partnerCenterPasswordApi',
	oAuth2: 'partnerCenterOAuth2Api',
};

/** The credentials entry of a node using `parameters.authentication`; `credential` is { id, name }. */
function credentialsFor(parameters, credential) {
	const authentication = parameters.authentication || 'clientCredentials';
	return { [CREDENTIAL_TYPES[authentication]]: { id: credential.id, name: credential.name } };
}

/** A node of a workflow JSON, its id derived from its name; `extra`: credentials, webhookId, onError, … */
function nodeJson(name, type, { typeVersion = 1, position = [0, 0], parameters = {}, ...extra }) {
	return { id: `node-${name.replace(/\W+/g, '-')}`, name, type, typeVersion, position, parameters, ...extra };
}

/** The Partner Center Analytics node; `credential` is { id, name } of an imported credential. */
function pcaNode(name, parameters, credential, position = [440, 0]) {
	const authentication = parameters.authentication || 'clientCredentials';
	return nodeJson(name, NODE_TYPE, {
		position,
		parameters: { authentication, ...parameters },
		credentials: credentialsFor(parameters, credential),
	});
}

function manualTrigger() {
	return {
		id: 'node-manual',
		name: 'Manual Trigger',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** A Code node emitting the given json objects as items. */
function codeItems(name, jsonItems) {
	return codeNode(name, `return ${JSON.stringify(jsonItems)}.map((json) => ({ json }));`, [220, 0]);
}

/** A Code node (mode "Run Once for All Items") running `jsCode`. */
function codeNode(name, jsCode, position = [660, 0]) {
	return nodeJson(name, 'n8n-nodes-base.code', { typeVersion: 2, position, parameters: { jsCode } });
}

/** The workflow JSON n8n imports (inactive, execution order v1). */
function workflowJson(id, name, nodes, connections) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/**
 * Nodes wired by explicit edges `[[fromName, toName], …]` (main output 0 → main input 0), for
 * workflows that are not a straight line, e.g. one trigger feeding two nodes side by side.
 */
function graph(id, name, nodes, edges) {
	const connections = {};
	for (const [from, to] of edges) {
		if (!connections[from]) connections[from] = { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	}
	return workflowJson(id, name, nodes, connections);
}

/** Chain the nodes linearly: trigger → … → last (one node alone: no connections). */
function chain(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return workflowJson(id, name, nodes, connections);
}

/** A documented cmp system query: any report of it yields files. */
const SYSTEM_QUERY_ID = 'b9df4929-073f-4795-b0cb-a2c81b11e28d';
/** The connection parameters of a node on commercial marketplace v1.1 with client credentials. */
const CMP_CONNECTION = Object.freeze({ authentication: 'clientCredentials', program: 'commercialMarketplace', apiVersion: 'v1.1' });

module.exports = {
	CREDENTIAL_TYPES,
	SYSTEM_QUERY_ID,
	CMP_CONNECTION,
	credentialsFor,
	nodeJson,
	pcaNode,
	manualTrigger,
	codeItems,
	codeNode,
	workflowJson,
	chain,
	graph,
};
