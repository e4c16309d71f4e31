'use strict';
// Levers in the end-to-end test: its sandbox (test/sandboxes/levers.js) with the data the examples
// expect, the credentials n8n gets (pointing at the sandbox), and what each example must produce.
const assert = require('node:assert/strict');
const { createLeversSandbox } = require('../../sandboxes/levers');

const CLIENT_ID = 'e2e-client';
const CLIENT_SECRET = 'e2e-secret';
const ACCESS_TOKEN = 'e2e-levers-access-token';
// The invoice UUID written in examples/levers-read-and-update-invoice.json.
const FOLLOW_UP_INVOICE = '5b7e2c1a-3f4d-4e8a-9b6c-1d2e3f4a5b6c';
const API = '/api-service/v1';

const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

module.exports = {
	name: 'Levers',
	credentialTypes: ['leversInvoicingApi', 'leversAccessTokenInvoicingApi'],

	async start() {
		const sandbox = createLeversSandbox({ clients: { [CLIENT_ID]: CLIENT_SECRET }, accessTokens: [ACCESS_TOKEN] });
		await sandbox.start();
		const acme = sandbox.seedContact({ name: 'Acme Trading', email: 'billing@acme.test' });
		const globex = sandbox.seedContact({ name: 'Globex LLC', email: 'ap@globex.test' });
		// An unpaid invoice under the UUID the follow-up example names (the sandbox picks random
		// UUIDs, so the seeded record is moved to that key).
		const seeded = sandbox.seedInvoice({ number: 'INV-FOLLOW-UP', contactUuid: acme.uuid, date: '2025-10-01', dueDate: '2025-10-31', total: 1000 });
		const invoice = sandbox.state.invoices.get(seeded.uuid);
		sandbox.state.invoices.delete(seeded.uuid);
		invoice.uuid = FOLLOW_UP_INVOICE;
		sandbox.state.invoices.set(FOLLOW_UP_INVOICE, invoice);
		return { sandbox, baseUrl: sandbox.baseUrl, contacts: { acme, globex }, requests: () => sandbox.server.requests };
	},

	async stop(ctx) {
		await ctx.sandbox.stop();
	},

	/** The credential data n8n stores for each credential type the examples reference. */
	credentialData(type, ctx) {
		if (type === 'leversInvoicingApi') return { host: ctx.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, sessionToken: '' };
		if (type === 'leversAccessTokenInvoicingApi') return { host: ctx.baseUrl, accessToken: ACCESS_TOKEN };
		throw new Error(`no sandbox credential for ${type}`);
	},

	/** Requests that are not part of an operation (the token exchange) and are checked in finalCheck. */
	isHousekeeping: (request) => request.path === '/auth/v1/api-key/auth',

	examples: {
		'levers-monthly-invoices.json': [
			{
				kind: 'cli',
				items: { 'Customers to bill': 3, 'Match customers': 3, 'Found in Levers?': [2, 1], 'Create invoice': 2, 'Not in Levers': 1 },
				requests: [`GET ${API}/contact`, `POST ${API}/invoice`, `POST ${API}/invoice`],
				check(run, ctx) {
					const invoices = run.items('Create invoice');
					const byContact = Object.fromEntries(invoices.map((inv) => [inv.contact.name, inv]));
					assert.deepEqual(Object.keys(byContact).sort(), ['Acme Trading', 'Globex LLC']);
					for (const [name, total, key] of [['Acme Trading', 1200, 'acme'], ['Globex LLC', 860.5, 'globex']]) {
						const inv = byContact[name];
						assert.equal(inv.contact.uuid, ctx.contacts[key].uuid);
						assert.equal(inv.total, total);
						assert.match(inv.date, /^\d{4}-\d{2}-\d{2}$/);
						assert.equal(inv.dueDate, addDays(inv.date, 30), 'due 30 days after the invoice date ($today.plus)');
						assert.equal(inv.number, `INV-${inv.date.slice(0, 7).replace('-', '')}-${name.replace(/[^A-Za-z0-9]+/g, '').toUpperCase()}`);
						assert.equal(inv.reference, inv.date.slice(0, 7));
						assert.match(inv.description, /^(Support plan|Hosting) [A-Z][a-z]+ \d{4}$/);
						assert.equal(inv.status, 'UNPAID');
					}
					assert.deepEqual(run.items('Not in Levers').map((c) => c.customer), ['Initech']);
					const [list] = run.requests.filter((r) => r.method === 'GET');
					assert.deepEqual(list.query, { page: '1', size: '100' });
					for (const r of run.requests.filter((r) => r.method === 'POST')) assert.equal(r.status, 200);
				},
			},
		],
		'levers-deal-won-webhook.json': [
			{
				kind: 'cli',
				// The sample deal is for Globex LLC, a customer Levers already has.
				items: { 'Sample deal': 1, Deal: 1, 'Find customer': 1, 'Customer exists?': [1, 0], 'Create invoice': 1, 'Read back invoice': 1 },
				notRun: ['Create contact', 'Use new contact'],
				requests: [`GET ${API}/contact`, `POST ${API}/invoice`, `GET ${API}/invoice/:uuid`],
				check(run, ctx) {
					const [invoice] = run.items('Read back invoice');
					assert.equal(invoice.number, 'INV-D-2001');
					assert.equal(invoice.total, 860.5);
					assert.equal(invoice.date, '2025-11-04');
					assert.equal(invoice.dueDate, '2025-12-04');
					assert.equal(invoice.reference, 'D-2001');
					assert.deepEqual(invoice.contact, { uuid: ctx.contacts.globex.uuid, name: 'Globex LLC' });
					assert.equal(invoice.status, 'UNPAID');
					const post = run.requests.find((r) => r.method === 'POST');
					assert.deepEqual(post.body, {
						number: 'INV-D-2001', contactUuid: ctx.contacts.globex.uuid, date: '2025-11-04', dueDate: '2025-12-04',
						total: 860.5, reference: 'D-2001', extPlatformId: 'D-2001',
					});
				},
			},
			{
				kind: 'webhook',
				method: 'POST',
				path: 'levers-deal-won',
				// A deal for a customer Levers does not know yet: the workflow creates the contact first.
				body: { dealId: 'D-3001', company: 'Hooli Inc', email: 'payables@hooli.test', amount: 4200, closedOn: '2025-12-01' },
				items: { Deal: 1, 'Find customer': 1, 'Customer exists?': [0, 1], 'Create contact': 1, 'Use new contact': 1, 'Create invoice': 1, 'Read back invoice': 1 },
				requests: [`GET ${API}/contact`, `POST ${API}/contact`, `POST ${API}/invoice`, `GET ${API}/invoice/:uuid`],
				check(run) {
					assert.equal(run.response.status, 200);
					const invoice = run.response.json;
					assert.equal(invoice.number, 'INV-D-3001');
					assert.equal(invoice.total, 4200);
					assert.equal(invoice.dueDate, '2025-12-31');
					assert.equal(invoice.contact.name, 'Hooli Inc');
					const created = run.requests.find((r) => r.method === 'POST' && r.path === `${API}/contact`);
					assert.deepEqual(created.body, { name: 'Hooli Inc', email: 'payables@hooli.test' });
					const post = run.requests.find((r) => r.method === 'POST' && r.path === `${API}/invoice`);
					assert.equal(post.body.contactUuid, created.response.uuid, 'the invoice goes to the contact just created');
					assert.equal(invoice.contact.uuid, created.response.uuid);
				},
			},
		],
		'levers-read-and-update-invoice.json': [
			{
				kind: 'cli',
				items: { 'Get invoice': 1, 'Still unpaid?': [1, 0], 'Extend due date': 1, 'Record payment': 1, 'Read back invoice': 1 },
				notRun: ['Already paid'],
				requests: [`GET ${API}/invoice/:uuid`, `PUT ${API}/invoice`, `POST ${API}/invoice/:uuid/payment`, `GET ${API}/invoice/:uuid`],
				check(run) {
					const [before] = run.items('Get invoice');
					assert.equal(before.uuid, FOLLOW_UP_INVOICE);
					assert.ok(Array.isArray(before.history) && before.customerRisk, 'Get returns the full record');
					const [updated] = run.items('Extend due date');
					assert.equal(updated.dueDate, '2025-11-14');
					assert.match(updated.notes, /^Due date moved by 14 days on \d{4}-\d{2}-\d{2}$/);
					const [payment] = run.items('Record payment');
					assert.equal(payment.amount, 250);
					assert.equal(payment.reference, 'Bank transfer');
					const [after] = run.items('Read back invoice');
					assert.equal(after.uuid, FOLLOW_UP_INVOICE);
					assert.equal(after.dueDate, '2025-11-14');
					assert.equal(after.totalPaid, 250);
					assert.equal(after.outstandingAmount, 750);
					for (const r of run.requests) assert.equal(r.headers.authorization, `Bearer ${ACCESS_TOKEN}`, 'the access-token credential is used');
					const put = run.requests.find((r) => r.method === 'PUT');
					assert.equal(put.body.uuid, FOLLOW_UP_INVOICE);
					assert.deepEqual(Object.keys(put.body).sort(), ['dueDate', 'notes', 'uuid']);
				},
			},
		],
	},

	/** After every run: the client-credential token was fetched once and then kept by n8n. */
	finalCheck(ctx) {
		const all = ctx.requests();
		const exchanges = all.filter((r) => r.path === '/auth/v1/api-key/auth');
		assert.equal(exchanges.length, 1, `expected one token exchange (n8n keeps the token with the credential), got ${exchanges.length}`);
		assert.deepEqual(exchanges[0].body, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
		const token = exchanges[0].response.access_token;
		for (const r of all.filter((r) => r.path !== '/auth/v1/api-key/auth')) {
			assert.ok([`Bearer ${token}`, `Bearer ${ACCESS_TOKEN}`].includes(r.headers.authorization), `${r.method} ${r.path} carries a valid bearer token`);
			assert.equal(r.status, 200, `${r.method} ${r.path} answered ${r.status}`);
		}
	},
};
