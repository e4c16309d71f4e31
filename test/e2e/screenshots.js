'use strict';
// `npm run docs:screenshots`: opens the real n8n editor (the cached n8n 2.41.1 with the packed
// package installed like a community package) in headless Chromium and saves into docs/:
//   node-panel.png                 the node panel searched for "invoice"
//   <node>-node-panel.png          the node panel searched for the node's name
//   <node>-actions.png             the node's actions in the node panel
//   <node>-form.png                the node's form (first action) with the example credential
//   example-<workflow file>.png    every workflow in examples/ on the canvas
// Needs Debian's Chromium (`apt-get install -y chromium`; CHROMIUM=/path overrides) and the
// devDependency playwright-core. Not part of CI.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { prepareInstance } = require('./lib/instance');
const { PACKAGE_ROOT, freePort } = require('./lib/n8n');
const { killAll } = require('./lib/proc');

const DOCS = path.join(PACKAGE_ROOT, 'docs');
const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OWNER = { email: 'owner@example.com', firstName: 'Invoice', lastName: 'Owner', password: 'Owner-Passw0rd-1' };
const TIMEOUT_MS = 20 * 60_000;
const SEARCH = 'input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input';
const pkg = require(path.join(PACKAGE_ROOT, 'package.json'));

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function ourNodes() {
	return pkg.n8n.nodes.flatMap((file) =>
		Object.values(require(path.join(PACKAGE_ROOT, file))).map((NodeClass) => new NodeClass().description),
	);
}

async function main() {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM)`);
	fs.mkdirSync(DOCS, { recursive: true });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-invoicing-shots-'));
	const userDataDir = path.join(workDir, 'chromium-profile');
	const instance = await prepareInstance({ workDir });
	const server = await instance.n8n.startServer({ name: 'start-editor', port: await freePort() });
	const editor = `http://localhost:${server.port}`;
	console.log(`n8n editor on ${editor}`);
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
	});
	const saved = [];
	const shot = async (page, name, options = {}) => {
		const file = path.join(DOCS, name);
		await page.screenshot({ path: file, ...options });
		saved.push(path.relative(PACKAGE_ROOT, file));
		console.log(`saved ${path.relative(PACKAGE_ROOT, file)}`);
	};
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30_000);
	try {
		// Owner account (a fresh n8n asks for it).
		await page.goto(`${editor}/`, { waitUntil: 'networkidle', timeout: 120_000 });
		await page.waitForSelector('[data-test-id="setup-form"], [data-test-id="auth-form"], [data-test-id="main-sidebar-settings"]', { timeout: 60_000 });
		if (await page.locator('[data-test-id="setup-form"]').isVisible().catch(() => false)) {
			for (const [field, value] of Object.entries(OWNER)) await page.fill(`[data-test-id="${field}"] input`, value);
			await page.click('[data-test-id="form-submit-button"]');
			await page.waitForURL((url) => !url.pathname.startsWith('/setup'), { timeout: 60_000 });
			console.log('owner account set up');
		} else if (await page.locator('[data-test-id="auth-form"]').isVisible().catch(() => false)) {
			await page.fill('[data-test-id="emailOrLdapLoginId"] input', OWNER.email);
			await page.fill('[data-test-id="password"] input', OWNER.password);
			await page.click('[data-test-id="form-submit-button"]');
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
		}

		// A new workflow with a Manual Trigger, so the node panel offers every node ("What happens next?").
		const newWorkflow = async () => {
			await page.goto(`${editor}/workflow/new`, { waitUntil: 'networkidle' });
			await page.waitForSelector('[data-test-id="canvas-plus-button"]', { timeout: 60_000 });
			await page.click('[data-test-id="canvas-plus-button"]');
			await page.locator(SEARCH).first().fill('manual');
			await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /Trigger manually|Manual/ }).first().click();
			await page.waitForSelector('[data-test-id="canvas-trigger-node"]');
			await closePanels(page);
		};
		const openCreator = async (search) => {
			await closePanels(page);
			await page.click('[data-test-id="node-creator-plus-button"]');
			const bar = page.locator(SEARCH).first();
			await bar.waitFor();
			await bar.fill(search);
			await page.waitForTimeout(800);
		};

		await newWorkflow();
		await openCreator('invoice');
		await shot(page, 'node-panel.png');

		for (const node of ourNodes()) {
			const name = slug(node.displayName);
			await newWorkflow();
			await openCreator(node.displayName);
			const item = page.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^\\s*${node.displayName}\\s*$`) }).first();
			await item.waitFor();
			await shot(page, `${name}-node-panel.png`);
			await item.click();
			const action = page.locator('[data-test-id="item-iterator-item"]', { hasText: new RegExp(`^\\s*${defaultAction(node)}\\s*$`) }).first();
			await action.waitFor();
			await page.waitForTimeout(500);
			await shot(page, `${name}-actions.png`);
			await action.click();
			await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'visible' });
			await page.waitForTimeout(1500);
			await shot(page, `${name}-form.png`);
			await page.keyboard.press('Escape');
			await page.waitForTimeout(500);
		}

		// Every example workflow on the canvas.
		for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
			const { id } = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			await page.goto(`${editor}/workflow/${id}`, { waitUntil: 'networkidle' });
			await page.waitForSelector('[data-test-id="canvas-node"]');
			await page.click('[data-test-id="zoom-to-fit"]').catch(() => {});
			await page.waitForTimeout(1000);
			await shot(page, `example-${file.replace(/\.json$/, '')}.png`);
		}
	} catch (error) {
		await page.screenshot({ path: path.join(workDir, 'failure.png') }).catch(() => {});
		const visible = await page
			.$$eval('[data-test-id]', (els) => [...new Set(els.filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('data-test-id')))].join(' '))
			.catch(() => '');
		console.error(`visible data-test-ids: ${visible}`);
		error.message += `\n(last page: ${page.url()}; screenshot ${path.join(workDir, 'failure.png')}; n8n log ${server.logFile})`;
		throw error;
	} finally {
		await context.close().catch(() => {});
		await server.stop();
		await instance.stopSandboxes();
	}
	fs.rmSync(workDir, { recursive: true, force: true });
	console.log(`${saved.length} screenshots in docs/`);
}

/** The action name ("Create an invoice") of the node's default resource and operation. */
function defaultAction(node) {
	const resource = node.properties.find((p) => p.name === 'resource')?.default;
	const operation = node.properties.find((p) => p.name === 'operation' && (!resource || p.displayOptions?.show?.resource?.includes(resource)));
	const option = operation?.options?.find((o) => o.value === operation.default);
	if (!option?.action) throw new Error(`${node.displayName}: no default action found`);
	return option.action;
}

/** Closes the node panel and the node form, if open. */
async function closePanels(page) {
	for (let i = 0; i < 3; i++) {
		const open = (await page.locator('[data-test-id="node-creator-search-bar"]').isVisible().catch(() => false)) || (await page.locator('[data-test-id="ndv"]').isVisible().catch(() => false));
		if (!open) return;
		await page.keyboard.press('Escape');
		await page.waitForTimeout(400);
	}
}

const timer = setTimeout(() => {
	console.error(`screenshots did not finish within ${TIMEOUT_MS / 60_000} minutes`);
	killAll();
	process.exit(1);
}, TIMEOUT_MS);
timer.unref();

main()
	.catch((error) => {
		console.error(error.stack ?? error.message);
		process.exitCode = 1;
	})
	.finally(() => killAll());
