/**
 * The transport's paging (nextLink, relative or absolute) and Limit, run inside real n8n-core contexts
 * against emulators over HTTP.
 */
const { createHarness } = require('../../helpers/harness');
const { startTestEmulator, useTestEmulator, clientCredentials } = require('../../helpers/emulator');
const { harnessesFor, getAll } = require('../../helpers/datasetCalls');

const server = useTestEmulator();
const harnessFor = harnessesFor(server);

describe('pagination', () => {
	test.each(['relative', 'absolute'])('follows %s nextLinks to the end, and stops at Limit', async (nextLinkStyle) => {
		const paged = await startTestEmulator({ pageSize: 2, nextLinkStyle });
		try {
			const harness = createHarness({ credentials: { partnerCenterClientCredentialsApi: clientCredentials(paged.url) } });
			const unpagedCount = (await harnessFor().run(getAll())).length;
			const all = await harness.run(getAll());
			expect(all).toHaveLength(unpagedCount);
			expect(new Set(all.map((i) => i.json.datasetName)).size).toBe(unpagedCount);
			const before = (await paged.stats()).apiCalls.total;
			const three = await harness.run(getAll({ returnAll: false, limit: 3 }));
			expect(three).toHaveLength(3);
			expect((await paged.stats()).apiCalls.total - before).toBe(2);
		} finally {
			await paged.stop();
		}
	});
});
