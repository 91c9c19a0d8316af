'use strict';
/**
 * The tests mirror the code: for every operation of the action node,
 * nodes/PartnerCenterAnalytics/actions/<resource>/<operation>.operation.ts, a newcomer finds its tests in
 * test/integration/<resource>/<operation>.test.js. This guard fails, naming the file, when that file is
 * missing or never runs the operation. The harness (test/helpers/harness.js) takes the node's parameters
 * as an object, so a file that runs Report → Update spells `resource: 'report', operation: 'update'`
 * (in that order, side by side) in the parameters it runs.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../../..');
const ACTIONS = path.join(ROOT, 'nodes/PartnerCenterAnalytics/actions');
const TESTS = path.join(ROOT, 'test/integration');

/** [resource, operation] of every *.operation.ts under the action node's actions folder. */
function operations() {
	return fs
		.readdirSync(ACTIONS, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.flatMap((dir) =>
			fs
				.readdirSync(path.join(ACTIONS, dir.name))
				.filter((file) => file.endsWith('.operation.ts'))
				.map((file) => [dir.name, file.slice(0, -'.operation.ts'.length)]),
		)
		.sort();
}

/** What is wrong with the test file of one operation, or undefined when nothing is. */
function problemOf(resource, operation) {
	const relative = `test/integration/${resource}/${operation}.test.js`;
	const file = path.join(ROOT, relative);
	if (!fs.existsSync(file)) return `${relative} is missing`;
	const runs = new RegExp(`resource:\\s*['"]${resource}['"]\\s*,\\s*operation:\\s*['"]${operation}['"]`);
	if (!runs.test(fs.readFileSync(file, 'utf8'))) {
		return `${relative} never runs ${resource} → ${operation} (no \`resource: '${resource}', operation: '${operation}'\` in it)`;
	}
	return undefined;
}

test('the action node has operations to check (the folder was found)', () => {
	// Without this, a moved actions folder would make the next test pass on an empty list.
	expect(operations().length).toBeGreaterThanOrEqual(19);
	expect(operations()).toContainEqual(['report', 'update']);
});

test('every operation has test/integration/<resource>/<operation>.test.js, and that file runs it', () => {
	const problems = operations()
		.map(([resource, operation]) => problemOf(resource, operation))
		.filter(Boolean);
	expect(problems).toEqual([]);
});
