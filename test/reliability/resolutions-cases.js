'use strict';
// One successful run per operation of every node, with the parameters a user would set, for
// counting how often each parameter is resolved per item (../harness/resolutions.js).
// `providers[].start()` starts the provider's sandbox and a harness; each case's `parameters(s)`
// seeds what the operation needs in the sandbox `s.sandbox` and returns the node's parameters.
const { createHarness } = require('../harness/engine');
const { createLeversSandbox } = require('../sandboxes/levers');
const { createKatsuPaySandbox } = require('../sandboxes/katsupay');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const LEVERS_TOKEN = 'resolutions-levers-token';
const KATSU_TOKEN = 'resolutions-katsu-token';
const PENNYLANE_TOKEN = 'resolutions-pennylane-token';
const RECEIVING_ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

async function started(sandbox, type, credential) {
	await sandbox.start();
	const harness = createHarness();
	const credentials = harness.credential(credential.type, credential.data(sandbox.baseUrl));
	return {
		sandbox,
		/** Runs the node once, on one item. */
		run: (parameters, items) => harness.runNode({ type, parameters, credentials, items: items ?? [{ json: { n: 1 } }] }),
		stop: () => sandbox.stop(),
	};
}

const leversInvoice = (s, fields = {}) => {
	const contact = s.sandbox.seedContact({ name: 'Resolutions Contact' });
	return s.sandbox.seedInvoice({ number: `R-${Math.random()}`, contactUuid: contact.uuid, date: '2025-01-01', dueDate: '2025-01-31', total: 100, ...fields });
};

const levers = {
	title: 'Levers',
	start: () =>
		started(createLeversSandbox({ accessTokens: [LEVERS_TOKEN] }), 'levers', {
			type: 'leversAccessTokenInvoicingApi',
			data: (host) => ({ host, accessToken: LEVERS_TOKEN }),
		}),
	base: { authentication: 'accessToken' },
	cases: {
		'invoice:create': (s) => ({
			resource: 'invoice', operation: 'create', number: 'INV-R1', contact: rl(s.sandbox.seedContact({ name: 'C' }).uuid),
			date: '2025-01-01', dueDate: '2025-01-31', total: '100.50',
			additionalFields: { currency: 'EUR', remindersEnabled: true },
		}),
		'invoice:createOrUpdate': (s) => ({
			resource: 'invoice', operation: 'createOrUpdate', number: 'INV-R2', contact: rl(s.sandbox.seedContact({ name: 'C' }).uuid),
			date: '2025-01-01', dueDate: '2025-01-31', total: 300, outstandingAmount: 300,
		}),
		'invoice:get': (s) => ({ resource: 'invoice', operation: 'get', invoiceId: rl(leversInvoice(s).uuid), simplify: true }),
		'invoice:update': (s) => ({ resource: 'invoice', operation: 'update', invoiceId: rl(leversInvoice(s).uuid), updateFields: { total: 120, dueDate: '2025-02-28' } }),
		'invoice:updateStatus': (s) => ({ resource: 'invoice', operation: 'updateStatus', status: 'PAID', invoiceIds: leversInvoice(s).uuid }),
		'invoice:addPayment': (s) => ({
			resource: 'invoice', operation: 'addPayment', invoiceId: rl(leversInvoice(s).uuid), amount: 20, date: '2025-01-10',
			additionalFields: { reference: 'TRX-1', paymentType: 'PAYMENT' },
		}),
		'invoice:updatePayment': async (s) => {
			const invoice = leversInvoice(s);
			const added = await s.run({ ...levers.base, resource: 'invoice', operation: 'addPayment', invoiceId: rl(invoice.uuid), amount: 20, date: '2025-01-10' });
			return { resource: 'invoice', operation: 'updatePayment', paymentId: added.json[0].uuid, updateFields: { amount: 25, notes: 'corrected' } };
		},
		'invoice:uploadAttachment': (s) => ({
			parameters: { resource: 'invoice', operation: 'uploadAttachment', invoiceId: rl(leversInvoice(s).uuid), binaryPropertyName: 'data' },
			items: [{ json: {}, binary: { data: { data: Buffer.from('%PDF-1.4 test').toString('base64'), mimeType: 'application/pdf', fileName: 'a.pdf' } } }],
		}),
		'contact:create': () => ({ resource: 'contact', operation: 'create', name: 'Globex LLC', additionalFields: { email: 'ap@globex.test', phoneNumber: '+966500000000' } }),
		'contact:get': (s) => ({ resource: 'contact', operation: 'get', contact: rl(s.sandbox.seedContact({ name: 'G' }).uuid) }),
		'contact:getAll': () => ({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 5 }),
		'contact:update': (s) => ({ resource: 'contact', operation: 'update', contact: rl(s.sandbox.seedContact({ name: 'U' }).uuid), updateFields: { name: 'Globex Arabia' } }),
	},
};

const katsuPay = {
	title: 'Katsu Pay',
	start: () =>
		started(createKatsuPaySandbox({ accessTokens: [KATSU_TOKEN] }), 'katsuPay', {
			type: 'katsuPayInvoicingApi',
			data: (baseUrl) => ({ baseUrl, accessToken: KATSU_TOKEN }),
		}),
	base: {},
	cases: {
		'invoice:create': (s) => ({
			resource: 'invoice', operation: 'create',
			counterPartyId: rl(s.sandbox.seedCounterparty({ name: 'Acme' }).id), receivingAccountId: RECEIVING_ACCOUNT,
			dueDate: '2025-01-31', currency: 2,
			products: { product: [{ productId: rl(s.sandbox.seedProduct({ name: 'Widget', price: 100 }).id), quantity: 1, unitPrice: '100.50' }] },
			additionalFields: { description: 'Resolutions' },
		}),
		'invoice:get': (s) => ({ resource: 'invoice', operation: 'get', invoiceId: rl(s.sandbox.seedInvoice({ counterPartyId: s.sandbox.seedCounterparty({ name: 'G' }).id }).id), simplify: true }),
		'invoice:getAll': () => ({ resource: 'invoice', operation: 'getAll', returnAll: false, limit: 5 }),
		'invoice:update': (s) => {
			const counterparty = s.sandbox.seedCounterparty({ name: 'U' });
			const product = s.sandbox.seedProduct({ name: 'P', price: 1 });
			const invoice = s.sandbox.seedInvoice({ counterPartyId: counterparty.id, products: [{ productId: product.id, quantity: 1, unitPrice: 1 }] });
			return { resource: 'invoice', operation: 'update', invoiceId: rl(invoice.id), updateFields: { description: 'Changed', dueDate: '2025-05-15' } };
		},
		'counterparty:create': () => ({ resource: 'counterparty', operation: 'create', name: 'Hooli', additionalFields: { city: 'Abuja', email: 'ap@hooli.test' } }),
		'counterparty:get': (s) => ({ resource: 'counterparty', operation: 'get', counterpartyId: rl(s.sandbox.seedCounterparty({ name: 'G' }).id) }),
		'counterparty:update': (s) => ({ resource: 'counterparty', operation: 'update', counterpartyId: rl(s.sandbox.seedCounterparty({ name: 'U' }).id), updateFields: { state: 'Oyo' } }),
		'product:getAll': () => ({ resource: 'product', operation: 'getAll', returnAll: false, limit: 5 }),
	},
};

const pennylaneDraft = (s, fields = {}) =>
	s.sandbox.seedInvoice({
		customer_id: s.customer.id, date: '2025-03-01', deadline: '2025-03-31', draft: true,
		invoice_lines: [{ label: 'Line A', quantity: 1, unit: 'piece', raw_currency_unit_price: '100', vat_rate: 'FR_200' }],
		...fields,
	});

const pennylaneQuote = (s, fields = {}) =>
	s.sandbox.seedQuote({
		customer_id: s.customer.id, date: '2025-03-01', deadline: '2025-03-31',
		invoice_lines: [{ label: 'Line A', quantity: 1, unit: 'piece', raw_currency_unit_price: '100', vat_rate: 'FR_200' }],
		...fields,
	});

const pennylane = {
	title: 'Pennylane',
	async start() {
		const s = await started(
			createPennylaneSandbox({ mode: 'pennylane', tokens: [PENNYLANE_TOKEN], rateLimit: { limit: 100000, windowMs: 1000, resetPrecision: 'milliseconds' } }),
			'pennylane',
			{ type: 'pennylaneInvoicingApi', data: (baseUrl) => ({ baseUrl, apiToken: PENNYLANE_TOKEN }) },
		);
		s.customer = s.sandbox.seedCustomer({ name: 'Acme SAS', emails: ['billing@acme.test'] });
		return s;
	},
	base: { authentication: 'pennylaneInvoicingApi' },
	cases: {
		'customerInvoice:create': (s) => ({
			resource: 'customerInvoice', operation: 'create', customer: rl(String(s.customer.id)), date: '2025-11-30', deadline: '2025-12-31',
			invoiceLines: { freeLines: [{ label: 'Subscription', quantity: 1, unit: 'piece', unitPrice: '12.30', vatRate: 'FR_200' }] },
			additionalFields: { external_reference: 'ref-1' },
		}),
		'customerInvoice:get': (s) => ({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(String(pennylaneDraft(s).id)) }),
		'customerInvoice:getAll': () => ({ resource: 'customerInvoice', operation: 'getAll', returnAll: false, limit: 5 }),
		'customerInvoice:update': (s) => ({
			resource: 'customerInvoice', operation: 'update', invoiceId: rl(String(pennylaneDraft(s).id)),
			updateFields: { deadline: '2025-04-15', pdf_invoice_subject: 'Revised' },
		}),
		'customerInvoice:finalize': (s) => ({ resource: 'customerInvoice', operation: 'finalize', invoiceId: rl(String(pennylaneDraft(s).id)) }),
		'customerInvoice:markAsPaid': (s) => ({ resource: 'customerInvoice', operation: 'markAsPaid', invoiceId: rl(String(pennylaneDraft(s, { draft: false }).id)) }),
		'customerInvoice:sendByEmail': (s) => ({
			resource: 'customerInvoice', operation: 'sendByEmail', invoiceId: rl(String(pennylaneDraft(s, { draft: false }).id)),
			options: { recipients: 'billing@acme.test' },
		}),
		'customerInvoice:delete': (s) => ({ resource: 'customerInvoice', operation: 'delete', invoiceId: rl(String(pennylaneDraft(s).id)) }),
		'customerInvoice:createCreditNote': (s) => ({
			resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(String(pennylaneDraft(s, { draft: false }).id)), creditType: 'amount',
			amount: '12.5', creditLabel: 'Refund', creditVatRate: 'FR_200', options: { date: '2025-04-01', finalize: true },
		}),
		'customerInvoice:downloadPdf': (s) => ({ resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(String(pennylaneDraft(s, { draft: false }).id)) }),
		'customerInvoice:sendToEInvoicing': (s) => ({ resource: 'customerInvoice', operation: 'sendToEInvoicing', invoiceId: rl(String(pennylaneDraft(s, { draft: false }).id)) }),
		'customer:create': () => ({
			resource: 'customer', operation: 'create', name: 'Initech SA', address: '12 avenue des Champs', postalCode: '69001', city: 'Lyon', countryCode: 'FR',
			additionalFields: { emails: 'compta@initech.test', externalReference: 'crm-1' },
		}),
		'customer:get': (s) => ({ resource: 'customer', operation: 'get', customer: rl(String(s.customer.id)) }),
		'customer:getAll': () => ({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 5 }),
		'customer:update': (s) => ({
			resource: 'customer', operation: 'update', customerType: 'company', customer: rl(String(s.customer.id)), updateFields: { notes: 'Key account', city: 'Lille' },
		}),
		'product:create': () => ({
			resource: 'product', operation: 'create', label: 'Support hour', priceBeforeTax: '90.50', vatRate: 'FR_200', additionalFields: { unit: 'hour', reference: 'SUP' },
		}),
		'product:get': (s) => ({ resource: 'product', operation: 'get', product: rl(String(s.sandbox.seedProduct().id)), simplify: true }),
		'product:getAll': () => ({ resource: 'product', operation: 'getAll', returnAll: false, limit: 5, filters: { reference: 'SUP' } }),
		'product:update': (s) => ({ resource: 'product', operation: 'update', product: rl(String(s.sandbox.seedProduct().id)), updateFields: { priceBeforeTax: '850.25' } }),
		'quote:create': (s) => ({
			resource: 'quote', operation: 'create', customer: rl(String(s.customer.id)), date: '2025-11-30', deadline: '2025-12-31',
			invoiceLines: { freeLines: [{ label: 'Subscription', quantity: 1, unit: 'piece', unitPrice: '12.30', vatRate: 'FR_200' }] },
			additionalFields: { external_reference: 'quote-ref-1', language: 'en_GB' },
		}),
		'quote:get': (s) => ({ resource: 'quote', operation: 'get', quoteId: rl(String(pennylaneQuote(s).id)), includeLines: true, simplify: true }),
		'quote:getAll': (s) => ({ resource: 'quote', operation: 'getAll', returnAll: false, limit: 5, filters: { customer: rl(String(s.customer.id)), status: 'pending' } }),
		'quote:updateStatus': (s) => ({ resource: 'quote', operation: 'updateStatus', quoteId: rl(String(pennylaneQuote(s).id)), status: 'accepted' }),
		'quote:sendByEmail': (s) => ({ resource: 'quote', operation: 'sendByEmail', quoteId: rl(String(pennylaneQuote(s).id)), options: { recipients: 'billing@acme.test' } }),
		'quote:createInvoice': (s) => ({
			resource: 'quote', operation: 'createInvoice', quoteId: rl(String(pennylaneQuote(s).id)), invoiceState: 'finalized',
			invoiceFields: { external_reference: 'from-quote-1' },
		}),
	},
};

module.exports = { providers: [levers, katsuPay, pennylane] };
