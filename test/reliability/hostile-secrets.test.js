'use strict';
// Issue 14, defect 3 and the "echo" and "hang" part of the hostile fault matrix: EVERY operation of
// every node (the list comes from the built node descriptions), and every list search, run through
// n8n's engine against sandboxes that echo the request (headers with the Authorization header, raw
// body) in their error answers, or hang past a small Request Options → Timeout. Each case scans
// the COMPLETE run for every credential value, in any letter case, raw, URL-encoded or base64:
// the output items, the error with every own property (non-enumerable ones and the cause chain
// included: ./faults-secrets.js), n8n-core's run data, and every log line of the run.
//
//   providers   Levers (client ID & secret; access token), Katsu Pay, Pennylane, Pennylane through Billy
//   operations  all of each node (valid parameters from ./bad-input-providers.js), and its list searches
//   faults      echo + 400, 401 (Levers: also 3 items renewing the token side by side), 422 quoting the request in FastAPI-style `input` values (also
//               upper-cased), 429 (persistent), 500; Katsu Pay's 200 `succeeded: false`; Levers'
//               token exchange answering 422 with the client secret as `input`; hang (8 s) with a
//               300 ms timeout, on every request and (Levers) on the API only, after the exchange
//
// A case counts only if it really was hostile: the request reached the sandbox past the node's own
// checks, and (echo cases) the sandbox's answers did carry a credential value.
const { LoggerProxy } = require('n8n-workflow');
const path = require('path');
const { PROVIDERS, SECRETS, LEVERS_EXCHANGE_PATH } = require('./faults-providers');
const { PROVIDERS: INPUT_PROVIDERS } = require('./bad-input-providers');
const { operationsOf, loadDescription } = require('./bad-input-cases');
const { createLogCapture, runTexts, errorTexts, findSecrets, describeFindings, safeStringify, runPool } = require('./faults-secrets');

const ROOT = path.join(__dirname, '..', '..');
const TIMEOUT_MS = 300;
const HANG_MS = 8000;
const CONCURRENCY = 8;
/** Every request but the token exchange. */
const API = /^(?!\/auth\/v1\/api-key\/auth$)/;

/** The bad-input provider whose valid parameter sets (and fixture) serve each fault-matrix provider. */
const INPUT_OF = { levers: 'levers', leversToken: 'levers', katsuPay: 'katsuPay', pennylane: 'pennylane', billy: 'pennylane' };
const inputProvider = (provider) => INPUT_PROVIDERS.find((entry) => entry.key === INPUT_OF[provider.key]);

/**
 * Injects a persistent fault whose body is made from the request it answers, as FastAPI/Pydantic
 * quote the refused value in a 422's `input` (the sandbox takes a fixed body; the stored fault's
 * body is set as each request is matched).
 */
function injectFromRequest(server, fault, bodyOf) {
	server.inject({ times: 1000, ...fault });
	const stored = server.faults[server.faults.length - 1];
	stored.where = (entry) => {
		stored.body = bodyOf(entry);
		return true;
	};
}

/** FastAPI-style 422 details quoting the request's headers (also upper-cased) and body. */
function quotingBody(provider, server, entry) {
	const headers = entry.headers;
	const shouted = JSON.stringify(headers).toUpperCase();
	if (provider.provider === 'Levers') {
		return {
			detail: [
				{ loc: ['header', 'authorization'], msg: 'Malformed header', type: 'value_error', input: headers },
				{ loc: ['header'], msg: 'Malformed headers', type: 'value_error', input: shouted },
				{ loc: ['body'], msg: 'Invalid body', type: 'value_error', input: entry.rawBody },
			],
		};
	}
	return { ...provider.errorBody(server, 422, 'Validation failed').body, input: { headers, shouted, body: entry.rawBody } };
}

const FAULTS = [
	{ id: 'echo + 400', echo: true, status: 400 },
	{ id: 'echo + 401', echo: true, status: 401 },
	// Levers renews its token on a 401: items side by side each renew it, and each error echoes its own.
	{ id: 'echo + 401, 3 items side by side, Continue On Fail', echo: true, status: 401, items: 3, continueOnFail: true, only: ['levers'] },
	{ id: 'echo + 422 quoting the request in `input` values (also upper-cased)', echo: true, status: 422, quoting: true, continueOnFail: true },
	{ id: 'echo + 429 (persistent)', echo: true, status: 429 },
	{ id: 'echo + 500', echo: true, status: 500, continueOnFail: true },
	{ id: 'echo + 200 succeeded:false', echo: true, status: 200, only: ['katsuPay'], continueOnFail: true },
	{ id: 'echo + token exchange 422 quoting the client secret', echo: true, exchange: true, only: ['levers'] },
	{ id: `hang ${HANG_MS} ms (every request), Timeout ${TIMEOUT_MS} ms`, hang: 'all' },
	{ id: `hang ${HANG_MS} ms (API requests only), Timeout ${TIMEOUT_MS} ms`, hang: 'api', only: ['levers'] },
];
const LIST_SEARCH_FAULTS = [
	'echo + 400',
	'echo + 401',
	'echo + 422 quoting the request in `input` values (also upper-cased)',
	'echo + 200 succeeded:false',
	'echo + token exchange 422 quoting the client secret',
	`hang ${HANG_MS} ms (every request), Timeout ${TIMEOUT_MS} ms`,
];

/** Makes the sandbox hostile as the fault says. */
function makeHostile(provider, server, fault) {
	if (fault.hang) {
		server.setHostile({ hangMs: HANG_MS, ...(fault.hang === 'api' ? { match: { path: API } } : {}) });
		return;
	}
	server.setHostile({ echo: true });
	if (fault.exchange) {
		injectFromRequest(server, { match: { method: 'POST', path: LEVERS_EXCHANGE_PATH }, status: 422 }, (entry) => ({
			detail: [{ loc: ['body', 'clientSecret'], msg: 'String should match pattern', type: 'string_pattern_mismatch', input: JSON.parse(entry.rawBody).clientSecret }],
		}));
	} else if (fault.quoting) {
		injectFromRequest(server, { match: { path: API }, status: 422 }, (entry) => quotingBody(provider, server, entry));
	} else {
		const { body } = provider.errorBody(server, fault.status === 200 ? 400 : fault.status, `Simulated ${fault.status}`);
		server.inject({ match: { path: API }, status: fault.status, body, headers: fault.status === 429 ? { 'retry-after': '0' } : {}, times: 1000 });
	}
}

// ---------------------------------------------------------------- the cases

const cases = [];
for (const provider of PROVIDERS) {
	const input = inputProvider(provider);
	const faults = FAULTS.filter((fault) => !fault.only || fault.only.includes(provider.key));
	for (const operation of operationsOf(loadDescription(input.file))) {
		for (const fault of faults) cases.push({ provider, input, operation, fault });
	}
}

const capture = createLogCapture();

/** One case: a fresh sandbox, made hostile, the operation run with its logs captured. */
async function executeCase(c) {
	const env = await c.provider.setup();
	try {
		const valid = c.input.valid[c.operation];
		const fixture = c.input.fixture({ sandbox: env.sandbox });
		const parameters = typeof valid === 'function' ? valid(fixture) : valid.parameters(fixture);
		const item = typeof valid === 'function' ? { json: {} } : valid.item();
		if (c.fault.hang) parameters.requestOptions = { timeout: TIMEOUT_MS };
		makeHostile(c.provider, env.server, c.fault);
		const probe = `hostile-probe-${cases.indexOf(c)}-${Date.now()}`;
		const started = Date.now();
		const run = await capture.during(async () => {
			try {
				const items = Array.from({ length: c.fault.items ?? 1 }, () => item);
				return await env.run(parameters, { items, continueOnFail: c.fault.continueOnFail === true });
			} finally {
				LoggerProxy.debug(probe);
			}
		});
		return { env, probe, ms: Date.now() - started, result: run.value, thrown: run.error, lines: run.lines, secrets: env.secrets(), requests: env.server.requests };
	} finally {
		await env.stop();
	}
}

const listCases = [];
for (const provider of PROVIDERS) {
	for (const id of LIST_SEARCH_FAULTS) {
		const fault = FAULTS.find((entry) => entry.id === id);
		if (!fault.only || fault.only.includes(provider.key)) listCases.push({ provider, fault });
	}
}

/** One list-search case: every list search of the node, one after the other, on one hostile sandbox. */
async function executeListCase(c) {
	const env = await c.provider.setup();
	try {
		makeHostile(c.provider, env.server, c.fault);
		const methods = env.listSearchMethods();
		const calls = [];
		for (const method of methods) {
			const probe = `hostile-list-probe-${method}-${Date.now()}`;
			const run = await capture.during(async () => {
				try {
					return await env.listSearch(method, { filter: '', ...(c.fault.hang ? { parameters: { requestOptions: { timeout: TIMEOUT_MS } } } : {}) });
				} finally {
					LoggerProxy.debug(probe);
				}
			});
			calls.push({ method, probe, value: run.value, error: run.error, lines: run.lines });
		}
		return { env, methods, calls, secrets: env.secrets(), requests: env.server.requests };
	} finally {
		await env.stop();
	}
}

let outcomes;
let listOutcomes;
beforeAll(async () => {
	capture.install();
	outcomes = await runPool(cases, CONCURRENCY, executeCase);
	listOutcomes = await runPool(listCases, CONCURRENCY, executeListCase);
}, 600000);
afterAll(() => capture.uninstall());

// ---------------------------------------------------------------- checks

const allSecrets = (outcome) => {
	const secrets = [...Object.entries(SECRETS).map(([name, value]) => ({ name, value })), ...outcome.secrets];
	return [...new Map(secrets.map((secret) => [secret.value, secret])).values()];
};

/** What the sandbox answered, as text: proof that an echo case did hand the node a secret. */
const answersText = (requests) => [{ source: 'sandbox answers', text: safeStringify(requests.map((entry) => entry.response)) }];

function outcomeOf(list, index) {
	const settled = list[index];
	if (settled.status === 'rejected') throw settled.reason;
	return settled.value;
}

describe('the credential fields the redaction removes', () => {
	test('cover every password field of every credential of the package', () => {
		const { SECRET_CREDENTIAL_FIELDS } = require(path.join(ROOT, 'dist/nodes/shared/errors'));
		const pkg = require(path.join(ROOT, 'package.json'));
		const passwordFields = pkg.n8n.credentials.flatMap((file) =>
			Object.values(require(path.join(ROOT, file))).flatMap((Type) =>
				new Type().properties.filter((property) => property.typeOptions?.password).map((property) => property.name),
			),
		);
		expect(passwordFields.length).toBeGreaterThan(4);
		expect([...new Set(passwordFields)].filter((name) => !SECRET_CREDENTIAL_FIELDS.includes(name))).toEqual([]);
	});
});

for (const provider of PROVIDERS) {
	describe(`${provider.label}: hostile answers`, () => {
		cases.forEach((c, index) => {
			if (c.provider !== provider) return;
			test(`${c.operation}, ${c.fault.id}: fails, and no credential value in output, error, run data or logs`, () => {
				const outcome = outcomeOf(outcomes, index);
				const { result, thrown, requests } = outcome;
				expect(thrown?.message).toBeUndefined();
				// The capture was live for this run.
				expect(outcome.lines.some((line) => line.text.includes(outcome.probe))).toBe(true);

				// It was really hostile: the request passed the node's checks and reached the sandbox ...
				const error = result.error ?? result.items.find((entry) => entry.error)?.error;
				// (Levers with client ID & secret goes no further than its token exchange when that fails.)
				const exchangeOnly = c.fault.exchange || (c.fault.hang === 'all' && c.provider.key === 'levers');
				const reached = requests.filter((entry) => (exchangeOnly ? entry.path === LEVERS_EXCHANGE_PATH : API.test(entry.path)));
				expect(reached.length).toBeGreaterThan(0);
				// ... and, when echoing, its answers carried a credential value.
				if (c.fault.echo) expect(findSecrets(answersText(requests), allSecrets(outcome)).length).toBeGreaterThan(0);

				expect(error).toBeDefined();
				expect(error.name).toBe('NodeApiError');
				if (c.fault.items) expect(result.items.map((entry) => entry.error?.name)).toEqual(Array(c.fault.items).fill('NodeApiError'));
				if (c.fault.hang) expect(error.message).toContain(`did not answer within ${TIMEOUT_MS} ms`);
				if (exchangeOnly) expect(error.message).toMatch(/^Levers token exchange failed: /);

				const texts = [...runTexts(result), ...capture.lineTexts(outcome.lines)];
				expect(describeFindings(findSecrets(texts, allSecrets(outcome)))).toBe('');
			});
		});
	});
}

describe('list searches (pacer.get) against hostile answers', () => {
	listCases.forEach((c, index) => {
		test(`${c.provider.label}, ${c.fault.id}: every list search fails without a credential value in its error or logs`, () => {
			const outcome = outcomeOf(listOutcomes, index);
			expect(outcome.methods.length).toBeGreaterThan(0);
			expect(outcome.requests.length).toBeGreaterThan(0);
			if (c.fault.echo) expect(findSecrets(answersText(outcome.requests), allSecrets(outcome)).length).toBeGreaterThan(0);
			for (const call of outcome.calls) {
				expect({ method: call.method, name: call.error?.name }).toEqual({ method: call.method, name: 'NodeApiError' });
				expect(call.lines.some((line) => line.text.includes(call.probe))).toBe(true);
				if (c.fault.hang) expect(call.error.message).toContain(`did not answer within ${TIMEOUT_MS} ms`);
				const texts = [...errorTexts(call.error, `${call.method} error`), { source: `${call.method} result`, text: safeStringify(call.value) }, ...capture.lineTexts(call.lines)];
				expect(describeFindings(findSecrets(texts, allSecrets(outcome)))).toBe('');
			}
		});
	});
});

test('nothing logged outside the runs carries a credential value', () => {
	const secrets = [...outcomes, ...listOutcomes].flatMap((entry) => (entry.status === 'fulfilled' ? allSecrets(entry.value) : []));
	const unique = [...new Map(secrets.map((secret) => [secret.value, secret])).values()];
	expect(describeFindings(findSecrets(capture.lineTexts(capture.outside), unique))).toBe('');
	expect(cases.length).toBeGreaterThan(300);
});
