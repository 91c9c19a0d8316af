'use strict';
/**
 * What the suites that run the files of examples/ share: loading an example, its credential
 * references, the copy `n8n execute` can run, the emulator files of the runs (kept as they were
 * served, since Report → Run and Backfill delete their reports, and with them the files), and the
 * private PostgreSQL an example writes into (test/queue/lib/services.js) with its credential.
 */
const fs = require('node:fs');
const path = require('node:path');
const n8n = require('./n8n');
const T = require('./triggers');
const { startPostgres } = require('../../queue/lib/services');

const EXAMPLES_DIR = path.join(__dirname, '..', '..', '..', 'examples');
const PCA_TYPE = n8n.NODE_TYPE;

function loadExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

/** The credential reference the examples use for a credential type (all nodes must agree). */
function credentialRef(workflows, type) {
	const refs = new Map();
	for (const wf of workflows)
		for (const node of wf.nodes)
			if (node.credentials && node.credentials[type])
				refs.set(node.credentials[type].id, node.credentials[type]);
	if (refs.size !== 1)
		throw new Error(
			`the examples should reference one "${type}" credential, found ${JSON.stringify([...refs.values()])}`,
		);
	return [...refs.values()][0];
}

const nodeOfType = (wf, type) => wf.nodes.find((n) => n.type === type);

/**
 * A copy that `n8n execute` can run: each Schedule Trigger becomes a Manual Trigger of the same name
 * (connections unchanged), and Report → Run / Backfill poll every second instead of every minute.
 * Nodes of `continueTypes` get "On Error: Continue", so that every one of them runs and reports its
 * own error.
 */
function forExecute(wf, { continueTypes = [] } = {}) {
	const copy = JSON.parse(JSON.stringify(wf));
	for (const node of copy.nodes) {
		if (continueTypes.includes(node.type)) node.onError = 'continueRegularOutput';
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			node.type = 'n8n-nodes-base.manualTrigger';
			node.typeVersion = 1;
			node.parameters = {};
		}
		if (node.type === PCA_TYPE && ['run', 'backfill'].includes(node.parameters.operation)) {
			node.parameters.options = { ...(node.parameters.options || {}), pollIntervalSeconds: 1 };
		}
	}
	return copy;
}

/**
 * The emulator's file of every execution, as served ({ sha256, bytes, raw }), fetched as soon as it
 * is complete, and every report as first seen. Call `capture()` from the emulator's `log` option: the
 * emulator calls it after each request it answered, so a new execution is seen when the node's
 * POST /ScheduledReport is answered, a poll interval (1 s) before the node could delete it.
 */
function emulatorFileCapture(getEmulator) {
	const files = new Map();
	const reportsSeen = new Map();

	async function servedFile(executionId) {
		const r = await fetch(getEmulator().signLink(executionId, {}), {
			headers: { 'accept-encoding': 'identity' },
		});
		if (r.status !== 200) throw new Error(`emulator file of ${executionId}: HTTP ${r.status}`);
		const raw = Buffer.from(await r.arrayBuffer());
		return { sha256: T.sha256(raw), bytes: raw.length, raw };
	}

	function capture() {
		const emu = getEmulator();
		if (!emu) return;
		for (const program of ['cmp', 'mpn']) {
			for (const r of emu.state[program].reports.values())
				if (!reportsSeen.has(r.reportId)) reportsSeen.set(r.reportId, { ...r });
			for (const [id, execution] of emu.state[program].executions) {
				if (files.has(id)) continue;
				const pending = (async () => {
					for (const deadline = Date.now() + 30_000; ; await T.sleep(50)) {
						try {
							return { ...(await servedFile(id)), reportId: execution.reportId };
						} catch (e) {
							if (Date.now() > deadline) throw e;
						}
					}
				})();
				pending.catch(() => {}); // reported by expectedFileOf
				files.set(id, pending);
			}
		}
	}

	async function expectedFileOf(executionId) {
		if (!files.has(executionId)) return servedFile(executionId);
		return files.get(executionId);
	}

	return { files, reportsSeen, capture, servedFile, expectedFileOf };
}

/** A private PostgreSQL under the suite's work folder, and the n8n credential data that reaches it. */
async function startExamplePostgres(name, { database = 'usage', user = 'usage' } = {}) {
	const postgres = await startPostgres(path.join(n8n.WORK_DIR, name), {
		database,
		user,
		password: `e2e-${name}-password`,
	});
	n8n.addSecrets(postgres.password);
	const credentialData = {
		host: postgres.host,
		port: postgres.port,
		database: postgres.database,
		user: postgres.user,
		password: postgres.password,
		ssl: 'disable',
	};
	/** Rows of a query, read with the pg client n8n itself ships. */
	async function query(sql) {
		const { Client } = require(path.join(n8n.RUNTIME_DIR, 'node_modules', 'pg'));
		const db = new Client({
			host: postgres.host,
			port: postgres.port,
			database: postgres.database,
			user: postgres.user,
			password: postgres.password,
		});
		await db.connect();
		try {
			return (await db.query(sql)).rows;
		} finally {
			await db.end();
		}
	}
	return { postgres, credentialData, query };
}

/** The column list of an example's query text (`SELECT a, b FROM …`). */
const queryColumns = (queryText) =>
	/^SELECT (.+?) FROM/i
		.exec(queryText)[1]
		.split(',')
		.map((c) => c.trim());

module.exports = {
	EXAMPLES_DIR,
	loadExample,
	credentialRef,
	nodeOfType,
	forExecute,
	emulatorFileCapture,
	startExamplePostgres,
	queryColumns,
};
