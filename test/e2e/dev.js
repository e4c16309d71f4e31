'use strict';
// `npm run dev`: a real n8n (the cached 2.41.1 on Node 24) with this package installed in its user
// folder, the editor on http://localhost:5678, rebuilding and reloading on change, like n8n's own
// `n8n-node dev`:
//   - builds once, then keeps `tsc --watch` running and re-copies icons and codex files (gulp) when
//     they change;
//   - installs the package from `npm pack` into <user folder>/.n8n/nodes/node_modules/<name> (as the
//     Community Nodes installer does) and afterwards mirrors every change of dist/ into that copy;
//   - runs `n8n start` with N8N_DEV_RELOAD=true, so n8n reloads the package's nodes and credentials
//     when its files change (refresh the editor to see them); a change to package.json's "n8n" lists
//     restarts n8n;
//   - starts the provider sandboxes and points the example credentials at them; the examples are
//     imported on the first start, so they run as they are.
// The user folder (owner account, workflows, credentials) persists in <cache>/dev-user.
// Options: N8N_DEV_PORT (default 5678), N8N_E2E_CACHE. Stop with Ctrl+C.
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { ensureN8n } = require('./lib/n8n-install');
const { N8nInstance, PACKAGE_ROOT, request, sleep } = require('./lib/n8n');
const { packPackage, installLikeN8n } = require('./lib/package');
const { run, killAll } = require('./lib/proc');

const PORT = Number(process.env.N8N_DEV_PORT || 5678);
const pkg = () => JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
const bin = (name) => path.join(PACKAGE_ROOT, 'node_modules', '.bin', name);
const log = (...args) => console.log('[dev]', ...args);
const children = new Set();

function spawnLogged(name, command, args, options = {}) {
	const child = spawn(command, args, { cwd: PACKAGE_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
	children.add(child);
	const prefix = (chunk) =>
		chunk
			.toString()
			.split('\n')
			.filter((line) => line.trim())
			.map((line) => `[${name}] ${line}`)
			.join('\n');
	child.stdout.on('data', (chunk) => console.log(prefix(chunk)));
	child.stderr.on('data', (chunk) => console.error(prefix(chunk)));
	child.on('close', () => children.delete(child));
	return child;
}

function stopChild(child) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// gone
			}
		}, 15_000);
		child.once('close', () => {
			clearTimeout(timer);
			resolve();
		});
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			resolve();
		}
	});
}

/** Copies changed files of `from` into `to` and removes files that no longer exist in `from`. */
function mirror(from, to) {
	let changed = 0;
	const walk = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : []);
	const source = new Set(walk(from).map((f) => path.relative(from, f)));
	for (const rel of source) {
		const a = path.join(from, rel);
		const b = path.join(to, rel);
		const same = fs.existsSync(b) && fs.statSync(a).size === fs.statSync(b).size && fs.readFileSync(a).equals(fs.readFileSync(b));
		if (!same) {
			fs.mkdirSync(path.dirname(b), { recursive: true });
			fs.copyFileSync(a, b);
			changed++;
		}
	}
	for (const rel of walk(to).map((f) => path.relative(to, f))) {
		if (!source.has(rel)) {
			fs.rmSync(path.join(to, rel), { force: true });
			changed++;
		}
	}
	return changed;
}

function debounce(fn, ms) {
	let timer;
	return (...args) => {
		clearTimeout(timer);
		timer = setTimeout(() => fn(...args), ms);
	};
}

async function main() {
	const paths = await ensureN8n({ log });
	const userFolder = path.join(paths.cache, 'dev-user');
	const n8n = new N8nInstance({ paths, userFolder, logDir: path.join(paths.cache, 'dev-logs') });
	const name = pkg().name;
	const installed = path.join(n8n.nodesFolder, 'node_modules', name);

	log('building (tsc + gulp)');
	await run('npm', ['run', 'build', '--silent'], { cwd: PACKAGE_ROOT, timeoutMs: 300_000, log });
	log('installing the package into the n8n user folder like the Community Nodes installer');
	const packed = await packPackage(path.join(paths.cache, 'dev-pack'));
	await installLikeN8n(n8n.nodesFolder, packed);
	fs.rmSync(packed.tarball, { force: true });

	// Sandboxes and example credentials/workflows.
	const providers = fs.readdirSync(path.join(__dirname, 'providers')).filter((f) => f.endsWith('.js')).map((f) => require(`./providers/${f}`));
	const contexts = new Map();
	for (const provider of providers) contexts.set(provider, await provider.start());
	const refs = new Map();
	const examplesDir = path.join(PACKAGE_ROOT, 'examples');
	for (const file of fs.readdirSync(examplesDir).filter((f) => f.endsWith('.json'))) {
		const workflow = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
		for (const node of workflow.nodes) for (const [type, ref] of Object.entries(node.credentials ?? {})) refs.set(ref.id, { ...ref, type });
	}
	const credentials = [...refs.values()].flatMap((ref) => {
		const provider = providers.find((p) => p.credentialTypes.includes(ref.type));
		return provider ? [{ id: ref.id, name: ref.name, type: ref.type, data: provider.credentialData(ref.type, contexts.get(provider)) }] : [];
	});
	const credentialsFile = path.join(paths.cache, 'dev-credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2));
	await n8n.cli('dev-import-credentials', ['import:credentials', `--input=${credentialsFile}`]);
	const imported = path.join(userFolder, 'examples-imported');
	if (!fs.existsSync(imported)) {
		await n8n.cli('dev-import-workflows', ['import:workflow', '--separate', `--input=${examplesDir}`]);
		fs.writeFileSync(imported, new Date().toISOString());
	}
	log(`sandboxes: ${[...contexts].map(([p, c]) => `${p.name} ${c.baseUrl}`).join(', ')} (the example credentials point at them)`);

	// n8n itself, restartable.
	let server;
	const startN8n = async () => {
		const env = n8n.env({
			N8N_DEV_RELOAD: 'true',
			N8N_PORT: String(PORT),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_EDITOR_BASE_URL: `http://localhost:${PORT}/`,
			WEBHOOK_URL: `http://localhost:${PORT}/`,
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		});
		delete env.N8N_LOG_FILE_LOCATION;
		server = spawnLogged('n8n', paths.node, [paths.n8nBin, 'start'], { cwd: userFolder, env });
		server.on('close', (code) => {
			if (code !== null && code !== 0) log(`n8n exited with ${code}`);
		});
		const deadline = Date.now() + 180_000;
		while (Date.now() < deadline) {
			const res = await request(`http://127.0.0.1:${PORT}/healthz/readiness`, { timeoutMs: 3000 }).catch(() => undefined);
			if (res?.status === 200) return log(`n8n editor on http://localhost:${PORT}  (Ctrl+C stops everything)`);
			if (server.exitCode !== null) throw new Error('n8n exited; is the port in use? (set N8N_DEV_PORT)');
			await sleep(500);
		}
		throw new Error('n8n did not become ready within 180 s');
	};
	await startN8n();

	// Watchers: tsc for TypeScript, gulp for icons/codex, mirror dist/ into the installed copy.
	spawnLogged('tsc', bin('tsc'), ['--watch', '--preserveWatchOutput', '-p', 'tsconfig.json']);
	const icons = debounce(() => {
		spawnLogged('gulp', bin('gulp'), ['build:icons', '--silent']);
	}, 300);
	for (const dir of ['nodes', 'credentials']) {
		fs.watch(path.join(PACKAGE_ROOT, dir), { recursive: true }, (_event, file) => {
			if (file && /\.(svg|png)$|\.node\.json$/.test(file)) icons();
		});
	}
	const sync = debounce(() => {
		const changed = mirror(path.join(PACKAGE_ROOT, 'dist'), path.join(installed, 'dist'));
		if (changed) log(`copied ${changed} changed file(s) of dist/ into the n8n user folder; n8n reloads the package`);
	}, 400);
	fs.mkdirSync(path.join(PACKAGE_ROOT, 'dist'), { recursive: true });
	fs.watch(path.join(PACKAGE_ROOT, 'dist'), { recursive: true }, sync);
	let lists = JSON.stringify(pkg().n8n);
	fs.watch(path.join(PACKAGE_ROOT, 'package.json'), debounce(async () => {
		let current;
		try {
			current = JSON.stringify(pkg().n8n);
		} catch {
			return; // being written
		}
		if (current === lists) return;
		lists = current;
		log('package.json "n8n" lists changed: reinstalling and restarting n8n');
		const repacked = await packPackage(path.join(paths.cache, 'dev-pack'));
		await installLikeN8n(n8n.nodesFolder, repacked);
		fs.rmSync(repacked.tarball, { force: true });
		await stopChild(server);
		await startN8n();
	}, 500));

	const shutdown = async () => {
		log('stopping');
		await Promise.all([...children].map(stopChild));
		for (const [provider, ctx] of contexts) await provider.stop(ctx).catch(() => {});
		killAll();
		process.exit(0);
	};
	process.removeAllListeners('SIGINT');
	process.removeAllListeners('SIGTERM');
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch(async (error) => {
	console.error(`[dev] ${error.message}`);
	await Promise.all([...children].map(stopChild));
	killAll();
	process.exit(1);
});
