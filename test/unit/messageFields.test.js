/**
 * Every hint and error names a field that exists where the user is.
 *
 * The convention (nodes/shared/transport/errors.ts and every message): a field is named by its display
 * name in double quotes, "Execution Status". A field of another place says where it is:
 * `Execution → Get Many's "Execution Status"`, `the credential's "Resource"`.
 *
 * This test reads every string of the source (TypeScript's parser: string and template literals, not
 * comments), collects the quoted names, and checks each against what the editor shows (n8n-workflow's
 * NodeHelpers evaluating displayOptions, test/unit/lib/editorView.js):
 * - in an operation file: the fields of that resource and operation;
 * - in a trigger's node file: that trigger's fields;
 * - in a shared file: the fields of at least one operation or trigger that imports it (directly or
 *   through other files), or of a credential;
 * - with a place named before it: the fields of that place.
 * A multi-word display name of a field may not appear in a message unquoted either ("set Execution
 * Status to Pending" named a field of another operation without saying so).
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const {
	PartnerCenterAnalytics,
	PartnerCenterAnalyticsTrigger,
	PartnerCenterAnalyticsPollTrigger,
} = require('../helpers/nodeClasses');
const { visibleDisplayNames } = require('./lib/editorView');

const ROOT = path.join(__dirname, '..', '..');
const action = new PartnerCenterAnalytics().description;
const triggers = {
	'nodes/PartnerCenterAnalyticsTrigger/PartnerCenterAnalyticsTrigger.node.ts':
		new PartnerCenterAnalyticsTrigger().description,
	'nodes/PartnerCenterAnalyticsPollTrigger/PartnerCenterAnalyticsPollTrigger.node.ts':
		new PartnerCenterAnalyticsPollTrigger().description,
};

function sourceFiles(dir) {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const rel = path.posix.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(rel);
		return rel.endsWith('.ts') ? [rel] : [];
	});
}
const FILES = [...sourceFiles('nodes'), ...sourceFiles('credentials')];

/** The string literals of a file (template literals by their fixed parts) and its relative imports. */
function readSource(file) {
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const strings = [];
	const imports = [];
	const visit = (node) => {
		if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
			const spec = node.moduleSpecifier?.text;
			if (spec?.startsWith('.')) {
				const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
				imports.push(FILES.includes(`${target}.ts`) ? `${target}.ts` : `${target}/index.ts`);
			}
			return;
		}
		if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
			strings.push(node.text);
		else if (ts.isTemplateExpression(node))
			strings.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…'));
		ts.forEachChild(node, visit);
	};
	visit(source);
	return { strings, imports };
}
const SOURCES = Object.fromEntries(FILES.map((file) => [file, readSource(file)]));

/** Parameter sets that open every branch of an operation's fields. */
const VARIANTS = [
	{},
	{ querySource: 'builder' },
	{ querySource: 'id' },
	{ schedule: 'once' },
	{ recurrenceEnd: 'endTime' },
	{ returnAll: false },
	{ authentication: 'password' },
	{ watch: 'managedReport' },
	{ watch: 'reportIds' },
];
const namesFor = (description, parameters) => {
	const names = new Set();
	for (const variant of VARIANTS)
		for (const name of visibleDisplayNames(description, { ...parameters, ...variant }))
			names.add(name);
	return names;
};

/** Every resource → operation of the action node, with its display names for places in messages. */
const OPERATIONS = action.properties
	.filter((p) => p.name === 'operation')
	.flatMap((selector) => {
		const resource = selector.displayOptions.show.resource[0];
		const resourceName = action.properties
			.find((p) => p.name === 'resource')
			.options.find((o) => o.value === resource).name;
		return selector.options.map((o) => ({
			resource,
			operation: o.value,
			place: `${resourceName} → ${o.name}`,
			file: `nodes/PartnerCenterAnalytics/actions/${resource}/${o.value === 'delete' ? 'delete' : o.value}.operation.ts`,
		}));
	});
for (const op of OPERATIONS)
	op.names = namesFor(action, { resource: op.resource, operation: op.operation });

const CREDENTIALS = [
	'PartnerCenterClientCredentialsApi',
	'PartnerCenterPasswordApi',
	'PartnerCenterOAuth2Api',
].map((name) => new (require(`../../credentials/${name}.credentials`)[name])());
const CREDENTIAL_NAMES = new Set(
	CREDENTIALS.flatMap((c) => c.properties.map((p) => p.displayName)),
);
/** The credential types' own names ("Partner Center Analytics (Sign-In) OAuth2 API") may be quoted. */
const CREDENTIAL_TYPES = new Set(CREDENTIALS.map((c) => c.displayName));

/** The contexts (field name sets) of the operations and triggers that reach `file` through imports. */
const ENTRY_POINTS = [
	...OPERATIONS.filter((op) => SOURCES[op.file]).map((op) => ({
		file: op.file,
		names: op.names,
		label: op.place,
	})),
	...Object.entries(triggers).map(([file, description]) => ({
		file,
		names: namesFor(description, {}),
		label: description.displayName,
	})),
];
function reach(file, seen = new Set()) {
	if (seen.has(file) || !SOURCES[file]) return seen;
	seen.add(file);
	for (const imported of SOURCES[file].imports) reach(imported, seen);
	return seen;
}
const REACHED = ENTRY_POINTS.map((entry) => ({ ...entry, files: reach(entry.file) }));

/** Option names (Pending, Rows, Read Rows From File…) may be quoted too: they are values, not fields. */
const OPTION_NAMES = new Set();
(function collect(properties) {
	for (const p of properties) {
		for (const o of p.options ?? []) {
			if (o.name !== undefined && o.value !== undefined) OPTION_NAMES.add(o.name);
			if (o.displayName !== undefined) collect([o]);
			if (Array.isArray(o.values)) collect(o.values);
		}
	}
})([...action.properties, ...Object.values(triggers).flatMap((d) => d.properties)]);

/** Looks like a field's display name: Title Case words, not a sentence, not an HTTP method. */
const looksLikeField = (name) =>
	/^[A-Z][A-Za-z0-9]*( ([A-Z(][A-Za-z0-9()&,/-]*|to|of|or|in|by|for|the|a|on|and|From|by))*$/.test(
		name,
	) && !/^[A-Z]+$/.test(name);

const PLACE = /((?:[A-Z][a-z]+) → [A-Z][A-Za-z ]+?)'s "([^"]+)"/g;
const CREDENTIAL = /credential(?:'s| field) "([^"]+)"/g;
/** n8n expressions (a subtitle, the outputs) are not messages. */
const isExpression = (text) => text.startsWith('={{');

function problemsOf(file) {
	const problems = [];
	const contexts = REACHED.filter((entry) => entry.files.has(file));
	const own = ENTRY_POINTS.find((entry) => entry.file === file);
	const isCredentialFile = file.startsWith('credentials/');
	for (const text of SOURCES[file].strings.filter((t) => !isExpression(t))) {
		const placed = new Set();
		for (const [, place, name] of text.matchAll(PLACE)) {
			placed.add(name);
			const op = OPERATIONS.find((o) => o.place === place);
			if (name.includes('…')) continue;
			if (!op) problems.push(`${file}: "${place}" is not an operation (in: ${text})`);
			else if (!op.names.has(name))
				problems.push(`${file}: ${place} has no field "${name}" (in: ${text})`);
		}
		for (const [, name] of text.matchAll(CREDENTIAL)) {
			placed.add(name);
			if (name.includes('…')) continue; // a name filled in at run time (`"${label}"`)
			if (!CREDENTIAL_NAMES.has(name))
				problems.push(`${file}: no credential field "${name}" (in: ${text})`);
		}
		for (const [, name] of text.matchAll(/"([^"]+)"/g)) {
			if (placed.has(name) || !looksLikeField(name) || OPTION_NAMES.has(name)) continue;
			if (CREDENTIAL_TYPES.has(name)) continue;
			const where = own ? [own] : contexts;
			const found =
				where.some((entry) => entry.names.has(name)) ||
				((isCredentialFile || where.length === 0) && CREDENTIAL_NAMES.has(name));
			if (!found) {
				const at = own ? own.label : where.map((e) => e.label).join(', ') || 'no node';
				problems.push(`${file}: "${name}" is not a field of ${at} (in: ${text})`);
			}
		}
	}
	return problems;
}

test('every quoted field name in a message exists where the message is shown', () => {
	const problems = FILES.flatMap(problemsOf);
	expect(problems).toEqual([]);
});

test('multi-word field names in messages are quoted (so the check above sees them)', () => {
	const fieldNames = new Set();
	for (const op of OPERATIONS)
		for (const name of op.names) if (/ /.test(name)) fieldNames.add(name);
	const problems = [];
	for (const file of FILES.filter((f) => !f.includes('/descriptions/'))) {
		for (const text of SOURCES[file].strings) {
			if (fieldNames.has(text) || isExpression(text)) continue; // a display name itself, not a message
			for (const name of fieldNames) {
				const unquoted = new RegExp(`(^|[^"])\\b${name.replace(/[()]/g, '\\$&')}\\b(?!")`);
				if (unquoted.test(text)) problems.push(`${file}: ${name} unquoted in: ${text}`);
			}
		}
	}
	expect(problems).toEqual([]);
});

test('the checker sees the places: Execution → Download has no "Execution Status", Get Many has', () => {
	const place = (p) => OPERATIONS.find((o) => o.place === p);
	expect(place('Execution → Download').names.has('Execution Status')).toBe(false);
	expect(place('Execution → Get Many').names.has('Execution Status')).toBe(true);
	expect(looksLikeField('Execution Status')).toBe(true);
});
