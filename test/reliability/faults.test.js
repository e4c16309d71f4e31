'use strict';
// Issue #5, provider faults and secrets: every provider × operation × fault, run through n8n's own
// engine against the provider sandboxes.
//
//   faults      400, 401, 403, 404, 409, 422, 429 once then success, 429 persistent, 500, 502, 503,
//               503 once then success, timeout, dropped connection (and, for Levers with client ID
//               & secret, a 401 answered once: the token is renewed)
//   providers   Levers (client ID & secret), Levers (access token: 401, 429 once, 503), Katsu Pay,
//               Pennylane (pennylaneInvoicingApi), Pennylane through Billy (billyInvoicingApi)
//   operations  invoice Get (GET), Create (POST), Update (PUT); and a two-item Continue On Fail run
//               of Get where only item 1's request faults
//
// What the nodes must do (the pacing/error spec of issue #5):
// - 429: retried for any method after `retry-after`, 6 attempts in all, then a NodeApiError.
// - 502/503/504, timeout, dropped connection: retried only for idempotent methods
//   (GET/HEAD/OPTIONS/PUT/DELETE), 3 attempts, backoff 500 ms then 1000 ms; a POST/PATCH is sent
//   exactly once (and, with no answer, the error warns it may have been processed).
// - 400/401/403/404/409/422/500: never retried, except Levers with client ID & secret on 401:
//   n8n exchanges the credentials for a new token and sends the request once more.
// - Each fault is a NodeApiError worded "<Provider> <headline>" whose description names the request
//   ("Request: <METHOD> <path>"); the item index is kept.
// Each case has two tests: its behaviour, and that no secret shows up in anything the run
// produced (output, error and its causes, run data, logs). Cases run side by side (each with its
// own sandbox, so its own rate limiter), up to 12 at a time, started ahead of the tests that check
// them; log lines are told apart by asynchronous context (./faults-secrets.js).
const { LoggerProxy, NodeApiError } = require('n8n-workflow');
const { PROVIDERS, SECRETS, LEVERS_EXCHANGE_PATH, injectFault, operationRequests } = require('./faults-providers');
const { createLogCapture, runTexts, findSecrets, assertNoSecrets, describeFindings, safeStringify } = require('./faults-secrets');
const { createKatsuPaySandbox } = require('../sandboxes/katsupay');
const { createHarness } = require('../harness/engine');

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const TIMEOUT_MS = 300;
const SERVER_DELAY_MS = 1500;
const PERSISTENT = 50;
const BACKOFF_MS = [500, 1000];
const CONCURRENT_CASES = 12;
/** How far ahead of the test being checked cases are started (a slow case must not stall the rest). */
const LOOKAHEAD = 120;
const CASE_TIMEOUT_MS = 30000;

/** What the sandbox says for each injected status (in the provider's error format). */
const PROVIDER_TEXT = {
	400: 'Simulated 400: the request body could not be read',
	401: 'Simulated 401: the access token is not valid',
	403: 'Simulated 403: this key may not write invoices',
	404: 'Simulated 404: no such invoice',
	409: 'Simulated 409: the invoice was changed by another request',
	429: 'Simulated 429: too many requests',
	500: 'Simulated 500: internal error',
	502: 'Simulated 502: bad gateway',
	503: 'Simulated 503: service unavailable',
};

const FAULTS = [
	{ id: '400', status: 400, headline: 'rejected the request as invalid' },
	{ id: '401', status: 401, headline: 'did not accept the credentials: check the credential set on this node' },
	{ id: '403', status: 403, headline: 'refused access' },
	{ id: '404', status: 404, headline: 'could not find the requested record' },
	{ id: '409', status: 409, headline: 'reported a conflict' },
	{ id: '422', status: 422, headline: 'rejected some of the fields: ' },
	{ id: '429 once, then success', status: 429, once: true, rateLimited: true },
	{ id: '429 persistent', status: 429, rateLimited: true, headline: 'is rate limiting requests' },
	{ id: '500', status: 500, headline: 'had a server error (HTTP 500)' },
	{ id: '502', status: 502, transient: true, headline: 'had a server error (HTTP 502)' },
	{ id: '503', status: 503, transient: true, headline: 'had a server error (HTTP 503)' },
	{ id: '503 once, then success', status: 503, once: true, transient: true, headline: 'had a server error (HTTP 503)' },
	{ id: 'timeout', timeout: true, transient: true, noAnswer: true, headline: `did not answer within ${TIMEOUT_MS} ms` },
	{ id: 'dropped connection', drop: true, transient: true, noAnswer: true, headline: 'closed the connection before answering' },
];
/** Levers with client ID & secret: one 401, then the renewed token is accepted. */
const RENEWED_401 = { id: '401 once (token renewed)', status: 401, once: true, headline: FAULTS[1].headline };
const LEVERS_TOKEN_FAULTS = ['401', '429 once, then success', '503'];
const OPERATIONS = ['get', 'create', 'update'];

/** What the spec says happens: outcome and the number of requests the faulting item sends. */
function expectation(fault, method, provider) {
	const idempotent = IDEMPOTENT.has(method);
	if (fault.rateLimited) return fault.once ? { outcome: 'success', attempts: 2 } : { outcome: 'error', attempts: 6 };
	if (fault.transient) {
		if (!idempotent) return { outcome: 'error', attempts: 1 };
		return fault.once ? { outcome: 'success', attempts: 2 } : { outcome: 'error', attempts: 3 };
	}
	if (fault.status === 401 && provider.renewsTokenOn401) return { outcome: fault.once ? 'success' : 'error', attempts: 2, renewal: true };
	return { outcome: 'error', attempts: 1 };
}

function describeExpectation(fault, method, provider) {
	const { outcome, attempts, renewal } = expectation(fault, method, provider);
	const sent = `${attempts} request${attempts > 1 ? 's' : ''}`;
	return `${outcome === 'success' ? 'succeeds' : 'NodeApiError'} after ${sent}${renewal ? ' (token renewed)' : ''}`;
}

/** The fault for the sandbox, its body made by the sandbox's errorBody in the provider's format. */
function sandboxFault(fault, provider, server) {
	const times = fault.once ? 1 : PERSISTENT;
	if (fault.timeout) return { delayMs: SERVER_DELAY_MS, times };
	if (fault.drop) return { drop: true, times };
	const { body } = provider.errorBody(server, fault.status, PROVIDER_TEXT[fault.status]);
	return { status: fault.status, body, headers: fault.status === 429 ? { 'retry-after': '0' } : {}, times };
}

// ---------------------------------------------------------------- the cases

const cases = [];
for (const provider of PROVIDERS) {
	let faults = provider.key === 'leversToken' ? FAULTS.filter((fault) => LEVERS_TOKEN_FAULTS.includes(fault.id)) : FAULTS;
	if (provider.renewsTokenOn401) faults = [...faults, RENEWED_401];
	for (const op of OPERATIONS) for (const fault of faults) cases.push({ provider, op, fault, continueOnFail: false });
	for (const fault of faults) cases.push({ provider, op: 'get', fault, continueOnFail: true });
}
cases.forEach((c, index) => {
	c.index = index;
	const method = c.provider.operations[c.op].method;
	c.name = c.continueOnFail
		? `${c.op} ×2 items, Continue On Fail, ${c.fault.id} on item 1 only: item 0 succeeds, item 1 ${describeExpectation(c.fault, method, c.provider)}`
		: `${c.op} (${method}), ${c.fault.id}: ${describeExpectation(c.fault, method, c.provider)}`;
});

const capture = createLogCapture();

/** Runs one case: a fresh sandbox, the fault injected, the node run with its logs captured. */
async function executeCase(c) {
	const env = await c.provider.setup();
	try {
		const op = c.provider.operations[c.op];
		const fx = op.prepare ? op.prepare(env.fx) : env.fx;
		env.fx = fx;
		const target = c.continueOnFail ? 1 : 0;
		const request = { method: op.method, path: op.path(fx, target), marker: c.continueOnFail ? op.marker(fx, target) : undefined };
		injectFault(env.server, request, sandboxFault(c.fault, c.provider, env.server));
		const parameters = { ...op.parameters(fx), ...(c.fault.timeout ? { requestOptions: { timeout: TIMEOUT_MS } } : {}) };
		const input = (c.continueOnFail ? [0, 1] : [0]).map((item) => op.input(fx, item));
		const probe = `log-capture-probe-${c.index}-${Date.now()}`;
		const started = Date.now();
		const run = await capture.during(async () => {
			try {
				return await env.run(parameters, { input, continueOnFail: c.continueOnFail });
			} finally {
				// Proves, for this very run, that n8n's LoggerProxy still writes to the capture.
				LoggerProxy.debug(probe);
			}
		});
		return { env, op, fx, request, target, probe, result: run.value, thrown: run.error, lines: run.lines, ms: Date.now() - started, secrets: env.secrets() };
	} finally {
		await env.stop();
	}
}

/** Runs cases a few at a time, in order, ahead of the tests that check them. */
function createScheduler(list, concurrency, lookahead) {
	const promises = new Map();
	const waiting = [];
	let active = 0;
	const pump = () => {
		while (active < concurrency && waiting.length) {
			const { c, resolve, reject } = waiting.shift();
			active++;
			executeCase(c)
				.then(resolve, reject)
				.finally(() => {
					active--;
					pump();
				});
		}
	};
	const start = (index) => {
		if (!promises.has(index)) {
			const promise = new Promise((resolve, reject) => waiting.push({ c: list[index], resolve, reject }));
			promise.catch(() => {});
			promises.set(index, promise);
			pump();
		}
		return promises.get(index);
	};
	return {
		get(index) {
			for (let next = index; next < Math.min(list.length, index + lookahead); next++) start(next);
			return start(index);
		},
		settled: () => Promise.allSettled([...promises.values()]),
	};
}

const scheduler = createScheduler(cases, CONCURRENT_CASES, LOOKAHEAD);

beforeAll(() => capture.install());
afterAll(async () => {
	await scheduler.settled();
	capture.uninstall();
});

// ---------------------------------------------------------------- assertions

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function expectProviderError(c, outcome, error, itemIndex) {
	const { provider, fault } = c;
	const { op, request } = outcome;
	const headline = `${provider.provider} ${fault.headline}`;
	expect(error).toBeDefined();
	// With Continue On Fail the item carries the error itself; without, n8n keeps in the run data a
	// copy of the error's own properties (the name included).
	expect(error instanceof Error ? error.constructor.name : error.name).toBe('NodeApiError');
	expect(error.name).toBe('NodeApiError');
	expect(error.message).toMatch(new RegExp(`^${escape(headline)}`));
	expect(error.context?.itemIndex).toBe(itemIndex);
	expect(String(error.description ?? '')).toContain(`Request: ${op.method} ${request.path}`);
	if (fault.noAnswer) {
		expect([null, undefined]).toContain(error.httpCode);
		if (!IDEMPOTENT.has(op.method)) expect(`${error.message} ${error.description ?? ''}`).toContain('may have been processed');
	} else {
		expect(error.httpCode).toBe(String(fault.status));
	}
	if (fault.status === 400) expect(error.message).toContain(`${headline}: ${PROVIDER_TEXT[400]}`);
	if (fault.status === 404) expect(error.message).toContain(`${op.method} ${request.path}`);
	if (fault.status === 422) {
		const { fieldMessages } = provider.errorBody(outcome.env.server, 422, '');
		for (const text of fieldMessages) expect(error.message).toContain(text);
	}
}

function expectBehaviour(c, outcome) {
	const { env, op, fx, request, target, result, thrown } = outcome;
	const expected = expectation(c.fault, op.method, c.provider);
	expect(thrown?.message).toBeUndefined();
	expect(result).toBeDefined();

	// Requests the faulting item sent (and, with two items, that item 0 sent one), listed as
	// "METHOD path → status" (headers left out: they carry the credential).
	const sent = (target) => operationRequests(env.server, target).map((entry) => `${entry.method} ${entry.path} → ${entry.status}`);
	expect(sent(request)).toHaveLength(expected.attempts);
	if (c.continueOnFail) expect(sent({ method: op.method, path: op.path(fx, 0), marker: op.marker(fx, 0) })).toHaveLength(1);
	if (c.fault.transient && expected.attempts === 3) {
		// Backoff 500 ms, then 1000 ms (lower bounds: the gaps also hold the answer or the timeout).
		const at = operationRequests(env.server, request).map((entry) => entry.at);
		expect(at[1] - at[0]).toBeGreaterThanOrEqual(BACKOFF_MS[0] - 20);
		expect(at[2] - at[1]).toBeGreaterThanOrEqual(BACKOFF_MS[1] - 20);
	}

	if (c.continueOnFail) {
		expect(result.error?.message).toBeUndefined();
		expect(result.items.length).toBe(2);
		expect(result.items[0].error?.message).toBeUndefined();
		op.expectSuccess(env, 0, result.items[0].json);
	}
	const item = result.items[target];
	if (expected.outcome === 'success') {
		expect(result.error?.message).toBeUndefined();
		expect(item?.error?.message).toBeUndefined();
		op.expectSuccess(env, target, item?.json ?? {});
	} else {
		expectProviderError(c, outcome, c.continueOnFail ? item?.error : result.error, target);
		// A create that failed created nothing (a timed-out one may still be processed: the server
		// answers after the node gave up).
		if (op.created && !c.fault.timeout) expect(op.created(env, target).length).toBe(0);
	}

	if (c.provider.key === 'leversToken') expect(env.exchangeRequests().length).toBe(0);
	if (expected.renewal) {
		// The order in the log: the rejected request, a token exchange, the request again.
		const sequence = env.server.requests
			.filter((entry) => entry.path === LEVERS_EXCHANGE_PATH || operationRequests(env.server, request).includes(entry))
			.map((entry) => (entry.path === LEVERS_EXCHANGE_PATH ? 'exchange' : 'request'));
		const first = sequence.indexOf('request');
		expect(sequence.slice(first)).toEqual(['request', 'exchange', 'request']);
	}
}

function expectNoSecrets(outcome) {
	// The capture was live for this run: the probe logged through LoggerProxy is in its lines.
	expect(outcome.lines.some((line) => line.text.includes(outcome.probe))).toBe(true);
	const secrets = [...Object.entries(SECRETS).map(([name, value]) => ({ name, value })), ...outcome.secrets];
	const texts = [...runTexts(outcome.result), ...capture.lineTexts(outcome.lines)];
	if (outcome.thrown) texts.push({ source: 'harness exception', text: safeStringify(outcome.thrown) });
	expect(texts.length).toBeGreaterThan(2);
	assertNoSecrets(texts, secrets);
}

// ---------------------------------------------------------------- the scanner can fail

describe('the secret scanner finds a planted secret, wherever it is', () => {
	const PLANTED = 'planted-secret-Zx81Kq0Lm3';
	const planted = [{ name: 'planted secret', value: PLANTED }];

	test('in n8n logs, console, stdout (base64), an error cause chain with cycles, and run data', async () => {
		const hidden = new Error('socket hang up');
		hidden.config = { headers: { Authorization: `Bearer ${PLANTED}` } };
		hidden.self = hidden;
		const middle = new Error('request failed', { cause: hidden });
		const error = new NodeApiError({ name: 'Node', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }, { message: 'x' }, { message: 'Levers had a server error', cause: middle });
		error.cause = middle;
		const run = { data: { resultData: { runData: { Node: [{ data: { secretHere: { token: PLANTED } } }] } } } };
		run.data.self = run;
		const { lines } = await capture.during(
			async () => {
				LoggerProxy.info('request sent', { options: { headers: { authorization: `Bearer ${PLANTED}` } } });
				console.error('token was', { nested: { deeper: { deepest: { token: PLANTED } } } });
				process.stdout.write(`raw ${PLANTED}\n`);
				await new Promise((resolve) => setTimeout(resolve, 5));
				process.stderr.write(`Basic ${Buffer.from(PLANTED).toString('base64')}\n`);
			},
			{ mute: true },
		);
		const texts = [...runTexts({ items: [], error, run }), ...capture.lineTexts(lines)];
		const findings = findSecrets(texts, planted);
		expect(findings.map((finding) => `${finding.source} [${finding.form}]`)).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/\(n8n logger info\) \[raw\]$/),
				expect.stringMatching(/\(console\.error\) \[raw\]$/),
				expect.stringMatching(/\(process\.stdout\) \[raw\]$/),
				expect.stringMatching(/\(process\.stderr\) \[base64\]$/),
				'node error.cause^2 JSON.stringify [raw]',
				'run data (result.run) [raw]',
			]),
		);
		// NodeApiError's own toJSON() shows only the first cause's name and message: the scan does
		// not rely on it.
		expect(safeStringify(error.toJSON())).not.toContain(PLANTED);
		let message = '';
		try {
			assertNoSecrets(texts, planted);
		} catch (failure) {
			message = failure.message;
		}
		expect(message).toMatch(/^Secret\(s\) leaked:/);
		expect(message).toContain('<planted secret>');
		expect(message).not.toContain(PLANTED);
	});

	test('in a real run: a provider answer carrying it reaches the output items and run data', async () => {
		const sandbox = createKatsuPaySandbox({ accessTokens: [SECRETS.katsuPayToken] });
		await sandbox.start();
		try {
			const harness = createHarness({ nodes: ['dist/nodes/KatsuPay/KatsuPay.node.js'], credentials: ['dist/credentials/KatsuPayInvoicingApi.credentials.js'] });
			const credentials = harness.credential('katsuPayInvoicingApi', { baseUrl: sandbox.baseUrl, accessToken: SECRETS.katsuPayToken });
			const invoice = sandbox.seedInvoice({ description: `notes: ${PLANTED}` });
			const { value: result, lines } = await capture.during(() =>
				harness.runNode({ type: 'katsuPay', parameters: { resource: 'invoice', operation: 'get', invoiceId: { __rl: true, mode: 'id', value: invoice.id } }, credentials }),
			);
			expect(result.error).toBeUndefined();
			const findings = findSecrets([...runTexts(result), ...capture.lineTexts(lines)], planted);
			expect(findings.map((finding) => finding.source)).toEqual(expect.arrayContaining(['output items', 'run data (result.run)']));
			// ...while the real token of that run is nowhere.
			expect(describeFindings(findSecrets([...runTexts(result), ...capture.lineTexts(lines)], [{ name: 'Katsu Pay token', value: SECRETS.katsuPayToken }]))).toBe('');
			// n8n's engine logged through the capture during the run.
			expect(lines.filter((line) => line.channel.startsWith('n8n logger')).length).toBeGreaterThan(0);
		} finally {
			await sandbox.stop();
		}
	});

	test('a clean text gives no finding, and a secret too short to scan for is refused', () => {
		expect(findSecrets([{ source: 'x', text: 'nothing to see' }], planted)).toEqual([]);
		expect(() => findSecrets([], [{ name: 'short', value: 'abc' }])).toThrow(/too short/);
	});
});

// ---------------------------------------------------------------- the matrix

for (const provider of PROVIDERS) {
	describe(`${provider.label}`, () => {
		for (const c of cases.filter((entry) => entry.provider === provider)) {
			test(`${c.name}`, async () => expectBehaviour(c, await scheduler.get(c.index)), CASE_TIMEOUT_MS);
			test(`${c.op}${c.continueOnFail ? ' ×2 items' : ''}, ${c.fault.id}: no secret in output, error (and causes), run data or logs`, async () =>
				expectNoSecrets(await scheduler.get(c.index)), CASE_TIMEOUT_MS);
		}
	});
}

test('nothing logged outside the runs carries a secret', async () => {
	const outcomes = await Promise.allSettled(cases.map((c) => scheduler.get(c.index)));
	const dynamic = outcomes.flatMap((entry) => (entry.status === 'fulfilled' ? entry.value.secrets : []));
	const secrets = [...Object.entries(SECRETS).map(([name, value]) => ({ name, value })), ...dynamic];
	const unique = [...new Map(secrets.map((secret) => [secret.value, secret])).values()];
	assertNoSecrets(capture.lineTexts(capture.outside), unique);
	expect(cases.length).toBeGreaterThan(200);
}, 120000);
