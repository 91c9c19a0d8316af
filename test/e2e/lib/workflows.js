'use strict';
/** Builders for the workflow JSON imported into n8n by the e2e tests. */
const { NODE_TYPE } = require('./n8n');

const CREDENTIAL_TYPES = {
	clientCredentials: 'partnerCenterClientCredentialsApi',
	password: 'partnerCenterPasswordApi',
	oAuth2: 'partnerCenterOAuth2Api',
};

/** The Partner Center Analytics node; `credential` is { id, name } of an imported credential. */
function pcaNode(name, parameters, credential, position = [440, 0]) {
	const authentication = parameters.authentication || 'clientCredentials';
	return {
		id: `node-${name.replace(/\W+/g, '-')}`,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		parameters: { authentication, ...parameters },
		credentials: { [CREDENTIAL_TYPES[authentication]]: { id: credential.id, name: credential.name } },
	};
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
	return {
		id: `node-${name.replace(/\W+/g, '-')}`,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
		parameters: { jsCode: `return ${JSON.stringify(jsonItems)}.map((json) => ({ json }));` },
	};
}

/** A Code node (mode "Run Once for All Items") running `jsCode`. */
function codeNode(name, jsCode, position = [660, 0]) {
	return {
		id: `node-${name.replace(/\W+/g, '-')}`,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position,
		parameters: { jsCode },
	};
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
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** Chain the nodes linearly: trigger → … → last. */
function chain(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** A documented cmp system query: any report of it yields files. */
const SYSTEM_QUERY_ID = 'b9df4929-073f-4795-b0cb-a2c81b11e28d';
/** The connection parameters of a node on commercial marketplace v1.1 with client credentials. */
const CMP_CONNECTION = Object.freeze({ authentication: 'clientCredentials', program: 'commercialMarketplace', apiVersion: 'v1.1' });

module.exports = { CREDENTIAL_TYPES, SYSTEM_QUERY_ID, CMP_CONNECTION, pcaNode, manualTrigger, codeItems, codeNode, chain, graph };
