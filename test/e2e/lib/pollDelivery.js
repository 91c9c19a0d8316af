'use strict';
/**
 * The poll trigger's delivery scenario in a real `n8n start`, shared by the suites that run it under
 * different n8n settings (test/e2e/pollScheduler.e2e.test.js: legacy poller and durable scheduler;
 * test/n8n3: 3.0's defaults): a report with one file completed before activation (history, never
 * delivered), the workflow activated, a file completed right after activation (before the first
 * scheduled poll), optionally n8n restarted with a file completed while it is down, a last file; each
 * new file must start exactly one run, with the file as the emulator serves it.
 *
 * n8n 2.40.7's durable scheduler (N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
 * N8N_POLLER_DURABLE_CURSORS_ENABLED, N8N_USE_WORKFLOW_PUBLICATION_SERVICE; names in
 * @n8n/config configs/scheduler.config.js and workflows.config.js) runs the activation poll as a test
 * poll whose cursor is never committed: the file completed right after activation is the one that
 * was lost before the trigger kept its starting point in the workflow's static data.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const n8n = require('./n8n');
const emuClient = require('./emulator-client');
const T = require('./triggers');
const W = require('./workflows');
const { clientCredentialsData } = require('./emulator');

/** The durable scheduler with durable poll cursors, as n8n 2.40.7 names the settings. */
const DURABLE_SCHEDULER_ENV = Object.freeze({
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
});

const POLL_NODE = 'Partner Center Analytics Poll Trigger';
/** Poll every 5 s: 12 pollTimes entries with one fixed second each (see lib/triggers.js). */
const POLL_STEP_SECONDS = 5;

/** Waits until the trigger has asked for the report's executions `n` more times. */
async function polls(emu, reportId, n) {
	const start = T.executionListRequests(emu, reportId);
	await T.waitFor(
		`${n} more poll(s) of report ${reportId}`,
		() => T.executionListRequests(emu, reportId) >= start + n,
		{ timeoutMs: (n + 2) * 60_000, intervalMs: 500 },
	);
}

/**
 * The durable poll cursor n8n keeps for the workflow's poll node (table poller_state of the user
 * folder's sqlite DB; read with the runtime's sqlite3 as lib/triggers.js persistedStaticData does),
 * or null when there is none: shows which poll engine ran the node.
 */
function durableCursor(userFolder, workflowId) {
	const { execFileSync } = require('node:child_process');
	const script = `
const sqlite3 = require(${JSON.stringify(path.join(n8n.RUNTIME_DIR, 'node_modules', 'sqlite3'))});
const db = new sqlite3.Database(${JSON.stringify(path.join(userFolder, '.n8n', 'database.sqlite'))}, sqlite3.OPEN_READONLY);
db.get('SELECT cursor FROM poller_state WHERE workflowId = ?', [process.argv[1]], (e, row) => {
	if (e) { console.error(e.message); process.exit(1); }
	process.stdout.write(row && row.cursor ? String(row.cursor) : 'null');
	db.close();
});`;
	const out = execFileSync(path.join(n8n.NODE24_BIN, 'node'), ['-e', script, workflowId], {
		encoding: 'utf8',
		timeout: 30_000,
	});
	return JSON.parse(out);
}

/** What each run of the poll workflow delivered, oldest first: [{ status, files: [{ executionId, sha256 }] }]. */
async function runsOf(server, workflowId) {
	const list = (await T.listExecutions(server, workflowId)).sort(
		(a, b) => Number(a.id) - Number(b.id),
	);
	const runs = [];
	for (const e of list) {
		const ex = await T.getExecution(server, e.id);
		const files = [];
		for (const item of ex.items(POLL_NODE)) {
			const bin = item.binary && item.binary.data;
			files.push({
				executionId: String(item.json.executionId).toLowerCase(),
				sha256: bin ? T.sha256(await T.readBinary(server, bin)) : '(no binary "data")',
			});
		}
		runs.push({ status: ex.status, files });
	}
	return runs;
}

/**
 * Runs the scenario (`cursor`: the node's durable cursor at the end, durableCursor()). `emu`: a started emulator; `userFolder`: an n8n user folder with the package
 * installed; `env`: n8n's settings; `restart`: stop and start n8n between the first and the last file;
 * `server`: an n8n already started in `userFolder` with `env` (logged in), else one is started.
 * `prefix` makes credential and workflow IDs unique in a shared user folder. Returns { runs, want,
 * history, failure, server }: the runs seen, the runs wanted, the file completed before activation,
 * the first wait that timed out (if any) and the n8n still running (the caller stops it).
 */
async function runPollDelivery({
	emu,
	userFolder,
	env = {},
	restart = true,
	prefix = 'poll',
	log = () => {},
	server: running,
}) {
	const startServer = async (port) =>
		await n8n.loginOwner(await n8n.startN8n({ userFolder, port, webhookUrl: true, env }));
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');
	const report = await T.createRecurringReport(emuClient, emu, token, '/insights/v1.1/cmp', {
		name: `${prefix} poll delivery ${Date.now().toString(36)}`,
		queryId: W.SYSTEM_QUERY_ID,
	});
	const reportId = report.reportId;
	const complete = (rowCount) => {
		const x = emu.runExecution(reportId, { rowCount });
		return String(x.executionId).toLowerCase();
	};
	const history = complete(2);

	const credential = { id: `${prefix}Cred00001`.slice(0, 21), name: `PC (${prefix})` };
	const workflowId = `${prefix}PollWf0001`.slice(0, 21);
	await n8n.importCredentials(
		[
			{
				...credential,
				type: 'partnerCenterClientCredentialsApi',
				data: clientCredentialsData(emu.url),
			},
		],
		{ userFolder },
	);
	// A node ID as the editor makes it (a UUID): the durable scheduler refuses to activate a poll node
	// whose ID is longer than 36 characters (@n8n/constants SCHEDULED_JOB_OWNER_MEMBER_ID_MAX_LENGTH).
	const node = {
		...T.reportFilePollNode(POLL_NODE, reportId, credential, POLL_STEP_SECONDS),
		id: crypto.randomUUID(),
	};
	await n8n.importWorkflow(T.triggerWorkflow(workflowId, `${prefix} poll trigger`, node), {
		userFolder,
	});

	let server = running || (await startServer());
	const done = [];
	let failure;
	const wait = async (count) => {
		try {
			await T.waitForExecutions(server, workflowId, count, { timeoutMs: 150_000 });
		} catch (e) {
			failure = failure || e;
		}
		await polls(emu, reportId, 1); // another poll, which must not repeat anything
	};
	try {
		await T.activateWorkflow(server, workflowId);
		done.push(complete(3)); // right after activation: before the first scheduled poll
		log('first file completed after activation');
		await wait(1);
		if (restart) {
			await n8n.stopN8n(server);
			done.push(complete(5)); // completed while n8n is down
			server = await startServer(server.port);
			log('n8n restarted');
			await wait(2);
		}
		done.push(complete(7));
		await wait(done.length);
		await polls(emu, reportId, 2);
		const runs = await runsOf(server, workflowId);
		const want = [];
		for (const executionId of done) {
			want.push({
				status: 'success',
				files: [{ executionId, sha256: (await T.emulatorFile(emu, executionId)).sha256 }],
			});
		}
		const cursor = durableCursor(server.userFolder, workflowId);
		await T.deactivateWorkflow(server, workflowId);
		return { runs, want, history, failure, server, reportId: reportId.toLowerCase(), cursor };
	} catch (e) {
		await n8n.stopN8n(server);
		throw e;
	}
}

module.exports = {
	DURABLE_SCHEDULER_ENV,
	POLL_NODE,
	runPollDelivery,
	runsOf,
	polls,
	durableCursor,
};
