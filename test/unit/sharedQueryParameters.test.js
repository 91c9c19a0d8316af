/**
 * The query parameters (Query Source, text, builder, saved query) are one set shared by Query →
 * Create, Query → Test, Report → Run and Report → Backfill: what the user built survives switching
 * between them, as n8n's editor recomputes parameters (n8n-workflow's NodeHelpers and the editor's
 * removeMismatchedOptionValues, test/unit/lib/editorView.js). The browser suite checks it in n8n's
 * editor itself (test/ui, "switching").
 */
const {
	PartnerCenterAnalytics,
} = require('../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');
const { applyChange, visibleProperties } = require('./lib/editorView');

const { description } = new PartnerCenterAnalytics();
const BUILDER = [
	'queryDataset',
	'queryColumns',
	'queryMetrics',
	'queryFilters',
	'queryOrderBy',
	'queryTimespan',
	'queryLimit',
	'queryDistinct',
	'queryPreview',
];
const FILTERS = { filter: [{ column: 'OfferName', operator: 'equals', value: 'Contoso' }] };
/** What the user built: it must survive every switch of operation. */
const BUILT_QUERY = {
	querySource: 'builder',
	queryDataset: 'ISVUsage',
	queryColumns: ['OfferName', 'UsageDate'],
	queryFilters: FILTERS,
	queryTimespan: 'LAST_MONTH',
};
const built = { resource: 'query', operation: 'create', name: 'Built', ...BUILT_QUERY };

test('each builder parameter is one property, not a copy per operation', () => {
	for (const name of [...BUILDER, 'query']) {
		expect({ name, copies: description.properties.filter((p) => p.name === name).length }).toEqual({
			name,
			copies: 1,
		});
	}
});

test('Query → Create → Test → Create keeps the filters, dataset, columns and timespan', () => {
	let parameters = applyChange(description, built, {});
	expect(parameters.queryFilters).toEqual(FILTERS);
	parameters = applyChange(description, parameters, { operation: 'test' });
	expect(parameters).toMatchObject({ querySource: 'builder', queryFilters: FILTERS });
	parameters = applyChange(description, parameters, { operation: 'create' });
	expect(parameters).toMatchObject(BUILT_QUERY);
});

test('Report → Run → Backfill keeps the builder; Query → Test → Report → Run keeps it too', () => {
	let parameters = applyChange(description, { ...built, resource: 'report', operation: 'run' }, {});
	parameters = applyChange(description, parameters, { operation: 'backfill' });
	expect(parameters).toMatchObject({ querySource: 'builder', queryFilters: FILTERS });
	parameters = applyChange(description, { ...built, operation: 'test' }, {});
	parameters = applyChange(description, parameters, { resource: 'report', operation: 'run' });
	expect(parameters).toMatchObject({ querySource: 'builder', queryFilters: FILTERS });
});

test('the query parameters show exactly for their four operations', () => {
	const shown = (parameters) => visibleProperties(description, parameters).map((p) => p.name);
	for (const [resource, operation] of [
		['query', 'create'],
		['query', 'test'],
		['report', 'run'],
		['report', 'backfill'],
	]) {
		expect(shown({ resource, operation, querySource: 'builder' })).toEqual(
			expect.arrayContaining(['querySource', ...BUILDER]),
		);
		expect(shown({ resource, operation })).toEqual(
			expect.arrayContaining(['querySource', 'query']),
		);
	}
	// Report → Create has an operation value of its own resource but no Query Source: nothing shows,
	// also right after leaving Report → Run with the builder.
	const fromRun = applyChange(
		description,
		applyChange(description, { ...built, resource: 'report', operation: 'run' }, {}),
		{ operation: 'create' },
	);
	for (const parameters of [{ resource: 'report', operation: 'create' }, fromRun]) {
		const names = shown(parameters);
		expect(names).toContain('reportName');
		expect(names.filter((n) => ['querySource', 'query', ...BUILDER].includes(n))).toEqual([]);
	}
	// Saved Query is offered where a saved query can be used, not on Query → Create.
	const sources = (operation) =>
		visibleProperties(description, { resource: 'query', operation })
			.find((p) => p.name === 'querySource')
			.options.map((o) => o.value);
	expect(sources('create')).toEqual(['text', 'builder']);
	expect(sources('test')).toEqual(['text', 'builder', 'id']);
});
