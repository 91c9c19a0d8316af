'use strict';
/**
 * Which node configurations show which lists, read from the descriptions n8n serves (so that a new
 * operation, mode or list is covered without editing the suite):
 *
 *   listCases(nodeTypes, fixtures)  [{ key, nodeType, parameters, lists: [{ method, kind, path, name }] }]
 *     the action node: every resource × operation × Query Source; the callback trigger: every Watch
 *     mode; the poll trigger: one. A case is kept when it shows at least one list.
 *   coverCases(cases)               the fewest cases that still show every (node type, list method)
 *
 * "Shows" is n8n's displayOptions (show / hide on parameter values; the other condition forms are not
 * used by our nodes and count as shown), for the top-level property holding the list.
 */
const { listMethods } = require('../../e2e/lib/lists');

const short = (nodeType) => nodeType.split('.').pop();

function isShown(property, values) {
	const options = property.displayOptions || {};
	for (const [name, allowed] of Object.entries(options.show || {})) {
		if (name.startsWith('@') || !Array.isArray(allowed)) continue;
		if (!allowed.includes(values[name])) return false;
	}
	for (const [name, denied] of Object.entries(options.hide || {})) {
		if (name.startsWith('@') || !Array.isArray(denied)) continue;
		if (denied.includes(values[name])) return false;
	}
	return true;
}

/** Parameter values as the editor sees them: the case's, else the default of the shown property. */
function valuesOf(nodeType, parameters) {
	const values = { ...parameters };
	// Defaults depend on what is shown (several "operation" properties, one per resource): two passes.
	for (let pass = 0; pass < 2; pass++) {
		for (const property of nodeType.properties) {
			if (property.name in parameters) continue;
			if (isShown(property, values)) values[property.name] = property.default;
		}
	}
	return values;
}

function optionValues(nodeType, name, values) {
	const property = nodeType.properties.find((p) => p.name === name && isShown(p, values));
	return property && Array.isArray(property.options)
		? property.options.map((o) => o.value)
		: undefined;
}

function variants(nodeType) {
	const name = short(nodeType.name);
	if (name === 'partnerCenterAnalytics') {
		const out = [];
		for (const resource of optionValues(nodeType, 'resource', {}) || []) {
			for (const operation of optionValues(
				nodeType,
				'operation',
				valuesOf(nodeType, { resource }),
			) || []) {
				const base = { resource, operation };
				const sources = optionValues(nodeType, 'querySource', valuesOf(nodeType, base));
				if (sources) for (const querySource of sources) out.push({ ...base, querySource });
				else out.push(base);
			}
		}
		return out;
	}
	const watch = optionValues(nodeType, 'watch', valuesOf(nodeType, {}));
	return watch ? watch.map((w) => ({ watch: w })) : [{}];
}

/**
 * `fixtures`: parameters every case gets besides its variant (the builder's dataset, a column, a
 * metric, one filter and one sort, so that the builder's nested lists are shown too).
 */
function listCases(nodeTypes, fixtures = {}) {
	const methods = listMethods(nodeTypes);
	const cases = [];
	for (const nodeType of nodeTypes) {
		if (short(nodeType.name).endsWith('Tool')) continue; // the action node as an AI tool: same description
		for (const variant of variants(nodeType)) {
			const values = valuesOf(nodeType, variant);
			const shownLists = methods.filter(
				(m) => m.nodeType === nodeType.name && isShown(m.top, values),
			);
			const unique = [];
			for (const m of shownLists)
				if (!unique.some((u) => u.path === m.path && u.method === m.method)) unique.push(m);
			if (!unique.length) continue;
			cases.push({
				key: `${short(nodeType.name)} ${Object.values(variant).join(' ') || 'default'}`,
				nodeType: nodeType.name,
				parameters: { ...fixtures, ...variant },
				lists: unique.map(({ method, kind, path, parameter }) => ({
					method,
					kind,
					path,
					name: parameter.name,
				})),
			});
		}
	}
	return cases;
}

/** Greedy: the case that adds most (node type, method) pairs not yet shown, until none is left. */
function coverCases(cases) {
	const pairs = (c) => c.lists.map((l) => `${c.nodeType} ${l.method}`);
	const missing = new Set(cases.flatMap(pairs));
	const chosen = [];
	while (missing.size) {
		let best;
		let bestCount = 0;
		for (const c of cases) {
			const count = pairs(c).filter((p) => missing.has(p)).length;
			if (count > bestCount) [best, bestCount] = [c, count];
		}
		chosen.push(best);
		for (const p of pairs(best)) missing.delete(p);
	}
	return chosen;
}

module.exports = { listCases, coverCases, isShown, valuesOf };
