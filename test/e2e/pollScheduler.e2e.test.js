'use strict';
/**
 * The poll trigger under both of n8n 2.40.7's poll engines (issue 21): the legacy poller (n8n's
 * default) and the durable scheduler with durable poll cursors (lib/pollDelivery.js names the four
 * settings). A file completed right after activation, one while n8n is down (restart), one after: each
 * starts exactly one run with its file; the file completed before activation starts none.
 *
 * Under the durable scheduler the poll n8n runs at activation is a test poll whose node state is never
 * committed; before the trigger kept its starting point in the workflow's static data, the first file
 * was taken for history there and never delivered (the legacy poller delivered all three).
 */
const n8n = require('./lib/n8n');
const { startEmulator, DEFAULTS } = require('./lib/emulator');
const { DURABLE_SCHEDULER_ENV, runPollDelivery } = require('./lib/pollDelivery');

let emu;

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	n8n.addSecrets(DEFAULTS.clientSecret, DEFAULTS.password);
});

afterAll(async () => {
	if (emu) await emu.stop();
});

describe.each([
	['legacy poller (default)', 'legacy', {}],
	['durable scheduler with durable poll cursors', 'durable', DURABLE_SCHEDULER_ENV],
])('poll trigger, %s', (_label, prefix, env) => {
	test('activation, a file right after it, a restart, two more files: each file exactly once', async () => {
		const userFolder = n8n.cloneUserFolder(`poll-${prefix}`);
		const started = Date.now();
		const { runs, want, history, failure, server, reportId, cursor } = await runPollDelivery({
			emu,
			userFolder,
			env,
			prefix,
			log: (m) => console.log(`[${prefix}] ${((Date.now() - started) / 1000).toFixed(0)} s: ${m}`),
		});
		try {
			expect(runs).toEqual(want);
			expect(runs.flatMap((r) => r.files.map((f) => f.executionId))).not.toContain(history);
			// Which engine ran the node: only the durable one keeps the node's state in a cursor row.
			expect({ cursorWatches: (cursor && cursor.baselineFor) || null }).toEqual({
				cursorWatches: prefix === 'durable' ? reportId : null,
			});
			if (failure) throw failure;
		} finally {
			await n8n.stopN8n(server);
		}
	});
});
