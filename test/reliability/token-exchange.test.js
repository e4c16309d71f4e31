'use strict';
// Issue 14, defects 4 and 7: Levers' token exchange (the credential's preAuthentication, run by
// n8n-core before the API request and again to renew the token on a 401) honours the node's
// Request Options → Timeout, gives its rate-limiter slot back when it fails, and its failures are
// reported as token-exchange failures: the API request that needed the token was not processed,
// so no "may have been processed" warning, and the request the error names is the exchange.
const { PROVIDERS, LEVERS_EXCHANGE_PATH } = require('./faults-providers');

const levers = PROVIDERS.find((provider) => provider.key === 'levers');
const EXCHANGE = { method: 'POST', path: LEVERS_EXCHANGE_PATH };
const INVOICE_POST = '/api-service/v1/invoice';
const HANG_MS = 8000;
const TIMEOUT_MS = 500;

let env;
beforeEach(async () => {
	env = await levers.setup();
});
afterEach(async () => {
	await env.stop();
});

/** Runs an operation of the fault-matrix provider on item 0. */
async function run(name, extra = {}) {
	const op = levers.operations[name];
	env.fx = op.prepare ? op.prepare(env.fx) : env.fx;
	const started = Date.now();
	const result = await env.run({ ...op.parameters(env.fx), ...extra }, { input: [op.input(env.fx, 0)] });
	return { result, ms: Date.now() - started, error: result.error };
}

const apiRequests = () => env.server.requests.filter((entry) => entry.path !== LEVERS_EXCHANGE_PATH);
const exchanges = () => env.server.requestsTo('POST', LEVERS_EXCHANGE_PATH);

/** Waits until the sandbox has seen the client hang up on every exchange (bounded). */
async function abandonedExchanges() {
	for (let waited = 0; waited < 2000 && exchanges().some((entry) => entry.status === undefined); waited += 50) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return exchanges().map((entry) => entry.status);
}

describe('defect 4: the token exchange honours Request Options → Timeout', () => {
	test(`Create with Timeout ${TIMEOUT_MS} ms and an exchange answering after ${HANG_MS / 1000} s fails in seconds, naming the exchange`, async () => {
		env.server.setHostile({ hangMs: HANG_MS, match: EXCHANGE });
		const { error, ms } = await run('create', { requestOptions: { timeout: TIMEOUT_MS } });
		expect(ms).toBeLessThan(HANG_MS - 1500);
		expect(error?.name).toBe('NodeApiError');
		expect(error.message).toBe(`Levers token exchange failed: Levers did not answer within ${TIMEOUT_MS} ms (gave up after 3 attempts)`);
		expect(error.description).toContain(`Request: POST ${LEVERS_EXCHANGE_PATH}`);
		expect(error.description).toContain(`POST ${INVOICE_POST} was not processed by Levers`);
		// The node hung up on each exchange (the request was aborted, not left waiting), and nothing
		// reached the API.
		expect(await abandonedExchanges()).toEqual(['abandoned', 'abandoned', 'abandoned']);
		expect(apiRequests()).toEqual([]);
	}, 20000);

	test('the failed exchange gave its rate-limiter slot back: the next run on the same credential goes straight through', async () => {
		env.server.setHostile({ hangMs: HANG_MS, match: EXCHANGE });
		const first = await run('get', { requestOptions: { timeout: TIMEOUT_MS } });
		expect(first.error?.message).toMatch(/^Levers token exchange failed: Levers did not answer within 500 ms/);
		expect(first.ms).toBeLessThan(HANG_MS - 1500);
		env.server.setHostile({});
		const second = await run('get', { requestOptions: { timeout: 5000 } });
		expect(second.error?.message).toBeUndefined();
		levers.operations.get.expectSuccess(env, 0, second.result.items[0].json);
		expect(second.ms).toBeLessThan(2000);
	}, 20000);

	test('a list search (pacer.get) gives the exchange the same timeout and the same words', async () => {
		env.server.setHostile({ hangMs: HANG_MS, match: EXCHANGE });
		const started = Date.now();
		let failure;
		try {
			await env.listSearch('searchContacts', { filter: '', parameters: { requestOptions: { timeout: TIMEOUT_MS } } });
		} catch (error) {
			failure = error;
		}
		expect(Date.now() - started).toBeLessThan(HANG_MS - 1500);
		expect(failure?.message).toBe(`Levers token exchange failed: Levers did not answer within ${TIMEOUT_MS} ms (gave up after 3 attempts)`);
		expect(apiRequests()).toEqual([]);
	}, 20000);
});

describe('defect 7: exchange failures are reported as such, not against the API request', () => {
	test('a dropped exchange during Create: no "may have been processed", and no invoice request was sent', async () => {
		env.server.inject({ match: EXCHANGE, drop: true, times: 50 });
		const { error } = await run('create');
		expect(error?.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^Levers token exchange failed: Levers closed the connection before answering \(ECONNRESET\)/);
		expect(`${error.message} ${error.description}`).not.toContain('may have been processed');
		expect(error.description).toContain(`No access token could be obtained, so POST ${INVOICE_POST} was not processed by Levers`);
		expect(error.description).toContain(`Request: POST ${LEVERS_EXCHANGE_PATH}`);
		expect(apiRequests()).toEqual([]);
	});

	test('an exchange refused with 401 (wrong secret) names the exchange and keeps the 401', async () => {
		env.server.inject({ match: EXCHANGE, status: 401, body: { detail: 'Invalid client credentials' }, times: 50 });
		const { error } = await run('create');
		expect(error?.name).toBe('NodeApiError');
		expect(error.message).toBe('Levers token exchange failed: Levers did not accept the credentials: check the credential set on this node: Invalid client credentials');
		expect(error.httpCode).toBe('401');
		expect(error.description).toContain(`Request: POST ${LEVERS_EXCHANGE_PATH}`);
		expect(error.description).not.toContain(`Request: POST ${INVOICE_POST}`);
		expect(apiRequests()).toEqual([]);
	});

	test('a token renewal (after the API said 401) that gets no answer is the exchange\'s failure', async () => {
		// The first exchange works; the API then refuses the token once; the renewal is dropped.
		env.server.inject({ match: { method: 'POST', path: INVOICE_POST }, status: 401, body: { detail: 'Token has expired' }, times: 1 });
		const { error } = await run('create');
		expect(exchanges().length).toBeGreaterThan(0);
		expect(error?.message).toBeUndefined();
		// Now the same with every renewal dropped.
		env.server.clearLog();
		env.server.inject({ match: { method: 'POST', path: INVOICE_POST }, status: 401, body: { detail: 'Token has expired' }, times: 50 });
		env.server.inject({ match: EXCHANGE, drop: true, times: 50 });
		const renewal = await run('create');
		expect(renewal.error?.message).toMatch(/^Levers token exchange failed: Levers closed the connection before answering/);
		expect(`${renewal.error.message} ${renewal.error.description}`).not.toContain('may have been processed');
		expect(apiRequests().every((entry) => entry.status === 401)).toBe(true);
	});

	test('an exchange answered 200 without an access token fails as the exchange, quoting nothing of the answer', async () => {
		env.server.setHostile({ nonJson: true, match: EXCHANGE });
		const { error } = await run('get');
		expect(error?.message).toMatch(/^Levers token exchange failed: Levers answered without an access token/);
		expect(error.description).not.toContain('<html');
		expect(apiRequests()).toEqual([]);
	});
});
