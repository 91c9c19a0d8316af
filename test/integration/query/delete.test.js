/** Query → Delete against the emulator over HTTP, on every program: the query is gone from Partner Center. */
const { PROGRAMS, id, createQuery, useOperationEmulator } = require('../../helpers/operations');

const { server, harness } = useOperationEmulator();

describe.each(PROGRAMS)('Query → Delete on $label', (program) => {
	test('deletes the query and says which one', async () => {
		const h = harness();
		const queryId = await createQuery(h, program);
		expect(server.emu.state[program.state].queries.has(queryId)).toBe(true);
		const [deleted] = await h.run({ ...program.params, resource: 'query', operation: 'delete', queryId: id(queryId) });
		expect(deleted.json).toMatchObject({ deleted: true, queryId });
		expect(server.emu.state[program.state].queries.has(queryId)).toBe(false);
	});
});
