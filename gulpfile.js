// build:icons copies node and credential icons (and codex JSON files) next to the compiled JavaScript in dist/.
// pack:all (after a build) writes the four installable tarballs into dist-packages/: the all-in-one root
// package and one package per service, built from the same dist/ (see PACKAGES).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { builtinModules } = require('module');
const { task, src, dest, parallel } = require('gulp');

const ROOT = __dirname;
const OUT = path.join(ROOT, 'dist-packages');

/**
 * The per-service packages: the only place they are described. A package holds every node built under
 * dist/nodes/<folder>/ for its folders (so a future Pennylane trigger node joins n8n-nodes-pennylane by
 * being listed in the root package.json), the credentials those nodes name, and the compiled code they
 * require. Its README is docs/packages/<name>.md.
 */
const PACKAGES = [
	{
		name: 'n8n-nodes-levers',
		folders: ['Levers'],
		description: 'n8n community node for the Levers invoicing API (invoices, payments, attachments, contacts).',
		keywords: ['levers', 'invoice'],
	},
	{
		name: 'n8n-nodes-katsupay',
		folders: ['KatsuPay'],
		description: 'n8n community node for the Katsu Pay invoicing API (invoices, counterparties, products).',
		keywords: ['katsu-pay', 'katsupay', 'invoice'],
	},
	{
		name: 'n8n-nodes-pennylane',
		folders: ['Pennylane'],
		description: 'n8n community node for Pennylane customer invoices and customers, with a Pennylane token or through Billy.',
		keywords: ['pennylane', 'billy', 'invoice', 'accounting'],
	},
];

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const exportsOf = (file) => Object.values(require(path.join(ROOT, file)));
const iconFiles = (icon) => (icon ? Object.values(typeof icon === 'string' ? { icon } : icon).filter((i) => i.startsWith('file:')).map((i) => i.slice(5)) : []);

/** The files of dist/ a package needs: entry files, everything they require relatively, codex and icon files. */
function packageFiles(nodes, credentials) {
	const files = new Set();
	const visit = (file) => {
		if (files.has(file)) return;
		files.add(file);
		if (!file.endsWith('.js')) return;
		for (const [, spec] of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
			if (!spec.startsWith('.')) {
				if (spec !== 'n8n-workflow' && !builtinModules.includes(spec)) throw new Error(`${file} requires "${spec}": a package may only require n8n-workflow, Node built-ins and its own files`);
				continue;
			}
			const base = path.posix.join(path.posix.dirname(file), spec);
			const found = [base, `${base}.js`, `${base}.json`, `${base}/index.js`].find((f) => fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile());
			if (!found) throw new Error(`${file} requires "${spec}", which is not in dist/`);
			visit(found);
		}
	};
	for (const file of nodes) {
		visit(file);
		visit(file.replace(/\.js$/, '.json'));
		for (const Node of exportsOf(file)) for (const icon of iconFiles(new Node().description.icon)) visit(path.posix.join(path.posix.dirname(file), icon));
	}
	for (const file of credentials) {
		visit(file);
		for (const Credential of exportsOf(file)) for (const icon of iconFiles(new Credential().icon)) visit(path.posix.join(path.posix.dirname(file), icon));
	}
	return [...files].sort();
}

/** The package.json and file list of one per-service package, derived from the root package.json. */
function describePackage(spec, root = readJson(path.join(ROOT, 'package.json'))) {
	const nodes = root.n8n.nodes.filter((file) => spec.folders.some((folder) => file.startsWith(`dist/nodes/${folder}/`)));
	if (nodes.length === 0) throw new Error(`${spec.name}: no node of the root package.json is under dist/nodes/{${spec.folders}}/`);
	const wanted = new Set(nodes.flatMap((file) => exportsOf(file).flatMap((Node) => (new Node().description.credentials ?? []).map((c) => c.name))));
	const credentials = root.n8n.credentials.filter((file) => exportsOf(file).some((Credential) => wanted.has(new Credential().name)));
	const base = root.homepage.replace(/#.*$/, '');
	const packageJson = {
		name: spec.name,
		version: root.version,
		description: spec.description,
		keywords: ['n8n-community-node-package', 'n8n', ...spec.keywords],
		license: root.license,
		homepage: `${base}/blob/main/docs/packages/${spec.name}.md`,
		author: root.author,
		repository: root.repository,
		engines: root.engines,
		files: ['dist'],
		n8n: { n8nNodesApiVersion: root.n8n.n8nNodesApiVersion, strict: true, credentials, nodes },
		peerDependencies: root.peerDependencies,
	};
	return { packageJson, files: packageFiles(nodes, credentials) };
}

function npmPack(dir) {
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', OUT], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	return path.join(OUT, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
}

/** Stages one per-service package in a temporary folder and packs it; returns the tarball's path. */
const readmeOf = (spec) => path.join(ROOT, 'docs', 'packages', `${spec.name}.md`);

function packService(spec) {
	const readme = readmeOf(spec);
	const { packageJson, files } = describePackage(spec);
	const stage = fs.mkdtempSync(path.join(os.tmpdir(), `${spec.name}-`));
	try {
		for (const file of files) {
			const target = path.join(stage, file);
			fs.mkdirSync(path.dirname(target), { recursive: true });
			if (file.endsWith('.node.json')) {
				// The codex names the node type, which carries the package name.
				const codex = readJson(path.join(ROOT, file));
				codex.node = codex.node.replace(/^[^.]+\./, `${spec.name}.`);
				fs.writeFileSync(target, `${JSON.stringify(codex, null, '\t')}\n`);
			} else fs.copyFileSync(path.join(ROOT, file), target);
		}
		fs.copyFileSync(readme, path.join(stage, 'README.md'));
		fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(stage, 'LICENSE'));
		fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(packageJson, null, '\t')}\n`);
		return npmPack(stage);
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
}

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest(path.resolve('dist')));
}

function copyCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest(path.resolve('dist')));
}

async function packAll() {
	fs.rmSync(OUT, { recursive: true, force: true });
	const missing = PACKAGES.map(readmeOf).filter((file) => !fs.existsSync(file));
	if (missing.length) throw new Error(`pack:all: ${missing.map((f) => path.relative(ROOT, f)).join(', ')} missing: each becomes the README of its package; write it first`);
	fs.mkdirSync(OUT, { recursive: true });
	const tarballs = [npmPack(ROOT), ...PACKAGES.map(packService)];
	for (const tarball of tarballs) console.log(path.relative(ROOT, tarball));
}

task('build:icons', parallel(copyIcons, copyCodex));
task('pack:all', packAll);

// For the tests (an object, so gulp does not register its functions as tasks).
module.exports = { packaging: { PACKAGES, describePackage, OUT } };
