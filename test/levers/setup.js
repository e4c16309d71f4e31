'use strict';
// Shared set-up for the Levers tests: a fresh sandbox and harness per test file.
const { createHarness } = require('../harness/engine');
const { createLeversSandbox } = require('../sandboxes/levers');

const CLIENT = { clientId: 'client-123', clientSecret: 'secret-abc-999' };
const ACCESS_TOKEN = 'static-levers-token-777';

function setupLevers(options = {}) {
	const ctx = {};
	beforeAll(async () => {
		ctx.sandbox = createLeversSandbox({ clients: { [CLIENT.clientId]: CLIENT.clientSecret }, accessTokens: [ACCESS_TOKEN], ...options });
		await ctx.sandbox.start();
		ctx.harness = createHarness({
			nodes: ['dist/nodes/Levers/Levers.node.js'],
			credentials: ['dist/credentials/LeversInvoicingApi.credentials.js', 'dist/credentials/LeversAccessTokenInvoicingApi.credentials.js'],
		});
		ctx.credentials = ctx.harness.credential('leversInvoicingApi', { host: ctx.sandbox.baseUrl, ...CLIENT, sessionToken: '' });
		ctx.tokenCredentials = ctx.harness.credential('leversAccessTokenInvoicingApi', { host: ctx.sandbox.baseUrl, accessToken: ACCESS_TOKEN });
		/** Runs the Levers node with the client-credentials credential unless told otherwise. */
		ctx.run = (parameters, { input, items, continueOnFail, credentials = ctx.credentials } = {}) =>
			ctx.harness.runNode({ type: 'levers', parameters, credentials, input, items, continueOnFail });
	});
	beforeEach(() => ctx.sandbox.server.clearLog());
	afterAll(async () => ctx.sandbox.stop());
	return ctx;
}

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

/** Requests that reached the API (the token exchange excluded). */
const apiRequests = (sandbox) => sandbox.server.requests.filter((r) => r.path.startsWith('/api-service/'));

module.exports = { setupLevers, rl, apiRequests, CLIENT, ACCESS_TOKEN };
