'use strict';
/**
 * Driving n8n 2.40.7's editor in headless Chromium (scripts/chromium.js), for test/ui. Selectors are
 * the editor's own data-test-id attributes. Every wait waits for something; none sleeps.
 *
 *   const ui = await openEditor(server, { screenshots })   signed in; watches the page for problems
 *   ui.problems()          what went wrong so far: "Could not load list", error toasts, failed list
 *                          requests (n8n's /rest/dynamic-node-parameters answers), page errors
 *   ui.assertNoProblems(stage)   throws with all of them (and saves a screenshot) when there are any
 *   ui.resetProblems()     forgets those recorded so far
 *   ui.shot(name)          test/ui/.screenshots/<name>.png
 *   ui.lists               every list request the page made: { nodeType, method, status }
 *   ui.openNode(workflowId, nodeId)      a page load straight into the NDV of a node
 *   ui.openWorkflow(id, nodeCount) + ui.openNodeOnCanvas(name)   the canvas once, then double clicks
 */
const fs = require('node:fs');
const path = require('node:path');
const { launchChromium } = require('../../../scripts/chromium');
const { OWNER, redact } = require('../../e2e/lib/n8n');

/** Texts n8n's editor shows when a list could not be loaded (its own locale strings). */
const LIST_ERRORS = ['Could not load list', 'Error fetching options', 'Error loading fields'];

async function openEditor(server, { screenshots }) {
	fs.mkdirSync(screenshots, { recursive: true });
	const browser = await launchChromium();
	const page = browser.context.pages()[0] || (await browser.context.newPage());
	page.setDefaultTimeout(60_000);
	page.setDefaultNavigationTimeout(90_000);

	const found = [];
	const lists = [];
	// A navigation away from an edited workflow asks "leave?": yes (each step opens what it needs).
	page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
	page.on('pageerror', (error) => found.push(`page error: ${error.message}`));
	page.on('response', async (response) => {
		const url = response.url();
		if (!url.includes('/rest/dynamic-node-parameters/')) return;
		let body = {};
		try {
			body = response.request().postDataJSON() || {};
		} catch {
			/* not JSON */
		}
		const entry = {
			nodeType: body.nodeTypeAndVersion && body.nodeTypeAndVersion.name,
			method: body.methodName,
			path: body.path,
			status: response.status(),
		};
		lists.push(entry);
		if (entry.status !== 200) {
			const text = await response.text().catch(() => '');
			found.push(
				`list request ${entry.method} (${entry.path}) of ${entry.nodeType}: HTTP ${entry.status} ${redact(text.slice(0, 300))}`,
			);
		}
	});

	const shot = async (name) => {
		const file = path.join(screenshots, `${name}.png`);
		await page.screenshot({ path: file }).catch(() => {});
		return file;
	};

	/** Problems visible now (error toasts, list errors) plus those recorded since the start. */
	async function problems() {
		const visible = await page.evaluate((listErrors) => {
			const out = [];
			const isVisible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
			for (const toast of document.querySelectorAll('.el-notification')) {
				if (isVisible(toast) && toast.querySelector('.el-notification--error'))
					out.push(`error toast: ${toast.innerText.replace(/\s+/g, ' ').trim()}`);
			}
			const text = document.body ? document.body.innerText : '';
			for (const message of listErrors)
				if (text.includes(message)) out.push(`"${message}" on the page`);
			return out;
		}, LIST_ERRORS);
		return [...found, ...visible];
	}

	async function assertNoProblems(stage) {
		const all = await problems();
		if (all.length) {
			const file = await shot(`FAILED-${stage.replace(/[^\w.-]+/g, '_')}`);
			throw new Error(
				`${stage}: ${all.length} problem(s) in the editor (screenshot ${file}):\n  - ${[...new Set(all)].join('\n  - ')}`,
			);
		}
	}

	async function signIn() {
		await page.goto(`${server.url}/signin`);
		await page
			.locator('input[type="email"], input[name="emailOrLdapLoginId"]')
			.first()
			.fill(OWNER.email);
		await page.locator('input[type="password"]').first().fill(OWNER.password);
		await page.locator('input[type="password"]').first().press('Enter');
		await page.waitForURL((u) => !/\/signin/.test(u.pathname));
	}

	/** Opens a stored workflow's node in the NDV (n8n's /workflow/<id>/<nodeId> route). */
	async function openNode(workflowId, nodeId) {
		await page.goto(`${server.url}/workflow/${workflowId}/${nodeId}`);
		await page
			.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]')
			.waitFor({ timeout: 90_000 });
	}

	/** Opens a stored workflow on the canvas, with every node in view. */
	async function openWorkflow(workflowId, nodeCount) {
		await page.goto(`${server.url}/workflow/${workflowId}`);
		const nodes = page.locator('[data-test-id="canvas-node"]');
		await nodes.nth(nodeCount - 1).waitFor({ timeout: 90_000 });
		await page.locator('[data-test-id="zoom-to-fit"]').click();
	}

	/** Opens a node of the workflow on the canvas in the NDV (a double click, as a user does). */
	async function openNodeOnCanvas(name) {
		const ndv = page.locator('[data-test-id="ndv"]');
		if (await ndv.isVisible()) {
			await page.locator('[data-test-id="ndv-close-button"]').click();
			await ndv.waitFor({ state: 'hidden' });
		}
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
		await ndv.locator('[data-test-id="node-parameters"]').waitFor({ timeout: 90_000 });
	}

	await signIn();
	return {
		page,
		browser,
		lists,
		shot,
		problems,
		assertNoProblems,
		/** Forgets the problems recorded so far (each test answers for its own). */
		resetProblems() {
			found.length = 0;
		},
		openNode,
		openWorkflow,
		openNodeOnCanvas,
		async close() {
			await browser.close();
		},
	};
}

module.exports = { openEditor, LIST_ERRORS };
