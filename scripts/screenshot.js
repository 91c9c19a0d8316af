#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshot`: logs into the n8n that `npm run demo` runs (read from .demo/demo.json) with a
 * headless Debian Chromium driven by playwright-core, and saves PNGs of the editor:
 *
 *   docs/editor.png     the weekly orders example on the canvas (Schedule → Partner Center → Send Email)
 *   docs/node-run.png   the Partner Center node of that workflow opened (Report → Run and Get File)
 *
 * Options: --workflow <id> (default: the weekly orders example), --out <file> (default docs/editor.png),
 * --execute (click "Execute workflow" first and wait for every node to succeed, so that the canvas shows
 * the item counts), --no-node (only the canvas). Chromium: /usr/bin/chromium, or CHROMIUM_PATH; when it is missing and
 * this runs as root with apt-get, `apt-get install -y chromium` is run first.
 */
const fs = require('node:fs');
const path = require('node:path');
const { launchChromium } = require('./chromium');

const ROOT = path.resolve(__dirname, '..');
const STATE_FILE = path.join(ROOT, '.demo', 'demo.json');

function arg(name, fallback) {
	const i = process.argv.indexOf(name);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
	if (!fs.existsSync(STATE_FILE)) {
		throw new Error(
			'no running demo found (.demo/demo.json): start `npm run demo` in another terminal first',
		);
	}
	const demo = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	const weekly =
		demo.workflows.find((w) => w.file === 'weekly-orders-email.json') || demo.workflows[0];
	const workflowId = arg('--workflow', weekly.id);
	const out = path.resolve(ROOT, arg('--out', path.join('docs', 'editor.png')));
	const nodeOut = path.join(path.dirname(out), 'node-run.png');
	try {
		const r = await fetch(`${demo.url}/healthz/readiness`);
		if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
	} catch (e) {
		throw new Error(
			`the demo n8n at ${demo.url} does not answer (${e.message}): is \`npm run demo\` running?`,
		);
	}

	const browser = await launchChromium();
	const { context } = browser;
	try {
		const page = context.pages()[0] || (await context.newPage());
		page.setDefaultTimeout(60_000);

		console.log(`[screenshot] signing in to ${demo.url} as ${demo.email}`);
		await page.goto(`${demo.url}/signin`);
		await page
			.locator('input[type="email"], input[name="emailOrLdapLoginId"]')
			.first()
			.fill(demo.email);
		await page.locator('input[type="password"]').first().fill(demo.password);
		await page.locator('input[type="password"]').first().press('Enter');
		await page.waitForURL((u) => !/\/signin/.test(u.pathname), { timeout: 60_000 });

		console.log(`[screenshot] opening workflow ${workflowId}`);
		await page.goto(`${demo.url}/workflow/${workflowId}`);
		// The workflow as the demo imported it (a REST call from here would lack the browser's
		// browser-id header, and n8n would answer it by dropping the session).
		const entry = demo.workflows.find((w) => w.id === workflowId);
		const wf = entry
			? { data: JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', entry.file), 'utf8')) }
			: null;
		const expectedNodes = wf ? wf.data.nodes.length : 1;
		await page.waitForFunction(
			(n) => document.querySelectorAll('[data-test-id="canvas-node"], .vue-flow__node').length >= n,
			expectedNodes,
			{ timeout: 60_000 },
		);
		// Let the canvas fit the view and the icons load; close toasts that might cover the nodes.
		await page.waitForLoadState('networkidle').catch(() => {});
		await page.waitForTimeout(1500);
		for (const close of await page.locator('.el-notification__closeBtn').all())
			await close.click().catch(() => {});
		await page.keyboard.press('1').catch(() => {}); // "zoom to fit"
		await page.waitForTimeout(800);

		if (process.argv.includes('--execute')) {
			// Run it from the editor (the demo's emulator answers in seconds) and wait for every node's
			// success mark, so that the picture shows item counts on the connections.
			console.log('[screenshot] executing the workflow in the editor');
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await page.waitForFunction(
				(n) =>
					document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length >= n ||
					document.querySelectorAll('[data-test-id="canvas-node-status-error"]').length > 0,
				expectedNodes,
				{ timeout: 120_000 },
			);
			const errors = await page.locator('[data-test-id="canvas-node-status-error"]').count();
			if (errors)
				console.log(`[screenshot] warning: ${errors} node(s) failed; the picture shows the error`);
			await page.waitForTimeout(1500);
			for (const close of await page.locator('.el-notification__closeBtn').all())
				await close.click().catch(() => {});
			await page.waitForTimeout(500);
		}

		fs.mkdirSync(path.dirname(out), { recursive: true });
		await page.screenshot({ path: out });
		console.log(`[screenshot] wrote ${path.relative(ROOT, out)}`);

		if (!process.argv.includes('--no-node') && wf && wf.data) {
			const pca = wf.data.nodes.find((n) => n.type.endsWith('.partnerCenterAnalytics'));
			if (pca) {
				const node = page
					.locator(
						`[data-test-id="canvas-node"][data-node-name="${pca.name}"], .vue-flow__node:has-text("${pca.name}")`,
					)
					.first();
				await node.dblclick();
				await page
					.locator('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]')
					.first()
					.waitFor();
				await page.waitForTimeout(1500);
				await page.screenshot({ path: nodeOut });
				console.log(`[screenshot] wrote ${path.relative(ROOT, nodeOut)}`);
				await page.keyboard.press('Escape').catch(() => {});
			}
		}
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.error(`[screenshot] failed: ${e.message}`);
	process.exit(1);
});
