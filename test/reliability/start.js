'use strict';
// One started sandbox per provider with a harness that loads that provider's node and one
// credential, for the reliability suites: { sandbox, harness, credentials, type, ...seeded records }.
const { createHarness } = require('../harness/engine');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');
const { createLeversSandbox } = require('../sandboxes/levers');
const { createKatsuPaySandbox } = require('../sandboxes/katsupay');

/** Pennylane's real limit would make these suites wait; rate limiting has suites of its own. */
const ROOMY_LIMIT = { limit: 1000, windowMs: 1000, resetPrecision: 'milliseconds' };

const STARTERS = {
	/** Levers with client ID & secret (`accessToken: true`: a pasted access token). */
	async levers({ accessToken = false } = {}) {
		const sandbox = createLeversSandbox({ clients: { 'rel-client': 'rel-secret' }, accessTokens: ['rel-levers-token'] });
		await sandbox.start();
		const credentialType = accessToken ? 'leversAccessTokenInvoicingApi' : 'leversInvoicingApi';
		const harness = createHarness({ nodes: ['dist/nodes/Levers/Levers.node.js'], credentials: [`dist/credentials/${accessToken ? 'LeversAccessTokenInvoicingApi' : 'LeversInvoicingApi'}.credentials.js`] });
		const credentials = accessToken
			? harness.credential(credentialType, { host: sandbox.baseUrl, accessToken: 'rel-levers-token' })
			: harness.credential(credentialType, { host: sandbox.baseUrl, clientId: 'rel-client', clientSecret: 'rel-secret', sessionToken: '' });
		return { sandbox, harness, credentials, type: 'levers', authentication: accessToken ? 'accessToken' : 'clientCredentials', contact: sandbox.seedContact({ name: 'Reliability Co' }) };
	},
	async katsupay() {
		const sandbox = createKatsuPaySandbox({ accessTokens: ['rel-katsu-token'] });
		await sandbox.start();
		const harness = createHarness({ nodes: ['dist/nodes/KatsuPay/KatsuPay.node.js'], credentials: ['dist/credentials/KatsuPayInvoicingApi.credentials.js'] });
		const credentials = harness.credential('katsuPayInvoicingApi', { baseUrl: sandbox.baseUrl, accessToken: 'rel-katsu-token' });
		return { sandbox, harness, credentials, type: 'katsuPay', counterparty: sandbox.seedCounterparty({ name: 'Reliability Ltd' }), product: sandbox.seedProduct({ name: 'Service', price: 10 }) };
	},
	async pennylane() {
		const sandbox = createPennylaneSandbox({ mode: 'pennylane', tokens: ['rel-pl-token'], rateLimit: ROOMY_LIMIT });
		await sandbox.start();
		const harness = createHarness({ nodes: ['dist/nodes/Pennylane/Pennylane.node.js'], credentials: ['dist/credentials/PennylaneInvoicingApi.credentials.js'] });
		const credentials = harness.credential('pennylaneInvoicingApi', { baseUrl: sandbox.baseUrl, apiToken: 'rel-pl-token' });
		return { sandbox, harness, credentials, type: 'pennylane', authentication: 'pennylaneInvoicingApi', customer: sandbox.seedCustomer({ name: 'Reliability SAS' }) };
	},
};

const rl = (value, mode = 'id') => ({ __rl: true, mode, value: String(value) });

/** Katsu Pay's receiving accounts cannot be listed; any UUID is accepted by the sandbox. */
const RECEIVING_ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

module.exports = { start: (name, options) => STARTERS[name](options), rl, RECEIVING_ACCOUNT };
