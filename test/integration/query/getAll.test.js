/** Query → Get Many against the emulator over HTTP, on every program: by name, and system queries only. */
const { PROGRAMS, createQuery, useOperationEmulator } = require('../../helpers/operations');

const { harness } = useOperationEmulator();

describe.each(PROGRAMS)('Query → Get Many on $label', (program) => {
	const getAll = (options) => harness().run({ ...program.params, resource: 'query', operation: 'getAll', returnAll: true, options });

	test('Query Name finds the query saved under that name', async () => {
		const queryId = await createQuery(harness(), program, 'Listed query');
		const mine = await getAll({ queryName: 'Listed query' });
		expect(mine.map((item) => item.json.queryId)).toContain(queryId);
	});

	test("Include Only System Queries lists Microsoft's queries and no other", async () => {
		const systemOnly = await getAll({ includeOnlySystemQueries: true });
		expect(systemOnly.length).toBeGreaterThan(3);
		expect(systemOnly.every((item) => item.json.type === 'system')).toBe(true);
	});
});
