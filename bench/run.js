'use strict';
// `npm run bench`: performance of the nodes in n8n's engine against the provider sandboxes, each
// figure a ratio measured side by side in this run. Prints a table, writes bench/results.json.
// Then the same in a real n8n (bench/n8n/run.js, alone: `npm run bench:n8n`; BENCH_N8N=0 skips it).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createHarness } = require('../test/harness/engine');
const { benchItems: items, runFloor, now, median, sendPlain, runChild, packFootprint, table } = require('./lib');

const ROOT = path.resolve(__dirname, '..');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const QUICK = process.env.BENCH_QUICK === '1';
const BULK = QUICK ? 200 : 1000;
const BIG = QUICK ? 2000 : 10000;
const providers = ['levers', 'katsupay', 'pennylane']
	.filter((name) => fs.existsSync(path.join(__dirname, 'providers', `${name}.js`)))
	.map((name) => ({ name, ...require(`./providers/${name}.js`) }));

const results = { machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, startedAt: new Date().toISOString(), bulk: [], rateLimited: [], memory: [], footprint: {}, scaling: [] };
let offset = 0;

/** Times `count` creates through the node, and the same requests sent with plain HTTP. */
async function bulkRound(provider, started, harness, credentials, count, { nodeOnly = false } = {}) {
	const input = items(count, offset);
	offset += count;
	const before = provider.createdCount(started.sandbox);
	let t = now();
	const run = await harness.runNode({ type: provider.type, parameters: provider.createParameters(started.ctx), credentials, input });
	const nodeMs = now() - t;
	if (run.error) throw new Error(`${provider.title}: ${run.error.message}`);
	const created = provider.createdCount(started.sandbox) - before;
	if (nodeOnly) return { nodeMs, created, failed: run.items.filter((i) => i.error).length };
	const requests = items(count, offset).map((item) => provider.baselineRequest(started.ctx, item));
	offset += count;
	t = now();
	const plain = await sendPlain(started.sandbox.baseUrl, requests);
	const plainMs = now() - t;
	if (plain.failures) throw new Error(`${provider.title}: ${plain.failures} baseline requests failed; the comparison would be meaningless`);
	// The engine floor: the same requests through a bare declarative node in n8n's engine.
	const floorRequests = items(count, offset).map((item) => provider.baselineRequest(started.ctx, item));
	offset += count;
	t = now();
	await runFloor(provider.title, started.sandbox.baseUrl, floorRequests);
	const floorMs = now() - t;
	return { nodeMs, plainMs, floorMs, created, failed: run.items.filter((i) => i.error).length };
}

async function bulk(provider, latencyMs) {
	const started = await provider.start();
	try {
		started.sandbox.server.setLatency(latencyMs);
		const harness = createHarness();
		const credentials = provider.credential(harness, started.ctx);
		await bulkRound(provider, started, harness, credentials, 20); // warm-up
		const rounds = [];
		for (let i = 0; i < REPEATS; i++) rounds.push(await bulkRound(provider, started, harness, credentials, BULK));
		const nodeMs = median(rounds.map((r) => r.nodeMs));
		const plainMs = median(rounds.map((r) => r.plainMs));
		const floorMs = median(rounds.map((r) => r.floorMs));
		return {
			provider: provider.title, items: BULK, latencyMs,
			nodeItemsPerSecond: Math.round((BULK / nodeMs) * 1000), plainItemsPerSecond: Math.round((BULK / plainMs) * 1000),
			floorItemsPerSecond: Math.round((BULK / floorMs) * 1000),
			ratio: +(plainMs / nodeMs).toFixed(2), floorRatio: +(plainMs / floorMs).toFixed(2), nodeVsFloor: +(floorMs / nodeMs).toFixed(2), created: rounds.every((r) => r.created === BULK), failures: rounds.reduce((s, r) => s + r.failed, 0),
		};
	} finally {
		await started.sandbox.stop();
	}
}

async function scaling(provider) {
	const rows = [];
	for (const count of [100, 1000, BIG]) {
		const started = await provider.start();
		try {
			const harness = createHarness();
			const credentials = provider.credential(harness, started.ctx);
			await bulkRound(provider, started, harness, credentials, 20);
			const round = await bulkRound(provider, started, harness, credentials, count, { nodeOnly: true });
			if (round.created !== count) throw new Error(`${provider.title}: ${count - round.created} of ${count} items were not created`);
			rows.push({ provider: provider.title, items: count, itemsPerSecond: Math.round((count / round.nodeMs) * 1000), msPerItem: +(round.nodeMs / count).toFixed(3) });
		} finally {
			await started.sandbox.stop();
		}
	}
	return rows;
}

async function memory(provider, scenario) {
	const started = await provider.start();
	try {
		if (scenario === 'getAll') provider.seedForList(started.sandbox, BIG);
		const report = await runChild(scenario, { provider: provider.name, ctx: started.ctx, items: BIG });
		const names = { create: `Create ${BIG}`, getAll: `Get Many ${BIG}`, createFloor: `engine floor: bare declarative node, ${BIG} creates` };
		return { provider: provider.title, scenario: names[scenario], items: report.produced, peakRssMB: Math.round(report.peakRssBytes / 2 ** 20) };
	} finally {
		await started.sandbox.stop();
	}
}

async function main() {
	for (const provider of providers.filter((p) => p.createParameters)) {
		for (const latency of [0, 20]) results.bulk.push(await bulk(provider, latency));
	}
	// In a fresh process: after the bulk runs, this one's larger heap slowed n8n's start-up by about a third.
	// 250 items at the real 25 per 5 s: 45 s minimum (issue 15's scenario; 75 items, 10 s, when quick).
	for (const provider of providers.filter((p) => p.rateLimitedRun)) results.rateLimited.push(await runChild('rateLimited', { provider: provider.name, items: QUICK ? 75 : 250 }));
	for (const provider of providers) {
		results.memory.push(await memory(provider, 'getAll'));
		results.memory.push(await memory(provider, 'create'));
		if (provider.baselineRequest) results.memory.push(await memory(provider, 'createFloor'));
	}
	const pack = packFootprint(ROOT);
	const loads = [];
	for (let i = 0; i < 5; i++) loads.push(await runChild('load', {}));
	results.footprint = { ...pack, loadMs: +median(loads.map((l) => l.loadMs)).toFixed(1), nodes: loads[0].nodes, credentials: loads[0].credentials };
	results.scaling = await scaling(providers[0]);

	table(`Bulk create (${BULK} items, node in n8n's engine vs plain Node HTTP, same concurrency; target ratio >= 0.8)`, results.bulk, [
		['provider', 'provider'], ['latency ms', 'latencyMs'], ['node items/s', 'nodeItemsPerSecond'], ['plain items/s', 'plainItemsPerSecond'], ['ratio', 'ratio'], ['floor items/s', 'floorItemsPerSecond'], ['floor/plain', 'floorRatio'], ['node/floor', 'nodeVsFloor'], ['all created', 'created'], ['failures', 'failures'],
	]);
	if (results.rateLimited.length) {
		table('Rate-limited create (target: wall time <= 1.05 x the theoretical minimum (issue 15), zero 429 failures, zero duplicates)', results.rateLimited, [
			['provider', 'provider'], ['items', 'items'], ['limit', 'limit'], ['wall s', 'wallSeconds'], ['minimum s', 'minimumSeconds'], ['ratio', 'ratio'], ['engine start-up s', 'startupSeconds'], ['ratio without start-up', 'pacedRatio'], ['429 answers', 'answers429'], ['429 failures', 'failures429'], ['failed items', 'failedItems'], ['duplicates', 'duplicates'],
		]);
	}
	table('Peak memory of the n8n process (target < 300 MB)', results.memory, [['provider', 'provider'], ['scenario', 'scenario'], ['items out', 'items'], ['peak RSS MB', 'peakRssMB']]);
	table('Footprint (targets: tarball < 150 KB, loading < 100 ms)', [results.footprint], [['tarball bytes', 'tarballBytes'], ['files', 'files'], ['unpacked bytes', 'unpackedBytes'], ['nodes', 'nodes'], ['credentials', 'credentials'], ['n8n loader ms', 'loadMs']]);
	table('Scaling (throughput should stay flat as the item count grows)', results.scaling, [['provider', 'provider'], ['items', 'items'], ['items/s', 'itemsPerSecond'], ['ms/item', 'msPerItem']]);
	results.finishedAt = new Date().toISOString();
	// The real-n8n part keeps its own section (bench/n8n/run.js rewrites it; BENCH_N8N=0 keeps the last one).
	const file = path.join(__dirname, 'results.json');
	const earlier = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).realN8n : undefined;
	fs.writeFileSync(file, JSON.stringify(earlier ? { ...results, realN8n: earlier } : results, null, 2) + '\n');
	console.log(`\nWrote ${path.relative(process.cwd(), path.join(__dirname, 'results.json'))}`);
	// Where users run the nodes: a real n8n 2.41.1 on Node 24 (bench/n8n/run.js; BENCH_N8N=0 skips it).
	if (process.env.BENCH_N8N !== '0') await require('./n8n/run').main();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
