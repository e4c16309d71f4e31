'use strict';
// Shared set-up for the Katsu Pay tests: a fresh sandbox and harness per test file.
const { createHarness } = require('../harness/engine');
const { createKatsuPaySandbox, KATSUPAY_API_PATH } = require('../sandboxes/katsupay');

const ACCESS_TOKEN = 'katsu-test-token-4242';
const NODE = 'dist/nodes/KatsuPay/KatsuPay.node.js';
const CREDENTIAL = 'dist/credentials/KatsuPayInvoicingApi.credentials.js';

function setupKatsuPay(options = {}) {
	const ctx = {};
	beforeAll(async () => {
		ctx.sandbox = createKatsuPaySandbox({ accessTokens: [ACCESS_TOKEN], ...options });
		await ctx.sandbox.start();
		ctx.harness = createHarness({ nodes: [NODE], credentials: [CREDENTIAL] });
		ctx.credentials = ctx.harness.credential('katsuPayInvoicingApi', { baseUrl: ctx.sandbox.baseUrl, accessToken: ACCESS_TOKEN });
		/** Runs the Katsu Pay node with the test credential unless told otherwise. */
		ctx.run = (parameters, { input, continueOnFail, credentials = ctx.credentials } = {}) =>
			ctx.harness.runNode({ type: 'katsuPay', parameters, credentials, input, continueOnFail });
	});
	beforeEach(() => ctx.sandbox.server.clearLog());
	afterAll(async () => ctx.sandbox.stop());
	return ctx;
}

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

/** The requests the sandbox received (method, path, query, headers, body), in order. */
const requests = (sandbox) => sandbox.server.requests;

module.exports = { setupKatsuPay, rl, requests, ACCESS_TOKEN, API: KATSUPAY_API_PATH, NODE, CREDENTIAL };
