/**
 * docs/architecture.md: operations and node files read parameters and call services; only services
 * (through the transport) build Partner Center request bodies or send requests. This scans the
 * operation files and the node files and lists every offender.
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..');

function filesUnder(dir, pattern) {
	const found = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) found.push(...filesUnder(full, pattern));
		else if (pattern.test(entry.name)) found.push(full);
	}
	return found;
}

/** Keys of Partner Center request bodies (PascalCase, as the API takes them), written as object keys. */
const BODY_KEY =
	/\b(QueryId|ExecuteNow|CallbackUrl|CallbackMethod|RecurrenceInterval|RecurrenceCount|StartTime|EndTime|ReportName|QueryStartTime|QueryEndTime|Query|Name|Description|Format)\s*:/;
/** The transport's request functions, or n8n's HTTP helpers: sending is the services' job. */
const SENDS =
	/\b(partnerCenterApiRequest|partnerCenterRawRequest|httpRequest|httpRequestWithAuthentication|requestWithAuthentication)\b/;

function offenders(files) {
	const found = [];
	for (const file of files) {
		const lines = fs.readFileSync(file, 'utf8').split('\n');
		lines.forEach((line, index) => {
			if (BODY_KEY.test(line) || SENDS.test(line)) {
				found.push(`${path.relative(root, file)}:${index + 1}: ${line.trim()}`);
			}
		});
	}
	return found;
}

const operationFiles = filesUnder(
	path.join(root, 'nodes', 'PartnerCenterAnalytics', 'actions'),
	/\.ts$/,
);
const nodeFiles = fs
	.readdirSync(path.join(root, 'nodes'), { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.flatMap((entry) =>
		filesUnder(path.join(root, 'nodes', entry.name), /\.node\.ts$/).filter(
			(file) => path.dirname(file) === path.join(root, 'nodes', entry.name),
		),
	);

describe('layers (docs/architecture.md)', () => {
	test('the scan finds the operation and node files', () => {
		expect(operationFiles.length).toBeGreaterThan(20);
		expect(nodeFiles.map((file) => path.basename(file)).sort()).toEqual(
			expect.arrayContaining([
				'PartnerCenterAnalytics.node.ts',
				'PartnerCenterAnalyticsTrigger.node.ts',
			]),
		);
	});

	test('the scan recognises a body key and a request', () => {
		expect(BODY_KEY.test('\t\tQueryId: queryId,')).toBe(true);
		expect(BODY_KEY.test("\t\tdisplayName: 'Query',")).toBe(false);
		expect(SENDS.test('await partnerCenterApiRequest(this, ...)')).toBe(true);
	});

	test('operations and node files never build Partner Center request bodies nor send requests', () => {
		expect(offenders([...operationFiles, ...nodeFiles])).toEqual([]);
	});
});

/**
 * The imports of docs/architecture.md's table. A file's layer is its folder under nodes/ (the action
 * node's operations, its tool texts, the node files, or a folder of nodes/shared). Type-only imports
 * (`import type`, or every name marked `type`) carry no behaviour and are allowed everywhere.
 */
const nodesRoot = path.join(root, 'nodes');

function layerOf(relative) {
	const parts = relative.split('/');
	if (parts[0] === 'shared') return parts[1];
	if (parts[0] === 'PartnerCenterAnalytics') return parts.length > 2 ? parts[1] : 'actionNode';
	return 'trigger';
}

/** Layers a layer must not import from (besides its rules' reasons, in docs/architecture.md). */
const FORBIDDEN = {
	// Pure code: nothing that sends, keeps state or describes the UI.
	helpers: ['transport', 'services', 'state', 'descriptions', 'methods', 'actions', 'tool', 'actionNode', 'trigger'],
	queryLanguage: ['helpers', 'transport', 'services', 'state', 'descriptions', 'methods', 'actions', 'tool', 'actionNode', 'trigger'],
	// The one way to Partner Center knows nothing about reports, files or nodes.
	transport: ['services', 'state', 'descriptions', 'methods', 'actions', 'tool', 'actionNode', 'trigger'],
	services: ['descriptions', 'methods', 'actions', 'tool', 'actionNode', 'trigger'],
	state: ['transport', 'services', 'descriptions', 'methods', 'actions', 'tool', 'actionNode', 'trigger'],
	descriptions: ['transport', 'services', 'state', 'actions', 'tool', 'actionNode', 'trigger'],
	methods: ['actions', 'tool', 'actionNode', 'trigger'],
	// Triggers import only from nodes/shared, never from the action node's folder.
	trigger: ['actions', 'tool', 'actionNode'],
};

/** The imports (and re-exports) of a TypeScript source: specifier and whether only types come. */
function importsOf(source) {
	const found = [];
	const statement = /^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gm;
	for (const [, typeKeyword, names, specifier] of source.matchAll(statement)) {
		const braces = /^\{([\s\S]*)\}$/.exec(names.trim());
		const everyNameAType =
			braces !== null &&
			braces[1]
				.split(',')
				.map((name) => name.trim())
				.filter(Boolean)
				.every((name) => name.startsWith('type '));
		found.push({ specifier, typeOnly: Boolean(typeKeyword) || everyNameAType });
	}
	return found;
}

/** `file imports target` lines that break the table, for files given as { relative, source }. */
function importViolations(files) {
	const found = [];
	for (const { relative, source } of files) {
		const layer = layerOf(relative);
		for (const { specifier, typeOnly } of importsOf(source)) {
			if (typeOnly || !specifier.startsWith('.')) continue;
			const target = path.posix.normalize(path.posix.join(path.posix.dirname(relative), specifier));
			if (target.startsWith('..')) continue; // credentials/: the credential types' token and errors
			const targetLayer = layerOf(target);
			if ((FORBIDDEN[layer] ?? []).includes(targetLayer)) {
				found.push(`nodes/${relative} (${layer}) imports ${specifier} (${targetLayer})`);
			}
		}
	}
	return found;
}

const sourceFiles = filesUnder(nodesRoot, /\.ts$/).map((file) => ({
	relative: path.relative(nodesRoot, file).split(path.sep).join('/'),
	source: fs.readFileSync(file, 'utf8'),
}));

describe('imports follow the layers (docs/architecture.md)', () => {
	test('the scan reads imports, their kind and every layer', () => {
		expect(importsOf("import { a, type B } from '../x';\nimport type { C } from './y';\nimport { type D } from './z';")).toEqual([
			{ specifier: '../x', typeOnly: false },
			{ specifier: './y', typeOnly: true },
			{ specifier: './z', typeOnly: true },
		]);
		const layers = new Set(sourceFiles.map(({ relative }) => layerOf(relative)));
		for (const layer of [...Object.keys(FORBIDDEN), 'actions', 'tool', 'actionNode']) expect(layers).toContain(layer);
	});

	test('a helper that imports a service, or a trigger that imports an operation, is named', () => {
		expect(
			importViolations([
				{ relative: 'shared/helpers/x.ts', source: "import { getReport } from '../services/reports';" },
				{ relative: 'PartnerCenterAnalyticsPollTrigger/P.node.ts', source: "import { x } from '../PartnerCenterAnalytics/actions/router';" },
				{ relative: 'shared/helpers/y.ts', source: "import type { ApiTarget } from '../transport/target';" },
			]),
		).toEqual([
			'nodes/shared/helpers/x.ts (helpers) imports ../services/reports (services)',
			'nodes/PartnerCenterAnalyticsPollTrigger/P.node.ts (trigger) imports ../PartnerCenterAnalytics/actions/router (actions)',
		]);
	});

	test('no file imports from a layer the table keeps it from', () => {
		expect(importViolations(sourceFiles)).toEqual([]);
	});
});
