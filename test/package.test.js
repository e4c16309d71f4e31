'use strict';
// The package as n8n and npm see it: package.json, the registered files, the node descriptions,
// icons and codex files, and what `npm pack` would publish.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { loadPackage, ROOT } = require('./harness/package-loader');

const pkg = require('../package.json');
const walk = (dir) =>
	fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const rel = (file) => path.relative(ROOT, file);

describe('package.json is ready for n8n', () => {
	test('name, keyword, files, peer dependency, no runtime dependencies', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.license).toBe('MIT');
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		for (const dev of ['n8n-workflow', 'n8n-core', 'jest', 'typescript', 'gulp', 'eslint', 'eslint-plugin-n8n-nodes-base', '@n8n/eslint-plugin-community-nodes', 'axios']) {
			expect(pkg.devDependencies[dev]).toMatch(/^\d+\.\d+\.\d+$/);
		}
	});

	test('every node and credential source file is registered, and every registered file is built', () => {
		const nodeSources = walk(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.node.ts'));
		const credentialSources = walk(path.join(ROOT, 'credentials')).filter((f) => f.endsWith('.credentials.ts'));
		const toDist = (f) => rel(f).replace(/\.ts$/, '.js').replace(/^/, 'dist/');
		expect([...pkg.n8n.nodes].sort()).toEqual(nodeSources.map(toDist).sort());
		expect([...pkg.n8n.credentials].sort()).toEqual(credentialSources.map(toDist).sort());
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
	});
});

describe('node and credential descriptions', () => {
	const { credentialTypes } = loadPackage();
	// [type name, node, folder of its built file]
	// [type name, node, its built file]
	const all = pkg.n8n.nodes.flatMap((file) =>
		Object.values(require(path.join(ROOT, file))).map((NodeClass) => {
			const node = new NodeClass();
			return [`${pkg.name}.${node.description.name}`, node, path.join(ROOT, file)];
		}),
	);
	const nodes = all.filter(([, node]) => !node.description.polling);
	const triggers = all.filter(([, node]) => node.description.polling);

	test.each(all)('%s: icon files, its own codex, known credentials', (type, node, file) => {
		const d = node.description;
		for (const icon of Object.values(d.icon)) expect(fs.existsSync(path.join(path.dirname(file), icon.replace('file:', '')))).toBe(true);
		const codex = JSON.parse(fs.readFileSync(file.replace(/\.js$/, '.json'), 'utf8'));
		expect(codex.node).toBe(type);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
		expect(codex.resources.credentialDocumentation[0].url).toMatch(/^https:\/\//);
		for (const credential of d.credentials) expect(credentialTypes[credential.name]).toBeDefined();
	});

	test.each(nodes)('%s: declarative, subtitle, usable as tool', (_type, node) => {
		const d = node.description;
		expect(d.usableAsTool).toBe(true);
		expect(d.subtitle).toMatch(/operation/);
		expect(d.requestDefaults).toBeDefined();
	});

	test.each(triggers)('%s: a polling trigger (no input, poll function, no setInterval), events with descriptions', (_type, node, file) => {
		const d = node.description;
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(typeof node.poll).toBe('function');
		expect(d.subtitle).toMatch(/event/);
		const event = d.properties.find((p) => p.name === 'event');
		expect(event.options.length).toBeGreaterThan(0);
		for (const option of event.options) expect(option.description).toMatch(/^[A-Z]/);
		expect(event.options.map((o) => o.value)).toContain(event.default);
		const sources = fs.readdirSync(path.dirname(file), { recursive: true }).filter((f) => String(f).endsWith('.js'));
		for (const source of sources) expect(fs.readFileSync(path.join(path.dirname(file), String(source)), 'utf8')).not.toMatch(/setInterval|setTimeout/);
	});

	test.each(nodes)('%s: every operation has an action and each resource offers its operations', (_type, node) => {
		const operations = node.description.properties.filter((p) => p.name === 'operation');
		expect(operations.length).toBeGreaterThan(0);
		for (const selector of operations) {
			for (const option of selector.options) {
				expect(option.action).toMatch(/^[A-Z]/);
				expect(option.routing).toBeDefined();
			}
		}
	});

	test.each(Object.entries(credentialTypes))('%s: secrets are password fields, there is a test request and documentation', (_name, credential) => {
		expect(credential.test?.request).toBeDefined();
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		for (const property of credential.properties) {
			if (/token|secret|password|key/i.test(property.name)) expect(property.typeOptions?.password).toBe(true);
		}
		for (const icon of Object.values(credential.icon)) {
			const file = path.join(ROOT, 'dist', 'credentials', icon.replace('file:', ''));
			expect(fs.existsSync(file)).toBe(true);
		}
	});
});

describe('npm pack', () => {
	test('publishes dist/, package.json, README and LICENSE only', () => {
		const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
		const files = JSON.parse(out)[0].files.map((f) => f.path);
		const outside = files.filter((f) => !f.startsWith('dist/'));
		expect(outside.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(file);
		expect(files.some((f) => f.endsWith('.svg'))).toBe(true);
		expect(files.some((f) => /test|sandbox/.test(f))).toBe(false);
	});
});
