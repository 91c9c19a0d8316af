'use strict';
/**
 * `.ci/run` runs exactly CONTRIBUTING.md's "Development commands", in the same order: a contributor who
 * runs that block runs what CI runs, and a command added to one and not the other fails here.
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '../..');

function contributingCommands(text) {
	const section = text.slice(text.indexOf('## Development commands'));
	const block = /```bash\n([\s\S]*?)```/.exec(section);
	if (!block) throw new Error('CONTRIBUTING.md has no bash block under "Development commands"');
	return block[1]
		.split('\n')
		.map((line) => line.replace(/#.*$/, '').trim())
		.filter(Boolean);
}

function ciRunCommands(text) {
	return text
		.split('\n')
		.filter((line) => /^step /.test(line))
		.map((line) => line.replace(/^step /, '').trim());
}

test('the commands are read from both files (the check can fail)', () => {
	expect(contributingCommands('## Development commands\n\n```bash\nnpm test   # x\n```\n')).toEqual(['npm test']);
	expect(ciRunCommands('step npm test\nstep npm run scan\n')).toEqual(['npm test', 'npm run scan']);
	expect(contributingCommands('## Development commands\n```bash\nnpm test\n```')).not.toEqual(
		ciRunCommands('step npm run lint\n'),
	);
});

test('.ci/run runs CONTRIBUTING.md’s development commands, in order', () => {
	const contributing = contributingCommands(fs.readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8'));
	const ci = ciRunCommands(fs.readFileSync(path.join(root, '.ci/run'), 'utf8'));
	expect(ci.length).toBeGreaterThan(5);
	expect(ci).toEqual(contributing);
});

test('every command .ci/run names is a script of package.json', () => {
	const scripts = require(path.join(root, 'package.json')).scripts;
	for (const command of ciRunCommands(fs.readFileSync(path.join(root, '.ci/run'), 'utf8'))) {
		const name = /^npm run (\S+)/.exec(command)?.[1];
		if (name) expect(Object.keys(scripts)).toContain(name);
	}
});
