/** Query → Get against the emulator over HTTP, on every program: the saved query, its text as saved. */
const { PROGRAMS, id, createQuery, useOperationEmulator } = require('../../helpers/operations');

const { harness } = useOperationEmulator();

describe.each(PROGRAMS)('Query → Get on $label', (program) => {
	test('answers the query by its ID, with the text it was saved with', async () => {
		const h = harness();
		const queryId = await createQuery(h, program);
		const [fetched] = await h.run({ ...program.params, resource: 'query', operation: 'get', queryId: id(queryId) });
		expect(fetched.json).toMatchObject({ queryId, query: program.query, name: 'Integration query' });
	});
});
