'use strict';
// How many times n8n resolves each parameter per item, for Create on each provider, in the real
// n8n: every user parameter of our node is given as an expression (a distinct text per parameter, so
// each resolution can be traced back to it), 3 items go through, and a preload module
// (count-expressions.js) counts the resolutions by item and by who asked. The bare declarative node
// and the HTTP Request node (Pennylane bodies) are counted the same way, for reference.
const fs = require('fs');
const path = require('path');
const { workflow, execute, idFor } = require('./lib');

const ITEMS = 3;
const FIXED = new Set(['resource', 'operation', 'authentication', 'mode', '__rl']);

/** Every user value as an expression with a text of its own; returns { parameters, names: text → path }. */
function asExpressions(parameters) {
	const names = {};
	let k = 0;
	const walk = (value, at, key) => {
		if (Array.isArray(value)) return value.map((v, i) => walk(v, `${at}[${i}]`, key));
		if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([kk, v]) => [kk, walk(v, at ? `${at}.${kk}` : kk, kk)]));
		if (FIXED.has(key) || value === undefined) return value;
		const inner = typeof value === 'string' && value.startsWith('={{') ? value.slice(3, -2).trim() : JSON.stringify(value);
		const text = `={{ ${inner}${' '.repeat(++k)}}}`;
		names[text] = at.replace(/\.value$/, '');
		return text;
	};
	return { parameters: walk(parameters, '', ''), names };
}

/** Adds the profile's workflows to `workflows`; returns the plan run() executes. */
function plan({ providers, started, credentialFor, workflows, offsetStart, ourNode, httpNode, floorNode, writeFloorNode }) {
	const steps = [];
	let offset = offsetStart;
	const add = (label, node, names, provider) => {
		const w = workflow({ name: `bench profile ${label}`, count: ITEMS, offset, node });
		offset += ITEMS + 1000;
		workflows.push(w);
		steps.push({ label, workflowId: w.id, names, provider: provider.title, reset: () => provider.reset(started.get(provider).sandbox) });
	};
	for (const provider of providers) {
		const { ctx } = started.get(provider);
		const credential = { id: idFor(`ours/${provider.name}`), name: `bench ours ${provider.name}` };
		const node = ourNode(provider, ctx, credential);
		const converted = asExpressions(node.parameters);
		add(`${provider.title} our node`, { ...node, parameters: converted.parameters }, converted.names, provider);
		if (provider.name === 'pennylane') {
			const floor = floorNode(writeFloorNode(provider, ctx), provider, ctx);
			add(`${provider.title} bare declarative node`, floor, { [floor.parameters.body]: 'body' }, provider);
			const http = httpNode(provider, ctx, { id: idFor(`bearer/${provider.name}`), name: `bench bearer ${provider.name}` });
			add(`${provider.title} HTTP Request node`, http, { [http.parameters.jsonBody]: 'jsonBody' }, provider);
		}
	}
	void credentialFor;
	return steps;
}

const sum = (o) => Object.values(o ?? {}).reduce((s, n) => s + n, 0);

/** Runs each profile workflow with the counting preload; returns per-parameter counts for one item. */
async function run({ n8n, plan: steps, log }) {
	const preload = path.join(__dirname, 'count-expressions.js');
	const results = [];
	for (const step of steps) {
		step.reset();
		const file = path.join(n8n.logDir, `profile-${step.workflowId}.json`);
		const result = await execute(n8n, step.workflowId, { name: `profile-${step.label}`, nodeArgs: ['--require', preload], env: { BENCH_PROFILE_OUT: file } });
		const runData = result.execution.data.resultData.runData['Under test']?.[0];
		const counts = JSON.parse(fs.readFileSync(file, 'utf8'));
		// Per item = all resolutions / items: n8n resolves a credential's authenticate expression with
		// item index 0 for every item's request, so counts by item index alone would mislead.
		const summarize = (table, named) =>
			Object.entries(table).map(([key, byItem]) => {
				const callers = {};
				for (const byCaller of Object.values(byItem)) for (const [who, n] of Object.entries(byCaller)) callers[who] = (callers[who] ?? 0) + n;
				for (const who of Object.keys(callers)) callers[who] = +(callers[who] / ITEMS).toFixed(2);
				const byItemIndex = Array.from({ length: ITEMS }, (_, i) => sum(byItem[String(i)]));
				return { key, parameter: named ? (step.names[key] ?? `(node-defined) ${key.replace(/\s+/g, ' ').slice(0, 70)}`) : key, userParameter: named ? key in step.names : undefined, perItem: +(sum(callers)).toFixed(2), byItemIndex, callers };
			});
		const expressions = summarize(counts.expressions, true).sort((a, b) => Number(b.userParameter) - Number(a.userParameter) || b.perItem - a.perItem);
		const getNodeParameter = summarize(counts.parameters, false).sort((a, b) => b.perItem - a.perItem);
		const row = {
			scenario: step.label, items: ITEMS, ok: !runData?.error, error: runData?.error?.message,
			expressionsPerItem: expressions.reduce((s, e) => s + e.perItem, 0),
			userExpressionsPerItem: expressions.filter((e) => e.userParameter).reduce((s, e) => s + e.perItem, 0),
			userParameters: Object.keys(step.names).length,
			expressions, getNodeParameter, stacks: counts.samples,
		};
		results.push(row);
		log(`  profile ${step.label}: ${row.expressionsPerItem} expression resolutions per item (${row.userExpressionsPerItem} for ${row.userParameters} user parameters)${row.error ? `, ERROR ${row.error}` : ''}`);
	}
	return results;
}

function report(profile, table) {
	for (const p of profile) {
		const rows = p.expressions.map((e) => ({
			parameter: e.parameter, perItem: e.perItem, byItem: e.byItemIndex.join('/'),
			callers: Object.entries(e.callers).map(([who, n]) => `${n}x ${who}`).join('; '),
		}));
		table(`Expression resolutions per item: ${p.scenario} (${p.expressionsPerItem} per item; ${p.userExpressionsPerItem} for ${p.userParameters} user parameters)`, rows, [
			['parameter', 'parameter'], ['per item', 'perItem'], ['items 0/1/2', 'byItem'], ['who resolved it (per item)', 'callers'],
		]);
		const calls = p.getNodeParameter.map((g) => ({ ...g, byItem: g.byItemIndex.join('/'), callers: Object.entries(g.callers).map(([who, n]) => `${n}x ${who}`).join('; ') }));
		table(`getNodeParameter calls per item: ${p.scenario}`, calls, [['parameter', 'parameter'], ['per item', 'perItem'], ['items 0/1/2', 'byItem'], ['who asked (per item)', 'callers']]);
	}
}

// Where the time in the node goes: a V8 CPU profile (--cpu-prof) of the n8n process, samples kept
// only while the node ran (matched through clock.js), each sample counted once in every category
// whose function is on its stack.
const CPU_ITEMS = 500;
/** Functions listed by self time in each CPU profile. */
const SELF_TOP = 15;
const OURS = (f) => /n8n-nodes-invoicing\/(dist\/)?(nodes|credentials)\//.test(f.url);
/** n8n's work that our code asks for: a parameter's value, a credential read, a request. */
const N8N_CALL = (f) => ['_getNodeParameter', '_getCredentials', 'getDecrypted', 'httpRequestWithAuthentication', 'makeRoutingRequest', 'rawRoutingRequest'].includes(f.functionName);
/** A sample is our own work when the nearest of those two kinds of frame, from the top of its stack, is ours. */
const OWN = 'our code, less what it asks n8n for (parameters, credentials, requests)';
const CATEGORIES = [
	['expression resolution (WorkflowExpression.resolveSimpleParameterValue)', (f) => f.functionName === 'resolveSimpleParameterValue' && f.url.includes('workflow-expression')],
	['RoutingNode.resolveBaseUrl (second pass over every property)', (f) => f.functionName === 'resolveBaseUrl'],
	['RoutingNode.getRequestOptionsFromParameters (both passes)', (f) => f.functionName === 'getRequestOptionsFromParameters'],
	['NodeHelpers.displayParameter', (f) => f.functionName === 'displayParameter'],
	['getNodeParameter', (f) => f.functionName === '_getNodeParameter'],
	['credential authenticate', (f) => f.functionName === 'authenticate' && f.url.includes('credentials-helper')],
	['getCredentials (credential read from the DB and decrypted, per call)', (f) => f.functionName === '_getCredentials' || f.functionName === 'getDecrypted'],
	["n8n's request helpers (httpRequest / httpRequestWithAuthentication)", (f) => f.functionName === 'httpRequestWithAuthentication' || (f.functionName === 'httpRequest' && f.url.includes('n8n-core'))],
	['our code (preSend, pacer, postReceive)', OURS],
	[OWN, () => false],
	['HTTP Request node execute', (f) => f.functionName === 'execute' && f.url.includes('HttpRequestV3')],
	['garbage collector', (f) => f.functionName === '(garbage collector)'],
	['idle (waiting for I/O)', (f) => f.functionName === '(idle)'],
];

function cpuBreakdown(profileFile, clock, run, items) {
	const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
	const parent = new Map();
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const toMono = (epochMs) => clock.monotonicUs - (clock.epochMs - epochMs) * 1000;
	const from = toMono(run.startTime);
	const to = toMono(run.startTime + run.executionTime);
	const totals = Object.fromEntries(CATEGORIES.map(([name]) => [name, 0]));
	// Self time (the sampled frame itself, not its callers) by function, for the heaviest ones.
	const self = new Map();
	let t = profile.startTime;
	let window = 0;
	const memo = new Map();
	const categoriesOf = (id) => {
		if (memo.has(id)) return memo.get(id);
		const set = new Set();
		let nearest;
		for (let at = id; at !== undefined; at = parent.get(at)) {
			const frame = byId.get(at).callFrame;
			for (const [name, test] of CATEGORIES) if (test(frame)) set.add(name);
			nearest ??= OURS(frame) ? 'ours' : N8N_CALL(frame) ? 'n8n' : undefined;
		}
		if (nearest === 'ours') set.add(OWN);
		memo.set(id, set);
		return set;
	};
	profile.samples.forEach((id, i) => {
		t += profile.timeDeltas[i];
		if (t < from || t > to) return;
		const delta = profile.timeDeltas[i + 1] ?? 0;
		window += delta;
		for (const name of categoriesOf(id)) totals[name] += delta;
		const frame = byId.get(id).callFrame;
		const where = `${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/(dist\/)/, '$1')}:${frame.lineNumber + 1}` : ''}`.trim();
		self.set(where, (self.get(where) ?? 0) + delta);
	});
	const heaviest = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, SELF_TOP);
	return {
		items, sampledMs: +(window / 1000).toFixed(0), nodeMs: run.executionTime,
		categories: CATEGORIES.map(([name]) => ({ category: name, msPerItem: +(totals[name] / 1000 / items).toFixed(3), share: window ? +((totals[name] / window) * 100).toFixed(1) : 0 })),
		selfTime: heaviest.map(([where, us]) => ({ function: where, msPerItem: +(us / 1000 / items).toFixed(3), share: window ? +((us / window) * 100).toFixed(1) : 0 })),
	};
}

/** CPU-profiles the node under test with CPU_ITEMS items; returns the breakdown by category. */
async function cpu({ n8n, steps, log }) {
	const results = [];
	for (const step of steps) {
		step.reset();
		const dir = path.join(n8n.logDir, `cpu-${step.workflowId}`);
		fs.mkdirSync(dir, { recursive: true });
		const clockFile = path.join(dir, 'clock.json');
		const result = await execute(n8n, step.workflowId, {
			name: `cpu-${step.label}`, nodeArgs: ['--require', path.join(__dirname, 'clock.js'), '--cpu-prof', `--cpu-prof-dir=${dir}`], env: { BENCH_CLOCK_OUT: clockFile },
		});
		const run = result.execution.data.resultData.runData['Under test']?.[0];
		const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
		if (!run || !file) throw new Error(`no CPU profile or no run for ${step.label} (${dir})`);
		const breakdown = { scenario: step.label, ...cpuBreakdown(path.join(dir, file), JSON.parse(fs.readFileSync(clockFile, 'utf8')), run, CPU_ITEMS) };
		results.push(breakdown);
		log(`  CPU profile ${step.label}: ${breakdown.nodeMs} ms in the node for ${CPU_ITEMS} items`);
	}
	return results;
}

/** Adds the CPU-profiled workflows (CPU_ITEMS items, the benchmark's own parameters) to `workflows`. */
function cpuPlan({ providers, started, workflows, offsetStart, ourNode, httpNode, floorNode, writeFloorNode }) {
	const steps = [];
	let offset = offsetStart;
	const add = (label, node, provider) => {
		const w = workflow({ name: `bench cpu ${label}`, count: CPU_ITEMS, offset, node });
		offset += CPU_ITEMS + 1000;
		workflows.push(w);
		steps.push({ label, workflowId: w.id, reset: () => provider.reset(started.get(provider).sandbox) });
	};
	for (const provider of providers) {
		const { ctx } = started.get(provider);
		add(`${provider.title} our node`, ourNode(provider, ctx, { id: idFor(`ours/${provider.name}`), name: `bench ours ${provider.name}` }), provider);
		if (provider.name === 'pennylane') {
			add(`${provider.title} bare declarative node`, floorNode(writeFloorNode(provider, ctx), provider, ctx), provider);
			add(`${provider.title} HTTP Request node`, httpNode(provider, ctx, { id: idFor(`bearer/${provider.name}`), name: `bench bearer ${provider.name}` }), provider);
		}
	}
	return { steps, offset };
}

function reportCpu(cpuResults, table) {
	const names = CATEGORIES.map(([name]) => name);
	const rows = names.map((category) => Object.fromEntries([['category', category], ...cpuResults.map((r) => [r.scenario, (() => { const c = r.categories.find((x) => x.category === category); return `${c.msPerItem} ms (${c.share} %)`; })()])]));
	rows.push(Object.fromEntries([['category', 'time in the node per item (executionTime / items)'], ...cpuResults.map((r) => [r.scenario, `${(r.nodeMs / r.items).toFixed(3)} ms`])]));
	table(`CPU profile of the n8n process while the node ran (${CPU_ITEMS} items; a sample counts in every category on its stack)`, rows, [['category', 'category'], ...cpuResults.map((r) => [r.scenario, r.scenario])]);
	for (const r of cpuResults) {
		if (!r.selfTime) continue;
		table(`Heaviest functions by self time: ${r.scenario}`, r.selfTime.map((x) => ({ ...x, share: `${x.share} %` })), [['function', 'function'], ['ms per item', 'msPerItem'], ['share', 'share']]);
	}
}

module.exports = { plan, run, report, asExpressions, cpu, cpuPlan, reportCpu };
