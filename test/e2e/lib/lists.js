'use strict';
/**
 * The editor's lists of our nodes, as n8n sees them: used by the REST guard (methods.e2e.test.js) and
 * the browser suite (test/ui).
 *
 *   listMethods(nodeTypes)   every loadOptions / listSearch method named anywhere in the descriptions
 *                            (typeOptions.loadOptionsMethod, resource-locator modes' searchListMethod,
 *                            also inside collections and fixedCollections), with the parameter path
 *   ourNodeTypes(server)     our node descriptions from the started n8n (GET /types/nodes.json, signed in)
 *   PROGRAMS                 the connection parameters of the three API paths
 *   seedLists(emu)           a query and a scheduled report of our own in each program, so that every
 *                            list has something of ours besides Microsoft's system queries
 */
const emuClient = require('./emulator-client');
const { clientCredentialsData } = require('./emulator');
const { PACKAGE_NAME } = require('./n8n');

const PROGRAMS = [
	{
		label: 'commercial marketplace v1.1',
		base: '/insights/v1.1/cmp',
		parameters: { program: 'commercialMarketplace', apiVersion: 'v1.1' },
	},
	{
		label: 'commercial marketplace v1',
		base: '/insights/v1/cmp',
		parameters: { program: 'commercialMarketplace', apiVersion: 'v1' },
	},
	{
		label: 'partner insights',
		base: '/insights/v1/mpn',
		parameters: { program: 'partnerInsights' },
	},
];

/**
 * [{ nodeType, kind: 'loadOptions' | 'listSearch', method, path, parameter, top }], one per property
 * (and resource-locator mode) that names a method. `path` is the parameter path n8n sends (e.g.
 * `queryFilters.filter.column`), `top` the top-level property it is in.
 */
function listMethods(nodeTypes) {
	const found = [];
	// `top`: the top-level property the list is in (itself, or the collection holding it).
	const walk = (nodeType, properties, prefix, top) => {
		for (const property of properties || []) {
			const path = prefix ? `${prefix}.${property.name}` : property.name;
			const at = { nodeType: nodeType.name, path, parameter: property, top: top || property };
			const loadOptionsMethod = property.typeOptions && property.typeOptions.loadOptionsMethod;
			if (loadOptionsMethod) found.push({ ...at, kind: 'loadOptions', method: loadOptionsMethod });
			for (const mode of property.modes || []) {
				const searchListMethod = mode.typeOptions && mode.typeOptions.searchListMethod;
				if (searchListMethod)
					found.push({ ...at, kind: 'listSearch', method: searchListMethod, mode: mode.name });
			}
			if (property.type === 'collection') walk(nodeType, property.options, path, top || property);
			if (property.type === 'fixedCollection') {
				for (const group of property.options || [])
					walk(nodeType, group.values, `${path}.${group.name}`, top || property);
			}
		}
	};
	for (const nodeType of nodeTypes) walk(nodeType, nodeType.properties, '');
	return found;
}

/** Our node types as the started n8n serves them to its editor (the newest version of each). */
async function ourNodeTypes(server) {
	const r = await server.rest('GET', '/types/nodes.json');
	if (r.status !== 200 || !Array.isArray(r.json))
		throw new Error(`GET /types/nodes.json: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	return r.json.filter((t) => t.name.startsWith(`${PACKAGE_NAME}.`));
}

/** A query of ours (a copy of the program's first system query) and a recurring report of it, per program. */
async function seedLists(emu, { stamp = Date.now().toString(36) } = {}) {
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');
	const seeded = {};
	for (const { base, label } of PROGRAMS) {
		const system = (
			await emuClient.listAll(emu, token, `${base}/ScheduledQueries?includeOnlySystemQueries=true`)
		)[0];
		if (!system) throw new Error(`the emulator has no system query for ${label}`);
		const queryName = `UI lists query ${stamp}`;
		const q = await emuClient.apiRequest(emu, token, 'POST', `${base}/ScheduledQueries`, {
			Name: queryName,
			Query: system.query,
		});
		if (q.status !== 200)
			throw new Error(`creating a query (${label}): HTTP ${q.status} ${q.text.slice(0, 300)}`);
		const queryId = (q.json.value || q.json.Value)[0].queryId;
		const reportName = `UI lists report ${stamp}`;
		const r = await emuClient.apiRequest(emu, token, 'POST', `${base}/ScheduledReport`, {
			ReportName: reportName,
			QueryId: queryId,
			StartTime: new Date(Date.now() + 6 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			RecurrenceInterval: 24,
			RecurrenceCount: 10,
			Format: 'CSV',
		});
		if (r.status !== 200)
			throw new Error(`creating a report (${label}): HTTP ${r.status} ${r.text.slice(0, 300)}`);
		const reportId = (r.json.value || r.json.Value)[0].reportId;
		seeded[base] = { queryId, queryName, reportId, reportName, systemQuery: system };
	}
	return seeded;
}

module.exports = { PROGRAMS, listMethods, ourNodeTypes, seedLists };
