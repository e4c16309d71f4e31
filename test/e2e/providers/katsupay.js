'use strict';
// Katsu Pay in the end-to-end test: its sandbox (test/sandboxes/katsupay.js) holding the records
// the examples name (products, counterparties, due invoices), the credential n8n gets, and what
// each example must produce.
const assert = require('node:assert/strict');
const { createKatsuPaySandbox } = require('../../sandboxes/katsupay');

const TOKEN = 'e2e-katsu-pay-token';
const API = '/api/v1';
// IDs written in the examples (placeholders a user replaces with their own).
const RECEIVING_ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const SUBSCRIPTION = 'c0a8012e-7d1f-4b6a-9e3c-5f2d8a4b6c10';
const LICENCE = 'c0a8012e-7d1f-4b6a-9e3c-5f2d8a4b6c20';
const VAT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const CUSTOMER_1 = 'd1b2c3e4-0a1b-4c2d-8e3f-6a7b8c9d0e11';
const CUSTOMER_2 = 'd1b2c3e4-0a1b-4c2d-8e3f-6a7b8c9d0e22';

const addDays = (date, days) => new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Moves a seeded record to the ID the examples use (the sandbox picks random IDs). */
function rekey(map, record, id) {
	map.delete(record.id);
	record.id = id;
	map.set(id, record);
	return record;
}

module.exports = {
	name: 'Katsu Pay',
	credentialTypes: ['katsuPayInvoicingApi'],

	async start() {
		const sandbox = createKatsuPaySandbox({ accessTokens: [TOKEN] });
		await sandbox.start();
		const { state } = sandbox;
		rekey(state.products, sandbox.seedProduct({ name: 'Monthly subscription', price: 25 }), SUBSCRIPTION);
		rekey(state.products, sandbox.seedProduct({ name: 'Annual licence', price: 1200 }), LICENCE);
		rekey(state.counterparties, sandbox.seedCounterparty({ name: 'Acme Trading Ltd', email: 'billing@acme.test' }), CUSTOMER_1);
		rekey(state.counterparties, sandbox.seedCounterparty({ name: 'Globex Nigeria', email: 'ap@globex.test' }), CUSTOMER_2);
		// Two invoices past their due date and one that is not due yet.
		const line = (quantity) => [{ productId: LICENCE, quantity, unitPrice: 1200 }];
		const due = [
			sandbox.seedInvoice({ counterPartyId: CUSTOMER_1, receivingAccountId: RECEIVING_ACCOUNT, dueDate: '2025-10-01T00:00:00', currency: 2, products: line(1) }),
			sandbox.seedInvoice({ counterPartyId: CUSTOMER_2, receivingAccountId: RECEIVING_ACCOUNT, dueDate: '2025-10-15T00:00:00', currency: 2, products: line(2) }),
		];
		const notDue = sandbox.seedInvoice({ counterPartyId: CUSTOMER_1, receivingAccountId: RECEIVING_ACCOUNT, dueDate: '2099-01-31T00:00:00', currency: 2, products: line(1) });
		return { sandbox, baseUrl: sandbox.baseUrl, seeded: { due, notDue }, requests: () => sandbox.server.requests };
	},

	async stop(ctx) {
		await ctx.sandbox.stop();
	},

	credentialData(type, ctx) {
		if (type === 'katsuPayInvoicingApi') return { baseUrl: ctx.baseUrl, accessToken: TOKEN };
		throw new Error(`no sandbox credential for ${type}`);
	},

	examples: {
		'katsupay-monthly-invoices.json': [
			{
				kind: 'cli',
				items: { 'Customers to bill': 2, 'Create invoice': 2, 'Read back invoice': 2 },
				requests: [`POST ${API}/Invoice/Create`, `POST ${API}/Invoice/Create`, `GET ${API}/Invoice/getbyId`, `GET ${API}/Invoice/getbyId`],
				check(run) {
					const creates = run.requests.filter((r) => r.method === 'POST');
					const byCounterparty = Object.fromEntries(creates.map((r) => [r.body.counterPartyId, r.body]));
					for (const [id, seats, price, name] of [[CUSTOMER_1, 12, 25, 'Acme Trading Ltd'], [CUSTOMER_2, 4, 30, 'Globex Nigeria']]) {
						const body = byCounterparty[id];
						assert.ok(body, `an invoice for ${name}`);
						assert.deepEqual(body.products, [{ productId: SUBSCRIPTION, quantity: seats, unitPrice: price }]);
						assert.deepEqual(body.taxes, [{ taxId: VAT, taxPercentageValue: 7.5 }]);
						assert.equal(body.receivingAccountId, RECEIVING_ACCOUNT);
						assert.equal(body.currency, 2);
						assert.equal(body.counterPartyName, name);
						assert.deepEqual(body.beforeDueDates, [7, 1]);
						assert.equal(body.onDueDate, true);
						assert.equal(body.sendInvoice, true);
						assert.match(body.dueDate, /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
						assert.match(body.description, new RegExp(`^Subscription [A-Z][a-z]+ \\d{4}: ${seats} seats$`));
					}
					const created = run.items('Create invoice');
					const readBack = run.items('Read back invoice');
					assert.deepEqual(readBack.map((i) => i.id).sort(), created.map((i) => i.invoiceId).sort(), 'each created invoice is read back');
					const amounts = Object.fromEntries(readBack.map((i) => [i.counterPartyName, i.amount]));
					assert.deepEqual(amounts, { 'Acme Trading Ltd': 322.5, 'Globex Nigeria': 129 });
					for (const invoice of readBack) {
						assert.match(invoice.invoiceId, /^INV-\d{6}$/);
						assert.equal(addDays(invoice.created, 0) <= invoice.dueDate.slice(0, 10), true);
					}
				},
			},
		],
		'katsupay-deal-won-webhook.json': [
			{
				kind: 'cli',
				// The sample deal carries the counterparty ID the CRM stored for Acme Trading Ltd.
				items: { 'Sample deal': 1, Deal: 1, 'Counterparty known?': [1, 0], 'Get counterparty': 1, 'Invoice data': 1, 'Create invoice': 1, 'Read back invoice': 1 },
				notRun: ['Create counterparty'],
				requests: [`GET ${API}/Counterparties/get/:uuid`, `POST ${API}/Invoice/Create`, `GET ${API}/Invoice/getbyId`],
				check(run) {
					const [invoice] = run.items('Read back invoice');
					assert.equal(invoice.counterPartyName, 'Acme Trading Ltd');
					assert.equal(invoice.amount, 3870);
					assert.equal(invoice.dueDate, '2025-12-03T00:00:00.000Z');
					const post = run.requests.find((r) => r.method === 'POST');
					assert.equal(post.body.counterPartyId, CUSTOMER_1);
					assert.deepEqual(post.body.products, [{ productId: LICENCE, quantity: 3, unitPrice: 1200 }]);
					assert.equal(post.body.description, 'CRM deal D-2001');
				},
			},
			{
				kind: 'webhook',
				method: 'POST',
				path: 'katsupay-deal-won',
				// A new customer: no counterparty ID stored in the CRM yet.
				body: { dealId: 'D-3001', company: 'Initech Lagos', email: 'ap@initech.test', seats: 2, unitPrice: 1200, closedOn: '2025-12-01', katsuPayCounterpartyId: '' },
				items: { Deal: 1, 'Counterparty known?': [0, 1], 'Create counterparty': 1, 'Invoice data': 1, 'Create invoice': 1, 'Read back invoice': 1 },
				notRun: ['Get counterparty'],
				requests: [`POST ${API}/Counterparties/save`, `POST ${API}/Invoice/Create`, `GET ${API}/Invoice/getbyId`],
				check(run) {
					assert.equal(run.response.status, 200);
					const invoice = run.response.json;
					assert.equal(invoice.counterPartyName, 'Initech Lagos');
					assert.equal(invoice.amount, 2580);
					assert.equal(invoice.dueDate, '2025-12-31T00:00:00.000Z');
					const saved = run.requests.find((r) => r.path.endsWith('/Counterparties/save'));
					assert.deepEqual(saved.body, { name: 'Initech Lagos', email: 'ap@initech.test' });
					const post = run.requests.find((r) => r.path.endsWith('/Invoice/Create'));
					assert.equal(post.body.counterPartyId, saved.response.data.id, 'the invoice goes to the counterparty just created');
				},
			},
		],
		'katsupay-read-and-update-invoice.json': [
			{
				kind: 'cli',
				items: { Settings: 1 },
				requests(run) {
					const n = run.items('Due invoices').length;
					return [`GET ${API}/Invoice/getAll`, ...Array(n).fill(`PUT ${API}/Invoice/Update`), ...Array(n).fill(`GET ${API}/Invoice/getbyId`)];
				},
				check(run, ctx) {
					const due = run.items('Due invoices');
					const ids = due.map((i) => i.id);
					for (const seeded of ctx.seeded.due) assert.ok(ids.includes(seeded.id), `the seeded due invoice ${seeded.invoiceId} is listed`);
					assert.ok(!ids.includes(ctx.seeded.notDue.id), 'an invoice that is not due is not listed');
					assert.equal(run.items('Move due date').length, due.length);
					assert.equal(run.items('Read back invoice').length, due.length);
					const [list] = run.requests;
					assert.equal(list.query.DueInvoices, 'true');
					const moved = Object.fromEntries(run.items('Read back invoice').map((i) => [i.id, i.dueDate]));
					for (const invoice of due) {
						assert.equal(moved[invoice.id], `${addDays(invoice.dueDate, 14)}T00:00:00.000Z`, `${invoice.invoiceId} due 14 days later`);
					}
					for (const put of run.requests.filter((r) => r.method === 'PUT')) {
						assert.deepEqual(Object.keys(put.body).sort(), ['description', 'dueDate', 'id']);
						assert.match(put.body.description, /^Due date moved by 14 days on \d{4}-\d{2}-\d{2}$/);
					}
				},
			},
		],
	},

	finalCheck(ctx) {
		for (const r of ctx.requests()) {
			assert.equal(r.headers.authorization, `Bearer ${TOKEN}`, `${r.method} ${r.path} carries the access token`);
			assert.equal(r.status, 200, `${r.method} ${r.path} answered ${r.status}`);
			assert.equal(r.response?.succeeded, true, `${r.method} ${r.path} answered succeeded: ${r.response?.succeeded}`);
		}
	},
};
