'use strict';
// The three providers as the bad-input suite sees them: how to start a sandbox and run the node,
// which requests reached the API, what to seed, one VALID parameter set per operation, and the
// few facts a node description cannot tell (documented maximum lengths, line lists the API needs
// that the description does not mark required, amounts kept in fields without a minimum).
//
// A valid parameter set is `(fx) => parameters`; `fx` is the provider's fixture (seeded records).
// The case generator calls it once with a dry fixture (placeholder IDs) to learn the parameters'
// shape; each test calls it again with the real fixture. `item` gives the input item when the
// operation needs more than JSON (binary data).
const crypto = require('crypto');
const { setupLevers } = require('../levers/setup');
const { setupKatsuPay } = require('../katsupay/setup');
const { setupPennylane } = require('../pennylane/setup');

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const DRY_UUID = '00000000-0000-4000-8000-000000000000';
const ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const TAX = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const pdf = Buffer.from('%PDF-1.4\n% bad-input test\n%%EOF');

const levers = {
	key: 'levers',
	title: 'Levers',
	file: 'dist/nodes/Levers/Levers.node.js',
	type: 'levers',
	setup: () => setupLevers(),
	/** Requests that reached the API (the token exchange is not one). */
	apiRequests: (ctx) => ctx.sandbox.server.requests.filter((r) => r.path.startsWith('/api-service/')),
	fixture(ctx) {
		const { sandbox } = ctx;
		const contact = sandbox.seedContact({ name: 'Bad Input Ltd' });
		const invoice = sandbox.seedInvoice({ number: 'BI-SEED', date: '2025-01-01', dueDate: '2025-01-31', total: 100, contactUuid: contact.uuid });
		// a recorded payment, stored the way the sandbox's Add Payment stores one
		const stored = sandbox.state.invoices.get(invoice.uuid);
		const payment = { uuid: crypto.randomUUID(), amount: 10, date: '2025-01-05', reference: null, notes: null, paymentType: 'PAYMENT', onlinePaymentId: null };
		stored.payments.push(payment);
		sandbox.state.payments.set(payment.uuid, { payment, invoice: stored });
		return { contact: contact.uuid, invoice: invoice.uuid, payment: payment.uuid };
	},
	dry: { contact: DRY_UUID, invoice: DRY_UUID, payment: DRY_UUID },
	valid: {
		'invoice.create': (fx) => ({
			resource: 'invoice', operation: 'create', number: 'BI-1', contact: rl(fx.contact), date: '2025-01-01', dueDate: '2025-01-31', total: 10,
		}),
		'invoice.createOrUpdate': (fx) => ({
			resource: 'invoice', operation: 'createOrUpdate', number: 'BI-2', contact: rl(fx.contact), date: '2025-01-01', dueDate: '2025-01-31',
			total: 10, outstandingAmount: 10,
		}),
		'invoice.get': (fx) => ({ resource: 'invoice', operation: 'get', invoiceId: rl(fx.invoice) }),
		'invoice.update': (fx) => ({ resource: 'invoice', operation: 'update', invoiceId: rl(fx.invoice), updateFields: { notes: 'checked' } }),
		'invoice.updateStatus': (fx) => ({ resource: 'invoice', operation: 'updateStatus', status: 'PAID', invoiceIds: fx.invoice }),
		'invoice.addPayment': (fx) => ({ resource: 'invoice', operation: 'addPayment', invoiceId: rl(fx.invoice), amount: 5, date: '2025-01-10' }),
		'invoice.updatePayment': (fx) => ({ resource: 'invoice', operation: 'updatePayment', paymentId: fx.payment, updateFields: { notes: 'checked' } }),
		'invoice.uploadAttachment': {
			parameters: (fx) => ({ resource: 'invoice', operation: 'uploadAttachment', invoiceId: rl(fx.invoice), binaryPropertyName: 'data' }),
			item: () => ({ json: {}, binary: { data: { data: pdf.toString('base64'), fileName: 'invoice.pdf', mimeType: 'application/pdf' } } }),
		},
		'contact.create': () => ({ resource: 'contact', operation: 'create', name: 'Bad Input Contact' }),
		'contact.get': (fx) => ({ resource: 'contact', operation: 'get', contact: rl(fx.contact) }),
		'contact.getAll': () => ({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 5 }),
		'contact.update': (fx) => ({ resource: 'contact', operation: 'update', contact: rl(fx.contact), updateFields: { city: 'Riyadh' } }),
	},
	/**
	 * Documented maximum lengths, by field name (per `resource.operation`, else per resource); `*`
	 * stands for every other text field of the resource. Invoices: seed 000 (create) limits Number to
	 * 255 characters and nothing else; seed 001 (update) limits Number, Reference, Notes and
	 * Description to 1-255 characters. Contacts: Levers' contact reference.
	 */
	maxLength: {
		'invoice.update': { number: 255, reference: 255, notes: 255, description: 255 },
		invoice: { number: 255 },
		contact: { '*': 255 },
	},
	/** Required line lists the description does not mark `required` (none for Levers). */
	requiredLists: [],
	/**
	 * Amounts that must not be negative although their field sets no minimum: a payment is above 0;
	 * Total on update (seed 001: min 0). Seed 000 sets no minimum on create.
	 */
	nonNegative: ['amount', 'updateFields.total'],
	/** Text fields that hold amounts (text, so that nothing is sent unless given, and digits are kept). */
	numericText: ['total', 'outstandingAmount'],
	/** The 3-item run: a create whose request body carries `marker(tag, item)`; item 1 is bad. */
	batch: {
		parameters: (fx, tag) => ({
			resource: 'invoice', operation: 'create', number: `={{ "${tag}-" + $itemIndex }}`, contact: rl(fx.contact),
			date: '={{ $json.date }}', dueDate: '2025-01-31', total: 10,
		}),
		input: [{ date: '2025-01-01' }, { date: '01/02/2025' }, { date: '2025-01-03' }],
		bad: { label: 'Date', problem: 'must be a real date in YYYY-MM-DD format, got "01/02/2025"' },
		isCreate: (request) => request.method === 'POST' && request.path === '/api-service/v1/invoice',
		markerOf: (request) => request.body?.number,
	},
};

const katsuPay = {
	key: 'katsuPay',
	title: 'Katsu Pay',
	file: 'dist/nodes/KatsuPay/KatsuPay.node.js',
	type: 'katsuPay',
	setup: () => setupKatsuPay(),
	apiRequests: (ctx) => ctx.sandbox.server.requests,
	fixture(ctx) {
		const { sandbox } = ctx;
		const product = sandbox.seedProduct({ name: 'Widget' });
		const counterparty = sandbox.seedCounterparty({ name: 'Bad Input Ltd' });
		const invoice = sandbox.seedInvoice({ counterPartyId: counterparty.id, products: [{ productId: product.id, quantity: 1, unitPrice: 10 }] });
		return { product: product.id, counterparty: counterparty.id, invoice: invoice.id };
	},
	dry: { product: DRY_UUID, counterparty: DRY_UUID, invoice: DRY_UUID },
	valid: {
		'invoice.create': (fx) => ({
			resource: 'invoice', operation: 'create', counterPartyId: rl(fx.counterparty), receivingAccountId: ACCOUNT, dueDate: '2025-06-30T00:00:00',
			currency: 2,
			products: { product: [{ productId: rl(fx.product, 'list'), quantity: 2, unitPrice: 10 }] },
			taxes: { tax: [{ taxId: TAX, taxPercentageValue: 7.5 }] },
			additionalFields: {
				description: 'bad input', billingCycle: 7, discountType: 1, discountValue: 5,
				notification: { channel: [{ value: 1 }] }, paymentMethods: { method: [{ value: 1 }] },
				beforeDueDates: { day: [{ value: 3 }] }, afterDueDates: { day: [{ value: 3 }] },
			},
		}),
		'invoice.get': (fx) => ({ resource: 'invoice', operation: 'get', invoiceId: rl(fx.invoice) }),
		'invoice.getAll': () => ({ resource: 'invoice', operation: 'getAll', returnAll: false, limit: 5 }),
		'invoice.update': (fx) => ({
			resource: 'invoice', operation: 'update', invoiceId: rl(fx.invoice),
			updateFields: {
				description: 'checked',
				products: { product: [{ productId: rl(fx.product, 'list'), quantity: 1, unitPrice: 10 }] },
				taxes: { tax: [{ taxId: TAX, taxPercentageValue: 5 }] },
			},
		}),
		'counterparty.create': () => ({
			resource: 'counterparty', operation: 'create', name: 'Bad Input Counterparty',
			bankAccounts: { bankAccount: [{ account: 1, accountType: 1, counterpartyType: 1, accountNumber: '0123456789', bankName: 'Bank' }] },
		}),
		'counterparty.get': (fx) => ({ resource: 'counterparty', operation: 'get', counterpartyId: rl(fx.counterparty) }),
		'counterparty.update': (fx) => ({ resource: 'counterparty', operation: 'update', counterpartyId: rl(fx.counterparty), updateFields: { city: 'Lagos' } }),
		'product.getAll': () => ({ resource: 'product', operation: 'getAll', returnAll: false, limit: 5 }),
	},
	/** Katsu Pay documents no maximum lengths. */
	maxLength: {},
	/** Update: a Products list that is given must hold a line. */
	requiredLists: [{ operation: 'invoice.update', path: ['updateFields', 'products'], label: 'Products' }],
	/** Currency code and unit price are text fields (no silent default); codes and prices are 0 or more. */
	nonNegative: ['currency', 'unitPrice', 'taxPercentageValue'],
	numericText: ['currency', 'unitPrice', 'taxPercentageValue'],
	batch: {
		parameters: (fx, tag) => ({
			...katsuPay.valid['invoice.create'](fx),
			additionalFields: { description: `={{ "${tag}-" + $itemIndex }}` },
			products: { product: [{ productId: rl(fx.product, 'list'), quantity: '={{ $json.qty }}', unitPrice: 10 }] },
		}),
		input: [{ qty: 1 }, { qty: 2.5 }, { qty: 3 }],
		bad: { label: 'Products › line 1 › Quantity', problem: 'must be a whole number, got 2.5' },
		isCreate: (request) => request.method === 'POST' && request.path === '/api/v1/Invoice/Create',
		markerOf: (request) => request.body?.description,
	},
};

const seedDraft = (sandbox, customerId, overrides = {}) =>
	sandbox.seedInvoice({
		customer_id: customerId, date: '2025-01-01', deadline: '2025-01-31', draft: true,
		invoice_lines: [
			{ label: 'A', quantity: 1, unit: 'piece', raw_currency_unit_price: '10', vat_rate: 'FR_200' },
			{ label: 'B', quantity: 1, unit: 'piece', raw_currency_unit_price: '5', vat_rate: 'FR_200' },
		],
		...overrides,
	});

const pennylane = {
	key: 'pennylane',
	title: 'Pennylane',
	file: 'dist/nodes/Pennylane/Pennylane.node.js',
	type: 'pennylane',
	setup: () => setupPennylane('pennylane'),
	/** Every run of the Pennylane node names its credential type. */
	baseParameters: (ctx) => ({ authentication: ctx.authentication }),
	apiRequests: (ctx) => ctx.sandbox.apiRequests(),
	fixture(ctx) {
		const { sandbox } = ctx;
		const customer = sandbox.seedCustomer({ name: 'Bad Input SAS' });
		const product = sandbox.seedProduct();
		return {
			customer: customer.id,
			product: product.id,
			/** A fresh draft invoice and the IDs of its two lines. */
			draft() {
				const invoice = seedDraft(sandbox, customer.id);
				return { id: invoice.id, lines: sandbox.linesOf(invoice.id).map((line) => line.id) };
			},
			/** A fresh finalized invoice. */
			finalized: () => seedDraft(sandbox, customer.id, { draft: false }).id,
			/** A fresh quote. */
			quote: () =>
				sandbox.seedQuote({
					customer_id: customer.id, date: '2025-01-01', deadline: '2025-01-31',
					invoice_lines: [{ label: 'A', quantity: 1, unit: 'piece', raw_currency_unit_price: '10', vat_rate: 'FR_200' }],
				}).id,
		};
	},
	dry: { customer: 1, product: 1, draft: () => ({ id: 1, lines: [1, 2] }), finalized: () => 1, quote: () => 1 },
	valid: {
		'customerInvoice.create': (fx) => ({
			resource: 'customerInvoice', operation: 'create', customer: rl(String(fx.customer)), date: '2025-02-01', deadline: '2025-02-28',
			invoiceLines: {
				freeLines: [{ label: 'Item', quantity: 1, unit: 'piece', unitPrice: 10, vatRate: 'FR_200' }],
				productLines: [{ product: rl(String(fx.product)), quantity: 2, overrides: { label: 'Product', unitPrice: 20 } }],
			},
			additionalFields: { discount: { discountValues: { type: 'relative', value: '5' } }, pdf_invoice_subject: 'Bad input' },
		}),
		'customerInvoice.update': (fx) => {
			const draft = fx.draft();
			return {
				resource: 'customerInvoice', operation: 'update', invoiceId: rl(String(draft.id)),
				updateFields: { pdf_invoice_subject: 'checked' },
				lineChanges: {
					addFreeLines: [{ label: 'Extra', quantity: 1, unit: 'piece', unitPrice: 3, vatRate: 'FR_200' }],
					addProductLines: [{ product: rl(String(fx.product)), quantity: 1 }],
					updateLines: [{ id: String(draft.lines[0]), quantity: '2' }],
					deleteLines: [{ id: String(draft.lines[1]) }],
				},
			};
		},
		'customerInvoice.get': (fx) => ({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(String(fx.draft().id)) }),
		'customerInvoice.getAll': () => ({ resource: 'customerInvoice', operation: 'getAll', returnAll: false, limit: 5 }),
		'customerInvoice.finalize': (fx) => ({ resource: 'customerInvoice', operation: 'finalize', invoiceId: rl(String(fx.draft().id)) }),
		'customerInvoice.markAsPaid': (fx) => ({ resource: 'customerInvoice', operation: 'markAsPaid', invoiceId: rl(String(fx.finalized())) }),
		'customerInvoice.sendByEmail': (fx) => ({
			resource: 'customerInvoice', operation: 'sendByEmail', invoiceId: rl(String(fx.finalized())), options: { recipients: 'billing@acme.test' },
		}),
		'customerInvoice.delete': (fx) => ({ resource: 'customerInvoice', operation: 'delete', invoiceId: rl(String(fx.draft().id)) }),
		'customerInvoice.createCreditNote': (fx) => ({
			resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(String(fx.finalized())), creditType: 'amount',
			amount: '12.5', creditLabel: 'Refund', creditVatRate: 'FR_200', options: { date: '2025-02-01', finalize: true },
		}),
		'customerInvoice.downloadPdf': (fx) => ({
			resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(String(fx.finalized())), binaryPropertyName: 'data', options: { maxWaitSeconds: 5 },
		}),
		'customerInvoice.sendToEInvoicing': (fx) => ({
			resource: 'customerInvoice', operation: 'sendToEInvoicing', invoiceId: rl(String(fx.finalized())), options: { maxWaitSeconds: 5 },
		}),
		'customer.create': () => ({
			resource: 'customer', operation: 'create', name: 'Bad Input Customer', address: '1 rue de la Paix', postalCode: '75002', city: 'Paris', countryCode: 'FR',
		}),
		'customer.get': (fx) => ({ resource: 'customer', operation: 'get', customer: rl(String(fx.customer)) }),
		'customer.getAll': () => ({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 5 }),
		'customer.update': (fx) => ({
			resource: 'customer', operation: 'update', customerType: 'company', customer: rl(String(fx.customer)),
			updateFields: { name: 'Renamed SAS', city: 'Lille', countryCode: 'FR', emails: 'ap@renamed.test' },
		}),
		'product.create': () => ({
			resource: 'product', operation: 'create', label: 'Bad Input Product', priceBeforeTax: '12.5', vatRate: 'FR_200',
			additionalFields: { description: 'checked', ledgerAccountId: '706' },
		}),
		'product.get': (fx) => ({ resource: 'product', operation: 'get', product: rl(String(fx.product)) }),
		'product.getAll': () => ({ resource: 'product', operation: 'getAll', returnAll: false, limit: 5 }),
		'product.update': (fx) => ({ resource: 'product', operation: 'update', product: rl(String(fx.product)), updateFields: { label: 'Renamed', priceBeforeTax: '9.99' } }),
		'quote.create': (fx) => ({
			resource: 'quote', operation: 'create', customer: rl(String(fx.customer)), date: '2025-02-01', deadline: '2025-02-28',
			invoiceLines: {
				freeLines: [{ label: 'Item', quantity: 1, unit: 'piece', unitPrice: 10, vatRate: 'FR_200' }],
				productLines: [{ product: rl(String(fx.product)), quantity: 2, overrides: { label: 'Product', unitPrice: 20 } }],
			},
			additionalFields: { discount: { discountValues: { type: 'relative', value: '5' } }, pdf_invoice_subject: 'Bad input', quote_template_id: '3', language: 'de_DE' },
		}),
		'quote.get': (fx) => ({ resource: 'quote', operation: 'get', quoteId: rl(String(fx.quote())) }),
		'quote.getAll': (fx) => ({ resource: 'quote', operation: 'getAll', returnAll: false, limit: 5, filters: { customer: rl(String(fx.customer)), status: 'pending' }, options: { sort: 'id' } }),
		'quote.updateStatus': (fx) => ({ resource: 'quote', operation: 'updateStatus', quoteId: rl(String(fx.quote())), status: 'accepted' }),
		'quote.sendByEmail': (fx) => ({ resource: 'quote', operation: 'sendByEmail', quoteId: rl(String(fx.quote())), options: { recipients: 'billing@acme.test' } }),
		'quote.createInvoice': (fx) => ({
			resource: 'quote', operation: 'createInvoice', quoteId: rl(String(fx.quote())), invoiceState: 'draft',
			invoiceFields: { customer_invoice_template_id: '4' },
		}),
	},
	/** Documented maximum lengths (the node's own field descriptions and Pennylane's API reference). */
	maxLength: {
		customer: { name: 255, firstName: 1000, lastName: 1000 },
		product: { description: 5000 },
		customerInvoice: { pdf_description: 5000, special_mention: 20000, label: 2000 },
		// POST /quotes documents no maximum for pdf_description or special_mention; line labels share the invoice's check.
		quote: { label: 2000 },
	},
	/** Create needs at least one line, whichever way the lines are given. */
	requiredLists: [
		{ operation: 'customerInvoice.create', path: ['invoiceLines'], label: 'Invoice Lines' },
		{ operation: 'customerInvoice.create', path: ['linesJson'], label: 'Invoice Lines (JSON)', json: true, set: { lineSource: 'json' } },
		{ operation: 'quote.create', path: ['invoiceLines'], label: 'Invoice Lines' },
		{ operation: 'quote.create', path: ['linesJson'], label: 'Invoice Lines (JSON)', json: true, set: { lineSource: 'json' } },
	],
	/** The invoice discount is a text field holding an amount or a percentage. */
	nonNegative: ['discountValues.value', 'amount'],
	/** Text fields that hold numbers: the discount, and the new quantity and price of an updated line. */
	numericText: ['discountValues.value', 'updateLines.quantity', 'updateLines.unitPrice', 'freeLines.unitPrice', 'overrides.unitPrice', 'addFreeLines.unitPrice', 'amount', 'priceBeforeTax'],
	batch: {
		parameters: (fx, tag) => ({
			...pennylane.valid['customerInvoice.create'](fx),
			date: '={{ $json.date }}',
			additionalFields: { external_reference: `={{ "${tag}-" + $itemIndex }}` },
		}),
		input: [{ date: '2025-02-01' }, { date: '2025-02-31' }, { date: '2025-02-03' }],
		bad: { label: 'Date', problem: 'must be a real date in YYYY-MM-DD format, got "2025-02-31"' },
		isCreate: (request) => request.method === 'POST' && /\/customer_invoices$/.test(request.path),
		markerOf: (request) => request.body?.external_reference,
	},
};

module.exports = { PROVIDERS: [levers, katsuPay, pennylane] };
