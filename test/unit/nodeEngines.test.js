/**
 * `npm install` must not warn EBADENGINE on a Node version the README supports for development.
 * The lockfile records every installed package's `engines.node`; each must accept each supported
 * version. (isolated-vm 7, pulled by @n8n/node-cli through n8n-workflow's expression runtime, wants
 * Node 24: package.json overrides it with 5.0.4, which accepts Node 18+. `.npmrc` skips its native
 * build either way — lint and build never load it.)
 */
const semver = require('semver');
const lock = require('../../package-lock.json');

// The README's "Requires Node.js …" line; the running Node must be one of them too.
const supported = ['20.19.0', '22.13.0', '24.0.0'];

function packagesRefusing(nodeVersion) {
	return Object.entries(lock.packages)
		.filter(([, pkg]) => pkg.engines?.node && !semver.satisfies(nodeVersion, pkg.engines.node))
		.map(([path, pkg]) => `${path.replace(/^.*node_modules\//, '')} wants node ${pkg.engines.node}`);
}

describe('installed packages accept every supported Node version (no EBADENGINE)', () => {
	test.each(supported)('Node %s', (version) => {
		expect(packagesRefusing(version)).toEqual([]);
	});

	test('the running Node is a supported one', () => {
		expect(
			semver.satisfies(process.versions.node, '^20.19.0 || ^22.13.0 || >=24'),
		).toBe(true);
	});

	test('the README states the same versions', () => {
		const readme = require('fs').readFileSync(require('path').join(__dirname, '../../README.md'), 'utf8');
		expect(readme).toMatch(/Requires Node\.js 20\.19\+, 22\.13\+ or 24\+/);
	});
});
