'use strict';
// `npm run pack:all`: the all-in-one tarball and one tarball per service, each unpacked and checked as
// n8n and npm see it: only its own nodes and credentials, a valid manifest, requires that resolve
// inside the package, n8n's package loader loading it alone, and `npm publish --dry-run`.
// (dist/ is built by `npm test` before jest runs; this only runs the gulp pack task.)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { builtinModules } = require('module');
const { execFileSync, spawnSync } = require('child_process');
const { PackageDirectoryLoader } = require('n8n-core');
const { ROOT } = require('./harness/package-loader');

const root = require('../package.json');
const { PACKAGES, OUT } = require('../gulpfile').packaging;

// What each package must hold, written out here (the gulpfile derives it; this is the check).
const EXPECTED = {
	'n8n-nodes-invoicing': { nodes: ['levers', 'katsuPay', 'pennylane', 'pennylaneTrigger'], credentials: ['leversInvoicingApi', 'leversAccessTokenInvoicingApi', 'katsuPayInvoicingApi', 'pennylaneInvoicingApi', 'billyInvoicingApi'], folders: ['Levers', 'KatsuPay', 'Pennylane'] },
	'n8n-nodes-levers': { nodes: ['levers'], credentials: ['leversInvoicingApi', 'leversAccessTokenInvoicingApi'], folders: ['Levers'] },
	'n8n-nodes-katsupay': { nodes: ['katsuPay'], credentials: ['katsuPayInvoicingApi'], folders: ['KatsuPay'] },
	'n8n-nodes-pennylane': { nodes: ['pennylane', 'pennylaneTrigger'], credentials: ['pennylaneInvoicingApi', 'billyInvoicingApi'], folders: ['Pennylane'] },
};
const PROVIDER_FOLDERS = ['Levers', 'KatsuPay', 'Pennylane'];

const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-invoicing-packages-'));
const unpacked = {}; // name → { dir, tarball, files, pkg }

beforeAll(() => {
	execFileSync(path.join(ROOT, 'node_modules', '.bin', 'gulp'), ['pack:all', '--silent'], { cwd: ROOT, stdio: 'pipe' });
	for (const tarball of fs.readdirSync(OUT).filter((f) => f.endsWith('.tgz'))) {
		const dir = path.join(work, tarball.replace(/\.tgz$/, ''));
		fs.mkdirSync(dir, { recursive: true });
		execFileSync('tar', ['-xzf', path.join(OUT, tarball), '-C', dir, '--strip-components=1']);
		const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		const files = walk(dir).map((f) => path.relative(dir, f).split(path.sep).join('/'));
		// Only the peer dependency comes from outside, as in n8n (which puts its own node_modules on NODE_PATH).
		fs.mkdirSync(path.join(dir, 'node_modules'));
		fs.symlinkSync(path.join(ROOT, 'node_modules', 'n8n-workflow'), path.join(dir, 'node_modules', 'n8n-workflow'));
		unpacked[pkg.name] = { dir, tarball: path.join(OUT, tarball), files, pkg };
	}
}, 120_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('pack:all writes exactly the four tarballs, all at the root package.json version', () => {
	expect(Object.keys(unpacked).sort()).toEqual(Object.keys(EXPECTED).sort());
	expect(PACKAGES.map((p) => p.name).sort()).toEqual(Object.keys(EXPECTED).filter((n) => n !== root.name).sort());
	for (const { pkg, tarball } of Object.values(unpacked)) {
		expect(pkg.version).toBe(root.version);
		expect(path.basename(tarball)).toBe(`${pkg.name}-${root.version}.tgz`);
	}
});

describe.each(Object.keys(EXPECTED))('%s', (name) => {
	const expected = EXPECTED[name];
	const get = () => unpacked[name];

	test('holds only its own nodes and credentials, and no declaration files, source maps or TypeScript', () => {
		const { files } = get();
		const others = PROVIDER_FOLDERS.filter((f) => !expected.folders.includes(f));
		for (const other of others) expect(files.filter((f) => f.startsWith(`dist/nodes/${other}/`))).toEqual([]);
		for (const folder of expected.folders) expect(files).toContain(`dist/nodes/${folder}/${folder}.node.js`);
		const credentialFiles = files.filter((f) => f.startsWith('dist/credentials/'));
		const expectedFiles = expected.credentials.map((c) => `dist/credentials/${c[0].toUpperCase()}${c.slice(1)}.credentials.js`);
		expect(credentialFiles.sort()).toEqual(expectedFiles.sort());
		expect(files.filter((f) => !/^dist\/.+\.(js|json|svg|png)$/.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
		expect(files.filter((f) => /\.(d\.ts|ts|map)$/.test(f))).toEqual([]);
	});

	test('package.json: name, version, description, keywords, MIT, repository, homepage, author, strict n8n section, peer n8n-workflow only', () => {
		const { pkg, files, dir } = get();
		expect(pkg.name).toBe(name);
		expect(pkg.description.length).toBeGreaterThan(20);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.repository).toEqual(root.repository);
		expect(pkg.homepage).toMatch(/^https:\/\/github\.com\//);
		expect(pkg.author).toEqual(root.author);
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'overrides']) expect(pkg[field]).toBeUndefined();
		for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) expect(pkg.scripts?.[script]).toBeUndefined();
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(file).toMatch(/^dist\//);
			expect(files).toContain(file);
		}
		const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
		expect(readme).toBe(fs.readFileSync(name === root.name ? path.join(ROOT, 'README.md') : path.join(ROOT, 'docs', 'packages', `${name}.md`), 'utf8'));
	});

	test('every require of every file resolves inside the package (or is n8n-workflow / a Node built-in)', () => {
		const { dir, files } = get();
		const outside = [];
		for (const file of files.filter((f) => f.endsWith('.js'))) {
			for (const [, spec] of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)) {
				if (!spec.startsWith('.')) {
					if (spec !== 'n8n-workflow' && !builtinModules.includes(spec)) outside.push(`${file}: ${spec}`);
					continue;
				}
				const resolved = require.resolve(path.join(dir, path.dirname(file), spec));
				if (path.relative(dir, resolved).startsWith('..')) outside.push(`${file}: ${spec}`);
			}
		}
		expect(outside).toEqual([]);
	});

	test("n8n's PackageDirectoryLoader loads the unpacked package alone: its nodes, credentials, codex and icons", async () => {
		const { dir, files } = get();
		const loader = new PackageDirectoryLoader(dir);
		await loader.loadAll();
		expect(Object.keys(loader.known.nodes).sort()).toEqual([...expected.nodes].sort());
		expect(Object.keys(loader.known.credentials).sort()).toEqual([...expected.credentials].sort());
		for (const nodeName of expected.nodes) {
			const { type, sourcePath } = loader.getNode(nodeName);
			expect(path.resolve(dir, sourcePath).startsWith(dir)).toBe(true);
			expect(type.description.codex?.categories).toEqual(['Finance & Accounting']);
			for (const url of Object.values(type.description.iconUrl)) expect(files).toContain(url.replace(`icons/${name}/`, ''));
			for (const credential of type.description.credentials) expect(expected.credentials).toContain(credential.name);
			const codexFile = sourcePath.replace(/\.js$/, '.json');
			expect(JSON.parse(fs.readFileSync(path.resolve(dir, codexFile), 'utf8')).node).toBe(`${name}.${nodeName}`);
		}
		for (const credentialName of expected.credentials) {
			const { type } = loader.getCredential(credentialName);
			for (const url of Object.values(type.iconUrl)) expect(files).toContain(url.replace(`icons/${name}/`, ''));
		}
	});

	test('npm publish --dry-run accepts the tarball (publishes nothing, needs no login or network)', () => {
		const { tarball, pkg } = get();
		const out = spawnSync('npm', ['publish', '--dry-run', '--offline', '--ignore-scripts', tarball], { cwd: work, encoding: 'utf8' });
		expect({ status: out.status, stderr: out.status === 0 ? '' : out.stderr }).toEqual({ status: 0, stderr: '' });
		expect(out.stdout).toContain(`+ ${pkg.name}@${pkg.version}`);
	});
});

test('npm publish --dry-run rejects a tarball with a broken manifest (so the check above can fail)', () => {
	const { dir } = unpacked['n8n-nodes-levers'];
	const broken = path.join(work, 'broken');
	fs.cpSync(dir, broken, { recursive: true, dereference: false });
	const pkg = JSON.parse(fs.readFileSync(path.join(broken, 'package.json'), 'utf8'));
	fs.writeFileSync(path.join(broken, 'package.json'), JSON.stringify({ ...pkg, version: 'not-a-version' }));
	const out = spawnSync('npm', ['publish', '--dry-run', '--offline', '--ignore-scripts', broken], { cwd: work, encoding: 'utf8' });
	expect(out.status).not.toBe(0);
});
