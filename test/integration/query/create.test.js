/**
 * Query Source is shared by Query → Create, Test, Report → Run and Backfill (descriptions/querySource.ts):
 * a Saved Query picked on Test or Run stays in the node's parameters when the user switches to Query →
 * Create, which saves a new query and has no Saved Query: it is refused by name, before anything is sent.
 */
const { createHarness } = require('../../helpers/harness');
const { useTestEmulator, harnessCredentials } = require('../../helpers/emulator');

const server = useTestEmulator({});

test('Query → Create with a Saved Query left by another operation: an error naming Query Source, nothing sent', async () => {
	await server.control('POST', 'reset');
	const h = createHarness({ credentials: harnessCredentials(server.url) });
	const before = server.emu.state.requests.filter((r) => r.kind === 'api').length;
	const error = await h
		.run({
			resource: 'query',
			operation: 'create',
			name: 'Left over',
			querySource: 'id',
			queryId: { __rl: true, mode: 'id', value: '72fa95ab-35f5-4d44-a1ee-503abbc88003' },
		})
		.catch((e) => e);
	expect(error).toBeInstanceOf(Error);
	expect(error.message).toBe(
		'"Query Source" must be Query Text or Build Query here: Query → Create saves a new query',
	);
	expect(server.emu.state.requests.filter((r) => r.kind === 'api').length).toBe(before);
});
