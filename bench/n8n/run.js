'use strict';
// `npm run bench:n8n` (and the second half of `npm run bench`): the nodes where users run them, in a
// real n8n 2.41.1 on Node 24 (the e2e's cached install, its default isolated-vm expression engine),
// one `n8n execute` process per scenario. For Create on each provider, the same items go through
// our node, n8n's HTTP Request node (same JSON body, Bearer Auth credential) and a bare declarative
// node (one JSON body expression, fixed bearer header); time in the node is the run data's
// `executionTime`, memory the n8n process's peak RSS. Then 250 Pennylane creates at the real
// 25 requests per 5 s, and a count of the expression resolutions per item (profile.js).
//
// Environment:
//   BENCH_QUICK=1                 200 items, no 10,000-item runs, 75 rate-limited items
//   BENCH_N8N_ITEMS=1000,10000    item counts of the Create runs (0: none)
//   BENCH_N8N_BIG=pennylane       providers that also run at the largest count (comma list, or "all")
//   BENCH_N8N_REPEAT=3            runs of each Create scenario below 10,000 items (median reported; 1 with BENCH_QUICK)
//   BENCH_N8N_REPEAT_BIG=1        runs of each 10,000-item scenario
//   BENCH_N8N_PROVIDERS=a,b       only these providers (levers, katsupay, pennylane)
//   BENCH_N8N_RATE=0              skip the rate-limited runs;  BENCH_N8N_PROFILE=0  skip both profiles
//   BENCH_N8N_CPU=0               skip the CPU profile (--cpu-prof of the n8n process)
//   BENCH_N8N_KEEP=1              keep the n8n user folder and logs
// `node bench/n8n/run.js --report` prints the tables of the last run from bench/results.json.
const fs = require('fs');
const os = require('os');
const path = require('path');
const providers = require('./providers');
const { prepareN8n, writeFloorNode, workflow, importAll, execute, nodeRun, machine, idFor } = require('./lib');
const profile = require('./profile');
const { table } = require('../lib');

const QUICK = process.env.BENCH_QUICK === '1';
const COUNTS = (process.env.BENCH_N8N_ITEMS ?? (QUICK ? '200' : '1000,10000')).split(',').map(Number).filter((n) => n > 0);
const BIG = (process.env.BENCH_N8N_BIG ?? 'pennylane').split(',');
const ONLY = process.env.BENCH_N8N_PROVIDERS?.split(',');
const RATE_ITEMS = QUICK ? 75 : 250;
// Runs of each Create scenario (the median is reported): 3 below 10,000 items, 1 at 10,000.
const REPEAT = Number(process.env.BENCH_N8N_REPEAT ?? (QUICK ? 1 : 3));
const REPEAT_BIG = Number(process.env.BENCH_N8N_REPEAT_BIG ?? 1);
const RATE = { limit: 25, windowMs: 5000 }; // Pennylane's documented limit; the sandbox sends whole-second resets
const RESULTS = path.join(__dirname, '..', 'results.json');

const log = (...args) => console.log(...args);
const VARIANTS = { ours: 'our node', http: 'HTTP Request node', floor: 'bare declarative node' };

function httpNode(provider, ctx, credential, extra = {}) {
	const request = provider.request(ctx);
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: request.method, url: request.url, authentication: 'genericCredentialType', genericAuthType: 'httpBearerAuth',
			sendBody: true, specifyBody: 'json', jsonBody: `={{ ${request.body} }}`, options: extra.options ?? {},
		},
		credentials: { httpBearerAuth: credential },
		...(extra.settings ?? {}),
	};
}

const ourNode = (provider, ctx, credential) => ({
	type: provider.ourType, typeVersion: 1, parameters: provider.ourParameters(ctx), credentials: { [provider.credential.type]: credential },
});

const floorNode = (floorType, provider, ctx) => ({ type: floorType, typeVersion: 1, parameters: { body: `={{ ${provider.request(ctx).body} }}` } });

const ratioText = (value, target, cmp) => (value === undefined ? 'n/a' : `${value} (target ${cmp} ${target}: ${(cmp === '>=' ? value >= target : value <= target) ? 'met' : 'NOT met'})`);

async function main() {
	const began = Date.now();
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-invoicing-bench-'));
	log(`\nReal n8n benchmark (work folder ${workDir})`);
	const section = { machine: machine(), note: '', startedAt: new Date().toISOString(), bulk: [], targets: [], rateLimited: [], profile: undefined };
	const chosen = providers.filter((p) => !ONLY || ONLY.includes(p.name));
	const started = new Map();
	let limited;
	let failed = false;
	try {
		const { n8n } = await prepareN8n({ workDir, log });
		// Sandboxes in this process; credentials and workflows point at them.
		for (const provider of chosen) started.set(provider, await provider.start());
		const pennylane = providers.find((p) => p.name === 'pennylane');
		limited = RATE_ITEMS && process.env.BENCH_N8N_RATE !== '0' ? await pennylane.start({ ...RATE, resetPrecision: 'seconds' }) : undefined;

		const credentials = [];
		const credentialFor = (kind, provider, data, suffix = '') => {
			const ref = { id: idFor(`${kind}/${provider.name}${suffix}`), name: `bench ${kind} ${provider.name}${suffix}` };
			credentials.push({ ...ref, type: kind === 'ours' ? provider.credential.type : 'httpBearerAuth', data });
			return ref;
		};
		const workflows = [];
		const bulkPlan = [];
		let offset = 0;
		for (const provider of chosen) {
			const { ctx } = started.get(provider);
			const ours = credentialFor('ours', provider, provider.credential.data(ctx));
			const bearer = credentialFor('bearer', provider, { token: provider.token });
			const floorType = writeFloorNode(n8n, provider, ctx);
			for (const count of COUNTS) {
				if (count === Math.max(...COUNTS) && COUNTS.length > 1 && !BIG.includes('all') && !BIG.includes(provider.name)) continue;
				const steps = [];
				for (const [variant, node] of [['ours', ourNode(provider, ctx, ours)], ['http', httpNode(provider, ctx, bearer)], ['floor', floorNode(floorType, provider, ctx)]]) {
					const w = workflow({ name: `bench ${provider.name} ${variant} ${count}`, count, offset, node });
					offset += count + 1000;
					workflows.push(w);
					steps.push({ provider, variant, count, workflowId: w.id });
				}
				// Repeats take turns (ours, HTTP, bare, ours, …) so that a change in the machine's load
				// falls on all three alike.
				for (let round = 0; round < (count >= 10_000 ? REPEAT_BIG : REPEAT); round++) bulkPlan.push(...steps);
			}
		}
		const ratePlan = [];
		if (limited) {
			const ours = credentialFor('ours', pennylane, pennylane.credential.data(limited.ctx), ' rate-limited');
			const bearer = credentialFor('bearer', pennylane, { token: pennylane.token }, ' rate-limited');
			const variants = [
				['our node (no settings)', ourNode(pennylane, limited.ctx, ours)],
				['HTTP Request node, defaults', httpNode(pennylane, limited.ctx, bearer)],
				['HTTP Request node, tuned (batches of 25 every 5000 ms, Retry On Fail)', httpNode(pennylane, limited.ctx, bearer, { options: { batching: { batch: { batchSize: 25, batchInterval: 5000 } } }, settings: { retryOnFail: true } })],
			];
			for (const [label, node] of variants) {
				const w = workflow({ name: `bench rate-limited ${label}`, count: RATE_ITEMS, offset, node });
				offset += RATE_ITEMS + 1000;
				workflows.push(w);
				ratePlan.push({ label, workflowId: w.id });
			}
		}
		const profilePlan = process.env.BENCH_N8N_PROFILE === '0' ? [] : profile.plan({ providers: chosen, started, credentialFor, workflows, offsetStart: offset, ourNode, httpNode, floorNode, writeFloorNode: (p, ctx) => writeFloorNode(n8n, p, ctx) });
		const cpuPlan = process.env.BENCH_N8N_PROFILE === '0' || process.env.BENCH_N8N_CPU === '0' ? { steps: [] } : profile.cpuPlan({ providers: chosen, started, workflows, offsetStart: offset + 100_000, ourNode, httpNode, floorNode, writeFloorNode: (p, ctx) => writeFloorNode(n8n, p, ctx) });
		await importAll(n8n, workDir, credentials, workflows);
		log(`imported ${credentials.length} credentials and ${workflows.length} workflows`);

		// 1. Create: one n8n process per provider × node × item count × repeat.
		const runs = [];
		for (const step of bulkPlan) {
			const { sandbox } = started.get(step.provider);
			step.provider.reset(sandbox);
			const before = step.provider.records(sandbox).length;
			const result = await execute(n8n, step.workflowId, { name: `${step.provider.name}-${step.variant}-${step.count}` });
			const run = nodeRun(result);
			const records = step.provider.records(sandbox).slice(before);
			const row = {
				provider: step.provider.title, node: VARIANTS[step.variant], items: step.count, seconds: +(run.executionMs / 1000).toFixed(2),
				itemsPerSecond: Math.round((step.count / run.executionMs) * 1000), peakRssMB: run.peakRssMB, peakRssInNodeMB: run.peakRssInNodeMB,
				created: records.length, duplicates: records.length - new Set(records).size, failed: run.error ? step.count - records.length : run.itemErrors,
				processSeconds: +result.seconds.toFixed(1), error: run.error,
			};
			runs.push(row);
			log(`  ${row.provider} ${row.node} ${row.items}: ${row.seconds} s in the node, ${row.itemsPerSecond} items/s, peak RSS ${row.peakRssMB} MB, created ${row.created}${row.error ? `, ERROR ${row.error}` : ''}`);
		}
		section.bulk = medians(runs);
		for (const provider of chosen) {
			for (const count of COUNTS) {
				const get = (variant) => section.bulk.find((r) => r.provider === provider.title && r.items === count && r.node === VARIANTS[variant]);
				const [ours, http, floor] = ['ours', 'http', 'floor'].map(get);
				if (!ours) continue;
				section.targets.push({
					provider: provider.title, items: count,
					vsHttp: +(ours.itemsPerSecond / http.itemsPerSecond).toFixed(2), vsFloor: +(ours.itemsPerSecond / floor.itemsPerSecond).toFixed(2),
					httpVsFloor: +(http.itemsPerSecond / floor.itemsPerSecond).toFixed(2),
					rssVsHttp: +(ours.peakRssMB / http.peakRssMB).toFixed(2), checkRss: count >= 10000,
				});
			}
		}

		// 2. Rate-limited: each run starts with fresh windows.
		for (const step of ratePlan) {
			limited.sandbox.setRateLimit({ ...RATE, resetPrecision: 'seconds' });
			pennylane.reset(limited.sandbox);
			await new Promise((resolve) => setTimeout(resolve, 1000));
			const requestsBefore = limited.sandbox.server.requests.length;
			const before = pennylane.records(limited.sandbox).length;
			const result = await execute(n8n, step.workflowId, { name: `rate-limited-${step.label.split(' ')[0]}-${ratePlan.indexOf(step)}` });
			const run = nodeRun(result);
			const answers = limited.sandbox.server.requests.slice(requestsBefore);
			const records = pennylane.records(limited.sandbox).slice(before);
			const unique = new Set(records).size;
			const minimumSeconds = (RATE_ITEMS / RATE.limit - 1) * (RATE.windowMs / 1000);
			// n8n resolves every item's parameters before the first request leaves: that start-up is in the
			// node's time but no pacing can shorten it; first-to-last request is the pacing alone.
			const arrivals = answers.map((r) => r.at).filter(Number.isFinite);
			const startupSeconds = arrivals.length ? +((Math.min(...arrivals) - run.startTime) / 1000).toFixed(1) : undefined;
			const spanSeconds = arrivals.length ? +((Math.max(...arrivals) - Math.min(...arrivals)) / 1000).toFixed(1) : undefined;
			const row = {
				node: step.label, items: RATE_ITEMS, limit: `${RATE.limit} per ${RATE.windowMs / 1000} s`, seconds: +(run.executionMs / 1000).toFixed(1), minimumSeconds,
				ratio: +(run.executionMs / 1000 / minimumSeconds).toFixed(3), startupSeconds, spanSeconds, created: unique, duplicates: records.length - unique,
				allCreatedOnce: unique === RATE_ITEMS && records.length === RATE_ITEMS,
				answers429: answers.filter((r) => r.status === 429 || r.rateLimited).length,
				failedItems: run.error ? RATE_ITEMS - unique : run.itemErrors,
				failures429: run.error ? (/429|rate limit|too many requests|spacing your requests/i.test(run.error) ? RATE_ITEMS - unique : 0) : 0,
				error: run.error, peakRssMB: run.peakRssMB,
			};
			section.rateLimited.push(row);
			log(`  rate-limited ${row.node}: ${row.seconds} s in the node (minimum ${minimumSeconds} s), created ${row.created}, 429 answers ${row.answers429}, failed items ${row.failedItems}${row.error ? `, node error: ${row.error.slice(0, 160)}` : ''}`);
		}

		// 3. Expression resolutions per item (a counting preload in the n8n process).
		if (profilePlan.length) section.profile = await profile.run({ n8n, plan: profilePlan, log });
		if (cpuPlan.steps.length) section.cpuProfile = await profile.cpu({ n8n, steps: cpuPlan.steps, log });
	} catch (error) {
		failed = true;
		section.error = error.stack ?? error.message;
		log(`\nFAIL: ${error.stack ?? error.message}`);
	} finally {
		for (const { sandbox } of [...started.values(), ...(limited ? [limited] : [])]) await sandbox.stop().catch(() => {});
		if (!failed && process.env.BENCH_N8N_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
		else log(`n8n user folder and logs kept in ${workDir}`);
	}
	section.finishedAt = new Date().toISOString();
	section.minutes = +((Date.now() - began) / 60000).toFixed(1);
	section.note =
		`One run on a shared ${section.machine.cores}-core machine (load average ${section.machine.loadAverageAtStart.join(' / ')} at the start): figures are noisy; ratios come from runs made minutes apart, not side by side.`;
	report(section);
	const results = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, 'utf8')) : {};
	// A partial run (BENCH_N8N_ITEMS=0, BENCH_N8N_RATE=0, …) keeps the earlier run's other parts, and says so.
	const earlier = results.realN8n ?? {};
	const parts = ['bulk', 'targets', 'rateLimited', 'profile', 'cpuProfile'];
	const kept = parts.filter((part) => (section[part] === undefined || section[part]?.length === 0) && earlier[part]?.length);
	for (const part of kept) section[part] = earlier[part];
	if (kept.length) section.partsFromEarlierRun = { parts: kept, startedAt: earlier.partsFromEarlierRun?.startedAt ?? earlier.startedAt, machine: earlier.machine };
	results.realN8n = section;
	fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
	log(`\nWrote the realN8n section of ${path.relative(process.cwd(), RESULTS)}`);
	if (failed) process.exitCode = 1;
	return section;
}

/** One row per provider × node × item count: the run with the median time in the node, every run's seconds in `runs`. */
function medians(rows) {
	const groups = new Map();
	for (const row of rows) {
		const key = `${row.provider}|${row.node}|${row.items}`;
		groups.set(key, [...(groups.get(key) ?? []), row]);
	}
	return [...groups.values()].map((group) => {
		const sorted = [...group].sort((a, b) => a.seconds - b.seconds);
		const median = sorted[Math.floor((sorted.length - 1) / 2)];
		// Every run must have created every item once: the worst run's counts are the row's.
		const worst = (key) => Math.max(...group.map((r) => r[key] ?? 0));
		return { ...median, runs: group.map((r) => r.seconds), created: Math.min(...group.map((r) => r.created)), duplicates: worst('duplicates'), failed: worst('failed'), error: group.find((r) => r.error)?.error };
	});
}

function report(section) {
	const m = section.machine;
	log(`\nReal n8n ${m.n8n} on Node ${m.n8nNode}, isolated-vm expressions; ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB. ${section.note}`);
	const bulk = section.bulk.map((r) => ({ ...r, runsText: (r.runs ?? [r.seconds]).join(' / ') }));
	table('Create in a real n8n (time in the node = run data executionTime; peak RSS of the n8n process; the median run of each)', bulk, [
		['provider', 'provider'], ['node', 'node'], ['items', 'items'], ['s in node (median)', 'seconds'], ['runs s', 'runsText'], ['items/s', 'itemsPerSecond'], ['peak RSS MB', 'peakRssMB'], ['RSS while node ran MB', 'peakRssInNodeMB'], ['created', 'created'], ['dup', 'duplicates'], ['failed', 'failed'],
	]);
	const targets = section.targets.map((t) => ({
		...t,
		vsHttpText: ratioText(t.vsHttp, 1.0, '>='), vsFloorText: ratioText(t.vsFloor, 0.9, '>='),
		rssText: t.checkRss ? ratioText(t.rssVsHttp, 1.1, '<=') : `${t.rssVsHttp} (target applies at 10,000)`,
	}));
	table('Targets (issue 15): ours/HTTP items/s >= 1.0, ours/bare items/s >= 0.9, peak RSS ours/HTTP <= 1.1 at 10,000 items', targets, [
		['provider', 'provider'], ['items', 'items'], ['ours / HTTP Request', 'vsHttpText'], ['ours / bare declarative', 'vsFloorText'], ['HTTP / bare', 'httpVsFloor'], ['RSS ours / HTTP', 'rssText'],
	]);
	if (section.rateLimited.length) {
		// The targets are ours; the HTTP Request node's figures are the comparison.
		const rows = section.rateLimited.map((r) => ({ ...r, ratioText: r.node.startsWith('our node') ? ratioText(r.ratio, 1.05, '<=') : String(r.ratio), failures429: r.failures429 ?? 0 }));
		table('Rate-limited: Pennylane creates at 25 per 5 s, whole-second ratelimit-reset (target: all created once, 0 x 429 failures, <= 1.05 x minimum)', rows, [
			['node', 'node'], ['items', 'items'], ['s in node', 'seconds'], ['minimum s', 'minimumSeconds'], ['ratio', 'ratioText'], ['before 1st request s', 'startupSeconds'], ['1st to last request s', 'spanSeconds'], ['created', 'created'], ['all once', 'allCreatedOnce'], ['dup', 'duplicates'], ['429 answers', 'answers429'], ['items lost to 429', 'failures429'], ['failed items', 'failedItems'],
		]);
	}
	if (section.profile) profile.report(section.profile, table);
	if (section.cpuProfile) profile.reportCpu(section.cpuProfile, table);
}

module.exports = { main, report };

if (require.main === module) {
	// `node bench/n8n/run.js --report`: prints the tables of the realN8n section already in results.json.
	if (process.argv.includes('--report')) report(JSON.parse(fs.readFileSync(RESULTS, 'utf8')).realN8n);
	else main();
}
