'use strict';
// Shared set-up for the Pennylane tests: a fresh sandbox per credential mode and a harness that
// loads the Pennylane node with both of its credentials (direct Pennylane token, Billy).
const { createHarness } = require('../harness/engine');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');

const NODE = 'dist/nodes/Pennylane/Pennylane.node.js';
const CREDENTIALS = ['dist/credentials/PennylaneInvoicingApi.credentials.js', 'dist/credentials/BillyInvoicingApi.credentials.js'];
const TOKEN = 'pl-company-token-4f9a2c';
const BILLY_TOKEN = 'billy-token-77d1e0';
/** Generous enough that functional tests never wait; the rate-limit tests set their own. */
const ROOMY_LIMIT = { limit: 1000, windowMs: 1000, resetPrecision: 'milliseconds' };

function createPennylaneHarness() {
	return createHarness({ nodes: [NODE], credentials: CREDENTIALS });
}

/** The credential entry of a mode for a sandbox. */
function credentialFor(harness, sandbox, { token, sourceSoftware = 'HUBSPOT' } = {}) {
	if (sandbox.mode === 'billy') {
		return harness.credential('billyInvoicingApi', { baseUrl: sandbox.baseUrl, accessToken: token ?? BILLY_TOKEN, sourceSoftware });
	}
	return harness.credential('pennylaneInvoicingApi', { baseUrl: sandbox.baseUrl, apiToken: token ?? TOKEN });
}

/**
 * A sandbox of the given mode ('pennylane' or 'billy') started for the test file, with a harness,
 * a credential, `run(parameters, options)` to run the node once, and the request log cleared
 * before each test.
 */
function setupPennylane(mode = 'pennylane', sandboxOptions = {}) {
	const ctx = { mode };
	beforeAll(async () => {
		ctx.sandbox = createPennylaneSandbox({ mode, tokens: [mode === 'billy' ? BILLY_TOKEN : TOKEN], rateLimit: ROOMY_LIMIT, ...sandboxOptions });
		await ctx.sandbox.start();
		ctx.harness = createPennylaneHarness();
		ctx.credentials = credentialFor(ctx.harness, ctx.sandbox);
		ctx.authentication = mode === 'billy' ? 'billyInvoicingApi' : 'pennylaneInvoicingApi';
		/** Runs the Pennylane node with this mode's credential unless told otherwise. */
		ctx.run = (parameters, { input, continueOnFail, credentials = ctx.credentials } = {}) =>
			ctx.harness.runNode({
				type: 'pennylane',
				parameters: { authentication: ctx.authentication, ...parameters },
				credentials,
				input,
				continueOnFail,
			});
		ctx.requests = () => ctx.sandbox.apiRequests();
		ctx.path = (path) => `${ctx.sandbox.prefix}${path}`;
	});
	beforeEach(() => ctx.sandbox.server.clearLog());
	afterAll(async () => ctx.sandbox.stop());
	return ctx;
}

const rl = (value, mode = 'id') => ({ __rl: true, mode, value: String(value) });

/** Headers every request must carry for the mode, and those it must not. */
function expectModeHeaders(request, mode, sourceSoftware = 'HUBSPOT') {
	if (mode === 'billy') {
		expect(request.headers.authorization).toBe(`Bearer ${BILLY_TOKEN}`);
		expect(request.headers['x-source']).toBe('billy');
		expect(request.headers['x-source-software']).toBe(sourceSoftware);
	} else {
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.headers['x-source']).toBeUndefined();
		expect(request.headers['x-source-software']).toBeUndefined();
	}
}

module.exports = { setupPennylane, createPennylaneHarness, credentialFor, rl, expectModeHeaders, TOKEN, BILLY_TOKEN, ROOMY_LIMIT, NODE, CREDENTIALS };
