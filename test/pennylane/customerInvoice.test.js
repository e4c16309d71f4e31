'use strict';
// Every customer-invoice operation, end to end through n8n-core against the sandbox, with both
// credentials: the exact request (method, path, query, headers, body) and the output.
const { setupPennylane, rl, expectModeHeaders } = require('./setup');

describe.each(['pennylane', 'billy'])('Pennylane customer invoices (%s credential)', (mode) => {
	const ctx = setupPennylane(mode);
	let customer;
	let other;
	let product;
	beforeAll(() => {
		customer = ctx.sandbox.seedCustomer({ name: 'Acme SAS', emails: ['billing@acme.test'] });
		other = ctx.sandbox.seedCustomer({ name: 'Globex SARL', emails: ['ap@globex.test'] });
		product = ctx.sandbox.seedProduct({ label: 'Consulting day', unit: 'day', price_before_tax: '800', vat_rate: 'FR_200' });
	});

	const freeLine = (fields = {}) => ({ label: 'Set-up fee', quantity: 1, unit: 'piece', unitPrice: 150, vatRate: 'FR_200', description: '', ...fields });
	const seedDraft = (fields = {}) =>
		ctx.sandbox.seedInvoice({
			customer_id: customer.id,
			date: '2025-03-01',
			deadline: '2025-03-31',
			draft: true,
			invoice_lines: [
				{ label: 'Line A', quantity: 1, unit: 'piece', raw_currency_unit_price: '100', vat_rate: 'FR_200' },
				{ label: 'Line B', quantity: 2, unit: 'hour', raw_currency_unit_price: '60', vat_rate: 'FR_200' },
			],
			...fields,
		});

	test('Create sends the documented body (product and free lines, amounts as strings) and outputs the invoice', async () => {
		const result = await ctx.run({
			resource: 'customerInvoice',
			operation: 'create',
			customer: rl(customer.id, 'list'),
			date: '2025-01-31T00:00:00',
			deadline: '2025-02-28',
			draft: true,
			invoiceLines: {
				productLines: [
					{ product: rl(product.id, 'list'), quantity: 2, overrides: {} },
					{ product: rl(product.id), quantity: 0.5, overrides: { label: 'Half day', unitPrice: 850.5 } },
				],
				freeLines: [freeLine({ description: 'One-off' })],
			},
			additionalFields: {
				currency: 'EUR',
				language: 'en_GB',
				customer_invoice_template_id: '12',
				pdf_invoice_subject: 'January services',
				pdf_invoice_free_text: 'Thank you',
				pdf_description: 'Consulting and set-up',
				special_mention: 'Late fee: 40 EUR',
				external_reference: `CRM-1-${mode}`,
				discount: { discountValues: { type: 'relative', value: '5' } },
			},
		});
		expect(result.error).toBeUndefined();
		const requests = ctx.requests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect([request.method, request.path]).toEqual(['POST', ctx.path('/customer_invoices')]);
		expect(request.query).toEqual({});
		expectModeHeaders(request, mode);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.body).toEqual({
			customer_id: customer.id,
			date: '2025-01-31',
			deadline: '2025-02-28',
			draft: true,
			currency: 'EUR',
			language: 'en_GB',
			customer_invoice_template_id: 12,
			pdf_invoice_subject: 'January services',
			pdf_invoice_free_text: 'Thank you',
			pdf_description: 'Consulting and set-up',
			special_mention: 'Late fee: 40 EUR',
			external_reference: `CRM-1-${mode}`,
			discount: { type: 'relative', value: '5' },
			invoice_lines: [
				{ product_id: product.id, quantity: 2 },
				{ product_id: product.id, quantity: 0.5, label: 'Half day', raw_currency_unit_price: '850.5' },
				{ label: 'Set-up fee', quantity: 1, unit: 'piece', raw_currency_unit_price: '150', vat_rate: 'FR_200', description: 'One-off' },
			],
		});
		expect(result.json).toHaveLength(1);
		const invoice = result.json[0];
		expect(invoice).toMatchObject({
			id: expect.any(Number),
			draft: true,
			status: 'draft',
			invoice_number: '',
			currency: 'EUR',
			customer: { id: customer.id },
			external_reference: `CRM-1-${mode}`,
			// (1600 + 425.25 + 150) − 5 % = 2066.49 before tax, 20 % VAT
			currency_amount_before_tax: '2066.49',
			currency_tax: '413.3',
			currency_amount: '2479.79',
		});
		if (mode === 'billy') expect(invoice.v2_id).toBe(invoice.id);
		expect(ctx.sandbox.linesOf(invoice.id).map((l) => [l.label, l.quantity, l.raw_currency_unit_price])).toEqual([
			['Consulting day', '2', '800'],
			['Half day', '0.5', '850.5'],
			['Set-up fee', '1', '150'],
		]);
	});

	test('Create from JSON lines (Using JSON) and as finalized: numbered at once', async () => {
		const lines = [
			{ product_id: product.id, quantity: '3' },
			{ label: 'Travel', quantity: 1, unit: 'piece', raw_currency_unit_price: 99.9, vat_rate: 'FR_100', section_rank: 1 },
		];
		const result = await ctx.run({
			resource: 'customerInvoice',
			operation: 'create',
			customer: rl(customer.id),
			date: '2025-02-01',
			deadline: '2025-03-01',
			draft: false,
			lineSource: 'json',
			linesJson: JSON.stringify(lines),
		});
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expectModeHeaders(request, mode);
		expect(request.body).toEqual({
			customer_id: customer.id,
			date: '2025-02-01',
			deadline: '2025-03-01',
			draft: false,
			invoice_lines: [
				{ product_id: product.id, quantity: 3 },
				{ label: 'Travel', quantity: 1, unit: 'piece', raw_currency_unit_price: '99.9', vat_rate: 'FR_100', section_rank: 1 },
			],
		});
		expect(result.json[0]).toMatchObject({ draft: false, invoice_number: expect.stringMatching(/^F-2025-\d{4}$/), status: expect.stringMatching(/upcoming|late/) });
	});

	test('Get returns the invoice; Include Lines adds its lines from /invoice_lines; Simplify keeps the essentials', async () => {
		const invoice = seedDraft();
		const plain = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(invoice.id) });
		expect(plain.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path, r.query])).toEqual([['GET', ctx.path(`/customer_invoices/${invoice.id}`), {}]]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(plain.json).toEqual([invoice]);

		ctx.sandbox.server.clearLog();
		const withLines = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(invoice.id), includeLines: true });
		expect(ctx.requests().map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', ctx.path(`/customer_invoices/${invoice.id}`), {}],
			['GET', ctx.path(`/customer_invoices/${invoice.id}/invoice_lines`), { limit: '100' }],
		]);
		for (const request of ctx.requests()) expectModeHeaders(request, mode);
		expect(withLines.json).toHaveLength(1);
		expect(withLines.json[0].lines.map((l) => [l.label, l.quantity, l.raw_currency_unit_price, l.currency_amount])).toEqual([
			['Line A', '1', '100', '120'],
			['Line B', '2', '60', '144'],
		]);

		const simple = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(invoice.id), includeLines: true, simplify: true });
		expect(Object.keys(simple.json[0]).sort()).toEqual(
			['amount', 'currency', 'currency_amount', 'currency_amount_before_tax', 'currency_tax', 'customer_id', 'date', 'deadline', 'draft', 'external_reference',
				'e_invoicing', 'factur_x', 'id', 'invoice_number', 'label', 'lines', 'paid', 'public_file_url', 'remaining_amount_with_tax', 'status'].sort(),
		);
		expect(simple.json[0]).toMatchObject({ id: invoice.id, customer_id: customer.id, currency_amount: '264' });
	});

	test('Get Many: filters go out as the JSON filter param (on every page), Return All walks the cursor, Limit caps', async () => {
		const mine = [];
		for (let i = 0; i < 130; i++) {
			mine.push(seedDraft({ customer_id: other.id, date: `2025-05-${String((i % 28) + 1).padStart(2, '0')}`, deadline: '2025-06-30', external_reference: `bulk-${mode}-${i}` }));
		}
		const all = await ctx.run({ resource: 'customerInvoice', operation: 'getAll', returnAll: true, filters: { customer: rl(other.id, 'list') } });
		expect(all.error).toBeUndefined();
		const requests = ctx.requests();
		expect(requests).toHaveLength(2);
		const filter = JSON.stringify([{ field: 'customer_id', operator: 'eq', value: other.id }]);
		expect(requests[0].query).toEqual({ filter, limit: '100' });
		expect(requests[1].query).toEqual({ filter, limit: '100', cursor: expect.any(String) });
		for (const request of requests) {
			expect([request.method, request.path]).toEqual(['GET', ctx.path('/customer_invoices')]);
			expectModeHeaders(request, mode);
		}
		expect(all.json).toHaveLength(130);
		expect(all.json.map((i) => i.id)).toEqual(mine.map((i) => i.id).reverse());

		ctx.sandbox.server.clearLog();
		const limited = await ctx.run({
			resource: 'customerInvoice',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			filters: { customer: rl(other.id), dateFrom: '2025-05-10T00:00:00', dateTo: '2025-05-12', status: 'draft' },
			options: { sort: 'date' },
			simplify: true,
		});
		expect(ctx.requests()).toHaveLength(1);
		expect(ctx.requests()[0].query).toEqual({
			filter: JSON.stringify([
				{ field: 'customer_id', operator: 'eq', value: other.id },
				{ field: 'date', operator: 'gteq', value: '2025-05-10' },
				{ field: 'date', operator: 'lteq', value: '2025-05-12' },
				{ field: 'draft', operator: 'eq', value: true },
			]),
			sort: 'date',
			limit: '3',
		});
		expect(limited.json).toHaveLength(3);
		expect(limited.json.map((i) => i.date)).toEqual(['2025-05-10', '2025-05-10', '2025-05-10']);
		expect(limited.json[0]).not.toHaveProperty('invoice_lines');

		ctx.sandbox.server.clearLog();
		const byReference = await ctx.run({ resource: 'customerInvoice', operation: 'getAll', returnAll: true, filters: { externalReference: `bulk-${mode}-7`, invoiceNumber: '' } });
		expect(ctx.requests()[0].query.filter).toBe(JSON.stringify([{ field: 'external_reference', operator: 'eq', value: `bulk-${mode}-7` }]));
		expect(byReference.json.map((i) => i.id)).toEqual([mine[7].id]);
	});

	test('Update sends only what is set: header fields and line changes as {create, update, delete}', async () => {
		const invoice = seedDraft();
		const [lineA, lineB] = ctx.sandbox.linesOf(invoice.id);
		const result = await ctx.run({
			resource: 'customerInvoice',
			operation: 'update',
			invoiceId: rl(invoice.id),
			updateFields: { deadline: '2025-04-15', pdf_invoice_subject: 'Revised', customer: rl(other.id) },
			lineChanges: {
				addFreeLines: [freeLine({ label: 'Extra hours', quantity: 2, unit: 'hour', unitPrice: 50, vatRate: 'FR_100' })],
				updateLines: [{ id: String(lineA.id), quantity: '3', unitPrice: '', label: '', description: '', unit: '', vatRate: '' }],
				deleteLines: [{ id: String(lineB.id) }],
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect([request.method, request.path]).toEqual(['PUT', ctx.path(`/customer_invoices/${invoice.id}`)]);
		expectModeHeaders(request, mode);
		expect(request.body).toEqual({
			deadline: '2025-04-15',
			pdf_invoice_subject: 'Revised',
			customer_id: other.id,
			invoice_lines: {
				create: [{ label: 'Extra hours', quantity: 2, unit: 'hour', raw_currency_unit_price: '50', vat_rate: 'FR_100' }],
				update: [{ id: lineA.id, quantity: 3 }],
				delete: [{ id: lineB.id }],
			},
		});
		expect(result.json[0]).toMatchObject({ id: invoice.id, deadline: '2025-04-15', pdf_invoice_subject: 'Revised', customer: { id: other.id } });
		expect(ctx.sandbox.linesOf(invoice.id).map((l) => [l.label, l.quantity])).toEqual([['Line A', '3'], ['Extra hours', '2']]);

		ctx.sandbox.server.clearLog();
		const headerOnly = await ctx.run({ resource: 'customerInvoice', operation: 'update', invoiceId: rl(invoice.id), updateFields: { special_mention: 'Paid by transfer' } });
		expect(ctx.requests()[0].body).toEqual({ special_mention: 'Paid by transfer' });
		expect(headerOnly.json[0].special_mention).toBe('Paid by transfer');
	});

	test('Finalize numbers the draft; Mark as Paid records the payment', async () => {
		const invoice = seedDraft({ deadline: '2099-12-31' });
		const finalized = await ctx.run({ resource: 'customerInvoice', operation: 'finalize', invoiceId: rl(invoice.id) });
		expect(finalized.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path, r.rawBody])).toEqual([['PUT', ctx.path(`/customer_invoices/${invoice.id}/finalize`), '']]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(finalized.json[0]).toMatchObject({ id: invoice.id, draft: false, status: 'upcoming', invoice_number: expect.stringMatching(/^F-2025-/) });

		ctx.sandbox.server.clearLog();
		const paid = await ctx.run({ resource: 'customerInvoice', operation: 'markAsPaid', invoiceId: rl(invoice.id) });
		expect(paid.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path, r.status])).toEqual([['PUT', ctx.path(`/customer_invoices/${invoice.id}/mark_as_paid`), 204]]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(paid.json).toEqual([{ id: invoice.id, paid: true }]);
		expect(ctx.sandbox.invoiceView(invoice.id)).toMatchObject({ paid: true, status: 'paid', remaining_amount_with_tax: '0' });
	});

	test('Send by Email waits while the PDF is not ready (409), then sends once', async () => {
		ctx.sandbox.state.pdfNotReadyCalls = 2;
		const invoice = seedDraft();
		await ctx.run({ resource: 'customerInvoice', operation: 'finalize', invoiceId: rl(invoice.id) });
		ctx.sandbox.state.pdfNotReadyCalls = 0;
		ctx.sandbox.server.clearLog();
		const result = await ctx.run({
			resource: 'customerInvoice',
			operation: 'sendByEmail',
			invoiceId: rl(invoice.id),
			options: { recipients: 'billing@acme.test, boss@acme.test' },
		});
		expect(result.error).toBeUndefined();
		const requests = ctx.requests();
		expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
			['POST', ctx.path(`/customer_invoices/${invoice.id}/send_by_email`), 409],
			['POST', ctx.path(`/customer_invoices/${invoice.id}/send_by_email`), 409],
			['POST', ctx.path(`/customer_invoices/${invoice.id}/send_by_email`), 204],
		]);
		for (const request of requests) {
			expectModeHeaders(request, mode);
			expect(request.body).toEqual({ recipients: ['billing@acme.test', 'boss@acme.test'] });
		}
		expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(450);
		expect(result.json).toEqual([{ id: invoice.id, sent: true, recipients: ['billing@acme.test', 'boss@acme.test'] }]);
		expect(ctx.sandbox.state.emails.filter((e) => e.invoiceId === invoice.id)).toEqual([{ invoiceId: invoice.id, to: ['billing@acme.test', 'boss@acme.test'] }]);
	});

	test('Delete removes a draft and outputs {deleted: true, id}', async () => {
		const invoice = seedDraft();
		const result = await ctx.run({ resource: 'customerInvoice', operation: 'delete', invoiceId: rl(invoice.id) });
		expect(result.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path, r.status, r.rawBody])).toEqual([['DELETE', ctx.path(`/customer_invoices/${invoice.id}`), 204, '']]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(result.json).toEqual([{ deleted: true, id: invoice.id }]);
		expect(ctx.sandbox.state.invoices.has(invoice.id)).toBe(false);
	});

	test('Several input items: one invoice each, in item order, numbers from expressions', async () => {
		const input = [
			{ deal: 'D-1', amount: 1200.5, qty: 1 },
			{ deal: 'D-2', amount: '99.99', qty: '2' },
			{ deal: 'D-3', amount: 10, qty: 0.25 },
		];
		const result = await ctx.run(
			{
				resource: 'customerInvoice',
				operation: 'create',
				customer: rl(customer.id),
				date: '2025-07-01',
				deadline: '2025-07-31',
				invoiceLines: { freeLines: [freeLine({ label: '={{ "Deal " + $json.deal }}', quantity: '={{ $json.qty }}', unitPrice: '={{ $json.amount }}' })] },
				additionalFields: { external_reference: `={{ "${mode}-" + $json.deal }}` },
			},
			{ input },
		);
		expect(result.error).toBeUndefined();
		expect(result.json.map((i) => [i.external_reference, i.currency_amount_before_tax])).toEqual([
			[`${mode}-D-1`, '1200.5'],
			[`${mode}-D-2`, '199.98'],
			[`${mode}-D-3`, '2.5'],
		]);
		const lines = ctx.requests().map((r) => r.body.invoice_lines[0]).sort((a, b) => a.label.localeCompare(b.label));
		expect(lines.map((l) => [l.label, l.quantity, l.raw_currency_unit_price])).toEqual([
			['Deal D-1', 1, '1200.5'],
			['Deal D-2', 2, '99.99'],
			['Deal D-3', 0.25, '10'],
		]);
	});
});
