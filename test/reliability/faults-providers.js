'use strict';
// The providers of the fault matrix: for each, how to start a fresh sandbox with a harness and a
// credential, the records the operations work on, its secrets, its error bodies (made by the
// sandbox's own `errorBody`), and three operations: a read (invoice Get), a create (invoice
// Create) and an update (invoice Update).
//
// Every operation reads its per-item values from the input item, so a run of two items touches two
// records; `marker(fx, item)` is text found only in item `item`'s request (path, query or body),
// which lets a fault hit one item of a run (see `injectFault`). `listSearch(method, options)` calls
// one of the node's list searches with the same credential (`listSearchMethods()` names them).
const { createHarness } = require('../harness/engine');
const { createLeversSandbox } = require('../sandboxes/levers');
const { createKatsuPaySandbox } = require('../sandboxes/katsupay');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');

/** Secrets of the test credentials: long and distinctive, so a scan for them cannot match by chance. */
const SECRETS = {
	leversClientSecret: 'lvr-client-secret-7Qm2xZ9pK4',
	leversAccessToken: 'lvr-pasted-access-token-R8c1Vw3nJ6',
	katsuPayToken: 'ktp-access-token-H5s0Lb7yD2',
	pennylaneToken: 'pnl-api-token-F3e8Tu1gX5',
	billyToken: 'bly-access-token-N6d4Wq0hC9',
};
const LEVERS_CLIENT_ID = 'fault-matrix-client';
const LEVERS_EXCHANGE_PATH = '/auth/v1/api-key/auth';
const ROOMY_RATE_LIMIT = { limit: 1000, windowMs: 1000, resetPrecision: 'milliseconds' };
const KATSU_ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

const rl = (value) => ({ __rl: true, mode: 'id', value: String(value) });
let counter = 0;
/** A value unique to this process, for markers. */
const unique = (prefix) => `${prefix}-${process.pid}-${++counter}`;

/** Text of a logged request in which a marker is looked for: path, query and raw body. */
const requestText = (entry) => `${entry.path} ${JSON.stringify(entry.query ?? {})} ${entry.rawBody ?? ''}`;

/** Injects a fault for `method path`; with `marker`, only requests containing it are hit. */
function injectFault(server, { method, path, marker }, fault) {
	if (marker !== undefined) {
		server.inject({ match: { method, path }, where: (entry) => requestText(entry).includes(marker), ...fault });
	} else {
		server.inject({ match: { method, path }, ...fault });
	}
}

/** The requests of an operation in the sandbox log, optionally only those of one item. */
function operationRequests(server, { method, path, marker }) {
	return server.requestsTo(method, path).filter((entry) => marker === undefined || requestText(entry).includes(marker));
}

// ---------------------------------------------------------------- Levers

function leversProvider({ authentication }) {
	const clientCredentials = authentication === 'clientCredentials';
	const API = '/api-service/v1';
	return {
		key: clientCredentials ? 'levers' : 'leversToken',
		label: clientCredentials ? 'Levers (client ID & secret)' : 'Levers (access token)',
		provider: 'Levers',
		/** n8n renews the token and sends the request once more on 401 (client ID & secret only). */
		renewsTokenOn401: clientCredentials,
		async setup() {
			const sandbox = createLeversSandbox({ clients: { [LEVERS_CLIENT_ID]: SECRETS.leversClientSecret }, accessTokens: [SECRETS.leversAccessToken] });
			await sandbox.start();
			const harness = createHarness({
				nodes: ['dist/nodes/Levers/Levers.node.js'],
				credentials: ['dist/credentials/LeversInvoicingApi.credentials.js', 'dist/credentials/LeversAccessTokenInvoicingApi.credentials.js'],
			});
			const credentials = clientCredentials
				? harness.credential('leversInvoicingApi', { host: sandbox.baseUrl, clientId: LEVERS_CLIENT_ID, clientSecret: SECRETS.leversClientSecret, sessionToken: '' })
				: harness.credential('leversAccessTokenInvoicingApi', { host: sandbox.baseUrl, accessToken: SECRETS.leversAccessToken });
			const contact = sandbox.seedContact({ name: 'Fault Matrix Co' });
			const invoices = [0, 1].map((i) =>
				sandbox.seedInvoice({ number: unique(`SEED-${i}`), date: '2025-01-01', dueDate: '2025-01-31', total: 100, contactUuid: contact.uuid }),
			);
			return {
				sandbox,
				server: sandbox.server,
				fx: { contact, invoices },
				run: (parameters, options) => harness.runNode({ type: 'levers', parameters: { authentication, ...parameters }, credentials, ...options }),
				listSearch: (method, { parameters, ...options } = {}) => harness.listSearch({ type: 'levers', parameters: { authentication, ...parameters }, credentials, method, ...options }),
				listSearchMethods: () => Object.keys(harness.nodeTypes[harness.typeName('levers')].methods?.listSearch ?? {}),
				/** Secrets, including every token the sandbox's exchange issued during the run. */
				secrets: () => {
					const issued = new Set([...sandbox.state.tokens.keys()]);
					for (const entry of sandbox.server.requestsTo('POST', LEVERS_EXCHANGE_PATH)) if (entry.response?.access_token) issued.add(entry.response.access_token);
					issued.delete(SECRETS.leversAccessToken);
					return [
						{ name: 'Levers client secret', value: SECRETS.leversClientSecret },
						{ name: 'Levers pasted access token', value: SECRETS.leversAccessToken },
						...[...issued].map((token, i) => ({ name: `Levers exchanged access token #${i + 1}`, value: token })),
					];
				},
				exchangeRequests: () => sandbox.server.requestsTo('POST', LEVERS_EXCHANGE_PATH),
				stop: () => sandbox.stop(),
			};
		},
		/** Bodies in Levers' (FastAPI) format, made by the sandbox's errorBody. */
		errorBody(server, status, message) {
			if (status === 422) {
				const fields = [
					{ loc: ['body', 'number'], msg: 'invoice number already used', type: 'value_error' },
					{ loc: ['body', 'total'], msg: 'exceeds the credit limit of the contact', type: 'value_error' },
				];
				return { body: server.errorBody(422, 'Validation error', { detail: fields }), fieldMessages: fields.map((f) => f.msg) };
			}
			return { body: server.errorBody(status, message, {}) };
		},
		operations: {
			get: {
				method: 'GET',
				path: (fx, item) => `${API}/invoice/${fx.invoices[item].uuid}`,
				marker: (fx, item) => fx.invoices[item].uuid,
				parameters: () => ({ resource: 'invoice', operation: 'get', invoiceId: rl('={{ $json.invoiceId }}') }),
				input: (fx, item) => ({ invoiceId: fx.invoices[item].uuid }),
				expectSuccess(env, item, json) {
					expect(json.uuid).toBe(env.fx.invoices[item].uuid);
					expect(json.number).toBe(env.fx.invoices[item].number);
				},
			},
			create: {
				method: 'POST',
				path: () => `${API}/invoice`,
				marker: (fx, item) => fx.numbers[item],
				prepare: (fx) => ({ ...fx, numbers: [unique('NEW-0'), unique('NEW-1')] }),
				parameters: (fx) => ({
					resource: 'invoice', operation: 'create', number: '={{ $json.number }}', contact: rl(fx.contact.uuid), date: '2025-02-01', dueDate: '2025-02-28', total: 250,
				}),
				input: (fx, item) => ({ number: fx.numbers[item] }),
				created: (env, item) => [...env.sandbox.state.invoices.values()].filter((invoice) => invoice.number === env.fx.numbers[item]),
				expectSuccess(env, item, json) {
					expect(json.number).toBe(env.fx.numbers[item]);
					expect(this.created(env, item)).toHaveLength(1);
				},
			},
			update: {
				method: 'PUT',
				path: () => `${API}/invoice`,
				marker: (fx, item) => fx.invoices[item].uuid,
				prepare: (fx) => ({ ...fx, notes: [unique('notes-0'), unique('notes-1')] }),
				parameters: () => ({ resource: 'invoice', operation: 'update', invoiceId: rl('={{ $json.invoiceId }}'), updateFields: { notes: '={{ $json.notes }}' } }),
				input: (fx, item) => ({ invoiceId: fx.invoices[item].uuid, notes: fx.notes[item] }),
				expectSuccess(env, item, json) {
					expect(json.uuid).toBe(env.fx.invoices[item].uuid);
					expect(env.sandbox.state.invoices.get(env.fx.invoices[item].uuid).notes).toBe(env.fx.notes[item]);
				},
			},
		},
	};
}

// ---------------------------------------------------------------- Katsu Pay

function katsuPayProvider() {
	const API = '/api/v1';
	return {
		key: 'katsuPay',
		label: 'Katsu Pay',
		provider: 'Katsu Pay',
		renewsTokenOn401: false,
		async setup() {
			const sandbox = createKatsuPaySandbox({ accessTokens: [SECRETS.katsuPayToken] });
			await sandbox.start();
			const harness = createHarness({ nodes: ['dist/nodes/KatsuPay/KatsuPay.node.js'], credentials: ['dist/credentials/KatsuPayInvoicingApi.credentials.js'] });
			const credentials = harness.credential('katsuPayInvoicingApi', { baseUrl: sandbox.baseUrl, accessToken: SECRETS.katsuPayToken });
			const product = sandbox.seedProduct({ name: 'Seat licence', price: 20 });
			const counterparty = sandbox.seedCounterparty({ name: 'Fault Matrix Ltd' });
			const invoices = [0, 1].map(() =>
				sandbox.seedInvoice({ counterPartyId: counterparty.id, products: [{ productId: product.id, quantity: 2, unitPrice: 20 }] }),
			);
			return {
				sandbox,
				server: sandbox.server,
				fx: { product, counterparty, invoices },
				run: (parameters, options) => harness.runNode({ type: 'katsuPay', parameters, credentials, ...options }),
				listSearch: (method, options = {}) => harness.listSearch({ type: 'katsuPay', credentials, method, ...options }),
				listSearchMethods: () => Object.keys(harness.nodeTypes[harness.typeName('katsuPay')].methods?.listSearch ?? {}),
				secrets: () => [{ name: 'Katsu Pay access token', value: SECRETS.katsuPayToken }],
				stop: () => sandbox.stop(),
			};
		},
		/** Bodies in Katsu Pay's envelope {succeeded:false, message, errors[], data}, made by the sandbox's errorBody. */
		errorBody(server, status, message) {
			if (status === 422) {
				const fieldMessages = ['dueDate: must be in the future', 'currency: not enabled for this merchant'];
				return { body: server.errorBody(422, 'One or more validation errors occurred.', { errors: fieldMessages }), fieldMessages };
			}
			return { body: server.errorBody(status, message, {}) };
		},
		operations: {
			get: {
				method: 'GET',
				path: () => `${API}/Invoice/getbyId`,
				marker: (fx, item) => fx.invoices[item].id,
				parameters: () => ({ resource: 'invoice', operation: 'get', invoiceId: rl('={{ $json.invoiceId }}') }),
				input: (fx, item) => ({ invoiceId: fx.invoices[item].id }),
				expectSuccess(env, item, json) {
					expect(json.id).toBe(env.fx.invoices[item].id);
					expect(json.invoiceId).toBe(env.fx.invoices[item].invoiceId);
				},
			},
			create: {
				method: 'POST',
				path: () => `${API}/Invoice/Create`,
				marker: (fx, item) => fx.descriptions[item],
				prepare: (fx) => ({ ...fx, descriptions: [unique('deal-0'), unique('deal-1')] }),
				parameters: (fx) => ({
					resource: 'invoice',
					operation: 'create',
					counterPartyId: rl(fx.counterparty.id),
					receivingAccountId: KATSU_ACCOUNT,
					dueDate: '2030-06-30T00:00:00',
					currency: 2,
					products: { product: [{ productId: { __rl: true, mode: 'list', value: fx.product.id }, quantity: 3, unitPrice: 20 }] },
					additionalFields: { description: '={{ $json.description }}' },
				}),
				input: (fx, item) => ({ description: fx.descriptions[item] }),
				created: (env, item) => [...env.sandbox.state.invoices.values()].filter((invoice) => invoice.description === env.fx.descriptions[item]),
				expectSuccess(env, item, json) {
					const created = this.created(env, item);
					expect(created).toHaveLength(1);
					expect(json.invoiceId).toBe(created[0].id);
				},
			},
			update: {
				method: 'PUT',
				path: () => `${API}/Invoice/Update`,
				marker: (fx, item) => fx.invoices[item].id,
				prepare: (fx) => ({ ...fx, descriptions: [unique('moved-0'), unique('moved-1')] }),
				parameters: () => ({ resource: 'invoice', operation: 'update', invoiceId: rl('={{ $json.invoiceId }}'), updateFields: { description: '={{ $json.description }}' } }),
				input: (fx, item) => ({ invoiceId: fx.invoices[item].id, description: fx.descriptions[item] }),
				expectSuccess(env, item, json) {
					expect(JSON.stringify(json)).toContain(env.fx.invoices[item].id);
					expect(env.sandbox.state.invoices.get(env.fx.invoices[item].id).description).toBe(env.fx.descriptions[item]);
				},
			},
		},
	};
}

// ---------------------------------------------------------------- Pennylane (direct and through Billy)

function pennylaneProvider({ mode }) {
	const billy = mode === 'billy';
	return {
		key: billy ? 'billy' : 'pennylane',
		label: billy ? 'Pennylane through Billy (billyInvoicingApi)' : 'Pennylane (pennylaneInvoicingApi)',
		provider: billy ? 'Pennylane (through Billy)' : 'Pennylane',
		renewsTokenOn401: false,
		async setup() {
			const token = billy ? SECRETS.billyToken : SECRETS.pennylaneToken;
			const sandbox = createPennylaneSandbox({ mode, tokens: [token], rateLimit: ROOMY_RATE_LIMIT });
			await sandbox.start();
			const harness = createHarness({
				nodes: ['dist/nodes/Pennylane/Pennylane.node.js'],
				credentials: ['dist/credentials/PennylaneInvoicingApi.credentials.js', 'dist/credentials/BillyInvoicingApi.credentials.js'],
			});
			const credentials = billy
				? harness.credential('billyInvoicingApi', { baseUrl: sandbox.baseUrl, accessToken: token, sourceSoftware: 'HUBSPOT' })
				: harness.credential('pennylaneInvoicingApi', { baseUrl: sandbox.baseUrl, apiToken: token });
			const authentication = billy ? 'billyInvoicingApi' : 'pennylaneInvoicingApi';
			const customer = sandbox.seedCustomer({ name: 'Fault Matrix SAS' });
			const invoices = [0, 1].map(() =>
				sandbox.seedInvoice({
					customer_id: customer.id, date: '2025-01-01', deadline: '2025-01-31', draft: true,
					invoice_lines: [{ label: 'Audit', quantity: 1, unit: 'day', raw_currency_unit_price: '800', vat_rate: 'FR_200' }],
				}),
			);
			return {
				sandbox,
				server: sandbox.server,
				fx: { customer, invoices, prefix: sandbox.prefix },
				run: (parameters, options) => harness.runNode({ type: 'pennylane', parameters: { authentication, ...parameters }, credentials, ...options }),
				listSearch: (method, { parameters, ...options } = {}) => harness.listSearch({ type: 'pennylane', parameters: { authentication, ...parameters }, credentials, method, ...options }),
				listSearchMethods: () => Object.keys(harness.nodeTypes[harness.typeName('pennylane')].methods?.listSearch ?? {}),
				secrets: () => [billy ? { name: 'Billy access token', value: SECRETS.billyToken } : { name: 'Pennylane API token', value: SECRETS.pennylaneToken }],
				stop: () => sandbox.stop(),
			};
		},
		/** Bodies in Pennylane's format {error, status}, made by the sandbox's errorBody. */
		errorBody(server, status, message) {
			if (status === 422) {
				const text = 'Deadline must be on or after the invoice date';
				return { body: server.errorBody(422, text, {}), fieldMessages: [text] };
			}
			return { body: server.errorBody(status, message, {}) };
		},
		operations: {
			get: {
				method: 'GET',
				path: (fx, item) => `${fx.prefix}/customer_invoices/${fx.invoices[item].id}`,
				marker: (fx, item) => `/customer_invoices/${fx.invoices[item].id} `,
				parameters: () => ({ resource: 'customerInvoice', operation: 'get', invoiceId: rl('={{ $json.invoiceId }}') }),
				input: (fx, item) => ({ invoiceId: fx.invoices[item].id }),
				expectSuccess(env, item, json) {
					expect(json.id).toBe(env.fx.invoices[item].id);
					expect(json.label).toBe(env.fx.invoices[item].label);
				},
			},
			create: {
				method: 'POST',
				path: (fx) => `${fx.prefix}/customer_invoices`,
				marker: (fx, item) => fx.references[item],
				prepare: (fx) => ({ ...fx, references: [unique('ref-0'), unique('ref-1')] }),
				parameters: (fx) => ({
					resource: 'customerInvoice',
					operation: 'create',
					customer: rl(fx.customer.id),
					date: '2025-02-01',
					deadline: '2025-02-28',
					invoiceLines: { freeLines: [{ label: 'Consulting', quantity: 2, unit: 'day', unitPrice: 750, vatRate: 'FR_200' }] },
					additionalFields: { external_reference: '={{ $json.reference }}' },
				}),
				input: (fx, item) => ({ reference: fx.references[item] }),
				created: (env, item) => [...env.sandbox.state.invoices.values()].filter((invoice) => invoice.external_reference === env.fx.references[item]),
				expectSuccess(env, item, json) {
					expect(json.external_reference).toBe(env.fx.references[item]);
					expect(this.created(env, item)).toHaveLength(1);
				},
			},
			update: {
				method: 'PUT',
				path: (fx, item) => `${fx.prefix}/customer_invoices/${fx.invoices[item].id}`,
				marker: (fx, item) => `/customer_invoices/${fx.invoices[item].id} `,
				prepare: (fx) => ({ ...fx, subjects: [unique('subject-0'), unique('subject-1')] }),
				parameters: () => ({ resource: 'customerInvoice', operation: 'update', invoiceId: rl('={{ $json.invoiceId }}'), updateFields: { pdf_invoice_subject: '={{ $json.subject }}' } }),
				input: (fx, item) => ({ invoiceId: fx.invoices[item].id, subject: fx.subjects[item] }),
				expectSuccess(env, item, json) {
					expect(json.id).toBe(env.fx.invoices[item].id);
					expect(env.sandbox.state.invoices.get(env.fx.invoices[item].id).pdf_invoice_subject).toBe(env.fx.subjects[item]);
				},
			},
		},
	};
}

const PROVIDERS = [
	leversProvider({ authentication: 'clientCredentials' }),
	leversProvider({ authentication: 'accessToken' }),
	katsuPayProvider(),
	pennylaneProvider({ mode: 'pennylane' }),
	pennylaneProvider({ mode: 'billy' }),
];

module.exports = { PROVIDERS, SECRETS, LEVERS_EXCHANGE_PATH, injectFault, operationRequests, requestText };
