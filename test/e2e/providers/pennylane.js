'use strict';
// Pennylane in the end-to-end test: two sandboxes (test/sandboxes/pennylane.js), one reached
// directly with a company API token and one in Billy mode (x-source headers), holding the records
// the examples name, the credentials n8n gets, and what each example must produce.
const assert = require('node:assert/strict');
const { createPennylaneSandbox } = require('../../sandboxes/pennylane');
const { createCrmStub } = require('../lib/crm-stub');

const TOKEN = 'e2e-pennylane-token';
const BILLY_TOKEN = 'e2e-billy-token';
const BILLY_SOFTWARE = 'HUBSPOT';
const API = '/api/external/v2';

const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const line = (label, price) => ({ label, quantity: 1, unit: 'piece', raw_currency_unit_price: price, vat_rate: 'FR_200' });

/**
 * pennylane-quote-to-invoice.json, either run: the quote marked accepted, a finalized invoice made
 * from it (its customer and amounts, `quote: {id}`), and that invoice emailed to the quote's customer.
 */
function checkQuoteInvoiced(run, ctx, quote, customer) {
	const [status, fromQuote, read, pdf, send] = run.requests;
	assert.equal(status.path, `${API}/quotes/${quote.id}/update_status`);
	assert.deepEqual(status.body, { status: 'accepted' });
	assert.equal(ctx.direct.state.quotes.get(quote.id).status, 'accepted');
	assert.deepEqual(fromQuote.body, { quote_id: quote.id, draft: false, external_reference: `quote-${quote.quote_number}` });
	const [invoice] = run.items('Create invoice');
	assert.deepEqual(invoice.quote, { id: quote.id });
	assert.equal(invoice.draft, false, 'created finalized');
	assert.match(invoice.invoice_number, /^F-\d{4}-\d{4}$/);
	assert.equal(invoice.customer.id, customer.id);
	assert.equal(invoice.currency_amount, quote.currency_amount, 'the invoice carries the quote\'s amounts');
	assert.deepEqual(ctx.direct.linesOf(invoice.id).map((l) => [l.label, l.quantity, l.raw_currency_unit_price]), ctx.direct.quoteLinesOf(quote.id).map((l) => [l.label, l.quantity, l.raw_currency_unit_price]));
	// Download PDF: the invoice read, then its public link fetched without the credential; the file is
	// in the item's binary field and the link is not in its JSON.
	assert.equal(read.path, `${API}/customer_invoices/${invoice.id}`);
	assert.equal(pdf.path, '/public/invoice/pdf');
	assert.equal(pdf.headers.authorization, undefined, 'the PDF link is fetched without the credential');
	const downloaded = run.runData['Download PDF'][0].data.main[0][0];
	assert.equal(downloaded.json.id, invoice.id);
	assert.equal(downloaded.json.public_file_url, undefined, 'the 30-minute link is not output');
	assert.equal(downloaded.binary.data.mimeType, 'application/pdf');
	assert.equal(downloaded.binary.data.fileName, invoice.filename);
	assert.equal(send.path, `${API}/customer_invoices/${invoice.id}/send_by_email`);
	assert.deepEqual(run.items('Send by email'), [{ id: invoice.id, sent: true }]);
	assert.deepEqual(ctx.direct.state.emails.filter((e) => e.invoiceId === invoice.id).map((e) => e.to), [customer.emails]);
	for (const r of run.requests.filter((r) => r !== pdf)) assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
	return invoice;
}

module.exports = {
	name: 'Pennylane',
	credentialTypes: ['pennylaneInvoicingApi', 'billyInvoicingApi'],

	async start() {
		const direct = createPennylaneSandbox({ mode: 'pennylane', tokens: [TOKEN] });
		const billy = createPennylaneSandbox({ mode: 'billy', tokens: [BILLY_TOKEN] });
		await Promise.all([direct.start(), billy.start()]);
		// IDs the examples name: customers 1001 and 1002, product 2001 (the sandbox numbers records in order).
		const acme = direct.seedCustomer({ name: 'Acme SAS', emails: ['billing@acme.test'] });
		const globex = direct.seedCustomer({ name: 'Globex SARL', emails: ['compta@globex.test'] });
		const product = direct.seedProduct({ label: 'Consulting day', unit: 'day', price_before_tax: '800', vat_rate: 'FR_200' });
		assert.deepEqual([acme.id, globex.id, product.id], [1001, 1002, 2001], 'sandbox IDs the examples use');
		// Finalized invoices 5001 and 5002 to credit (pennylane-refund-credit-note.json).
		const toRefund = [
			direct.seedInvoice({ customer_id: acme.id, date: '2025-10-01', deadline: '2025-10-31', draft: false, invoice_lines: [line('Consulting', '1000'), line('Travel', '85.5')] }),
			direct.seedInvoice({ customer_id: acme.id, date: '2025-10-15', deadline: '2025-11-14', draft: false, invoice_lines: [line('Annual plan', '600')] }),
		];
		assert.deepEqual(toRefund.map((i) => i.id), [5001, 5002], 'invoice IDs the refund example uses');
		// Quotes for pennylane-quote-to-invoice.json: 3001 (its sample) and 3002 (the webhook run), both still pending.
		const quotes = [
			direct.seedQuote({ customer_id: acme.id, date: '2025-11-20', deadline: '2025-12-20', invoice_lines: [{ product_id: product.id, quantity: 2 }, line('Travel', '120.50')] }),
			direct.seedQuote({ customer_id: globex.id, date: '2025-11-21', deadline: '2025-12-21', invoice_lines: [line('Workshop', '1999.99')], discount: { type: 'relative', value: '10' } }),
		];
		assert.deepEqual(quotes.map((q) => q.id), [3001, 3002], 'sandbox quote IDs the example uses');
		// Billy: two drafts to finish and one finalized invoice that must be left alone.
		const billyCustomer = billy.seedCustomer({ name: 'Acme SAS' });
		const drafts = [
			billy.seedInvoice({ customer_id: billyCustomer.id, date: '2025-11-03', deadline: '2025-12-03', draft: true, invoice_lines: [line('Audit', '1200')] }),
			billy.seedInvoice({ customer_id: billyCustomer.id, date: '2025-11-10', deadline: '2025-12-10', draft: true, invoice_lines: [line('Training', '450.50')] }),
		];
		const finalized = billy.seedInvoice({ customer_id: billyCustomer.id, date: '2025-10-01', deadline: '2025-10-31', draft: false, invoice_lines: [line('Licence', '99')] });
		// The trigger example: an invoice paid before n8n starts (what Fetch Test Event finds; the
		// active trigger, which starts from its activation, must not fire for it).
		const paid = direct.seedInvoice({ customer_id: acme.id, date: '2025-11-03', deadline: '2025-12-03', draft: false, external_reference: 'HS-1001', invoice_lines: [line('Set-up', '300')] });
		direct.state.invoices.get(paid.id).paid = true;
		direct.recordChange('customer_invoices', paid.id, 'update');
		const requests = () =>
			[...direct.server.requests, ...billy.server.requests].map((r, i) => [r, i]).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([r]) => r);
		return { direct, billy, baseUrl: `${direct.baseUrl} and ${billy.baseUrl}`, seeded: { acme, globex, product, drafts, finalized, toRefund, quotes, paid }, requests };
	},

	async stop(ctx) {
		await Promise.all([ctx.direct.stop(), ctx.billy.stop(), ctx.crm?.stop()]);
	},

	credentialData(type, ctx) {
		if (type === 'pennylaneInvoicingApi') return { apiToken: TOKEN, baseUrl: ctx.direct.baseUrl };
		if (type === 'billyInvoicingApi') return { baseUrl: ctx.billy.baseUrl, accessToken: BILLY_TOKEN, sourceSoftware: BILLY_SOFTWARE };
		throw new Error(`no sandbox credential for ${type}`);
	},

	examples: {
		'pennylane-monthly-invoices.json': [
			{
				kind: 'cli',
				items: { 'Customers to bill': 2, 'Create invoice': 2, 'Send by email': 2 },
				requests: [`POST ${API}/customer_invoices`, `POST ${API}/customer_invoices`, `POST ${API}/customer_invoices/:id/send_by_email`, `POST ${API}/customer_invoices/:id/send_by_email`],
				check(run, ctx) {
					const invoices = run.items('Create invoice');
					const byCustomer = Object.fromEntries(invoices.map((i) => [i.customer.id, i]));
					for (const [customer, days] of [[ctx.seeded.acme, 3], [ctx.seeded.globex, 5]]) {
						const invoice = byCustomer[customer.id];
						assert.ok(invoice, `an invoice for ${customer.name}`);
						assert.equal(invoice.draft, false, 'created finalized');
						assert.match(invoice.invoice_number, /^F-\d{4}-\d{4}$/);
						assert.equal(Number(invoice.currency_amount), days * 800 * 1.2);
						assert.equal(invoice.deadline, addDays(invoice.date, 30));
						assert.equal(invoice.external_reference, `monthly-${invoice.date.slice(0, 7).replace('-', '')}-${customer.id}`);
						assert.match(invoice.pdf_invoice_subject, /^Consulting [A-Z][a-z]+ \d{4}$/);
					}
					const creates = run.requests.filter((r) => r.path === `${API}/customer_invoices`);
					for (const r of creates) {
						assert.deepEqual(r.body.invoice_lines, [{ product_id: 2001, quantity: r.body.customer_id === 1001 ? 3 : 5 }]);
						assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
					}
					for (const sent of run.items('Send by email')) assert.equal(sent.sent, true);
					const emailed = ctx.direct.state.emails.filter((e) => invoices.some((i) => i.id === e.invoiceId));
					assert.deepEqual(emailed.map((e) => e.to.join()).sort(), ['billing@acme.test', 'compta@globex.test']);
				},
			},
		],
		'pennylane-deal-won-webhook.json': [
			{
				kind: 'cli',
				// The sample deal is for Acme SAS, a customer Pennylane already has.
				items: { 'Sample deal': 1, Deal: 1, 'Find customer': 1, 'Customer exists?': [1, 0], 'Invoice data': 1, 'Create invoice': 1, 'Read back invoice': 1 },
				notRun: ['Create customer'],
				requests: [`GET ${API}/customers`, `POST ${API}/customer_invoices`, `GET ${API}/customer_invoices/:id`, `GET ${API}/customer_invoices/:id/invoice_lines`],
				check(run, ctx) {
					const [find] = run.requests;
					assert.deepEqual(JSON.parse(find.query.filter), [{ field: 'name', operator: 'eq', value: 'Acme SAS' }]);
					const post = run.requests.find((r) => r.method === 'POST');
					assert.equal(post.body.customer_id, ctx.seeded.acme.id);
					assert.deepEqual(post.body.invoice_lines, [line('Onboarding package', '1500')]);
					assert.equal(post.body.external_reference, 'HS-2001');
					assert.equal(post.body.deadline, '2025-12-03');
					const [invoice] = run.items('Read back invoice');
					assert.equal(invoice.customer_id, ctx.seeded.acme.id);
					assert.equal(Number(invoice.currency_amount), 1800);
					assert.equal(invoice.lines.length, 1);
					assert.equal(invoice.lines[0].label, 'Onboarding package');
				},
			},
			{
				kind: 'webhook',
				method: 'POST',
				path: 'pennylane-deal-won',
				// A company Pennylane does not know yet: the workflow creates the customer first.
				body: { dealId: 'HS-3001', company: 'Initech SARL', email: 'ap@initech.test', address: '5 avenue Foch', postalCode: '69006', city: 'Lyon', country: 'FR', label: 'Yearly plan', amount: 2400.5, closedOn: '2025-12-01' },
				items: { Deal: 1, 'Customer exists?': [0, 1], 'Create customer': 1, 'Invoice data': 1, 'Create invoice': 1, 'Read back invoice': 1 },
				requests: [`GET ${API}/customers`, `POST ${API}/company_customers`, `POST ${API}/customer_invoices`, `GET ${API}/customer_invoices/:id`, `GET ${API}/customer_invoices/:id/invoice_lines`],
				check(run) {
					assert.equal(run.response.status, 200);
					const invoice = run.response.json;
					const created = run.requests.find((r) => r.path === `${API}/company_customers`);
					assert.deepEqual(created.body, {
						name: 'Initech SARL',
						billing_address: { address: '5 avenue Foch', postal_code: '69006', city: 'Lyon', country_alpha2: 'FR' },
						emails: ['ap@initech.test'],
					});
					assert.equal(invoice.customer_id, created.response.id, 'the invoice goes to the customer just created');
					assert.equal(invoice.external_reference, 'HS-3001');
					assert.equal(invoice.deadline, '2025-12-31');
					assert.equal(Number(invoice.currency_amount), 2880.6);
					const post = run.requests.find((r) => r.path === `${API}/customer_invoices`);
					assert.equal(post.body.invoice_lines[0].raw_currency_unit_price, '2400.5', 'amounts go out as exact decimal text');
				},
			},
		],
		'pennylane-refund-credit-note.json': [
			{
				kind: 'cli',
				// The sample refund has no amount: the whole invoice 5001 is credited.
				items: { 'Sample refund': 1, Refund: 1, 'Partial refund?': [0, 1], 'Credit the whole invoice': 1 },
				notRun: ['Credit the amount'],
				requests: [
					`GET ${API}/customer_invoices/:id`, `GET ${API}/customer_invoices`, `GET ${API}/customer_invoices/:id/invoice_lines`, `POST ${API}/customer_invoices`,
					`PUT ${API}/customer_invoices/:id/finalize`, `POST ${API}/customer_invoices/:id/link_credit_note`, `GET ${API}/customer_invoices/:id`,
				],
				check(run, ctx) {
					const invoice = ctx.seeded.toRefund[0];
					const lookup = run.requests[1];
					assert.deepEqual(JSON.parse(lookup.query.filter), [{ field: 'external_reference', operator: 'eq', value: 'RF-1001' }]);
					const post = run.requests.find((r) => r.method === 'POST' && r.path === `${API}/customer_invoices`);
					assert.equal(post.body.customer_id, ctx.seeded.acme.id);
					assert.equal(post.body.external_reference, 'RF-1001');
					assert.deepEqual(post.body.invoice_lines.map((l) => [l.label, l.quantity, l.raw_currency_unit_price, l.vat_rate]), [
						['Consulting', 1, '-1000', 'FR_200'],
						['Travel', 1, '-85.5', 'FR_200'],
					]);
					const link = run.requests.find((r) => r.path.endsWith('/link_credit_note'));
					assert.equal(link.path, `${API}/customer_invoices/${invoice.id}/link_credit_note`);
					assert.deepEqual(link.body, { credit_note_id: post.response.id });
					const [note] = run.items('Credit the whole invoice');
					assert.equal(note.status, 'credit_note');
					assert.equal(note.amount, '-1302.6');
					assert.deepEqual(note.credited_invoice.id, invoice.id);
					assert.equal(note.credited_invoice_remaining_amount_with_tax, '0');
				},
			},
			{
				kind: 'webhook',
				method: 'POST',
				path: 'pennylane-refund',
				body: { refundId: 'RF-2002', invoiceId: 5002, amount: '49.90', reason: 'Damaged item' },
				items: { Refund: 1, 'Partial refund?': [1, 0], 'Credit the amount': 1 },
				notRun: ['Credit the whole invoice'],
				requests: [
					`GET ${API}/customer_invoices/:id`, `GET ${API}/customer_invoices`, `POST ${API}/customer_invoices`,
					`PUT ${API}/customer_invoices/:id/finalize`, `POST ${API}/customer_invoices/:id/link_credit_note`, `GET ${API}/customer_invoices/:id`,
				],
				check(run, ctx) {
					assert.equal(run.response.status, 200);
					const post = run.requests.find((r) => r.method === 'POST' && r.path === `${API}/customer_invoices`);
					assert.deepEqual(post.body.invoice_lines, [{ label: 'Refund RF-2002: Damaged item', quantity: 1, unit: 'piece', raw_currency_unit_price: '-49.9', vat_rate: 'FR_200' }]);
					const note = run.response.json;
					assert.equal(note.credited_invoice.id, ctx.seeded.toRefund[1].id);
					assert.equal(note.external_reference, 'RF-2002');
					// 720 - 59.88 (49.90 + 20 % VAT)
					assert.equal(note.credited_invoice_remaining_amount_with_tax, '660.12');
				},
			},
		],
		'pennylane-invoice-paid-to-crm.json': [
			{
				// The editor's Fetch Test Event (POST /rest/workflows/:id/run to the trigger): the most
				// recently paid invoice of the last 4 weeks, the trigger alone.
				kind: 'testEvent',
				node: 'Invoice paid',
				items: { 'Invoice paid': 1 },
				notRun: ['Has a CRM deal', 'Update CRM deal'],
				check(run, ctx) {
					const [invoice] = run.items('Invoice paid');
					assert.equal(invoice.id, ctx.seeded.paid.id);
					assert.equal(invoice.paid, true);
					assert.equal(invoice.external_reference, 'HS-1001');
					const feed = run.requests.filter((r) => r.path === `${API}/changelogs/customer_invoices`);
					assert.ok(feed.length > 0, 'the change feed was read');
					for (const r of feed) assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
					assert.ok(run.requests.some((r) => r.path === `${API}/customer_invoices/${ctx.seeded.paid.id}`), 'the invoice was fetched');
				},
			},
			{
				// The published workflow, polled by n8n every minute: an invoice paid after activation
				// starts one execution, which marks the CRM deal paid.
				kind: 'poll',
				node: 'Invoice paid',
				async act(ctx) {
					ctx.crm = createCrmStub({ 'HS-4001': { stage: 'won', amount: '960.00' } });
					await ctx.crm.start();
					const invoice = ctx.direct.seedInvoice({ customer_id: ctx.seeded.acme.id, date: '2025-12-01', deadline: '2025-12-31', draft: false, external_reference: 'HS-4001', invoice_lines: [line('Yearly plan', '800')] });
					ctx.direct.state.invoices.get(invoice.id).paid = true;
					ctx.direct.recordChange('customer_invoices', invoice.id, 'update');
					ctx.paidAfterActivation = invoice;
				},
				items: { 'Invoice paid': 1, 'Has a CRM deal': 1, 'Update CRM deal': 1 },
				check(run, ctx) {
					const [invoice] = run.items('Invoice paid');
					assert.equal(invoice.id, ctx.paidAfterActivation.id, 'the invoice paid after activation (not the one paid before)');
					assert.equal(invoice.paid, true);
					const patches = ctx.crm.state.requests.filter((r) => r.method === 'PATCH');
					assert.equal(patches.length, 1, 'one CRM update');
					assert.equal(patches[0].path, '/crm/deals/HS-4001');
					assert.equal(Number(invoice.amount), 960, '800 + 20 % VAT');
					assert.deepEqual(patches[0].body, { stage: 'paid', pennylane_invoice_id: invoice.id, invoice_number: invoice.invoice_number, amount_paid: invoice.amount, currency: 'EUR' });
					assert.equal(ctx.crm.state.deals['HS-4001'].stage, 'paid');
					const feed = run.requests.filter((r) => r.path === `${API}/changelogs/customer_invoices`);
					assert.ok(feed.length > 0, 'the change feed was read');
					for (const r of feed) assert.deepEqual(Object.keys(r.query).sort(), r.query.cursor ? ['cursor', 'limit'] : ['limit', 'start_date']);
				},
			},
		],
		'pennylane-read-and-update-invoice.json': [
			{
				kind: 'cli',
				items: { Settings: 1, 'Draft invoices': 2, 'Update draft': 2, Finalize: 2, 'Read back invoice': 2 },
				requests: [
					'GET /billy/customer_invoices',
					'PUT /billy/customer_invoices/:id', 'PUT /billy/customer_invoices/:id',
					'PUT /billy/customer_invoices/:id/finalize', 'PUT /billy/customer_invoices/:id/finalize',
					'GET /billy/customer_invoices/:id', 'GET /billy/customer_invoices/:id',
				],
				check(run, ctx) {
					const [list] = run.requests;
					assert.deepEqual(JSON.parse(list.query.filter), [{ field: 'draft', operator: 'eq', value: true }]);
					for (const r of run.requests) {
						assert.equal(r.headers.authorization, `Bearer ${BILLY_TOKEN}`);
						assert.equal(r.headers['x-source'], 'billy');
						assert.equal(r.headers['x-source-software'], BILLY_SOFTWARE);
					}
					const wanted = Object.fromEntries(ctx.seeded.drafts.map((d) => [d.id, addDays(d.deadline, 15)]));
					const after = run.items('Read back invoice');
					assert.deepEqual(after.map((i) => i.id).sort(), Object.keys(wanted).map(Number).sort());
					for (const invoice of after) {
						assert.equal(invoice.draft, false, 'finalized');
						assert.match(invoice.invoice_number, /^F-\d{4}-\d{4}$/);
						assert.equal(invoice.deadline, wanted[invoice.id], 'deadline moved by 15 days');
					}
					for (const put of run.requests.filter((r) => r.method === 'PUT' && !r.path.endsWith('/finalize'))) {
						assert.deepEqual(Object.keys(put.body).sort(), ['deadline', 'pdf_invoice_free_text']);
						assert.match(put.body.pdf_invoice_free_text, /^Payment terms extended by 15 days on \d{4}-\d{2}-\d{2}$/);
					}
					assert.equal(ctx.billy.state.invoices.get(ctx.seeded.finalized.id).updated_at, ctx.seeded.finalized.updated_at, 'the finalized invoice is left alone');
				},
			},
		],
		'pennylane-quote-to-invoice.json': [
			{
				kind: 'cli',
				// The sample accepts quote 3001 (Acme SAS): 2 consulting days and travel.
				items: { 'Sample acceptance': 1, Acceptance: 1, 'Mark quote accepted': 1, 'Create invoice': 1, 'Download PDF': 1, 'Send by email': 1 },
				requests: [`PUT ${API}/quotes/:id/update_status`, `POST ${API}/customer_invoices/create_from_quote`, `GET ${API}/customer_invoices/:id`, 'GET /public/invoice/pdf', `POST ${API}/customer_invoices/:id/send_by_email`],
				check(run, ctx) {
					checkQuoteInvoiced(run, ctx, ctx.seeded.quotes[0], ctx.seeded.acme);
				},
			},
			{
				kind: 'webhook',
				method: 'POST',
				path: 'pennylane-quote-accepted',
				body: { quoteId: 3002 },
				items: { Acceptance: 1, 'Mark quote accepted': 1, 'Create invoice': 1, 'Download PDF': 1, 'Send by email': 1 },
				notRun: ['Sample acceptance'],
				requests: [`PUT ${API}/quotes/:id/update_status`, `POST ${API}/customer_invoices/create_from_quote`, `GET ${API}/customer_invoices/:id`, 'GET /public/invoice/pdf', `POST ${API}/customer_invoices/:id/send_by_email`],
				check(run, ctx) {
					assert.equal(run.response.status, 200);
					const invoice = checkQuoteInvoiced(run, ctx, ctx.seeded.quotes[1], ctx.seeded.globex);
					assert.deepEqual(run.response.json, { id: invoice.id, sent: true });
				},
			},
		],
	},

	finalCheck(ctx) {
		for (const r of ctx.requests()) assert.ok(r.status >= 200 && r.status < 300, `${r.method} ${r.path} answered ${r.status}: ${JSON.stringify(r.response)}`);
	},
};
