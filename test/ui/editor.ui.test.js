'use strict';
/**
 * The editor as a user meets it, in headless Chromium against a real n8n 2.40.7 with the packed
 * package installed as a user installs it, the Partner Center emulator (with a query and a report of
 * our own in each program), a mail sink, the credentials pointing at both, and the example workflows
 * (as `npm run demo` sets them up). Fails on any "Could not load list", error toast, failed list
 * request or failed node. Screenshots: test/ui/.screenshots/.
 */
const fs = require('node:fs');
const path = require('node:path');
const n8n = require('../e2e/lib/n8n');
const emuClient = require('../e2e/lib/emulator-client');
const { startEmulator, DEFAULTS, clientCredentialsData } = require('../e2e/lib/emulator');
const { startSmtpServer, smtpCredentialData } = require('../e2e/lib/smtp');
const { PROGRAMS, listMethods, ourNodeTypes, seedLists } = require('../e2e/lib/lists');
const { listCases, coverCases } = require('./lib/cases');
const { openEditor } = require('./lib/editor');
const { poll } = require('../fixtures/wait');

const ROOT = path.resolve(__dirname, '..', '..');
const SCREENSHOTS = path.join(__dirname, '.screenshots');
const PCA_CREDENTIAL = { id: 'pcaDemoEmulator1', name: 'Partner Center (emulator)' };
const SMTP_CREDENTIAL = { id: 'pcaDemoSmtpSink1', name: 'SMTP (demo mail sink)' };
const EXAMPLE = 'weekly-orders-email.json';

let emu;
let smtp;
let server;
let ui;
let nodeTypes;
let seeded;
const mails = [];
/** Per API path: a dataset with columns and metrics, one of each, for the builder. */
const builder = {};

/** Waits until `read()` answers `expected` (deep equality); fails with the last answer. */
async function eventually(what, read, expected, timeoutMs = 60_000) {
	let last;
	await poll(
		async () => {
			last = await read();
			return JSON.stringify(last) === JSON.stringify(expected);
		},
		{
			timeoutMs,
			intervalMs: 250,
			timeoutError: () =>
				new Error(
					`${what}: expected ${JSON.stringify(expected)}, still ${JSON.stringify(last)} after ${timeoutMs / 1000} s`,
				),
		},
	);
}

const describeNode = (name) => nodeTypes.find((t) => t.name === `${n8n.PACKAGE_NAME}.${name}`);

beforeAll(async () => {
	fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
	emu = await startEmulator({ port: 0, host: '127.0.0.1' });
	seeded = await seedLists(emu);
	const token = await emuClient.getToken(emu, clientCredentialsData(emu.url), 'client_credentials');
	for (const { base } of PROGRAMS) {
		const datasets = await emuClient.listAll(emu, token, `${base}/ScheduledDataset`);
		const dataset = datasets.find(
			(d) => (d.selectableColumns || []).length && (d.availableMetrics || []).length,
		);
		builder[base] = {
			dataset: dataset.datasetName,
			column: dataset.selectableColumns[0],
			metric: dataset.availableMetrics[0],
		};
	}
	smtp = await startSmtpServer({ port: 0, onMessage: (mail) => mails.push(mail) });

	// What `npm run demo` imports: the two credentials the examples name, and the examples (Report →
	// Run asks every 2 s: the emulator is quick).
	await n8n.importCredentials([
		{
			...PCA_CREDENTIAL,
			type: 'partnerCenterClientCredentialsApi',
			data: clientCredentialsData(emu.url),
		},
		{
			...SMTP_CREDENTIAL,
			type: 'smtp',
			data: smtpCredentialData(smtp.port),
		},
	]);
	const examples = fs
		.readdirSync(path.join(ROOT, 'examples'))
		.filter((f) => f.endsWith('.json'))
		.map((file) => {
			const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
			for (const node of wf.nodes) {
				if (
					node.type.endsWith('.partnerCenterAnalytics') &&
					['run', 'backfill'].includes(node.parameters.operation)
				) {
					node.parameters.options = { ...(node.parameters.options || {}), pollIntervalSeconds: 2 };
				}
			}
			return wf;
		});
	await n8n.importWorkflow(examples);

	server = await n8n.startN8n({ userFolder: n8n.USER_FOLDER, webhookUrl: true });
	await n8n.loginOwner(server);
	nodeTypes = await ourNodeTypes(server);
	ui = await openEditor(server, { screenshots: SCREENSHOTS });
}, 600_000);

afterAll(async () => {
	if (ui) await ui.close();
	await n8n.stopN8n(server);
	if (smtp) await smtp.stop();
	if (emu) await emu.stop();
});

beforeEach(() => {
	if (ui) ui.resetProblems();
});

afterEach(async () => {
	// Whatever a test left (a toast, a dialog) is not the next test's problem: a fresh page.
	if (ui) await ui.page.goto(`${server.url}/home/workflows`).catch(() => {});
});

// ------------------------------------------------------------------ the node panel

test('node panel: searching "Partner Center" adds every node; the entry reads like the action node, its trigger event like what it does', async () => {
	const { page } = ui;
	const actionDescription = describeNode('partnerCenterAnalytics').description;
	const pollDescription = describeNode('partnerCenterAnalyticsPollTrigger').description;
	const creator = page.locator('[data-test-id="node-creator"]');
	const entries = creator.locator('[data-test-id="item-iterator-item"]');
	const search = async (text) => {
		await creator.waitFor();
		const input = creator
			.locator(
				'input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input',
			)
			.first();
		await input.fill(text);
		await entries.filter({ hasText: 'Partner Center Analytics' }).first().waitFor();
	};

	await page.goto(`${server.url}/workflow/new`);
	// "Add first step" opens "What triggers this workflow?".
	await page.locator('[data-test-id="canvas-plus-button"]').click();
	// Found by what a user types who does not know the name "Partner Center" (the codex aliases).
	for (const word of ['Microsoft', 'marketplace']) {
		await search(word);
		const found = await entries.allInnerTexts();
		expect({ word, found: found.some((t) => /Partner Center Analytics Poll Trigger/.test(t)) }).toEqual({
			word,
			found: true,
		});
	}
	await search('Partner Center');
	const entryTexts = await entries.allInnerTexts();
	await ui.shot('node-panel-search');
	// n8n merges the callback trigger into the action node's entry (same name without "Trigger").
	const merged = entries.filter({
		has: page.locator('[data-test-id="node-creator-item-name"]', {
			hasText: /^Partner Center Analytics$/,
		}),
	});
	await expect(merged.innerText()).resolves.toContain(actionDescription);
	expect(entryTexts.join('\n')).not.toMatch(/Starts the workflow when Partner Center calls back/);
	await expect(
		entries.filter({ hasText: 'Partner Center Analytics Poll Trigger' }).innerText(),
	).resolves.toContain(pollDescription);

	// Its trigger event says what it does (n8n's fallback would be "On new Partner Center Analytics event").
	await merged.click();
	const event = entries.filter({ hasText: 'When a report file is ready' });
	await event.waitFor();
	expect(await creator.innerText()).not.toMatch(/On new Partner Center Analytics event/);
	await ui.shot('node-panel-trigger-event');
	await event.click();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await expect(page.locator('[data-test-id="ndv"]').innerText()).resolves.toContain(
		'Partner Center Analytics Trigger',
	);
	await page.locator('[data-test-id="ndv-close-button"]').click();

	// "What happens next?" after the trigger: the action node, with its own description.
	await page.locator('[data-test-id="canvas-handle-plus"]').first().click();
	await search('Partner Center');
	await expect(merged.innerText()).resolves.toContain(actionDescription);
	await ui.shot('node-panel-what-happens-next');
	await merged.click();
	// Report → Run and Get File, by the action name its description gives the panel.
	const runAction = describeNode('partnerCenterAnalytics')
		.properties.filter(
			(p) => p.name === 'operation' && p.displayOptions.show.resource.includes('report'),
		)
		.flatMap((p) => p.options)
		.find((o) => o.value === 'run').action;
	await entries.filter({ hasText: runAction }).click();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await page.locator('[data-test-id="ndv-close-button"]').click();

	// The poll trigger: a second trigger, from the panel's search.
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	await search('Partner Center Analytics Poll');
	await entries.filter({ hasText: 'Partner Center Analytics Poll Trigger' }).click();
	// A node with one action opens its details page ("Add to workflow"), or is added at once.
	const add = creator.getByRole('button', { name: 'Add to workflow' });
	const ndv = page.locator('[data-test-id="ndv"]');
	await add.or(ndv).first().waitFor();
	if (await add.isVisible()) await add.click();
	await ndv.waitFor();
	await page.locator('[data-test-id="ndv-close-button"]').click();

	const nodes = page.locator('[data-test-id="canvas-node"]');
	await eventually('nodes on the canvas', () => nodes.count(), 3);
	const names = await nodes.evaluateAll((els) =>
		els.map((e) => e.getAttribute('data-node-name') || e.innerText),
	);
	expect(names.join('\n')).toMatch(/Partner Center Analytics Trigger/);
	expect(names.join('\n')).toMatch(/Partner Center Analytics Poll Trigger/);
	await ui.shot('node-panel-added');
	await ui.assertNoProblems('node panel');
});

// ------------------------------------------------------------------ every list

/** The text each list must show, on a program (what the emulator holds, and what we seeded). */
function expectedEntry(method, base) {
	const mine = seeded[base];
	const b = builder[base];
	return (
		{
			getDatasets: b.dataset,
			getDatasetColumns: b.column,
			getDatasetMetrics: b.metric,
			getDatasetFields: b.column,
			getDatasetTimespans: 'Default (6 Months)',
			getBuiltQuery: `SELECT ${b.column}, ${b.metric} FROM ${b.dataset} WHERE ${b.column} != 'x' ORDER BY ${b.column} DESC`,
			getReports: mine.reportName,
			searchReports: mine.reportName,
			searchQueries: mine.queryName,
		}[method] || null
	);
}

/** The NDV's element of a parameter path; a fixedCollection entry is the first one (`filter[0]`). */
function parameterLocator(page, listPath) {
	const parts = listPath.split('.');
	const indexed = parts.length === 3 ? `${parts[0]}.${parts[1]}[0].${parts[2]}` : listPath;
	const ndv = page.locator('[data-test-id="ndv"]');
	return ndv
		.locator(`[data-parameter-path="parameters.${indexed}"]`)
		.or(ndv.locator(`[data-parameter-path="parameters.${listPath}"]`))
		.first();
}

/**
 * Opens one list as a user does, waits for its entries, checks the expected one, closes it. A click
 * that lands while the field is still loading opens nothing: then it is clicked again (a user would).
 */
async function openList(page, list, expected) {
	const field = parameterLocator(page, list.path);
	await field.scrollIntoViewIfNeeded();
	const rl = list.kind === 'listSearch';
	const items = page.locator(
		rl ? '[data-test-id="rlc-item"]:visible' : '.el-select-dropdown__item:visible',
	);
	const wanted = (expected ? items.filter({ hasText: expected }) : items).first();
	let lastError;
	for (const timeout of [10_000, 20_000, 40_000]) {
		try {
			if (rl) {
				await field.locator('[data-test-id="rlc-input"]').click();
				const search = page
					.locator(
						'input[data-test-id="rlc-search"]:visible, [data-test-id="rlc-search"]:visible input',
					)
					.first();
				await search.waitFor({ timeout });
				if (expected) await search.fill(expected.slice(0, 12));
			} else {
				// (n8n disables the field while it loads the list.)
				await field.locator('.el-select:not(.el-select--disabled)').waitFor({ timeout });
				// At its right end (the arrow): a click in the middle can land on a chosen entry's "×".
				const box = await field.boundingBox();
				await field.click({ position: { x: box.width - 14, y: box.height / 2 } });
			}
			await wanted.waitFor({ timeout });
			await page.keyboard.press('Escape');
			return;
		} catch (e) {
			lastError = e;
			await page.keyboard.press('Escape');
		}
	}
	throw lastError;
}

const caseNodeName = (i, c) => `${i} ${c.key}`;

async function createCaseWorkflow(program, cases) {
	const b = builder[program.base];
	const nodes = cases.map((c, i) => ({
		id: `case-${i}`,
		name: caseNodeName(i, c),
		type: c.nodeType,
		typeVersion: 1,
		position: [(i % 6) * 260, Math.floor(i / 6) * 220],
		credentials: { partnerCenterClientCredentialsApi: PCA_CREDENTIAL },
		...(c.nodeType.endsWith('Trigger') && !c.nodeType.endsWith('PollTrigger')
			? { webhookId: `ui-case-${i}-${Date.now()}` }
			: {}),
		parameters: {
			authentication: 'clientCredentials',
			...program.parameters,
			...c.parameters,
			...(c.parameters.querySource === 'builder'
				? {
						queryDataset: b.dataset,
						queryColumns: [b.column],
						queryMetrics: [b.metric],
						queryFilters: { filter: [{ column: b.column, operator: 'notEquals', value: 'x' }] },
						queryOrderBy: { sort: [{ column: b.column, direction: 'DESC' }] },
					}
				: {}),
		},
	}));
	const r = await server.rest('POST', '/rest/workflows', {
		name: `UI lists: ${program.label}`,
		nodes,
		connections: {},
		settings: {},
	});
	if (r.status !== 200)
		throw new Error(`creating the lists workflow: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	return (r.json.data || r.json).id;
}

test('every list and option loader of every node and mode opens and shows what the emulator holds', async () => {
	const { page } = ui;
	const all = listCases(nodeTypes);
	// Every list of every node is declared somewhere (the walk finds something to open).
	expect(all.length).toBeGreaterThan(5);
	const opened = new Set();
	const requested = () =>
		new Set(ui.lists.filter((l) => l.status === 200).map((l) => `${l.nodeType} ${l.method}`));
	for (const program of PROGRAMS) {
		// Every case on the current API; on the others, the fewest cases that show every list once.
		const cases = program === PROGRAMS[0] ? all : coverCases(all);
		const workflowId = await createCaseWorkflow(program, cases);
		await ui.openWorkflow(workflowId, cases.length);
		for (const [i, c] of cases.entries()) {
			const stage = `${program.label} · ${c.key}`;
			await ui.openNodeOnCanvas(caseNodeName(i, c));
			for (const list of c.lists) {
				try {
					await openList(page, list, expectedEntry(list.method, program.base));
				} catch (e) {
					await ui.assertNoProblems(`${stage} · ${list.path}`);
					await ui.shot(`FAILED-${stage}-${list.path}`.replace(/[^\w.-]+/g, '_'));
					throw new Error(
						`${stage}: the list ${list.path} (${list.method}) did not show ${JSON.stringify(expectedEntry(list.method, program.base))}: ${e.message}`,
					);
				}
				opened.add(`${c.nodeType} ${list.method}`);
			}
			if (i === 0) await ui.shot(`lists-${program.label.replace(/\W+/g, '-')}`);
			await ui.assertNoProblems(stage);
		}
	}
	// Every (node type, method) that a description names was opened in the browser, and n8n answered it.
	const named = new Set(
		listMethods(nodeTypes)
			.filter((m) => !m.nodeType.endsWith('Tool'))
			.map((m) => `${m.nodeType} ${m.method}`),
	);
	expect([...named].filter((m) => !opened.has(m))).toEqual([]);
	expect([...named].filter((m) => !requested().has(m))).toEqual([]);
});

// ------------------------------------------------------------------ the builder

test('the builder shows the query it will send, updates it as filters change, and Query → Test shows it in the output', async () => {
	const { page } = ui;
	const program = PROGRAMS[0];
	const [builderCase] = listCases(nodeTypes).filter(
		(c) => c.parameters.operation === 'test' && c.parameters.querySource === 'builder',
	);
	const workflowId = await createCaseWorkflow(program, [builderCase]);
	await ui.openNode(workflowId, 'case-0');
	const preview = parameterLocator(page, 'queryPreview');
	const expected = expectedEntry('getBuiltQuery', program.base);
	await preview.scrollIntoViewIfNeeded();
	const previewText = async () => await preview.locator('input').first().inputValue();
	await eventually('the query preview', previewText, expected);

	// A filter value typed in the builder reaches the preview (it depends on each filter field).
	const value = parameterLocator(page, 'queryFilters.filter.value')
		.locator('input, textarea')
		.first();
	await value.fill("O'Brien");
	await value.press('Tab');
	const updated = expected.replace("!= 'x'", "!= 'O''Brien'");
	await eventually('the query preview after a filter change', previewText, updated);
	await preview.click();
	await page.locator('.el-select-dropdown__item:visible', { hasText: updated }).waitFor();
	await ui.shot('builder-query-preview');
	await page.keyboard.press('Escape');

	// Test step: the rows in the output, the query as a hint above them.
	await page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]').click();
	const hint = page.locator('[data-test-id="ndv"] [data-test-id="run-data-hints"]', {
		hasText: 'Query built and sent:',
	});
	await hint.waitFor({ timeout: 120_000 });
	expect(await hint.innerText()).toContain(updated);
	await ui.shot('builder-test-output-hint');
	await ui.assertNoProblems('builder');
});

// ------------------------------------------------------------------ switching operations

test('switching Query → Create → Test → Create keeps the builder and its filter (one set of parameters)', async () => {
	const { page } = ui;
	const program = PROGRAMS[0];
	const workflowId = await createCaseWorkflow(program, [
		{
			key: 'switch',
			nodeType: `${n8n.PACKAGE_NAME}.partnerCenterAnalytics`,
			parameters: { resource: 'query', operation: 'create', name: 'Switch', querySource: 'builder' },
		},
	]);
	await ui.openNode(workflowId, 'case-0');
	const filterValue = async () => {
		const field = parameterLocator(page, 'queryFilters.filter.value');
		await field.waitFor({ timeout: 30_000 });
		return await field.locator('input, textarea').first().inputValue();
	};
	const datasetShown = async () =>
		await parameterLocator(page, 'queryDataset').locator('input').first().inputValue();
	// The dataset field shows "Loading options..." until its list has loaded: wait for the name.
	const dataset = builder[program.base].dataset;
	await eventually('the dataset', datasetShown, dataset);
	expect(await filterValue()).toBe('x');
	// The Operation list's entries, by the descriptions they show (unique among the query operations).
	const operations = { create: 'Save a custom query', test: 'Run a query on a small sample' };
	for (const operation of ['test', 'create']) {
		await parameterLocator(page, 'operation').locator('input').first().click();
		await page
			.locator('.el-select-dropdown__item:visible', { hasText: operations[operation] })
			.first()
			.click();
		await expect(
			parameterLocator(page, 'operation').locator('input').first().inputValue(),
		).resolves.toBe(operation === 'test' ? 'Test' : 'Create');
		await eventually(`the dataset after switching to ${operation}`, datasetShown, dataset);
		expect({ operation, filter: await filterValue() }).toEqual({ operation, filter: 'x' });
	}
	await ui.shot('switch-operations-builder-kept');
	await ui.assertNoProblems('switching operations');
});

// ------------------------------------------------------------------ an example, and the credential

test(`the example ${EXAMPLE} runs from the editor: every node succeeds and the CSV is mailed`, async () => {
	const { page } = ui;
	const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', EXAMPLE), 'utf8'));
	const before = mails.length;
	await page.goto(`${server.url}/workflow/${wf.id}`);
	const nodes = page.locator('[data-test-id="canvas-node"]');
	await eventually('the example on the canvas', () => nodes.count(), wf.nodes.length);
	await page.locator('[data-test-id="execute-workflow-button"]').click();
	const success = page.locator('[data-test-id="canvas-node-status-success"]');
	const failed = page.locator('[data-test-id="canvas-node-status-error"]');
	await eventually(
		'nodes that succeeded',
		async () => ((await failed.count()) > 0 ? 'a node failed' : await success.count()),
		wf.nodes.length,
		180_000,
	);
	await ui.shot('example-run');
	await ui.assertNoProblems(`example ${EXAMPLE}`);
	await eventually('a mail', () => mails.length > before, true, 30_000);
	const mail = mails[mails.length - 1];
	expect(mail.parsed.attachments.map((a) => a.filename).join(',')).toMatch(/\.csv$/);
});

test('the credential test passes with the right secret and fails with a wrong one after a run (a new token each time)', async () => {
	const { page } = ui;
	// The example above ran with this credential: n8n holds a token for it (preAuthentication).
	const tokenRequests = async () => (await emuClient.stats(emu)).tokenRequests;

	const open = async () => {
		await page.goto(`${server.url}/home/credentials/${PCA_CREDENTIAL.id}`);
		await page.locator('[data-test-id="credential-edit-dialog"]').waitFor();
	};
	const save = async () => {
		await page.locator('[data-test-id="credential-save-button"]').click();
	};
	const success = page.locator('[data-test-id="credentials-config-container-test-success"]');
	const failure = page
		.locator('[data-test-id="credential-edit-dialog"]')
		.getByText('Couldn’t connect with these settings');

	await open();
	await save();
	await success.waitFor();
	await ui.shot('credential-test-ok');

	const secret = page.locator('[data-test-id="parameter-input-clientSecret"] input');
	await secret.fill('not-the-secret');
	const before = await tokenRequests();
	await save();
	await failure.waitFor({ timeout: 60_000 });
	expect(await success.isVisible()).toBe(false);
	await ui.shot('credential-test-wrong-secret');
	// Entra's answer is behind "More details".
	await page.locator('[data-test-id="credential-edit-dialog"]').getByText('More details').click();
	await page
		.locator('[data-test-id="credential-edit-dialog"]')
		.getByText(/AADSTS7000215/)
		.first()
		.waitFor();
	const dialog = await page.locator('[data-test-id="credential-edit-dialog"]').innerText();
	expect(dialog).toMatch(/AADSTS7000215/);
	expect(dialog).not.toContain(DEFAULTS.clientSecret);

	// The test asked Entra for a new token with the wrong secret (none came from the cache of the run).
	expect((await tokenRequests()).failed).toBeGreaterThan(before.failed);

	// The right secret again: the credential works for the next runs.
	await secret.fill(DEFAULTS.clientSecret);
	await save();
	await success.waitFor();
	await ui.assertNoProblems('credential test');
});
