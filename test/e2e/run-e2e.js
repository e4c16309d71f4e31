'use strict';
// `npm run test:e2e`: proves the packages in a real n8n (2.41.1 on Node 24, see lib/n8n-install.js).
//
//  1. gets the pinned n8n and Node 24 into the cache folder (first run only; reused afterwards);
//  2. `npm run pack:all` (the all-in-one and the per-service tarballs, gulpfile.js), then lints each
//     unpacked tarball with n8n's own scanner (@n8n/scan-community-package, lib/scan.js): 0 errors;
//  3. the all-in-one package alone, then each per-service package alone, each in a fresh n8n user
//     folder, installed the way n8n's Community Nodes installer does (lib/package.js). For each:
//     - starts the provider sandboxes its examples need (test/sandboxes/*.js, through
//       test/e2e/providers/*.js), imports the credentials the examples reference (pointing at the
//       sandboxes) and the examples with n8n's CLI (import:credentials, import:workflow); a
//       per-service package gets the examples that use its nodes, their node types renamed to its
//       package name (n8n-nodes-invoicing.levers → n8n-nodes-levers.levers), nothing else changed;
//     - checks that n8n loaded every node and credential its package.json lists (n8n's loader log and
//       `n8n export:nodes`), with their icons;
//     - runs each example with `n8n execute --id` and, for webhook and trigger examples, publishes
//       them, starts `n8n start` on a loopback port, then POSTs to the webhook, or for a polling
//       trigger fetches a test event as the editor does (POST /rest/workflows/:id/run to the trigger)
//       and waits for an execution started by one of n8n's own polls after a change made in the
//       sandbox; asserts on the items every node produced, on the requests each sandbox received,
//       and that expressions ran in n8n's default expression engine (isolated-vm), not the legacy one;
//  4. side by side: the all-in-one AND n8n-nodes-pennylane in one user folder. Both define the
//     credential types pennylaneInvoicingApi and billyInvoicingApi; their node types differ
//     (n8n-nodes-invoicing.pennylane, n8n-nodes-pennylane.pennylane). What n8n 2.41 does with that
//     (n8n/dist/load-nodes-and-credentials.js, n8n-core/dist/nodes-loader/*): each package gets its own
//     loader, in the order fast-glob lists <user>/.n8n/nodes/node_modules/n8n-nodes-*; no error and no
//     warning about the duplicate name; postProcessLoaders() writes known.credentials[name] loader by
//     loader, so ONE registry entry per name survives (the package loaded last: its class is what
//     getCredential() returns, its nodes are the entry's supportedNodes, which only matter for
//     credentials with restrictToSupportedNodes or without a test request; ours have neither), while
//     types.credentials is concatenated, so /types/credentials.json lists the type once per package
//     (the editor's store then keys credential types by name: one). Saved credentials only store the
//     type name, so one saved credential serves both packages' nodes. The e2e asserts: n8n loads both,
//     both node types exist, a workflow with both nodes runs on ONE saved credential, and the editor
//     list has each shared type twice. Both definitions are the same code at the same version; were
//     they to differ (two versions installed), the one loaded last would apply to both nodes.
//
// Exit code 0 only when every check passed. Options (environment):
//   N8N_E2E_CACHE      cache folder (default ~/.cache/n8n-nodes-invoicing-e2e)
//   N8N_E2E_KEEP=1     keep the temporary n8n user folders and logs even when everything passed
//   N8N_E2E_ONLY=a,b   run only these example files (the load checks always run)
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n, N8N_VERSION, NODE_VERSION } = require('./lib/n8n-install');
const { N8nInstance, executionFromLog, PACKAGE_ROOT, sleep } = require('./lib/n8n');
const { readTarball, installLikeN8n } = require('./lib/package');
const { ensureScanner, scanUnpacked, scanSource, SCANNER_VERSION } = require('./lib/scan');
const { run: runCommand } = require('./lib/proc');
const { RestClient } = require('./lib/rest');
const { killAll } = require('./lib/proc');

const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');
const PROVIDERS_DIR = path.join(__dirname, 'providers');
const TOTAL_TIMEOUT_MS = 75 * 60_000;
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const rootPkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
const { PACKAGES, OUT: PACKAGES_DIR } = require(path.join(PACKAGE_ROOT, 'gulpfile.js')).packaging;
const SIDE_BY_SIDE = 'n8n-nodes-pennylane'; // installed together with the all-in-one in step 4

const results = [];
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (...args) => console.log(...args);

/** Runs one named check; records and prints the outcome. Returns true when it passed. */
async function check(name, fn) {
	const t = Date.now();
	try {
		const detail = await fn();
		results.push({ name, ok: true });
		log(`  ok    ${name}${detail ? ` (${detail})` : ''}  [${seconds(t)}]`);
		return true;
	} catch (error) {
		results.push({ name, ok: false, error });
		const lines = String(error.message).split('\n');
		const shown = lines.length > 30 ? [...lines.slice(0, 30), `... (${lines.length - 30} more lines; see the n8n logs)`] : lines;
		log(`  FAIL  ${name}  [${seconds(t)}]\n${indent(shown.join('\n'))}`);
		return false;
	}
}
const indent = (text) => String(text).split('\n').map((line) => `        ${line}`).join('\n');

/** A request as a pattern: "POST /api-service/v1/invoice/:uuid/payment", "GET /customer_invoices/:id". */
const requestPattern = (r) => `${r.method} ${r.path.replace(UUID_RE, ':uuid').replace(/\/\d+(?=\/|$)/g, '/:id')}`;

function loadExamples(only) {
	const files = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
	return files
		.filter((file) => !only || only.includes(file))
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			return { file, workflow };
		});
}

/**
 * The examples for one package: those using its nodes, with the all-in-one's node types renamed to
 * the package's (a per-service package's node "levers" is n8n-nodes-levers.levers in n8n).
 */
function examplesFor(pkg, examples, nodeNames) {
	const from = `${rootPkg.name}.`;
	const ours = (type) => type.startsWith(from) && nodeNames.includes(type.slice(from.length));
	return examples
		.filter(({ workflow }) => workflow.nodes.some((n) => ours(n.type)))
		.map(({ file, workflow }) => ({
			file,
			workflow: { ...workflow, nodes: workflow.nodes.map((n) => (ours(n.type) ? { ...n, type: `${pkg.name}.${n.type.slice(from.length)}` } : n)) },
		}));
}

function loadProviders() {
	return fs
		.readdirSync(PROVIDERS_DIR)
		.filter((f) => f.endsWith('.js'))
		.sort()
		.map((f) => require(path.join(PROVIDERS_DIR, f)));
}

/** Node and credential names of every file a package.json registers, read from the built files (same paths as in dist/). */
function registeredTypes(pkg) {
	const nodes = [];
	const credentials = [];
	const problems = [];
	for (const file of pkg.n8n.nodes) {
		try {
			for (const NodeClass of Object.values(require(path.join(PACKAGE_ROOT, file)))) nodes.push({ file, name: new NodeClass().description.name });
		} catch (error) {
			problems.push(`${file}: ${error.code === 'MODULE_NOT_FOUND' ? 'missing from the build' : error.message}`);
		}
	}
	for (const file of pkg.n8n.credentials) {
		try {
			for (const CredentialClass of Object.values(require(path.join(PACKAGE_ROOT, file)))) credentials.push({ file, name: new CredentialClass().name });
		} catch (error) {
			problems.push(`${file}: ${error.code === 'MODULE_NOT_FOUND' ? 'missing from the build' : error.message}`);
		}
	}
	return { nodes, credentials, problems };
}

/** Names of the nodes of a package (read from the built files) that take a credential type. */
function nodesUsing(pkg, credentialName) {
	return pkg.n8n.nodes.flatMap((file) =>
		Object.values(require(path.join(PACKAGE_ROOT, file)))
			.map((NodeClass) => new NodeClass().description)
			.filter((description) => (description.credentials ?? []).some((c) => c.name === credentialName))
			.map((description) => description.name),
	);
}

/** Wraps an execution's run data for assertions. */
function runView(execution, allRequests, provider) {
	const requests = allRequests.filter((r) => !provider.isHousekeeping?.(r));
	const runData = execution?.data?.resultData?.runData ?? {};
	const outputs = (name) => {
		const runs = runData[name] ?? [];
		const counts = [];
		for (const r of runs) (r.data?.main ?? []).forEach((list, i) => (counts[i] = (counts[i] ?? 0) + (list?.length ?? 0)));
		return counts;
	};
	return {
		execution,
		runData,
		requests,
		allRequests,
		ran: (name) => (runData[name] ?? []).length > 0,
		outputs,
		items: (name, output = 0) => (runData[name] ?? []).flatMap((r) => r.data?.main?.[output] ?? []).map((item) => item.json),
	};
}

/** The checks every run gets: success, item counts, nodes not run, request sequence, then the example's own. */
function assertRun(run, spec, provider, workflow) {
	const error = run.execution?.data?.resultData?.error;
	assert.ok(run.execution, 'no execution result found');
	assert.ok(!error, `execution failed: ${error?.message} ${error?.description ?? ''} (node: ${error?.node?.name ?? '?'})`);
	for (const [name, runs] of Object.entries(run.runData)) {
		for (const r of runs) assert.ok(!r.error, `node "${name}" failed: ${r.error?.message} ${r.error?.description ?? ''}`);
	}
	const knownNames = new Set(workflow.nodes.map((n) => n.name));
	for (const [name, expected] of Object.entries(spec.items ?? {})) {
		assert.ok(knownNames.has(name), `the expectation names node "${name}", which the example does not have`);
		const counts = run.outputs(name);
		if (Array.isArray(expected)) {
			const actual = expected.map((_, i) => counts[i] ?? 0);
			assert.deepEqual(actual, expected, `items per output of "${name}"`);
		} else {
			assert.equal(counts[0] ?? 0, expected, `items from "${name}"`);
		}
	}
	for (const name of spec.notRun ?? []) assert.ok(!run.ran(name), `"${name}" should not have run`);
	if (spec.requests) {
		const actual = run.requests.map(requestPattern);
		const expected = typeof spec.requests === 'function' ? spec.requests(run) : spec.requests;
		assert.deepEqual(actual, expected, `requests the ${provider.name} sandbox received`);
	}
	spec.check?.(run, run.ctx);
}

/** `expressions`: whether the run evaluates expressions (a trigger's test event alone may not). */
function engineProof(logLines, { expressions = true } = {}) {
	const evaluations = logLines.filter((l) => l.message === '[IsolatedVmBridge] Expression executed successfully').length;
	const failures = logLines.filter((l) => typeof l.message === 'string' && /expression engine|IsolatedVmBridge/i.test(l.message) && ['error', 'warn'].includes(l.level));
	assert.equal(failures.length, 0, `expression engine problems: ${failures.map((l) => l.message).join('; ')}`);
	if (expressions) assert.ok(evaluations > 0, 'no expression was evaluated by the isolated-vm engine (is n8n falling back to the legacy engine?)');
	return evaluations;
}

/** Resolves with `probe()`'s first truthy answer, asking every `everyMs` until `timeoutMs` (then rejects with `what`). */
async function waitFor(what, probe, { timeoutMs, everyMs = 2000 }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found) return found;
		if (Date.now() > deadline) throw new Error(`${what}: nothing within ${timeoutMs / 1000} s`);
		await sleep(everyMs);
	}
}

const FINISHED = (execution) => execution && !['new', 'running', 'waiting'].includes(execution.status);

/** A fresh n8n user folder (and log folder) under the run's work folder. */
function newInstance(paths, workDir, key) {
	return new N8nInstance({ paths, userFolder: path.join(workDir, key, 'user'), logDir: path.join(workDir, key, 'logs') });
}

/** Collects the credentials the examples reference: id → { id, name, type }. */
function credentialRefsOf(examples) {
	const refs = new Map();
	for (const { file, workflow } of examples) {
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				const known = refs.get(ref.id);
				if (known && (known.type !== type || known.name !== ref.name)) throw new Error(`${file}: credential id ${ref.id} is used for two credentials`);
				refs.set(ref.id, { id: ref.id, name: ref.name, type });
			}
		}
	}
	return refs;
}

/** Imports credentials ({ id, name, type } + data from the provider sandboxes) with n8n's CLI. */
async function importCredentials(n8n, dir, refs, providerFor, contexts) {
	const credentials = [...refs].map((ref) => {
		const provider = providerFor(ref.type);
		assert.ok(provider, `no provider in test/e2e/providers/ knows credential type ${ref.type}`);
		return { id: ref.id, name: ref.name, type: ref.type, data: provider.credentialData(ref.type, contexts.get(provider)) };
	});
	const file = path.join(dir, 'credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
	const out = await n8n.cli('import-credentials', ['import:credentials', `--input=${file}`]);
	assert.ok(out.log.some((l) => /Successfully imported/.test(l.message)), 'n8n did not report the import');
	return credentials.map((c) => `${c.type} "${c.name}"`).join(', ');
}

/** Imports workflows (written to a folder first) with n8n's CLI; returns n8n's message. */
async function importWorkflows(n8n, dir, examples) {
	const input = path.join(dir, 'workflows');
	fs.mkdirSync(input, { recursive: true });
	for (const { file, workflow } of examples) fs.writeFileSync(path.join(input, file), JSON.stringify(workflow, null, 2));
	const out = await n8n.cli('import-workflows', ['import:workflow', '--separate', `--input=${input}`]);
	const message = out.log.map((l) => l.message).find((m) => /Successfully imported \d+ workflow/.test(m));
	assert.ok(message, 'n8n did not report the import');
	assert.equal(Number(/(\d+) workflow/.exec(message)[1]), examples.length);
	return message;
}

/** `n8n export:nodes`: starts n8n's loader; resolves every node type it knows and the loader's log. */
async function exportNodes(n8n, dir) {
	const file = path.join(dir, 'nodes.json');
	const out = await n8n.cli('export-nodes', ['export:nodes', `--output=${file}`]);
	return { exported: JSON.parse(fs.readFileSync(file, 'utf8')), exportLog: out.log };
}

/** n8n's loader log says it loaded the package with these numbers of node and credential files. */
function assertLoaded(exportLog, pkg) {
	assert.ok(exportLog, 'no loader log');
	const problems = exportLog.filter((l) => ['error', 'warn'].includes(l.level) && JSON.stringify(l).includes(pkg.name));
	assert.deepEqual(problems.map((l) => l.message), [], `n8n reported problems with ${pkg.name}`);
	const loaded = exportLog.find((l) => l.message === `Loaded all credentials and nodes from ${pkg.name}`);
	assert.ok(loaded, `n8n did not load ${pkg.name} (no "Loaded all credentials and nodes from ${pkg.name}" in its log)`);
	assert.equal(loaded.metadata.nodes, pkg.n8n.nodes.length, 'nodes n8n loaded');
	assert.equal(loaded.metadata.credentials, pkg.n8n.credentials.length, 'credentials n8n loaded');
	return `${pkg.name}: nodes ${loaded.metadata.nodes}, credentials ${loaded.metadata.credentials}`;
}

/**
 * One package alone in a fresh n8n user folder: install, import, load checks, run its examples.
 * @param {object} o
 * @param {object} o.packed from readTarball
 * @param {Array} o.allExamples every example (as in examples/)
 * @param {boolean} o.complete the all-in-one: every example must have expectations and vice versa
 */
async function runSuite({ paths, workDir, packed, allExamples, providers, specsByFile, complete }) {
	const pkg = packed.pkg;
	const label = pkg.name;
	const OUR_PREFIX = `${pkg.name}.`;
	const c = (name, fn) => check(`[${label}] ${name}`, fn);
	const n8n = newInstance(paths, workDir, label);
	const dir = path.dirname(n8n.userFolder);

	const registered = registeredTypes(pkg);
	await c('every file in its package.json "n8n" is built and in the tarball', () => {
		assert.deepEqual(registered.problems, [], registered.problems.join('\n'));
		const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((f) => !packed.files.includes(f));
		assert.deepEqual(missing, [], `files registered in package.json but not in the tarball: ${missing.join(', ')}`);
		return `${registered.nodes.length} node(s), ${registered.credentials.length} credential(s)`;
	});
	let installedDir;
	if (!(await c(`install ${path.basename(packed.tarball)} alone into a fresh <N8N_USER_FOLDER>/.n8n/nodes like n8n does`, async () => {
		installedDir = await installLikeN8n(n8n.nodesFolder, packed);
		const others = fs.readdirSync(path.join(n8n.nodesFolder, 'node_modules')).filter((d) => d.startsWith('n8n-nodes-') && d !== pkg.name);
		assert.deepEqual(others, [], 'other n8n-nodes-* packages in the user folder');
		return path.relative(workDir, installedDir);
	}))) return;

	const examples = examplesFor(pkg, allExamples, registered.nodes.map((n) => n.name));
	if (complete) {
		await c('every example has expectations and every expectation an example', () => {
			const allFiles = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
			const noSpec = allFiles.filter((f) => !specsByFile.has(f));
			const noFile = [...specsByFile.keys()].filter((f) => !allFiles.includes(f));
			assert.deepEqual(noSpec, [], `examples without expectations in test/e2e/providers/: ${noSpec.join(', ')}`);
			assert.deepEqual(noFile, [], `expectations for missing examples: ${noFile.join(', ')}`);
			return `${allFiles.length} example(s)`;
		});
	}
	await c('every node of the package is used by one of its examples', () => {
		const used = new Set(examplesFor(pkg, loadExamples(), registered.nodes.map((n) => n.name)).flatMap(({ workflow }) => workflow.nodes.map((n) => n.type)));
		const unused = registered.nodes.map((n) => `${OUR_PREFIX}${n.name}`).filter((type) => !used.has(type));
		assert.deepEqual(unused, [], `nodes without an example workflow: ${unused.join(', ')}`);
		return examples.map((e) => e.file).join(', ');
	});

	const credentialRefs = credentialRefsOf(examples);
	const providerFor = (credentialType) => providers.find((p) => p.credentialTypes.includes(credentialType));
	const needed = new Set(examples.map(({ file }) => specsByFile.get(file)?.provider).filter(Boolean));
	for (const ref of credentialRefs.values()) if (providerFor(ref.type)) needed.add(providerFor(ref.type));
	const contexts = new Map();
	try {
		// N8N_E2E_ONLY may leave a package without examples: then only the install and load checks run.
		const running = examples.length > 0;
		if (running && !(await c('start the provider sandboxes on 127.0.0.1', async () => {
			for (const provider of needed) contexts.set(provider, await provider.start());
			return [...needed].map((p) => `${p.name} ${contexts.get(p).baseUrl}`).join(', ');
		}))) return;
		if (running && !(await c('n8n import:credentials (the credentials its examples reference, pointing at the sandboxes)', () => importCredentials(n8n, dir, credentialRefs.values(), providerFor, contexts)))) return;
		if (running && !(await c(`n8n import:workflow (its examples${complete ? ', as is' : `, node types renamed to ${OUR_PREFIX}*`})`, () => importWorkflows(n8n, dir, examples)))) return;

		let exported;
		let exportLog;
		await c('n8n export:nodes', async () => {
			({ exported, exportLog } = await exportNodes(n8n, dir));
			return `${exported.length} node types`;
		});
		await c(`n8n's loader loaded ${pkg.n8n.nodes.length} node file(s) and ${pkg.n8n.credentials.length} credential file(s) of ${pkg.name}, and no other n8n-nodes-* package`, () => {
			const detail = assertLoaded(exportLog, pkg);
			const others = exportLog.filter((l) => /^Loaded all credentials and nodes from n8n-nodes-/.test(l.message) && l.message !== `Loaded all credentials and nodes from ${pkg.name}`);
			assert.deepEqual(others.map((l) => l.message), [], 'other community packages loaded');
			return detail;
		});
		await c('every node is a known node type in n8n, with its icon files installed', () => {
			assert.ok(exported, 'no export');
			const ours = exported.filter((t) => t.name.startsWith(OUR_PREFIX) && !t.name.endsWith('Tool'));
			const expected = registered.nodes.map((n) => `${OUR_PREFIX}${n.name}`).sort();
			assert.deepEqual(ours.map((t) => t.name).sort(), expected);
			assert.equal(ours.length, pkg.n8n.nodes.length, 'one node type per node file');
			for (const type of ours) {
				const urls = typeof type.iconUrl === 'string' ? [type.iconUrl] : Object.values(type.iconUrl ?? {});
				assert.ok(urls.length > 0, `${type.name} has no icon`);
				for (const url of urls) {
					const file = path.join(installedDir, url.replace(`icons/${pkg.name}/`, ''));
					assert.ok(fs.existsSync(file), `${type.name}: icon ${url} is not in the installed package`);
				}
				// A trigger starts workflows: n8n offers only the other nodes to AI agents.
				if (!type.polling) assert.ok(exported.some((t) => t.name === `${type.name}Tool`), `${type.name} is not offered as an AI tool`);
			}
			return ours.map((t) => `${t.name} v${t.version}`).join(', ');
		});
		await c('every node type its examples use is known to n8n', () => {
			const known = new Set(exported.map((t) => t.name));
			const unknown = examples.flatMap(({ file, workflow }) => workflow.nodes.filter((n) => !known.has(n.type)).map((n) => `${file}: ${n.name} (${n.type})`));
			assert.deepEqual(unknown, [], 'unknown node types');
			for (const { workflow } of examples) {
				for (const node of workflow.nodes) {
					const type = exported.find((t) => t.name === node.type);
					const versions = [].concat(type.version);
					assert.ok(versions.includes(node.typeVersion), `${node.name}: ${node.type} has no version ${node.typeVersion} (n8n has ${versions.join(', ')})`);
				}
			}
		});

		const coverage = new Map(); // "file|node" → ran
		for (const { file, workflow } of examples) {
			for (const node of workflow.nodes.filter((n) => n.type.startsWith(OUR_PREFIX))) coverage.set(`${file}|${node.name}`, false);
		}
		const markCoverage = (file, workflow, run) => {
			for (const node of workflow.nodes.filter((n) => n.type.startsWith(OUR_PREFIX))) {
				const key = `${file}|${node.name}`;
				coverage.set(key, coverage.get(key) || (run.outputs(node.name)[0] ?? 0) > 0);
			}
		};
		let evaluations = 0;
		// Runs that need `n8n start`: webhook calls, and a polling trigger's test event and activated poll.
		const SERVER_KINDS = ['webhook', 'testEvent', 'poll'];
		const webhookRuns = [];
		for (const { file, workflow } of examples) {
			const spec = specsByFile.get(file);
			if (!spec) continue;
			const ctx = contexts.get(spec.provider);
			for (const runSpec of spec.runs) {
				if (SERVER_KINDS.includes(runSpec.kind)) {
					webhookRuns.push({ file, workflow, spec, runSpec, ctx });
					continue;
				}
				await c(`${file}: n8n execute --id=${workflow.id}`, async () => {
					const before = ctx.requests().length;
					const out = await n8n.cli(`execute-${workflow.id}`, ['execute', `--id=${workflow.id}`, '--rawOutput'], { allowFailure: true, timeoutMs: 300_000 });
					const execution = executionFromLog(out.log);
					if (!execution && out.code !== 0) {
						const errors = out.log.filter((l) => l.level === 'error').map((l) => l.message);
						const last = String(errors[errors.length - 1] ?? '').split('\n')[0];
						throw new Error(`n8n execute exited with ${out.code}: ${last}\n${errors.join('\n')}\n(n8n log: ${out.logFile})`);
					}
					const run = runView(execution, ctx.requests().slice(before), spec.provider);
					run.ctx = ctx;
					markCoverage(file, workflow, run);
					assertRun(run, runSpec, spec.provider, workflow);
					assert.equal(out.code, 0, `n8n execute exited with ${out.code}`);
					const evaluated = engineProof(out.log);
					evaluations += evaluated;
					const ours = workflow.nodes.filter((n) => n.type.startsWith(OUR_PREFIX) && run.ran(n.name));
					return `${ours.map((n) => `${n.name}: ${run.outputs(n.name).join('/')}`).join(', ')}; ${run.requests.length} sandbox requests; ${evaluated} expressions in isolated-vm; ${out.seconds.toFixed(1)} s`;
				});
			}
		}

		if (webhookRuns.length) {
			// Webhook examples are published before n8n starts; a polling trigger is published through the
			// REST API for its poll run only (so that its polls do not mix with other examples' requests).
			const ids = [...new Set(webhookRuns.filter((w) => w.runSpec.kind === 'webhook').map((w) => w.workflow.id))];
			if (ids.length) {
				await c(`n8n publish:workflow (${ids.join(', ')})`, async () => {
					for (const id of ids) await n8n.cli(`publish-${id}`, ['publish:workflow', `--id=${id}`]);
				});
			}
			let server;
			if (await c('n8n start (loopback only)', async () => {
				server = await n8n.startServer({ name: 'start-webhooks' });
				return server.baseUrl;
			})) {
				try {
					const rest = new RestClient(server.baseUrl);
					await c('owner account set up through the REST API', async () => {
						await rest.ownerLogin();
					});
					for (const { file, workflow, spec, runSpec, ctx } of webhookRuns.filter((w) => w.runSpec.kind !== 'webhook')) {
						const what = runSpec.kind === 'testEvent' ? `Fetch Test Event of "${runSpec.node}" (POST /rest/workflows/${workflow.id}/run)` : `one poll of the published "${runSpec.node}" after a change in the sandbox`;
						await c(`${file}: ${what}`, async () => {
							const logBefore = server.log().length;
							const logSince = (from, text) => server.log().slice(from).some((l) => typeof l.message === 'string' && l.message.includes(text));
							const known = new Set((await rest.executions(workflow.id, { n8nRoot: paths.n8nRoot })).map((e) => e.id));
							let before;
							let executionId;
							if (runSpec.kind === 'testEvent') {
								before = ctx.requests().length;
								const started = await rest.call('POST', `/rest/workflows/${workflow.id}/run`, {
									triggerToStartFrom: { name: runSpec.node },
									destinationNode: { nodeName: runSpec.node, mode: 'inclusive' },
								});
								executionId = started?.data?.executionId;
								assert.ok(executionId, `n8n did not start an execution: ${JSON.stringify(started)}`);
							} else {
								// Publish (activate) as the editor does. n8n 2.41 registers the trigger afterwards (its
								// publication outbox), running its first poll (the trigger starts from that moment)
								// before it logs the trigger as activated: the change in the sandbox comes after that.
								const { data: current } = await rest.call('GET', `/rest/workflows/${workflow.id}`);
								const activated = await rest.call('POST', `/rest/workflows/${workflow.id}/activate`, { versionId: current.versionId });
								assert.ok(activated?.data?.activeVersionId ?? activated?.data?.active, `n8n did not activate ${workflow.id}: ${JSON.stringify(activated).slice(0, 300)}`);
								await waitFor(`n8n activating the trigger of ${workflow.id}`, () => logSince(logBefore, `Activated trigger node "${runSpec.node}"`), { timeoutMs: 60_000, everyMs: 500 });
								before = ctx.requests().length;
								await runSpec.act(ctx);
							}
							const execution = await waitFor(
								runSpec.kind === 'testEvent' ? `execution ${executionId}` : `an execution of ${workflow.id} started by a poll (mode "trigger")`,
								async () => {
									const executions = await rest.executions(workflow.id, { n8nRoot: paths.n8nRoot });
									const found = runSpec.kind === 'testEvent' ? executions.find((e) => String(e.id) === String(executionId)) : executions.find((e) => !known.has(e.id) && e.mode === 'trigger');
									return FINISHED(found) ? found : undefined;
								},
								{ timeoutMs: runSpec.kind === 'testEvent' ? 60_000 : 150_000 },
							).finally(async () => {
								if (runSpec.kind !== 'poll') return;
								await rest.call('POST', `/rest/workflows/${workflow.id}/deactivate`, {});
								await waitFor(`n8n deactivating the trigger of ${workflow.id}`, () => logSince(logBefore, 'Deactivated trigger'), { timeoutMs: 60_000, everyMs: 500 });
							});
							const run = runView(execution, ctx.requests().slice(before), spec.provider);
							run.ctx = ctx;
							markCoverage(file, workflow, run);
							assertRun(run, runSpec, spec.provider, workflow);
							const evaluated = engineProof(server.log().slice(logBefore), { expressions: runSpec.kind !== 'testEvent' });
							evaluations += evaluated;
							return `execution ${execution.id} (${execution.mode}) ${execution.status}; ${run.requests.length} sandbox requests; ${evaluated} expressions in isolated-vm`;
						});
					}
					for (const { file, workflow, spec, runSpec, ctx } of webhookRuns.filter((w) => w.runSpec.kind === 'webhook')) {
						await c(`${file}: ${runSpec.method} /webhook/${runSpec.path}`, async () => {
							const before = ctx.requests().length;
							const logBefore = server.log().length;
							let response;
							const deadline = Date.now() + 20_000;
							for (;;) {
								response = await server.request(`/webhook/${runSpec.path}`, { method: runSpec.method, body: runSpec.body, timeoutMs: 120_000 });
								// A published workflow's webhook can take a moment to be registered after start-up.
								if (response.status !== 404 || Date.now() > deadline) break;
								await sleep(1000);
							}
							const executions = await rest.executions(workflow.id, { n8nRoot: paths.n8nRoot });
							const execution = executions.find((e) => e.mode === 'webhook');
							assert.ok(execution, `no webhook execution of ${workflow.id} recorded (HTTP ${response.status}: ${response.text.slice(0, 300)})`);
							const run = runView(execution, ctx.requests().slice(before), spec.provider);
							run.ctx = ctx;
							run.response = response;
							markCoverage(file, workflow, run);
							assertRun(run, runSpec, spec.provider, workflow);
							const evaluated = engineProof(server.log().slice(logBefore));
							evaluations += evaluated;
							return `HTTP ${response.status}; execution ${execution.id} ${execution.status}; ${run.requests.length} sandbox requests; ${evaluated} expressions in isolated-vm`;
						});
					}
					await c('the editor serves every node icon and knows every credential type', async () => {
						for (const type of exported.filter((t) => t.name.startsWith(OUR_PREFIX) && !t.name.endsWith('Tool'))) {
							for (const url of typeof type.iconUrl === 'string' ? [type.iconUrl] : Object.values(type.iconUrl)) {
								const res = await server.request(`/${url}`);
								assert.equal(res.status, 200, `GET /${url}`);
								assert.match(res.headers['content-type'] ?? '', /image\/svg\+xml|image\/png/, `GET /${url} content type`);
							}
						}
						const types = await rest.call('GET', '/types/credentials.json');
						const names = new Set(types.map((t) => t.name));
						const missing = registered.credentials.map((cr) => cr.name).filter((name) => !names.has(name));
						assert.deepEqual(missing, [], 'credential types the editor does not know');
						for (const cr of types.filter((t) => registered.credentials.some((r) => r.name === t.name))) {
							assert.ok(cr.iconUrl || cr.icon, `credential ${cr.name} has no icon`);
						}
						return `${registered.credentials.map((cr) => cr.name).join(', ')}`;
					});
				} finally {
					await server.stop();
				}
			}
		}

		if (!running) return;
		await c('every node of ours in every example produced items in at least one run', () => {
			const never = [...coverage.entries()].filter(([, ran]) => !ran).map(([key]) => key.replace('|', ': '));
			assert.ok(coverage.size > 0, 'the examples use none of our nodes');
			assert.deepEqual(never, [], 'nodes that never produced items');
			return `${coverage.size} node(s)`;
		});
		await c('expressions ran in n8n\'s default engine: isolated-vm ("vm"), not legacy', () => {
			assert.ok(evaluations > 0, 'no isolated-vm evaluations seen');
			return `${evaluations} evaluations logged by [IsolatedVmBridge]`;
		});
		for (const provider of needed) {
			if (provider.finalCheck) await c(`${provider.name}: ${provider.finalCheckName ?? 'requests over the whole run'}`, () => provider.finalCheck(contexts.get(provider)));
		}
	} finally {
		for (const [provider, ctx] of contexts) await provider.stop(ctx).catch(() => {});
	}
}

/**
 * The all-in-one and one per-service package in ONE user folder: both ship the same credential types.
 * A workflow with both packages' Pennylane nodes on one saved pennylaneInvoicingApi credential.
 */
async function runSideBySide({ paths, workDir, all, single, providers }) {
	const label = `${all.name} + ${single.name}`;
	const c = (name, fn) => check(`[${label}] ${name}`, fn);
	const n8n = newInstance(paths, workDir, 'side-by-side');
	const dir = path.dirname(n8n.userFolder);
	const provider = providers.find((p) => p.credentialTypes.includes('pennylaneInvoicingApi'));
	const shared = single.pkg.n8n.credentials.map((file) => registeredTypes({ n8n: { nodes: [], credentials: [file] } }).credentials[0].name);
	if (!(await c('install both tarballs into one <N8N_USER_FOLDER>/.n8n/nodes', async () => {
		for (const packed of [all, single]) await installLikeN8n(n8n.nodesFolder, packed);
		return `shared credential types: ${shared.join(', ')}`;
	}))) return;
	const ctx = await provider.start();
	try {
		const credential = { id: 'sharedPennylaneCred', name: 'Pennylane (one credential for both)', type: 'pennylaneInvoicingApi' };
		const findCustomer = (name, type, customer, x) => ({
			parameters: { authentication: 'pennylaneInvoicingApi', resource: 'customer', operation: 'getAll', returnAll: false, limit: 1, filters: { name: customer } },
			id: `0000000${x}-0000-4000-8000-000000000000`,
			name,
			type,
			typeVersion: 1,
			position: [200 * x, 0],
			credentials: { pennylaneInvoicingApi: { id: credential.id, name: credential.name } },
			executeOnce: true,
		});
		const workflow = {
			id: 'exSideBySide',
			name: 'Both Pennylane packages, one credential',
			active: false,
			nodes: [
				{ parameters: {}, id: '00000000-0000-4000-8000-000000000000', name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
				findCustomer('All-in-one node', `${all.name}.pennylane`, 'Acme SAS', 1),
				findCustomer('Per-service node', `${single.name}.pennylane`, 'Globex SARL', 2),
			],
			connections: { Run: { main: [[{ node: 'All-in-one node', type: 'main', index: 0 }]] }, 'All-in-one node': { main: [[{ node: 'Per-service node', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		if (!(await c('n8n import:credentials (ONE pennylaneInvoicingApi credential) and import:workflow', async () => {
			const creds = await importCredentials(n8n, dir, [credential], () => provider, new Map([[provider, ctx]]));
			return `${creds}; ${await importWorkflows(n8n, dir, [{ file: 'side-by-side.json', workflow }])}`;
		}))) return;
		let exported;
		let exportLog;
		await c('n8n starts its loader with both packages (n8n export:nodes)', async () => {
			({ exported, exportLog } = await exportNodes(n8n, dir));
			return `${exported.length} node types`;
		});
		await c('n8n loaded both packages completely, with no error or warning about either', () => [all.pkg, single.pkg].map((pkg) => assertLoaded(exportLog, pkg)).join('; '));
		await c('both node types are known: n8n-nodes-invoicing.pennylane and n8n-nodes-pennylane.pennylane', () => {
			const names = exported.map((t) => t.name);
			for (const type of [`${all.name}.pennylane`, `${single.name}.pennylane`]) assert.ok(names.includes(type), `${type} is not a known node type`);
			return `${all.name}.pennylane, ${single.name}.pennylane`;
		});
		await c('n8n execute: both nodes run with the one saved credential', async () => {
			const before = ctx.requests().length;
			const out = await n8n.cli('execute-side-by-side', ['execute', `--id=${workflow.id}`, '--rawOutput'], { allowFailure: true, timeoutMs: 300_000 });
			const execution = executionFromLog(out.log);
			const run = runView(execution, ctx.requests().slice(before), provider);
			assertRun(run, { items: { 'All-in-one node': 1, 'Per-service node': 1 }, requests: ['GET /api/external/v2/customers', 'GET /api/external/v2/customers'] }, provider, workflow);
			assert.equal(out.code, 0, `n8n execute exited with ${out.code}`);
			assert.equal(run.items('All-in-one node')[0].name, 'Acme SAS');
			assert.equal(run.items('Per-service node')[0].name, 'Globex SARL');
			const auth = run.requests.map((r) => r.headers.authorization);
			assert.equal(new Set(auth).size, 1, 'both requests carry the same credential');
			assert.match(auth[0], /^Bearer /);
			return `All-in-one node: ${run.items('All-in-one node')[0].name}, Per-service node: ${run.items('Per-service node')[0].name}; ${run.requests.length} sandbox requests, same Authorization`;
		});
		let server;
		if (await c('n8n start with both packages', async () => {
			server = await n8n.startServer({ name: 'start-side-by-side' });
			return server.baseUrl;
		})) {
			try {
				await c("the editor's /types/credentials.json lists each shared credential type once per package", async () => {
					const rest = await new RestClient(server.baseUrl).ownerLogin();
					const types = await rest.call('GET', '/types/credentials.json');
					const details = [];
					for (const name of shared) {
						const entries = types.filter((t) => t.name === name);
						assert.equal(entries.length, 2, `${name}: ${entries.length} entries`);
						const supported = entries.map((e) => (e.supportedNodes ?? []).filter((n) => !n.endsWith('Tool')).sort().join(',')).sort();
						const expected = [all, single].map((packed) => nodesUsing(packed.pkg, name).map((node) => `${packed.name}.${node}`).sort().join(',')).sort();
						assert.deepEqual(supported, expected, `${name}: the nodes each entry is for`);
						details.push(`${name} ×2 (${supported.join(' | ')})`);
					}
					return details.join('; ');
				});
			} finally {
				await server.stop();
			}
		}
	} finally {
		await provider.stop(ctx).catch(() => {});
	}
}

async function main() {
	const only = process.env.N8N_E2E_ONLY ? process.env.N8N_E2E_ONLY.split(',').map((s) => s.trim()) : undefined;
	log(`n8n-nodes-invoicing e2e: ${rootPkg.name}@${rootPkg.version} and ${PACKAGES.map((p) => p.name).join(', ')} in a real n8n ${N8N_VERSION} on Node ${NODE_VERSION}`);

	log('\n[1/5] n8n installation');
	let paths;
	if (!(await check(`n8n ${N8N_VERSION} and Node ${NODE_VERSION} in the cache`, async () => {
		paths = await ensureN8n({ log: (m) => log(`        ${m}`) });
		return paths.cache;
	}))) return;

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-invoicing-e2e-'));
	log(`        work folder: ${workDir}`);
	process.on('exit', () => {
		const failed = results.some((r) => !r.ok);
		if (!failed && !process.env.N8N_E2E_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
		else log(`\nn8n user folders and logs kept in ${workDir}`);
	});

	log(`\n[2/5] npm run pack:all, then n8n's scanner (@n8n/scan-community-package ${SCANNER_VERSION}, lint leg) on each unpacked tarball`);
	const tarballs = {};
	if (!(await check('npm run pack:all', async () => {
		await runCommand('npm', ['run', 'pack:all', '--silent'], { cwd: PACKAGE_ROOT, timeoutMs: 300_000 });
		for (const file of fs.readdirSync(PACKAGES_DIR).filter((f) => f.endsWith('.tgz'))) {
			const packed = await readTarball(path.join(PACKAGES_DIR, file));
			tarballs[packed.name] = packed;
		}
		const expected = [rootPkg.name, ...PACKAGES.map((p) => p.name)].sort();
		assert.deepEqual(Object.keys(tarballs).sort(), expected, 'tarballs in dist-packages/');
		return Object.values(tarballs).map((t) => `${path.basename(t.tarball)} (${t.files.length} files)`).join(', ');
	}))) return;
	let scanner;
	if (await check(`@n8n/scan-community-package ${SCANNER_VERSION} in the cache`, async () => {
		({ scanner } = await ensureScanner(paths.cache, { log: (m) => log(`        ${m}`) }));
	})) {
		for (const packed of Object.values(tarballs)) {
			await check(`[${packed.name}] scanner lint leg on the unpacked tarball: 0 errors`, async () => {
				const dir = path.join(workDir, 'unpacked', packed.name);
				fs.mkdirSync(dir, { recursive: true });
				await runCommand('tar', ['-xzf', packed.tarball, '-C', dir, '--strip-components=1']);
				const { all, tarballLeg } = await scanUnpacked(scanner, dir);
				assert.ok(all.passed, `analyzePackage(dir): ${all.message}\n${all.details ?? ''}`);
				assert.ok(tarballLeg.passed, `analyzePackage(dir, ['**/*.js', 'package.json']): ${tarballLeg.message}\n${tarballLeg.details ?? ''}`);
				return 'analyzePackage(dir) passed, analyzePackage(dir, [**/*.js, package.json]) passed';
			});
		}
		await check(`[${rootPkg.name}] scanner source leg on this repository (package.json, nodes/, credentials/): 0 errors`, async () => {
			const result = await scanSource(scanner, PACKAGE_ROOT, rootPkg.name);
			assert.ok(result.passed, `${result.message}\n${result.details ?? ''}`);
			return 'analyzePackage(root, SOURCE_FILE_PATTERNS) passed';
		});
	}

	const allExamples = loadExamples(only);
	const providers = loadProviders();
	const specsByFile = new Map();
	for (const provider of providers) for (const [file, runs] of Object.entries(provider.examples)) specsByFile.set(file, { provider, runs });
	const common = { paths, workDir, allExamples, providers, specsByFile };

	log(`\n[3/5] ${rootPkg.name} (all-in-one) alone: every example`);
	await runSuite({ ...common, packed: tarballs[rootPkg.name], complete: !only });

	log('\n[4/5] each per-service package alone in a fresh n8n user folder: its own examples');
	for (const { name } of PACKAGES) {
		log(`  -- ${name}`);
		await runSuite({ ...common, packed: tarballs[name], complete: false });
	}

	log(`\n[5/5] ${rootPkg.name} and ${SIDE_BY_SIDE} installed side by side in one n8n user folder`);
	await runSideBySide({ paths, workDir, all: tarballs[rootPkg.name], single: tarballs[SIDE_BY_SIDE], providers });
}

const timer = setTimeout(() => {
	log(`\nFAIL: the e2e did not finish within ${TOTAL_TIMEOUT_MS / 60_000} minutes`);
	killAll();
	process.exit(1);
}, TOTAL_TIMEOUT_MS);
timer.unref();

main()
	.catch((error) => {
		results.push({ name: 'unexpected error', ok: false, error });
		log(`\nFAIL: ${error.stack ?? error.message}`);
	})
	.finally(() => {
		const failed = results.filter((r) => !r.ok);
		log(`\ne2e: ${results.length - failed.length} passed, ${failed.length} failed (${seconds(started)})`);
		for (const f of failed) log(`  failed: ${f.name}`);
		killAll();
		process.exitCode = failed.length || results.length === 0 ? 1 : 0;
	});
