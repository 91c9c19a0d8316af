/**
 * Query → Test against the emulator over HTTP: rows of a saved query on every program, and the local
 * check that keeps an invalid query from Partner Center unless it is turned off.
 */
const { PROGRAMS, id, createQuery, routeCallsDuring, useOperationEmulator } = require('../../helpers/operations');

const { server, harness } = useOperationEmulator();
const testText = (query, options) => harness().run({ resource: 'query', operation: 'test', querySource: 'text', query, options });

describe.each(PROGRAMS)('Query → Test on $label', (program) => {
	test('a saved query answers rows with exactly its columns', async () => {
		const h = harness();
		const queryId = await createQuery(h, program);
		const rows = await h.run({ ...program.params, resource: 'query', operation: 'test', querySource: 'id', queryId: id(queryId) });
		expect(rows.length).toBeGreaterThan(0);
		const columns = program.query.match(/SELECT (.*) FROM/)[1].split(', ');
		expect(Object.keys(rows[0].json).sort()).toEqual(columns.sort());
	});
});

test('an invalid query is refused before anything is sent; with the check off Partner Center answers its own 400', async () => {
	const refused = await routeCallsDuring(server, ['testQueryResult'], () =>
		expect(testText('SELECT Nope FROM ISVOrder')).rejects.toThrow(/Nope/),
	);
	expect(refused).toEqual({ testQueryResult: 0 });
	const sent = await routeCallsDuring(server, ['testQueryResult'], () =>
		expect(testText('SELECT Nope FROM ISVOrder', { validateQuery: false })).rejects.toThrow(/400 .*Incorrect column name/),
	);
	expect(sent).toEqual({ testQueryResult: 1 });
});
