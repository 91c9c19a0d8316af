'use strict';
/**
 * Static check of a workflow JSON against the node type descriptions of a REAL n8n (what
 * `GET /types/nodes.json` of a started n8n serves: n8n-nodes-base plus the installed community
 * packages), with n8n-workflow's own NodeHelpers, i.e. the rules the editor applies when it opens the
 * workflow:
 *
 * - every node's `type` exists in that n8n with the node's `typeVersion`;
 * - every parameter the JSON sets is a parameter of that node version and is displayed for the
 *   other values set (a parameter the editor would hide or drop is reported), recursively inside
 *   collections and fixed collections;
 * - option values (options, multiOptions) are among the offered values, unless the list is loaded at
 *   run time or the value is an expression; resource locators use one of the offered modes;
 * - the editor's own parameter issues (`NodeHelpers.getNodeParametersIssues`: required values missing);
 * - every credential the node references is a credential type that the node offers for its settings;
 * - every connection joins existing nodes.
 *
 *   const problems = checkWorkflow(workflowJson, await fetchNodeTypes(handle));  // [] when all resolves
 */
const { NodeHelpers } = require('n8n-workflow');

/** GET /types/nodes.json of a started n8n (handle from lib/n8n.js startN8n). */
async function fetchNodeTypes(handle) {
	const r = await handle.rest('GET', '/types/nodes.json');
	if (r.status !== 200 || !Array.isArray(r.json))
		throw new Error(`GET /types/nodes.json: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	return r.json;
}

const isExpression = (v) => typeof v === 'string' && v.startsWith('=');
const versionsOf = (d) => (Array.isArray(d.version) ? d.version : [d.version]);

/** The description of `type` at `typeVersion`, or null. */
function findNodeType(nodeTypes, type, typeVersion) {
	return nodeTypes.find((d) => d.name === type && versionsOf(d).includes(typeVersion ?? 1)) || null;
}

function hasLoadedOptions(prop) {
	const t = prop.typeOptions || {};
	return Boolean(t.loadOptionsMethod || t.loadOptions || (t.loadOptionsDependsOn && !prop.options));
}

/**
 * Checks one value against its property; `local` holds the sibling values (for displayOptions inside
 * collections), `root` the node's parameters. Problems are pushed as strings.
 */
function checkValue(prop, value, where, ctx, problems) {
	if (value === undefined || value === null || isExpression(value)) return;
	switch (prop.type) {
		case 'options': {
			if (hasLoadedOptions(prop) || !Array.isArray(prop.options)) return;
			const allowed = prop.options.map((o) => o.value);
			if (!allowed.some((a) => a === value))
				problems.push(
					`${where}: value ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`,
				);
			return;
		}
		case 'multiOptions': {
			if (hasLoadedOptions(prop) || !Array.isArray(prop.options)) return;
			if (!Array.isArray(value)) {
				problems.push(`${where}: expected a list, got ${JSON.stringify(value)}`);
				return;
			}
			const allowed = prop.options.map((o) => o.value);
			for (const v of value)
				if (!isExpression(v) && !allowed.includes(v))
					problems.push(
						`${where}: value ${JSON.stringify(v)} is not one of ${JSON.stringify(allowed)}`,
					);
			return;
		}
		case 'resourceLocator': {
			if (typeof value !== 'object') {
				problems.push(
					`${where}: a resource locator needs {"__rl": true, "mode", "value"}, got ${JSON.stringify(value)}`,
				);
				return;
			}
			const modes = (prop.modes || []).map((m) => m.name);
			if (!value.__rl) problems.push(`${where}: resource locator without "__rl": true`);
			if (!modes.includes(value.mode))
				problems.push(
					`${where}: mode ${JSON.stringify(value.mode)} is not one of ${JSON.stringify(modes)}`,
				);
			return;
		}
		case 'collection': {
			if (typeof value !== 'object' || Array.isArray(value)) {
				problems.push(`${where}: expected an object, got ${JSON.stringify(value)}`);
				return;
			}
			checkKeys(prop.options || [], value, where, ctx, problems);
			return;
		}
		case 'fixedCollection': {
			if (typeof value !== 'object' || Array.isArray(value)) {
				problems.push(`${where}: expected an object, got ${JSON.stringify(value)}`);
				return;
			}
			for (const [group, entries] of Object.entries(value)) {
				const def = (prop.options || []).find((o) => o.name === group);
				if (!def) {
					problems.push(
						`${where}.${group}: not a group of this collection (${JSON.stringify((prop.options || []).map((o) => o.name))})`,
					);
					continue;
				}
				const list = prop.typeOptions && prop.typeOptions.multipleValues ? entries : [entries];
				if (!Array.isArray(list)) {
					problems.push(`${where}.${group}: expected a list of entries`);
					continue;
				}
				list.forEach((entry, i) =>
					checkKeys(def.values || [], entry, `${where}.${group}[${i}]`, ctx, problems),
				);
			}
			return;
		}
		default:
			return;
	}
}

/** Every key of `values` must be a displayed option of `props` (duplicates by name: any displayed). */
function checkKeys(props, values, where, ctx, problems) {
	if (!values || typeof values !== 'object') return;
	for (const [key, value] of Object.entries(values)) {
		const candidates = props.filter((p) => p.name === key);
		if (candidates.length === 0) {
			problems.push(`${where}.${key}: unknown (known: ${props.map((p) => p.name).join(', ')})`);
			continue;
		}
		const shown = candidates.filter((p) =>
			NodeHelpers.displayParameter(values, p, ctx.node, ctx.description, ctx.root),
		);
		if (shown.length === 0) {
			problems.push(
				`${where}.${key}: not shown for these settings (displayOptions ${JSON.stringify(candidates[0].displayOptions)})`,
			);
			continue;
		}
		// A value is fine when it fits one of the displayed definitions.
		const attempts = shown.map((p) => {
			const found = [];
			checkValue(p, value, `${where}.${key}`, ctx, found);
			return found;
		});
		if (!attempts.some((a) => a.length === 0)) problems.push(...attempts[0]);
	}
}

/** Problems (strings) of one node against its description. */
function checkNode(node, nodeTypes) {
	const problems = [];
	const at = `node "${node.name}" (${node.type} v${node.typeVersion})`;
	const description = findNodeType(nodeTypes, node.type, node.typeVersion);
	if (!description) {
		const other = nodeTypes.filter((d) => d.name === node.type).flatMap(versionsOf);
		problems.push(
			other.length
				? `${at}: this n8n has ${node.type} only in versions ${JSON.stringify(other)}`
				: `${at}: unknown node type`,
		);
		return problems;
	}
	const props = description.properties || [];
	const params = node.parameters || {};
	const resolved =
		NodeHelpers.getNodeParameters(props, params, true, false, node, description) || {};
	const ctx = { node, description, root: resolved };
	for (const [key, value] of Object.entries(params)) {
		if (!(key in resolved)) {
			const known = props.some((p) => p.name === key);
			problems.push(
				`${at}: parameter "${key}" ${known ? 'is not shown for these settings (the editor drops it)' : 'does not exist'}`,
			);
			continue;
		}
		const shown = props.filter(
			(p) =>
				p.name === key && NodeHelpers.displayParameter(resolved, p, node, description, resolved),
		);
		const attempts = shown.map((p) => {
			const found = [];
			checkValue(p, value, `${at}: ${key}`, ctx, found);
			return found;
		});
		if (attempts.length && !attempts.some((a) => a.length === 0)) problems.push(...attempts[0]);
	}
	const issues = NodeHelpers.getNodeParametersIssues(
		props,
		{ ...node, parameters: resolved },
		description,
	);
	if (issues && issues.parameters) {
		for (const [key, list] of Object.entries(issues.parameters))
			problems.push(`${at}: parameter "${key}": ${list.join('; ')}`);
	}
	const offered = (description.credentials || []).filter((c) =>
		NodeHelpers.displayParameter(resolved, c, node, description, resolved),
	);
	for (const type of Object.keys(node.credentials || {})) {
		if (!offered.some((c) => c.name === type))
			problems.push(
				`${at}: credential type "${type}" is not offered for these settings (offered: ${offered.map((c) => c.name).join(', ') || 'none'})`,
			);
	}
	for (const c of offered) {
		if (c.required && !(node.credentials || {})[c.name])
			problems.push(`${at}: needs a "${c.name}" credential`);
	}
	return problems;
}

/** All problems of a workflow (empty list: every node type, parameter and connection resolves). */
function checkWorkflow(workflow, nodeTypes) {
	const problems = [];
	const names = new Set((workflow.nodes || []).map((n) => n.name));
	const ids = new Set();
	for (const node of workflow.nodes || []) {
		if (!node.id) problems.push(`node "${node.name}": no id`);
		else if (ids.has(node.id)) problems.push(`node "${node.name}": duplicate id ${node.id}`);
		ids.add(node.id);
		problems.push(...checkNode(node, nodeTypes));
	}
	for (const [from, byType] of Object.entries(workflow.connections || {})) {
		if (!names.has(from)) problems.push(`connection from unknown node "${from}"`);
		for (const outputs of Object.values(byType || {}))
			for (const list of outputs || [])
				for (const c of list || [])
					if (!names.has(c.node))
						problems.push(`connection from "${from}" to unknown node "${c.node}"`);
	}
	return problems;
}

module.exports = { fetchNodeTypes, findNodeType, checkNode, checkWorkflow };
