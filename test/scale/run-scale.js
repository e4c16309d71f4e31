'use strict';
// `npm run test:scale [-- --quick] [-- --calls=N] [-- --keep]`: the nodes in n8n's queue mode.
//
// Starts, on 127.0.0.1 only, in a temporary folder, and tears down at the end (and on failure):
//  - a private PostgreSQL cluster (initdb + pg_ctl, Debian's packages) and a Redis server;
//  - the Pennylane sandbox (test/sandboxes/pennylane.js) enforcing ONE token's limit with Pennylane's
//    headers: 25 requests per 5 s, the real limit, `ratelimit-reset` in whole seconds (every run);
//  - n8n 2.41.1 from the e2e cache (test/e2e/lib/n8n-install.js) as a main process (`n8n start`) and
//    two workers (`n8n worker --concurrency=10`), EXECUTIONS_MODE=queue, DB_TYPE=postgresdb,
//    QUEUE_BULL_REDIS_*, one N8N_ENCRYPTION_KEY. Each process has its own N8N_USER_FOLDER with this
//    package installed in <folder>/.n8n/nodes the way n8n's community-package installer does
//    (test/e2e/lib/package.js) -- what n8n documents for queue mode: every process that runs
//    executions must have the package itself.
// Then publishes a deal-won webhook workflow (Webhook → Pennylane Create Invoice, "If Invoice Already
// Exists" = Return the Existing Invoice, External Reference = the call's dealId), fires a burst of
// webhook calls (300; --quick: 100) from a bounded loop, waits (bounded) for every execution to end,
// and reports: executions succeeded/failed, invoices created, duplicates by external reference, 429
// answers (all, and after the first window), items failed, wall time against the theoretical
// minimum, and which worker ran what (with its executions' median and longest duration). Exit code 0
// only when every target of issue 17 is met; the last line is "scale: N passed, N failed" (targets).
// Figures and what they mean: docs/queue-mode.md.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n, N8N_VERSION } = require('../e2e/lib/n8n-install');
const { N8nInstance, freePort, readLog, request, sleep } = require('../e2e/lib/n8n');
const { packPackage, installLikeN8n } = require('../e2e/lib/package');
const { start, killAll, tail } = require('../e2e/lib/proc');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');
const { ensurePackages, startPostgres, startRedis } = require('./services');

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const QUICK = args.includes('--quick');
const KEEP = args.includes('--keep') || process.env.N8N_SCALE_KEEP === '1';
const CALLS = Number(option('calls') ?? (QUICK ? 100 : 300));
const WORKERS = Number(option('workers') ?? 2);
const CONCURRENCY = 10;
const SENDERS = 25; // webhook calls in flight at once from the burst loop
const LIMIT = { limit: 25, windowMs: 5000 }; // Pennylane's real limit, whole-second reset
const REQUESTS_PER_CALL = 2; // the duplicate guard's look-up (GET) and the create (POST)
const TOTAL_TIMEOUT_MS = (QUICK ? 12 : 20) * 60_000;
const TOKEN = 'scale-pennylane-token';
const CREDENTIAL = { id: 'scalePennylaneCred', name: 'Pennylane (scale sandbox)', type: 'pennylaneInvoicingApi' };
const WORKFLOW_ID = 'scaleDealWon';
const WEBHOOK_PATH = 'scale-deal-won';

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s]`, ...a);

function workflow(customerId) {
	return {
		id: WORKFLOW_ID,
		name: 'Scale: invoice a won deal (queue mode)',
		active: false,
		nodes: [
			{
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
				id: 'b0f9a3d4-5a52-4c1e-9b61-6f1f1d6a0001',
				name: 'Deal won',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: 'b0f9a3d4-5a52-4c1e-9b61-6f1f1d6a00ff',
			},
			{
				parameters: {
					authentication: 'pennylaneInvoicingApi',
					resource: 'customerInvoice',
					operation: 'create',
					customer: { __rl: true, mode: 'id', value: String(customerId) },
					date: '={{ $json.body.closedOn }}',
					deadline: "={{ DateTime.fromISO($json.body.closedOn).plus({ days: 30 }).toFormat('yyyy-MM-dd') }}",
					draft: false,
					lineSource: 'fields',
					invoiceLines: { freeLines: [{ label: '={{ $json.body.label }}', quantity: 1, unit: 'piece', unitPrice: '={{ $json.body.amount }}', vatRate: 'FR_200' }] },
					onExisting: 'returnExisting',
					additionalFields: { external_reference: '={{ $json.body.dealId }}' },
				},
				id: 'b0f9a3d4-5a52-4c1e-9b61-6f1f1d6a0002',
				name: 'Create invoice',
				type: 'n8n-nodes-invoicing.pennylane',
				typeVersion: 1,
				position: [220, 0],
				credentials: { pennylaneInvoicingApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: { 'Deal won': { main: [[{ node: 'Create invoice', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Resolves when a JSON-lines log file has a record whose message includes `text`. */
async function waitForLog(file, text, proc, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (readLog(file).some((line) => String(line.message).includes(text))) return;
		if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new Error(`exited before "${text.trim()}"\n${tail(proc.output(), 30)}\n(log: ${file})`);
		if (Date.now() > deadline) throw new Error(`no "${text.trim()}" within ${timeoutMs / 1000} s\n${tail(proc.output(), 30)}\n(log: ${file})`);
		await sleep(300);
	}
}

/** Fires `count` webhook calls, at most SENDERS at once; resolves [{ i, status, at }]. */
async function burst(baseUrl, count) {
	const calls = [];
	let next = 0;
	const sender = async () => {
		for (let i = next++; i < count; i = next++) {
			const body = { dealId: `SCALE-${String(i).padStart(4, '0')}`, label: `Deal ${i}`, amount: (i % 17) + 0.1 + 0.2, closedOn: '2025-11-28' };
			const at = Date.now();
			let status;
			for (let attempt = 1; attempt <= 3; attempt++) {
				try {
					status = (await request(`${baseUrl}/webhook/${WEBHOOK_PATH}`, { method: 'POST', body, timeoutMs: 30_000 })).status;
				} catch (error) {
					status = `no answer (${error.code ?? error.message})`;
				}
				// A CRM resends a call that got no answer or a 5xx; the duplicate guard makes that safe.
				if (status === 200) break;
				await sleep(500);
			}
			calls.push({ i, status, at });
		}
	};
	await Promise.all(Array.from({ length: SENDERS }, sender));
	return calls;
}

async function main() {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scale-'));
	fs.chmodSync(workDir, 0o755);
	const cleanups = [];
	const cleanup = async () => {
		for (const fn of cleanups.reverse()) await fn().catch((error) => log(`cleanup: ${error.message}`));
		cleanups.length = 0;
	};
	const timer = setTimeout(async () => {
		log(`FAIL: the run took longer than ${TOTAL_TIMEOUT_MS / 60_000} min; stopping everything`);
		await cleanup();
		killAll();
		process.exit(2);
	}, TOTAL_TIMEOUT_MS);
	try {
		log(`queue mode: main + ${WORKERS} workers, ${CALLS} webhook calls, Pennylane sandbox at ${LIMIT.limit} per ${LIMIT.windowMs / 1000} s (whole-second reset); work dir ${workDir}`);
		await ensurePackages(log);
		const paths = await ensureN8n({ log });
		const pg = await startPostgres(workDir, { log });
		cleanups.push(pg.stop);
		const redis = await startRedis(workDir, { log });
		cleanups.push(redis.stop);
		const sandbox = createPennylaneSandbox({ tokens: [TOKEN], rateLimit: { ...LIMIT, resetPrecision: 'seconds' } });
		await sandbox.start();
		cleanups.push(() => sandbox.stop());
		const customer = sandbox.seedCustomer({ name: 'Scale Buyer SAS', emails: ['billing@scale.test'] });

		const shared = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: pg.host,
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: pg.database,
			DB_POSTGRESDB_USER: pg.user,
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: 'n8n-nodes-invoicing-scale-not-a-secret',
			N8N_LOG_LEVEL: 'info',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		};
		const packed = await packPackage(path.join(workDir, 'pack'));
		log(`packed ${path.basename(packed.tarball)}`);
		const instance = async (name) => {
			const n8n = new N8nInstance({ paths, userFolder: path.join(workDir, name), logDir: path.join(workDir, 'logs', name), env: shared });
			await installLikeN8n(n8n.nodesFolder, packed);
			return n8n;
		};
		const main = await instance('main');
		const workers = [];
		for (let w = 1; w <= WORKERS; w++) workers.push(await instance(`worker${w}`));
		log(`installed the package into ${1 + WORKERS} user folders (<folder>/.n8n/nodes/node_modules/${packed.name})`);

		const credentialsFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(credentialsFile, JSON.stringify([{ ...CREDENTIAL, data: { apiToken: TOKEN, baseUrl: sandbox.baseUrl } }]));
		const workflowFile = path.join(workDir, 'workflow.json');
		fs.writeFileSync(workflowFile, JSON.stringify(workflow(customer.id)));
		await main.cli('import-credentials', ['import:credentials', `--input=${credentialsFile}`]);
		await main.cli('import-workflow', ['import:workflow', `--input=${workflowFile}`]);
		await main.cli('publish', ['publish:workflow', `--id=${WORKFLOW_ID}`]);
		log('PostgreSQL has the credential and the published workflow');

		const server = await main.startServer({ name: 'main' });
		cleanups.push(() => server.stop());
		log(`main (n8n start) ready on ${server.baseUrl}`);
		const workerProcs = [];
		for (const [index, worker] of workers.entries()) {
			const logFile = worker.logFile('worker');
			const env = worker.env({ N8N_LOG_FILE_LOCATION: logFile, N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
			const proc = start(paths.node, [paths.n8nBin, 'worker', `--concurrency=${CONCURRENCY}`], { cwd: worker.userFolder, env, logFile: logFile.replace(/\.log$/, '.console.txt') });
			cleanups.push(() => proc.stop());
			workerProcs.push({ name: `worker${index + 1}`, proc, logFile });
		}
		await Promise.all(workerProcs.map((w) => waitForLog(w.logFile, 'n8n worker is now ready', w.proc, 180_000)));
		log(`${WORKERS} workers ready (concurrency ${CONCURRENCY} each)`);

		// The webhook may need a moment after start-up to be registered (a GET tells, creating nothing).
		const warm = Date.now() + 60_000;
		for (;;) {
			const registered = await request(`${server.baseUrl}/webhook/${WEBHOOK_PATH}`, { method: 'GET', timeoutMs: 5000 }).catch(() => undefined);
			// GET on a POST webhook answers 404 "not registered for GET" once the POST one exists.
			if (registered && /POST/.test(registered.text)) break;
			if (Date.now() > warm) throw new Error(`webhook ${WEBHOOK_PATH} not registered: ${registered?.status} ${registered?.text?.slice(0, 200)}`);
			await sleep(500);
		}

		sandbox.server.clearLog();
		log(`burst: ${CALLS} calls, ${SENDERS} at once`);
		const burstStart = Date.now();
		const calls = await burst(server.baseUrl, CALLS);
		const burstSent = Date.now();
		const accepted = calls.filter((c) => c.status === 200).length;
		log(`burst sent in ${((burstSent - burstStart) / 1000).toFixed(1)} s: ${accepted} of ${CALLS} calls answered 200`);

		// Every execution ends (bounded): count them in PostgreSQL.
		const finishDeadline = Date.now() + (QUICK ? 6 : 12) * 60_000;
		let counts = {};
		for (;;) {
			const rows = await pg.psql(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' GROUP BY status`);
			counts = Object.fromEntries(rows.map(([status, n]) => [status, Number(n)]));
			const ended = (counts.success ?? 0) + (counts.error ?? 0) + (counts.crashed ?? 0) + (counts.canceled ?? 0);
			if (ended >= accepted) break;
			if (Date.now() > finishDeadline) {
				log(`not every execution ended in time: ${JSON.stringify(counts)}`);
				break;
			}
			await sleep(1000);
		}
		const [[lastStop]] = await pg.psql(`SELECT (extract(epoch from max("stoppedAt")) * 1000)::bigint FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}'`);
		const executionIds = new Set((await pg.psql(`SELECT id FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}'`)).map(([id]) => id));
		const failedIds = (await pg.psql(`SELECT id FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' AND status <> 'success' ORDER BY id`)).map(([id]) => id);

		// Which worker ran what (their own log records), and how long its executions took (PostgreSQL).
		const durations = new Map(
			(await pg.psql(`SELECT id, (extract(epoch from ("stoppedAt" - "startedAt")) * 1000)::bigint FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}'`)).map(([id, ms]) => [id, Number(ms)]),
		);
		const byWorker = {};
		for (const w of workerProcs) {
			const started = readLog(w.logFile).filter((line) => /^Worker started execution/.test(String(line.message)));
			const ids = started.map((line) => String(line.metadata?.executionId ?? /execution (\d+)/.exec(line.message)?.[1])).filter((id) => executionIds.has(id));
			const took = ids.map((id) => durations.get(id)).filter((ms) => ms >= 0).sort((a, b) => a - b);
			byWorker[w.name] = { executions: ids.length, medianSeconds: (took[took.length >> 1] ?? 0) / 1000, maxSeconds: (took[took.length - 1] ?? 0) / 1000 };
		}

		// What Pennylane (the sandbox) saw.
		const requests = sandbox.apiRequests();
		const firstAt = requests[0]?.at ?? burstStart;
		const lastAt = requests.length ? requests[requests.length - 1].at : burstStart;
		const rateLimited = requests.filter((r) => r.status === 429);
		const afterFirstWindow = requests.filter((r) => r.at >= firstAt + LIMIT.windowMs);
		const rateLimitedAfter = afterFirstWindow.filter((r) => r.status === 429).length;
		const creates = requests.filter((r) => r.method === 'POST');
		const invoices = [...sandbox.state.invoices.values()].filter((i) => String(i.external_reference ?? '').startsWith('SCALE-'));
		const refs = invoices.map((i) => i.external_reference);
		const duplicates = refs.length - new Set(refs).size;
		const expected = new Set(calls.filter((c) => c.status === 200).map((c) => `SCALE-${String(c.i).padStart(4, '0')}`));
		const missing = [...expected].filter((r) => !refs.includes(r));
		const needed = accepted * REQUESTS_PER_CALL;
		const minimumMs = (Math.ceil(needed / LIMIT.limit) - 1) * LIMIT.windowMs;
		const wallMs = Number(lastStop) - burstStart;
		const requestSpanMs = lastAt - firstAt;
		let failedItems = 0;
		const errors = [];
		if (failedIds.length) {
			const rows = await pg.psql(`SELECT "executionId", data FROM execution_data WHERE "executionId" IN (${failedIds.join(',')})`);
			failedItems = rows.length;
			for (const [id, data] of rows.slice(0, 5)) errors.push(`${id}: ${(/"message":"([^"]{0,300})/.exec(data) ?? [])[1] ?? data.slice(0, 300)}`);
		}
		const summary = {
			n8n: N8N_VERSION,
			workers: WORKERS,
			concurrencyPerWorker: CONCURRENCY,
			limit: `${LIMIT.limit} requests per ${LIMIT.windowMs / 1000} s per token (real Pennylane limit), whole-second ratelimit-reset`,
			calls: CALLS,
			callsAccepted: accepted,
			executions: { ...counts, total: executionIds.size },
			executionsSucceeded: counts.success ?? 0,
			executionsFailed: executionIds.size - (counts.success ?? 0),
			itemsFailed: failedItems,
			invoicesCreated: invoices.length,
			duplicates,
			missingInvoices: missing.length,
			requests: requests.length,
			requestsGet: requests.filter((r) => r.method === 'GET').length,
			requestsPost: creates.length,
			answers429: rateLimited.length,
			requestsAfterFirstWindow: afterFirstWindow.length,
			answers429AfterFirstWindow: rateLimitedAfter,
			wallSeconds: wallMs / 1000,
			requestSpanSeconds: requestSpanMs / 1000,
			theoreticalMinimumSeconds: minimumMs / 1000,
			ratio: Number((wallMs / minimumMs).toFixed(3)),
			byWorker,
			errors,
		};
		const targets = [
			['every execution succeeds', summary.executionsFailed === 0 && summary.executionsSucceeded === CALLS],
			['every invoice created exactly once', invoices.length === CALLS && duplicates === 0 && missing.length === 0],
			['0 items failed', failedItems === 0],
			['wall time ≤ 1.3 × the theoretical minimum', wallMs <= 1.3 * minimumMs],
			['fewer than one 429 per 10 requests after the first window', rateLimitedAfter * 10 < afterFirstWindow.length],
		];
		summary.targets = Object.fromEntries(targets);
		fs.writeFileSync(path.join(workDir, 'summary.json'), JSON.stringify(summary, null, 2));
		console.log(JSON.stringify(summary, null, 2));
		for (const [name, ok] of targets) log(`${ok ? 'ok  ' : 'MISS'}  ${name}`);
		log(
			`executions ${summary.executionsSucceeded} ok / ${summary.executionsFailed} failed; invoices ${invoices.length} (duplicates ${duplicates}); ` +
				`429: ${rateLimited.length} of ${requests.length} requests (${rateLimitedAfter} of ${afterFirstWindow.length} after the first window); ` +
				`wall ${summary.wallSeconds.toFixed(1)} s vs minimum ${summary.theoreticalMinimumSeconds} s (×${summary.ratio}); by worker ${JSON.stringify(byWorker)}`,
		);
		const ok = targets.every(([, passed]) => passed);
		// The closing line CI greps, as the e2e's "e2e: N passed, N failed".
		console.log(`scale: ${targets.filter(([, passed]) => passed).length} passed, ${targets.filter(([, passed]) => !passed).length} failed`);
		if (ok && !KEEP) cleanups.unshift(async () => fs.rmSync(workDir, { recursive: true, force: true }));
		else log(`kept ${workDir} (logs, summary.json)`);
		return ok;
	} finally {
		clearTimeout(timer);
		await cleanup();
	}
}

main().then(
	(ok) => process.exit(ok ? 0 : 1),
	(error) => {
		console.error(error.stack ?? error.message);
		killAll();
		process.exit(1);
	},
);
