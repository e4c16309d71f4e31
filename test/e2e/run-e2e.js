'use strict';
// `npm run test:e2e`: proves the package in a real n8n (2.41.1 on Node 24, see lib/n8n-install.js).
//
//  1. gets the pinned n8n and Node 24 into the cache folder (first run only; reused afterwards);
//  2. packs this package with `npm pack` and installs the tarball into a fresh n8n user folder the
//     way n8n's Community Nodes installer does (lib/package.js);
//  3. starts every provider sandbox (test/sandboxes/*.js, through test/e2e/providers/*.js), imports
//     the credentials the examples reference (pointing at the sandboxes) and every workflow in
//     examples/ with n8n's CLI (import:credentials, import:workflow);
//  4. checks that n8n loaded every node and credential listed in package.json (n8n's loader log and
//     `n8n export:nodes`), with their icons;
//  5. runs each example with `n8n execute --id` and, for webhook examples, publishes them, starts
//     `n8n start` on a loopback port and POSTs to the webhook; asserts on the items every node
//     produced, on the requests each sandbox received, and that expressions ran in n8n's default
//     expression engine (isolated-vm), not in the legacy one.
//
// Exit code 0 only when every check passed. Options (environment):
//   N8N_E2E_CACHE      cache folder (default ~/.cache/n8n-nodes-invoicing-e2e)
//   N8N_E2E_KEEP=1     keep the temporary n8n user folder and logs even when everything passed
//   N8N_E2E_ONLY=a,b   run only these example files (the load checks always run)
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n, N8N_VERSION, NODE_VERSION } = require('./lib/n8n-install');
const { N8nInstance, executionFromLog, PACKAGE_ROOT, sleep } = require('./lib/n8n');
const { packPackage, installLikeN8n } = require('./lib/package');
const { RestClient } = require('./lib/rest');
const { killAll } = require('./lib/proc');

const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');
const PROVIDERS_DIR = path.join(__dirname, 'providers');
const TOTAL_TIMEOUT_MS = 75 * 60_000;
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
const OUR_PREFIX = `${pkg.name}.`;

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

function loadProviders() {
	return fs
		.readdirSync(PROVIDERS_DIR)
		.filter((f) => f.endsWith('.js'))
		.sort()
		.map((f) => require(path.join(PROVIDERS_DIR, f)));
}

/** Node and credential names of every file package.json registers, read from the built files. */
function registeredTypes() {
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

function engineProof(logLines) {
	const evaluations = logLines.filter((l) => l.message === '[IsolatedVmBridge] Expression executed successfully').length;
	const failures = logLines.filter((l) => typeof l.message === 'string' && /expression engine|IsolatedVmBridge/i.test(l.message) && ['error', 'warn'].includes(l.level));
	assert.equal(failures.length, 0, `expression engine problems: ${failures.map((l) => l.message).join('; ')}`);
	assert.ok(evaluations > 0, 'no expression was evaluated by the isolated-vm engine (is n8n falling back to the legacy engine?)');
	return evaluations;
}

async function main() {
	const only = process.env.N8N_E2E_ONLY ? process.env.N8N_E2E_ONLY.split(',').map((s) => s.trim()) : undefined;
	log(`n8n-nodes-invoicing e2e: ${pkg.name}@${pkg.version} in a real n8n ${N8N_VERSION} on Node ${NODE_VERSION}`);

	// 1. n8n and Node 24 in the cache
	log('\n[1/6] n8n installation');
	let paths;
	if (!(await check(`n8n ${N8N_VERSION} and Node ${NODE_VERSION} in the cache`, async () => {
		paths = await ensureN8n({ log: (m) => log(`        ${m}`) });
		return paths.cache;
	}))) return;

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-invoicing-e2e-'));
	const n8n = new N8nInstance({ paths, userFolder: path.join(workDir, 'user'), logDir: path.join(workDir, 'logs') });
	log(`        work folder: ${workDir}`);
	process.on('exit', () => {
		const failed = results.some((r) => !r.ok);
		if (!failed && !process.env.N8N_E2E_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
		else log(`\nn8n user folder and logs kept in ${workDir}`);
	});

	// 2. pack and install like the Community Nodes installer
	log('\n[2/6] npm pack and install into the n8n user folder');
	const registered = registeredTypes();
	let packed;
	let installedDir;
	await check('every file in package.json "n8n" is built into dist/', () => {
		assert.deepEqual(registered.problems, [], registered.problems.join('\n'));
		return `${registered.nodes.length} node(s), ${registered.credentials.length} credential(s)`;
	});
	if (!(await check('npm pack', async () => {
		packed = await packPackage(path.join(workDir, 'pack'));
		return `${path.basename(packed.tarball)}, ${packed.files.length} files`;
	}))) return;
	// Not fatal: the run goes on so that n8n itself shows what a user would get from such a tarball.
	await check('every file in package.json "n8n" is in the tarball', () => {
		const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((f) => !packed.files.includes(f));
		assert.deepEqual(missing, [], `files registered in package.json but not in the tarball: ${missing.join(', ')}`);
	});
	if (!(await check('install the tarball into <N8N_USER_FOLDER>/.n8n/nodes like n8n does', async () => {
		installedDir = await installLikeN8n(n8n.nodesFolder, packed);
		return path.relative(workDir, installedDir);
	}))) return;

	// 3. sandboxes, credentials, workflows
	log('\n[3/6] provider sandboxes, credentials and example workflows');
	const examples = loadExamples(only);
	const providers = loadProviders();
	const specsByFile = new Map();
	for (const provider of providers) for (const [file, runs] of Object.entries(provider.examples)) specsByFile.set(file, { provider, runs });
	await check('every example has expectations and every expectation an example', () => {
		const allFiles = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
		const noSpec = allFiles.filter((f) => !specsByFile.has(f));
		const noFile = [...specsByFile.keys()].filter((f) => !allFiles.includes(f));
		assert.deepEqual(noSpec, [], `examples without expectations in test/e2e/providers/: ${noSpec.join(', ')}`);
		assert.deepEqual(noFile, [], `expectations for missing examples: ${noFile.join(', ')}`);
		return `${allFiles.length} example(s)`;
	});
	await check('every node in package.json is used by an example', () => {
		const used = new Set(loadExamples().flatMap(({ workflow }) => workflow.nodes.map((n) => n.type)));
		const unused = registered.nodes.map((n) => `${OUR_PREFIX}${n.name}`).filter((type) => !used.has(type));
		assert.deepEqual(unused, [], `nodes without an example workflow: ${unused.join(', ')}`);
	});

	const credentialRefs = new Map(); // id → { id, name, type }
	for (const { file, workflow } of examples) {
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				const known = credentialRefs.get(ref.id);
				if (known && (known.type !== type || known.name !== ref.name)) throw new Error(`${file}: credential id ${ref.id} is used for two credentials`);
				credentialRefs.set(ref.id, { id: ref.id, name: ref.name, type });
			}
		}
	}
	const contexts = new Map();
	const providerFor = (credentialType) => providers.find((p) => p.credentialTypes.includes(credentialType));
	const needed = new Set([...examples.map(({ file }) => specsByFile.get(file)?.provider).filter(Boolean)]);
	for (const ref of credentialRefs.values()) {
		const provider = providerFor(ref.type);
		if (provider) needed.add(provider);
	}
	if (!(await check('start the provider sandboxes on 127.0.0.1', async () => {
		for (const provider of needed) contexts.set(provider, await provider.start());
		return [...needed].map((p) => `${p.name} ${contexts.get(p).baseUrl}`).join(', ');
	}))) return;

	try {
		if (!(await check('n8n import:credentials (the credentials the examples reference, pointing at the sandboxes)', async () => {
			const credentials = [...credentialRefs.values()].map((ref) => {
				const provider = providerFor(ref.type);
				assert.ok(provider, `no provider in test/e2e/providers/ knows credential type ${ref.type}`);
				return { id: ref.id, name: ref.name, type: ref.type, data: provider.credentialData(ref.type, contexts.get(provider)) };
			});
			const file = path.join(workDir, 'credentials.json');
			fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
			const out = await n8n.cli('import-credentials', ['import:credentials', `--input=${file}`]);
			assert.ok(out.log.some((l) => /Successfully imported/.test(l.message)), 'n8n did not report the import');
			return credentials.map((c) => `${c.type} "${c.name}"`).join(', ');
		}))) return;

		if (!(await check('n8n import:workflow (every file in examples/, as is)', async () => {
			const input = only ? path.join(workDir, 'examples') : EXAMPLES_DIR;
			if (only) {
				fs.mkdirSync(input, { recursive: true });
				for (const { file } of examples) fs.copyFileSync(path.join(EXAMPLES_DIR, file), path.join(input, file));
			}
			const out = await n8n.cli('import-workflows', ['import:workflow', '--separate', `--input=${input}`]);
			const message = out.log.map((l) => l.message).find((m) => /Successfully imported \d+ workflow/.test(m));
			assert.ok(message, 'n8n did not report the import');
			assert.equal(Number(/(\d+) workflow/.exec(message)[1]), examples.length);
			return message;
		}))) return;

		// 4. what n8n loaded
		log('\n[4/6] what n8n loaded');
		let exported;
		let exportLog;
		await check('n8n export:nodes', async () => {
			const file = path.join(workDir, 'nodes.json');
			const out = await n8n.cli('export-nodes', ['export:nodes', `--output=${file}`]);
			exportLog = out.log;
			exported = JSON.parse(fs.readFileSync(file, 'utf8'));
			return `${exported.length} node types`;
		});
		await check(`n8n's loader loaded ${pkg.n8n.nodes.length} node file(s) and ${pkg.n8n.credentials.length} credential file(s) of ${pkg.name}`, () => {
			assert.ok(exportLog, 'no loader log');
			const problems = exportLog.filter((l) => ['error', 'warn'].includes(l.level) && JSON.stringify(l).includes(pkg.name));
			assert.deepEqual(problems.map((l) => l.message), [], 'n8n reported problems with the package');
			const loaded = exportLog.find((l) => l.message === `Loaded all credentials and nodes from ${pkg.name}`);
			assert.ok(loaded, `n8n did not load ${pkg.name} (no "Loaded all credentials and nodes from ${pkg.name}" in its log)`);
			assert.equal(loaded.metadata.nodes, pkg.n8n.nodes.length, 'nodes n8n loaded');
			assert.equal(loaded.metadata.credentials, pkg.n8n.credentials.length, 'credentials n8n loaded');
			return `nodes: ${loaded.metadata.nodes}, credentials: ${loaded.metadata.credentials}`;
		});
		await check('every node is a known node type in n8n, with its icon files installed', () => {
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
				assert.ok(exported.some((t) => t.name === `${type.name}Tool`), `${type.name} is not offered as an AI tool`);
			}
			return ours.map((t) => `${t.name} v${t.version}`).join(', ');
		});
		await check('every node type the examples use is known to n8n', () => {
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

		// 5. run the examples
		log('\n[5/6] run the examples');
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
		const webhookRuns = [];
		for (const { file, workflow } of examples) {
			const spec = specsByFile.get(file);
			if (!spec) continue;
			const ctx = contexts.get(spec.provider);
			for (const runSpec of spec.runs) {
				if (runSpec.kind === 'webhook') {
					webhookRuns.push({ file, workflow, spec, runSpec, ctx });
					continue;
				}
				await check(`${file}: n8n execute --id=${workflow.id}`, async () => {
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
			const ids = [...new Set(webhookRuns.map((w) => w.workflow.id))];
			await check(`n8n publish:workflow (${ids.join(', ')})`, async () => {
				for (const id of ids) await n8n.cli(`publish-${id}`, ['publish:workflow', `--id=${id}`]);
			});
			let server;
			if (await check('n8n start (loopback only)', async () => {
				server = await n8n.startServer({ name: 'start-webhooks' });
				return server.baseUrl;
			})) {
				try {
					const rest = new RestClient(server.baseUrl);
					await check('owner account set up through the REST API', async () => {
						await rest.ownerLogin();
					});
					for (const { file, workflow, spec, runSpec, ctx } of webhookRuns) {
						await check(`${file}: ${runSpec.method} /webhook/${runSpec.path}`, async () => {
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
					await check('the editor serves every node icon and knows every credential type', async () => {
						for (const type of exported.filter((t) => t.name.startsWith(OUR_PREFIX) && !t.name.endsWith('Tool'))) {
							for (const url of typeof type.iconUrl === 'string' ? [type.iconUrl] : Object.values(type.iconUrl)) {
								const res = await server.request(`/${url}`);
								assert.equal(res.status, 200, `GET /${url}`);
								assert.match(res.headers['content-type'] ?? '', /image\/svg\+xml|image\/png/, `GET /${url} content type`);
							}
						}
						const types = await rest.call('GET', '/types/credentials.json');
						const names = new Set(types.map((t) => t.name));
						const missing = registered.credentials.map((c) => c.name).filter((name) => !names.has(name));
						assert.deepEqual(missing, [], 'credential types the editor does not know');
						for (const c of types.filter((t) => registered.credentials.some((r) => r.name === t.name))) {
							assert.ok(c.iconUrl || c.icon, `credential ${c.name} has no icon`);
						}
						return `${registered.credentials.map((c) => c.name).join(', ')}`;
					});
				} finally {
					await server.stop();
				}
			}
		}

		await check('every node of ours in every example produced items in at least one run', () => {
			const never = [...coverage.entries()].filter(([, ran]) => !ran).map(([key]) => key.replace('|', ': '));
			assert.ok(coverage.size > 0, 'the examples use none of our nodes');
			assert.deepEqual(never, [], 'nodes that never produced items');
			return `${coverage.size} node(s)`;
		});
		await check('expressions ran in n8n\'s default engine: isolated-vm ("vm"), not legacy', () => {
			assert.ok(evaluations > 0, 'no isolated-vm evaluations seen');
			return `${evaluations} evaluations logged by [IsolatedVmBridge]`;
		});

		// 6. provider-wide checks
		log('\n[6/6] provider checks');
		for (const provider of needed) {
			if (provider.finalCheck) await check(`${provider.name}: ${provider.finalCheckName ?? 'requests over the whole run'}`, () => provider.finalCheck(contexts.get(provider)));
		}
	} finally {
		for (const [provider, ctx] of contexts) await provider.stop(ctx).catch(() => {});
	}
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
