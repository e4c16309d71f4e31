'use strict';
// The documentation: the README keeps the n8n starter's shape and stays short, every relative link
// in README.md, DEVELOPMENT.md and docs/*.md reaches an existing file (and heading), the per-service
// package READMEs (copied into tarballs) link to the repository with absolute URLs only, and every
// operation of every built node is documented: on its provider's page, in its package README and in
// the README's Operations table. Needs `npm run build` (operations are read from dist/).
const fs = require('fs');
const path = require('path');
const { loadPackage, ROOT } = require('./harness/package-loader');

const REPO_URL = 'https://github.com/n8n-nodes-invoicing/n8n-nodes-invoicing/';
const STARTER_SECTIONS = ['Installation', 'Operations', 'Credentials', 'Compatibility', 'Usage', 'Resources', 'Version history'];

/** Where each node is documented, by node name (description.name). */
const NODE_DOCS = {
	levers: { page: 'docs/levers.md', package: 'docs/packages/n8n-nodes-levers.md' },
	katsuPay: { page: 'docs/katsu-pay.md', package: 'docs/packages/n8n-nodes-katsupay.md' },
	pennylane: { page: 'docs/pennylane.md', package: 'docs/packages/n8n-nodes-pennylane.md' },
	pennylaneTrigger: { page: 'docs/pennylane.md', package: 'docs/packages/n8n-nodes-pennylane.md' },
};

/** What a trigger node's events are listed under, in place of a resource: "Trigger: Created, Updated". */
const TRIGGER_EVENTS_LABEL = 'Trigger';

const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const mdIn = (dir) =>
	fs
		.readdirSync(path.join(ROOT, dir))
		.filter((f) => f.endsWith('.md'))
		.map((f) => `${dir}/${f}`);
const DOC_PAGES = mdIn('docs');
const PACKAGE_READMES = mdIn('docs/packages');
const LOCAL_FILES = ['README.md', 'DEVELOPMENT.md', ...DOC_PAGES];

/** Markdown without fenced code blocks and inline code spans (links there are not links). */
function prose(md) {
	return md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every link target of a Markdown text: [text](target) and ![alt](target). */
function linkTargets(md) {
	return [...prose(md).matchAll(/!?\[(?:[^\]]|\][^(])*?\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** GitHub's heading anchors of a Markdown text (duplicates get -1, -2, …). */
function anchors(md) {
	const seen = new Map();
	const result = new Set();
	for (const line of md.replace(/^```[\s\S]*?^```/gm, '').split('\n')) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
		const base = text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count ? `${base}-${count}` : base);
	}
	return result;
}

/** Problems with one repository-relative target ("path#fragment"), or [] when it resolves. */
function checkTarget(file, target, from) {
	const [targetPath, fragment] = target.split('#');
	const resolved = targetPath ? path.join(path.dirname(path.join(ROOT, from)), targetPath) : path.join(ROOT, from);
	if (!fs.existsSync(resolved)) return [`${file}: ${target} (no such file)`];
	if (fragment && resolved.endsWith('.md') && !anchors(fs.readFileSync(resolved, 'utf8')).has(fragment)) {
		return [`${file}: ${target} (no such heading)`];
	}
	return [];
}

/** H2 headings of a Markdown text, in order. */
const h2 = (md) => [...prose(md).matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());

/** The text of one H2 section. */
function section(md, title) {
	const start = md.indexOf(`\n## ${title}\n`);
	if (start < 0) return '';
	const end = md.indexOf('\n## ', start + 1);
	return md.slice(start, end < 0 ? undefined : end);
}

/** "Resource: Op, Op (note), Op" → ['Resource', ['Op', 'Op', 'Op']]. */
function operationList(text) {
	const colon = text.indexOf(':');
	if (colon < 0) return undefined;
	const names = text
		.slice(colon + 1)
		.replace(/\s*\([^)]*\)/g, '')
		.split(',')
		.map((name) => name.trim().replace(/\.$/, ''))
		.filter(Boolean);
	return [text.slice(0, colon).replace(/\*\*/g, '').trim(), names];
}

/** Table rows of a Markdown text, as lists of trimmed cells. */
const tableRows = (md) =>
	md
		.split('\n')
		.filter((line) => line.startsWith('|'))
		.map((line) => line.replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim()));

/**
 * { resource display name: [operation display names] } of every node, from the built descriptions.
 * A polling trigger has events instead: { Trigger: [event display names] }.
 */
function documentedOperations() {
	const { nodeTypes } = loadPackage();
	return Object.values(nodeTypes).map(({ description }) => {
		if (description.polling) {
			const event = description.properties.find((p) => p.name === 'event');
			return { name: description.name, displayName: description.displayName, operations: { [TRIGGER_EVENTS_LABEL]: event.options.map((o) => o.name) } };
		}
		const resource = description.properties.find((p) => p.name === 'resource');
		const operations = {};
		for (const option of resource.options) {
			const selector = description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(option.value),
			);
			operations[option.name] = selector.options.map((o) => o.name);
		}
		return { name: description.name, displayName: description.displayName, operations };
	});
}

/** Sorted copy of { resource: [operations] }, to compare regardless of order. */
const sorted = (operations) =>
	Object.fromEntries(
		Object.entries(operations)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([resource, names]) => [resource, [...names].sort()]),
	);

describe('README.md', () => {
	const readme = read('README.md');

	test('is under 150 lines', () => {
		expect(readme.split('\n').length).toBeLessThan(150);
	});

	test("has the n8n starter's sections in order, after the two commands for a fresh machine", () => {
		const headings = h2(readme);
		const starter = headings.filter((h) => STARTER_SECTIONS.includes(h));
		expect(starter).toEqual(STARTER_SECTIONS);
		const installation = readme.indexOf('\n## Installation\n');
		for (const command of ['npm ci && npm run demo', 'npm ci && npm test']) {
			expect(readme.indexOf(command)).toBeGreaterThan(0);
			expect(readme.indexOf(command)).toBeLessThan(installation);
		}
	});

	test('names one line per package to install', () => {
		const installation = section(readme, 'Installation');
		for (const name of ['n8n-nodes-levers', 'n8n-nodes-katsupay', 'n8n-nodes-pennylane', 'n8n-nodes-invoicing']) {
			expect(tableRows(installation).filter((row) => row[0] === `\`${name}\``)).toHaveLength(1);
		}
	});

	test('links every docs page, every package README and DEVELOPMENT.md', () => {
		const targets = new Set(linkTargets(readme).map((t) => t.split('#')[0]));
		const missing = [...DOC_PAGES, ...PACKAGE_READMES, 'DEVELOPMENT.md'].filter((file) => !targets.has(file));
		expect(missing).toEqual([]);
	});
});

describe('links', () => {
	test.each(LOCAL_FILES)('every relative link in %s reaches an existing file and heading', (file) => {
		const relative = linkTargets(read(file)).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
		expect(relative.flatMap((target) => checkTarget(file, target, file))).toEqual([]);
	});

	test.each(PACKAGE_READMES)('%s (copied into its tarball) links with absolute URLs to existing repository files', (file) => {
		const md = read(file);
		const targets = linkTargets(md);
		const relative = targets.filter((t) => !/^(https?:|mailto:|#)/.test(t));
		expect(relative).toEqual([]);
		const problems = targets.flatMap((target) => {
			if (target.startsWith('#')) return checkTarget(file, target, file);
			if (!target.startsWith(REPO_URL)) return [];
			const match = /^(?:blob|tree)\/main\/(.+)$/.exec(target.slice(REPO_URL.length));
			return match ? checkTarget(file, match[1], 'README.md') : [`${file}: ${target} (not a blob/main or tree/main link)`];
		});
		expect(problems).toEqual([]);
	});
});

describe('package READMEs', () => {
	test.each(PACKAGE_READMES)("%s is under 100 lines and has the n8n starter's sections", (file) => {
		const md = read(file);
		expect(md.split('\n').length).toBeLessThan(100);
		expect(h2(md).filter((h) => STARTER_SECTIONS.includes(h))).toEqual(STARTER_SECTIONS);
	});

	test('there is one per package (a trigger is documented with its service\'s node)', () => {
		expect(PACKAGE_READMES.sort()).toEqual([...new Set(Object.values(NODE_DOCS).map((d) => d.package))].sort());
	});
});

describe('every operation of every node is documented', () => {
	const nodes = documentedOperations();

	test('every node has a provider page and a package README', () => {
		expect(nodes.map((n) => n.name).sort()).toEqual(Object.keys(NODE_DOCS).sort());
	});

	test.each(nodes.map((n) => [n.displayName, n]))('%s: a row per operation in its provider page, and no other', (_name, node) => {
		const rows = tableRows(read(NODE_DOCS[node.name].page)).filter((row) => row[0] in node.operations);
		const found = {};
		for (const [resource, operation] of rows) (found[resource] ??= []).push(operation);
		expect(sorted(found)).toEqual(sorted(node.operations));
	});

	test.each(nodes.map((n) => [n.displayName, n]))('%s: every operation in its package README', (_name, node) => {
		const lines = section(read(NODE_DOCS[node.name].package), 'Operations')
			.split('\n')
			.filter((line) => line.startsWith('- '));
		const listed = lines.map((line) => operationList(line.slice(2))).filter(Boolean);
		// The README may document several nodes (a node and its trigger): every list belongs to one of them.
		const nodesHere = nodes.filter((other) => NODE_DOCS[other.name].package === NODE_DOCS[node.name].package);
		expect(listed.map(([resource]) => resource).filter((resource) => !nodesHere.some((other) => resource in other.operations))).toEqual([]);
		const found = Object.fromEntries(listed.filter(([resource]) => resource in node.operations));
		expect(sorted(found)).toEqual(sorted(node.operations));
	});

	test.each(nodes.map((n) => [n.displayName, n]))("%s: every operation in the README's Operations table", (_name, node) => {
		const row = tableRows(section(read('README.md'), 'Operations')).find((cells) => cells[0] === `**${node.displayName}**`);
		expect(row).toBeDefined();
		const found = Object.fromEntries(row[1].split(/\.\s+/).map(operationList).filter(Boolean));
		expect(sorted(found)).toEqual(sorted(node.operations));
	});
});
