'use strict';
/**
 * The OAuth2 Sign-In credential as a user meets it: in n8n's editor (headless Chromium through
 * playwright-core), open the credential, click Connect, sign in on the emulator's Microsoft-like page
 * in the popup, and see the credential connected. The screenshot goes to the e2e work folder, and to
 * docs/oauth2-sign-in.png with UPDATE_DOCS_SCREENSHOTS=1 (so a test run leaves the tree clean).
 */
const fs = require('node:fs');
const path = require('node:path');
const n8n = require('./lib/n8n');
const { launchChromium } = require('../../scripts/chromium');

const { startEmulator, DEFAULTS } = require(path.join(__dirname, '..', '..', 'emulator'));

const SCREENSHOTS = [
	path.join(n8n.WORK_DIR, 'screenshots', 'oauth2-sign-in.png'),
	...(process.env.UPDATE_DOCS_SCREENSHOTS === '1'
		? [path.join(__dirname, '..', '..', 'docs', 'oauth2-sign-in.png')]
		: []),
];

let emu;
let server;
let browser;

beforeAll(async () => {
	// The sign-in page with a button, as Entra shows one (not the immediate redirect).
	emu = await startEmulator({ port: 0, host: '127.0.0.1', authorizeMode: 'page' });
	server = await n8n.startN8n();
	await n8n.loginOwner(server);
	browser = await launchChromium();
});

afterAll(async () => {
	if (browser) await browser.close();
	await n8n.stopN8n(server);
	if (emu) await emu.stop();
});

test('Connect in the editor opens the sign-in page; after "Sign in" the credential is connected', async () => {
	const created = await server.rest('POST', '/rest/credentials', {
		name: 'Partner Center sign-in (browser)',
		type: 'partnerCenterOAuth2Api',
		data: { tenantId: DEFAULTS.tenantId, clientId: DEFAULTS.clientId, clientSecret: DEFAULTS.clientSecret, authorityHost: emu.url, apiBaseUrl: emu.url },
	});
	expect(created.status).toBe(200);
	const id = (created.json.data || created.json).id;

	const page = browser.context.pages()[0] || (await browser.context.newPage());
	page.setDefaultTimeout(60_000);
	await page.goto(`${server.url}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(n8n.OWNER.email);
	await page.locator('input[type="password"]').first().fill(n8n.OWNER.password);
	await page.locator('input[type="password"]').first().press('Enter');
	await page.waitForURL((u) => !/\/signin/.test(u.pathname));

	await page.goto(`${server.url}/home/credentials/${id}`);
	const banner = page.locator('[data-test-id="oauth-not-connected-banner"]');
	await banner.waitFor();
	// n8n shows the redirect URL to register in the Entra app.
	expect(await page.content()).toContain('/rest/oauth2-credential/callback');

	const [popup] = await Promise.all([browser.context.waitForEvent('page'), banner.locator('button').first().click()]);
	// n8n opens the window first, then sends it to the authorization URL it asked its backend for.
	await popup.waitForURL((u) => u.href.startsWith(`${emu.url}/${DEFAULTS.tenantId}/oauth2/v2.0/authorize`));
	expect(new URL(popup.url()).searchParams.get('code_challenge_method')).toBe('S256');
	await popup.locator('#sign-in').click();

	await page.locator('[data-test-id="oauth-connect-success-banner"]').waitFor();
	for (const file of SCREENSHOTS) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await page.screenshot({ path: file });
	}

	const stored = await server.rest('GET', `/rest/credentials/${id}?includeData=true`);
	const data = (stored.json.data || stored.json).data;
	expect(data.oauthTokenData).toBeTruthy();
});
