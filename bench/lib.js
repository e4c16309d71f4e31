'use strict';
// Benchmark helpers: timing, a plain-HTTP baseline sender, and running a scenario in a child process.
const http = require('http');
const { execFileSync, fork } = require('child_process');
const path = require('path');

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Sends the requests with plain Node HTTP, all at once (the same concurrency as the node,
 * whose engine starts every item's request together), and resolves when every answer is in.
 */
async function sendPlain(baseUrl, requests, { concurrency = Infinity } = {}) {
	const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
	const url = new URL(baseUrl);
	const prefix = url.pathname.replace(/\/+$/, '');
	let next = 0;
	let failures = 0;
	const one = (request) =>
		new Promise((resolve, reject) => {
			const body = request.body === undefined ? undefined : JSON.stringify(request.body);
			const req = http.request(
				{
					host: url.hostname, port: url.port, method: request.method, path: `${prefix}${request.path}`, agent,
					headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...request.headers },
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => {
						if (res.statusCode >= 400) failures++;
						JSON.parse(Buffer.concat(chunks).toString() || 'null');
						resolve();
					});
				},
			);
			req.on('error', reject);
			if (body) req.write(body);
			req.end();
		});
	const workers = Array.from({ length: Math.min(concurrency, requests.length) }, async () => {
		while (next < requests.length) await one(requests[next++]);
	});
	await Promise.all(workers);
	agent.destroy();
	return { failures };
}

/** Runs bench/child.js with a scenario in a fresh process; resolves with what the child reports. */
function runChild(scenario, options) {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'child.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		child.once('message', (message) => {
			if (message.error) reject(new Error(message.error));
			else resolve(message);
		});
		child.once('exit', (code) => code && reject(new Error(`child exited with ${code}`)));
		child.send({ scenario, options });
	});
}

/** `npm pack` size and file count of the package as published. */
function packFootprint(root) {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	const [info] = JSON.parse(out);
	return { tarballBytes: info.size, unpackedBytes: info.unpackedSize, files: info.entryCount };
}

/**
 * The smallest declarative node that sends a provider's create request: one parameter, the body,
 * no credential, no checks, no output shaping. Its peak memory is what n8n's engine itself needs.
 */
function floorNodeType(baseUrl, sample) {
	const prefix = new URL(baseUrl).pathname.replace(/\/$/, '');
	return {
		description: {
			displayName: 'Floor', name: 'floor', group: ['transform'], version: 1, description: 'Benchmark reference node',
			defaults: { name: 'Floor' }, inputs: ['main'], outputs: ['main'],
			requestDefaults: { baseURL: baseUrl.replace(/\/$/, '').replace(new RegExp(`${prefix}$`), ''), headers: { ...sample.headers, 'content-type': 'application/json' } },
			properties: [{ displayName: 'Body', name: 'body', type: 'json', default: '', routing: { request: { method: sample.method, url: `${prefix}${sample.path}`, body: '={{ $value }}' } } }],
		},
	};
}

/** `count` input items `{ n, amount }` for create runs, numbered from `offset`. */
const benchItems = (count, offset = 0) => Array.from({ length: count }, (_, i) => ({ n: offset + i, amount: `${(i % 900) + 100}.25` }));

/** Sends `requests` (a provider's baseline requests, one per item) through the engine-floor node. */
async function runFloor(title, baseUrl, requests) {
	const { createHarness } = require('../test/harness/engine');
	const harness = createHarness({ nodes: [], credentials: [], extraNodeTypes: { 'bench.floor': floorNodeType(baseUrl, requests[0]) } });
	const result = await harness.runNode({ type: 'bench.floor', parameters: { body: '={{ $json.body }}' }, input: requests.map((r) => ({ body: r.body })) });
	if (result.error) throw new Error(`${title}: the engine-floor node failed: ${result.error.message}`);
	return result;
}

/** Prints rows as a plain-text table: columns are [label, key] pairs. */
function table(title, rows, columns) {
	console.log(`\n${title}`);
	const widths = columns.map(([label, key]) => Math.max(label.length, ...rows.map((r) => String(r[key] ?? '').length)));
	console.log(columns.map(([label], i) => label.padEnd(widths[i])).join('  '));
	for (const row of rows) console.log(columns.map(([, key], i) => String(row[key] ?? '').padEnd(widths[i])).join('  '));
}

module.exports = { table, benchItems, floorNodeType, runFloor, now, median, sendPlain, runChild, packFootprint };
