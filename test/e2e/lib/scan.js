'use strict';
// The lint leg of n8n's community-package scanner (@n8n/scan-community-package, the check behind
// n8n's verification), run on an unpacked tarball. Its registry and provenance legs need a published
// package; its lint leg is the exported analyzePackage(dir). The scanner is installed once into the e2e
// cache (about 10 s from the npm registry): --ignore-scripts --legacy-peer-deps, plus TypeScript 5.9
// (its declared TypeScript 7 breaks @typescript-eslint's parser) and n8n-workflow (a rule needs it).
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { run } = require('./proc');

const SCANNER_VERSION = '0.32.0';
const EXTRA = ['typescript@5.9.3', 'n8n-workflow@2.41.0'];

async function ensureScanner(cache, { log = () => {} } = {}) {
	const dir = path.join(cache, `scan-community-package-${SCANNER_VERSION}`);
	const marker = path.join(dir, 'INSTALL-OK.json');
	if (!fs.existsSync(marker)) {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scan-community-package-cache', private: true }));
		log(`installing @n8n/scan-community-package@${SCANNER_VERSION} into ${dir}`);
		const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
		await run('npm', ['install', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', `@n8n/scan-community-package@${SCANNER_VERSION}`, ...EXTRA], { cwd: dir, env, timeoutMs: 600_000, log });
		fs.writeFileSync(marker, JSON.stringify({ version: SCANNER_VERSION, extra: EXTRA, at: new Date().toISOString() }));
	}
	const scanner = await import(pathToFileURL(path.join(dir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs')).href);
	return { dir, scanner };
}

/**
 * Lints an unpacked package as the scanner does: with analyzePackage's default file patterns (every
 * .js, .ts and .json file: what the issue's finding came from) and with the patterns of its tarball leg
 * (.js and package.json). Resolves { passed, details } per leg.
 */
async function scanUnpacked(scanner, dir) {
	const all = await scanner.analyzePackage(dir);
	const tarballLeg = await scanner.analyzePackage(dir, ['**/*.js', 'package.json']);
	return { all, tarballLeg };
}

/**
 * The scanner's source leg: it lints the source checkout the npm provenance points at (package.json and
 * {nodes,credentials}/** of the folder whose package.json has the package's name) with the same rules.
 */
async function scanSource(scanner, dir, packageName) {
	const root = scanner.findPackageRoot(dir, packageName);
	if (!root) return { passed: false, message: `no package.json named ${packageName} under ${dir}` };
	return scanner.analyzePackage(root, scanner.SOURCE_FILE_PATTERNS);
}

module.exports = { ensureScanner, scanUnpacked, scanSource, SCANNER_VERSION };
