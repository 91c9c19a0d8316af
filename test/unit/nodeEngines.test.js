/**
 * Which Node versions `npm install` accepts without an EBADENGINE warning. The lockfile records every
 * installed package's `engines.node`. Node 24 — what n8n 2.x itself requires — must satisfy all of
 * them. On Node 20 and 22 exactly one package may refuse: isolated-vm 7 (Node 24+), which n8n's own
 * toolchain pulls (@n8n/node-cli → @n8n/ai-node-sdk → n8n-workflow → @n8n/expression-runtime); `.npmrc`
 * skips its native build and lint and build never load it. Overriding its version is what n8n's lint
 * forbids (`no-overrides-field`), so CONTRIBUTING.md says so instead. Any other refusal fails this test.
 */
const fs = require('node:fs');
const path = require('node:path');
const semver = require('semver');
const lock = require('../../package-lock.json');

function packagesRefusing(nodeVersion) {
	return Object.entries(lock.packages)
		.filter(([, pkg]) => pkg.engines?.node && !semver.satisfies(nodeVersion, pkg.engines.node))
		.map(([where]) => where.replace(/^.*node_modules\//, ''));
}

// n8n 2.40.7's package.json: "engines": { "node": ">=24.0.0" }.
test('Node 24 (what n8n 2.x requires): no package refuses it', () => {
	expect(packagesRefusing('24.0.0')).toEqual([]);
});

test.each(['20.19.0', '22.13.0'])('Node %s: only isolated-vm refuses it (CONTRIBUTING.md says so)', (version) => {
	expect([...new Set(packagesRefusing(version))]).toEqual(['isolated-vm']);
});

test('CONTRIBUTING.md states it', () => {
	const contributing = fs.readFileSync(path.join(__dirname, '../../CONTRIBUTING.md'), 'utf8');
	expect(contributing).toMatch(/Node\.js 24 \(what n8n 2\.x requires\)/);
	expect(contributing).toMatch(/EBADENGINE[^\n]*isolated-vm/);
});
