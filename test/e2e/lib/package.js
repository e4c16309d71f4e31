'use strict';
// Packs this package with `npm pack` (or reads a tarball of `npm run pack:all`) and installs the tarball into an n8n user folder the way n8n's
// Community Nodes installer does (n8n 2.41 CommunityPackagesService.downloadPackage): unpack into
// <N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies from its
// package.json, `npm install` its runtime dependencies with the installer's flags, and record it in
// <N8N_USER_FOLDER>/.n8n/nodes/package.json. The only difference: the tarball comes from `npm pack`
// in this repository instead of `npm pack <name>@<version>` from the registry.
const fs = require('fs');
const path = require('path');
const { run } = require('./proc');
const { PACKAGE_ROOT } = require('./n8n');

async function packPackage(destination, { log = () => {} } = {}) {
	fs.mkdirSync(destination, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
		cwd: PACKAGE_ROOT,
		timeoutMs: 120_000,
		log,
	});
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	const tarball = path.join(destination, info.filename);
	return { tarball, name: info.name, version: info.version, files: info.files.map((f) => f.path) };
}

/** A tarball written by `npm run pack:all`: { tarball, name, version, files, pkg } (files without the "package/" prefix). */
async function readTarball(tarball) {
	const { stdout: list } = await run('tar', ['-tzf', tarball], { timeoutMs: 60_000 });
	const { stdout: manifest } = await run('tar', ['-xzOf', tarball, 'package/package.json'], { timeoutMs: 60_000 });
	const pkg = JSON.parse(manifest);
	const files = list.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
	return { tarball, name: pkg.name, version: pkg.version, files, pkg };
}

async function installLikeN8n(nodesFolder, packed, { log = () => {} } = {}) {
	const packageDirectory = path.join(nodesFolder, 'node_modules', packed.name);
	fs.rmSync(packageDirectory, { recursive: true, force: true });
	fs.mkdirSync(packageDirectory, { recursive: true });
	const tarball = path.join(nodesFolder, path.basename(packed.tarball));
	fs.copyFileSync(packed.tarball, tarball);
	try {
		await run('tar', ['-xzf', tarball, '-C', packageDirectory, '--strip-components=1'], { cwd: nodesFolder, timeoutMs: 60_000, log });
		const packageJsonPath = path.join(packageDirectory, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf-8');
		await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDirectory, timeoutMs: 300_000, log },
		);
		const rootJsonPath = path.join(nodesFolder, 'package.json');
		const root = fs.existsSync(rootJsonPath)
			? JSON.parse(fs.readFileSync(rootJsonPath, 'utf8'))
			: { name: 'installed-nodes', private: true, dependencies: {} };
		root.dependencies = { ...(root.dependencies ?? {}), [packageJson.name]: packageJson.version };
		fs.writeFileSync(rootJsonPath, JSON.stringify(root, null, 2), 'utf-8');
	} finally {
		fs.rmSync(tarball, { force: true });
	}
	return packageDirectory;
}

module.exports = { packPackage, readTarball, installLikeN8n };
