/**
 * What the editor shows, checked on the node descriptions themselves: canvas subtitles that read like
 * the operation, and the triggers' watched reports from the picker and the ID field together.
 */
const {
	PartnerCenterAnalytics,
	PartnerCenterAnalyticsTrigger,
	PartnerCenterAnalyticsPollTrigger,
} = require('../helpers/nodeClasses');
const { parseReportIds } = require('../../nodes/shared/helpers/ids');

/** Evaluates a subtitle the way the editor does, for the parameters given (no other syntax needed). */
function subtitleFor(expression, parameters) {
	const body = expression.replace(/^=\{\{\s*/, '').replace(/\s*\}\}$/, '');
	return new Function('$parameter', `return (${body});`)(parameters);
}

describe('action node subtitle', () => {
	const node = new PartnerCenterAnalytics();
	const operations = node.description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			property.options.map((option) => ({
				resource: property.displayOptions.show.resource[0],
				operation: option.value,
			})),
		);

	test('every operation of every resource has a subtitle in words, not internal names', () => {
		expect(operations.length).toBe(19);
		for (const parameters of operations) {
			const subtitle = subtitleFor(node.description.subtitle, parameters);
			expect({ ...parameters, subtitle }).toEqual({
				...parameters,
				subtitle: expect.stringMatching(/^[A-Z][a-z]+( [A-Za-z]+)+$/),
			});
			expect(subtitle).not.toContain(parameters.operation === 'getAll' ? 'getAll' : ':');
		}
		expect(subtitleFor(node.description.subtitle, { resource: 'report', operation: 'run' })).toBe(
			'Run and Get File',
		);
		expect(
			subtitleFor(node.description.subtitle, { resource: 'dataset', operation: 'getAll' }),
		).toBe('Get Many Datasets');
	});
});

describe('trigger report pickers', () => {
	const a = '72fa95ab-35f5-4d44-a1ee-503abbc88003';
	const b = '0d2c1f4e-9a8b-4c7d-8e6f-5a4b3c2d1e0f';

	test.each([
		['callback', new PartnerCenterAnalyticsTrigger()],
		['poll', new PartnerCenterAnalyticsPollTrigger()],
	])('the %s trigger offers a searchable list of reports beside the ID field', (_kind, trigger) => {
		const picker = trigger.description.properties.find((property) => property.name === 'reports');
		expect(picker).toMatchObject({
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getReports' },
		});
		expect(typeof trigger.methods.loadOptions.getReports).toBe('function');
		const ids = trigger.description.properties.find((property) => property.name === 'reportIds');
		expect(ids.required).toBeFalsy();
		expect(
			subtitleFor(trigger.description.subtitle, {
				watch: 'reportIds',
				reports: [a],
				reportIds: `${b}, `,
			}),
		).toBe('Watching 2 report(s)');
	});

	test('picked reports and typed IDs are watched together, once each', () => {
		expect(parseReportIds([a.toUpperCase(), b], `${b}, ${a}`)).toEqual([a, b]);
		expect(parseReportIds([], `${a};${b}`)).toEqual([a, b]);
		expect(parseReportIds([b], '')).toEqual([b]);
	});

	test('nothing picked and nothing typed names both fields', () => {
		expect(() => parseReportIds([], '  ')).toThrow(
			'No report to watch: choose at least one under "Reports to Watch (From the List) Names or IDs", or enter its ID under "More Reports to Watch, by ID (Comma-Separated)"',
		);
		expect(() => parseReportIds([a], 'not-an-id')).toThrow('not an ID: "not-an-id"');
	});
});

describe('report files: Remove BOM, Max Rows, Read Rows From File', () => {
	const action = new PartnerCenterAnalytics().description;
	const optionsOf = (properties, resource, operation) =>
		properties.find(
			(property) =>
				property.name === 'options' &&
				(!resource ||
					(property.displayOptions.show.resource[0] === resource &&
						property.displayOptions.show.operation[0] === operation)),
		).options;
	const byName = (list, name) => list.find((property) => property.name === name);

	test.each([
		['Execution → Download', optionsOf(action.properties, 'execution', 'download')],
		['Report → Run', optionsOf(action.properties, 'report', 'run')],
		['callback trigger', optionsOf(new PartnerCenterAnalyticsTrigger().description.properties)],
		['poll trigger', optionsOf(new PartnerCenterAnalyticsPollTrigger().description.properties)],
	])('%s offers Remove BOM (off) and Max Rows (100,000)', (_where, options) => {
		expect(byName(options, 'removeBom')).toMatchObject({
			type: 'boolean',
			default: false,
			displayName: 'Remove BOM',
		});
		expect(byName(options, 'maxRows')).toMatchObject({ type: 'number', default: 100000 });
	});

	test('Read Rows From File: its parameters, two outputs (Rows, Page) and no connection or credential', () => {
		const shown = (property) => property.displayOptions?.show?.resource?.[0] === 'file';
		const names = action.properties.filter(shown).map((property) => property.name);
		expect(names).toEqual(['operation', 'binaryPropertyName', 'startRow', 'maxRows', 'options']);
		expect(byName(action.properties.filter(shown), 'maxRows').default).toBe(10000);
		expect(
			byName(optionsOf(action.properties, 'file', 'readRows'), 'format').options.map(
				(o) => o.value,
			),
		).toEqual(['auto', 'csv', 'tsv']);
		const outputs = (resource) => subtitleFor(action.outputs, { resource });
		expect(outputs('file')).toEqual([
			{ type: 'main', displayName: 'Rows' },
			{ type: 'main', displayName: 'Page' },
		]);
		expect(outputs('report')).toEqual(['main']);
		for (const name of ['authentication', 'program', 'apiVersion']) {
			expect(byName(action.properties, name).displayOptions.hide).toEqual({ resource: ['file'] });
		}
		expect(
			action.credentials.every(
				(credential) => credential.displayOptions.hide.resource[0] === 'file',
			),
		).toBe(true);
	});
});
