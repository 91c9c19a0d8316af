'use strict';
/**
 * Debian's Chromium for the editor scripts and browser tests (playwright-core never downloads a
 * browser here). /usr/bin/chromium, or CHROMIUM_PATH; when it is missing and this runs as root with
 * apt-get, `apt-get install -y chromium` is run first.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function findChromium() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
	let found = candidates.find((p) => fs.existsSync(p));
	if (found) return found;
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	if (root && spawnSync('which', ['apt-get']).status === 0) {
		console.log('[chromium] Chromium is missing: apt-get install -y chromium …');
		let r = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
		if (r.status !== 0) {
			spawnSync('apt-get', ['update'], { stdio: 'inherit' });
			r = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
		}
		found = candidates.find((p) => fs.existsSync(p));
		if (found) return found;
	}
	throw new Error('Chromium not found: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH');
}

function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch {
		throw new Error('playwright-core is not installed: npm install -D playwright-core');
	}
}

/**
 * A headless Chromium context in a fresh profile. The flags keep Chromium off the network it would
 * otherwise call home on (this machine's network is closed). Answers { context, close }.
 */
async function launchChromium({ viewport = { width: 1440, height: 810 } } = {}) {
	const { chromium } = loadPlaywright();
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pca-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: findChromium(),
		headless: true,
		viewport,
		deviceScaleFactor: 1,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	return {
		context,
		async close() {
			await context.close();
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

module.exports = { findChromium, loadPlaywright, launchChromium };
