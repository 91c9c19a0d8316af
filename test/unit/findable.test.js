/**
 * The nodes are found in n8n's node panel by the words a user would type: the codex files' aliases
 * (n8n's panel searches display names, descriptions and `codex.alias`).
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..', 'nodes');
const CODEX = [
	'PartnerCenterAnalytics',
	'PartnerCenterAnalyticsTrigger',
	'PartnerCenterAnalyticsPollTrigger',
].map((name) => [
	name,
	JSON.parse(fs.readFileSync(path.join(ROOT, name, `${name}.node.json`), 'utf8')),
]);

const WORDS = [
	'Microsoft',
	'Partner Center',
	'commercial marketplace',
	'marketplace',
	'marketplace insights',
	'partner insights',
	'insights',
	'AppSource',
	'Azure Marketplace',
	'ISV',
	'analytics',
	'report',
	'CSV',
];

test.each(CODEX)(
	'%s: aliases for every word a user may search, and n8n categories',
	(name, codex) => {
		const aliases = codex.alias.map((alias) => alias.toLowerCase());
		expect(WORDS.filter((word) => !aliases.includes(word.toLowerCase()))).toEqual([]);
		expect(codex.categories).toEqual(expect.arrayContaining(['Analytics']));
		// n8n's own category names only (the panel groups by them).
		const known = [
			'Analytics',
			'Communication',
			'Data & Storage',
			'Development',
			'Finance & Accounting',
			'Marketing',
			'Productivity',
			'Sales',
			'Utility',
			'Miscellaneous',
		];
		expect(codex.categories.filter((category) => !known.includes(category))).toEqual([]);
	},
);

test('the action node is found by "read rows" (File → Read Rows From File)', () => {
	const [, codex] = CODEX[0];
	expect(codex.alias.map((a) => a.toLowerCase())).toContain('read rows');
});
