'use strict';
// Every quote operation, end to end through n8n-core against the sandbox (test/sandboxes/pennylane-quotes.js),
// with both credentials (Billy does not list the quote endpoints: offered as unconfirmed, so the
// sandbox models a Billy that forwards them): the exact request, the checks before sending, the
// output, the 409 wait of Send by Email, and Create Invoice (from a quote) in both invoice states.
const { setupPennylane, rl, expectModeHeaders } = require('./setup');

describe.each(['pennylane', 'billy'])('Pennylane quotes (%s credential)', (mode) => {
	const ctx = setupPennylane(mode);
	let customer;
	let other;
	let product;
	beforeAll(() => {
		customer = ctx.sandbox.seedCustomer({ name: 'Acme SAS', emails: ['billing@acme.test'] });
		other = ctx.sandbox.seedCustomer({ name: 'Globex SARL', emails: ['ap@globex.test'] });
		product = ctx.sandbox.seedProduct({ label: 'Consulting day', unit: 'day', price_before_tax: '800', vat_rate: 'FR_200' });
	});
	beforeEach(() => {
		ctx.sandbox.state.pdfNotReadyCalls = 0;
	});

	const freeLine = (fields = {}) => ({ label: 'Set-up fee', quantity: 1, unit: 'piece', unitPrice: '150', vatRate: 'FR_200', description: '', ...fields });
	const seedQuote = (fields = {}) =>
		ctx.sandbox.seedQuote({
			customer_id: customer.id,
			date: '2025-03-01',
			deadline: '2025-03-31',
			invoice_lines: [
				{ label: 'Audit', quantity: 1, unit: 'piece', raw_currency_unit_price: '1200.125', vat_rate: 'FR_200' },
				{ product_id: product.id, quantity: 0.5 },
			],
			...fields,
		});
	const create = (overrides = {}) => ({
		resource: 'quote',
		operation: 'create',
		customer: rl(customer.id, 'list'),
		date: '2025-04-01',
		deadline: '2025-04-30',
		invoiceLines: { freeLines: [freeLine()] },
		...overrides,
	});

	/** The item's error is a NodeOperationError naming the field and the item, and nothing reached the API. */
	function expectRefused(result, message) {
		expect(result.json).toHaveLength(1);
		const error = result.items[0].error;
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toBe(message);
		expect(error.context.itemIndex).toBe(0);
		expect(error.description).toMatch(/Nothing was sent/);
		expect(ctx.requests()).toHaveLength(0);
	}

	test('Create sends the documented body (product and free lines, exact decimal strings, quote fields) and outputs the quote', async () => {
		const result = await ctx.run(
			create({
				invoiceLines: {
					productLines: [{ product: rl(product.id, 'list'), quantity: 2, overrides: { unitPrice: '={{ 0.1 + 0.2 }}' } }],
					freeLines: [freeLine({ label: 'Licence', quantity: '0.25', unitPrice: '1250.125', vatRate: 'FR_100', description: 'Yearly' })],
				},
				additionalFields: {
					currency: 'EUR',
					// Pennylane's three quote languages in both modes (Billy has no quote language list of its own).
					language: 'de_DE',
					quote_template_id: '7',
					pdf_invoice_subject: 'Proposal',
					pdf_invoice_free_text: 'Contact: Camille',
					// No maximum length is documented for a quote's PDF description (there is one on invoices).
					pdf_description: 'x'.repeat(6000),
					special_mention: 'Valid 30 days',
					external_reference: `Q-1-${mode}`,
					discount: { discountValues: { type: 'absolute', value: '0.05' } },
				},
			}),
		);
		expect(result.error).toBeUndefined();
		const requests = ctx.requests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect([request.method, request.path]).toEqual(['POST', ctx.path('/quotes')]);
		expect(request.query).toEqual({});
		expectModeHeaders(request, mode);
		expect(request.body).toEqual({
			customer_id: customer.id,
			date: '2025-04-01',
			deadline: '2025-04-30',
			currency: 'EUR',
			language: 'de_DE',
			quote_template_id: 7,
			pdf_invoice_subject: 'Proposal',
			pdf_invoice_free_text: 'Contact: Camille',
			pdf_description: 'x'.repeat(6000),
			special_mention: 'Valid 30 days',
			external_reference: `Q-1-${mode}`,
			discount: { type: 'absolute', value: '0.05' },
			invoice_lines: [
				{ product_id: product.id, quantity: 2, raw_currency_unit_price: '0.3' },
				{ label: 'Licence', quantity: 0.25, unit: 'piece', raw_currency_unit_price: '1250.125', vat_rate: 'FR_100', description: 'Yearly' },
			],
		});
		expect(result.json).toHaveLength(1);
		const quote = result.json[0];
		expect(quote).toMatchObject({
			id: expect.any(Number),
			quote_number: expect.stringMatching(/^D-2025-\d{4}$/),
			status: 'pending',
			customer: { id: customer.id },
			external_reference: `Q-1-${mode}`,
			quote_template: { id: 7 },
			// 2 × 0.3 = 0.6 (20 %: 0.12) + 0.25 × 1250.125 = 312.53 (10 %: 31.25), less 0.05 → 313.08
			currency_amount_before_tax: '313.08',
		});
		if (mode === 'billy') expect(quote.v2_id).toBe(quote.id);
		expect(ctx.sandbox.quoteLinesOf(quote.id).map((l) => [l.label, l.quantity, l.raw_currency_unit_price])).toEqual([
			['Consulting day', '2', '0.3'],
			['Licence', '0.25', '1250.125'],
		]);
	});

	test('Create from JSON lines (the invoice\'s Lines Input): Pennylane\'s line format, amounts as text', async () => {
		const lines = [
			{ product_id: String(product.id), quantity: '3' },
			{ label: 'Travel', quantity: 1, unit: 'piece', raw_currency_unit_price: 99.9, vat_rate: 'FR_200' },
		];
		const result = await ctx.run(create({ lineSource: 'json', linesJson: JSON.stringify(lines), invoiceLines: {} }));
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect(request.body).toEqual({
			customer_id: customer.id,
			date: '2025-04-01',
			deadline: '2025-04-30',
			invoice_lines: [
				{ product_id: product.id, quantity: 3 },
				{ label: 'Travel', quantity: 1, unit: 'piece', raw_currency_unit_price: '99.9', vat_rate: 'FR_200' },
			],
		});
		// 3 × 800 + 99.9 = 2499.9 before tax, 20 % VAT
		expect(result.json[0]).toMatchObject({ status: 'pending', currency_amount_before_tax: '2499.9', currency_tax: '499.98', currency_amount: '2999.88' });
	});

	const badCreates = [
		['an empty date from an expression', { date: '={{ "" }}' }, 'Missing value for "Date" in item 0: this field is required'],
		['a deadline before the date', { deadline: '2025-03-31' }, 'Invalid value for "Deadline" in item 0: 2025-03-31 is before the quote date 2025-04-01'],
		['a customer ID that is not one', { customer: rl('12a') }, 'Invalid value for "Customer" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "12a"'],
		['no line', { invoiceLines: {} }, 'Missing value for "Invoice Lines" in item 0: this field is required'],
		['a free line without VAT rate', { invoiceLines: { freeLines: [freeLine({ vatRate: '' })] } }, 'Missing value for "Invoice Lines › Free Line 1 › VAT Rate" in item 0: this field is required'],
		['a price with a decimal comma', { invoiceLines: { freeLines: [freeLine({ unitPrice: '12,50' })] } }, 'Invalid value for "Invoice Lines › Free Line 1 › Unit Price (Excl. Tax)" in item 0:'],
		['more decimals than kept', { invoiceLines: { freeLines: [freeLine({ unitPrice: '1.0000001' })] } }, 'Invalid value for "Invoice Lines › Free Line 1 › Unit Price (Excl. Tax)" in item 0:'],
		['an unknown language', { additionalFields: { language: '={{ "es_ES" }}' } }, 'Invalid value for "Language" in item 0: must be one of "de_DE", "en_GB", "fr_FR", got "es_ES"'],
		['a template ID that is not one', { additionalFields: { quote_template_id: '0' } }, 'Invalid value for "Quote Template ID" in item 0: must be an ID'],
		['a relative discount over 100 %', { additionalFields: { discount: { discountValues: { type: 'relative', value: '120' } } } }, 'Invalid value for "Discount › Value" in item 0:'],
	];

	test.each(badCreates)('Create refuses %s before sending, naming the field and the item', async (_case, overrides, message) => {
		const result = await ctx.run(create(overrides), { continueOnFail: true });
		expect(result.json).toHaveLength(1);
		const error = result.items[0].error;
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message.startsWith(message)).toBe(true);
		expect(error.context.itemIndex).toBe(0);
		expect(ctx.requests()).toHaveLength(0);
	});

	test('Get returns the quote; Include Lines adds its lines from /quotes/{id}/invoice_lines; Simplify keeps the essentials', async () => {
		const quote = seedQuote();
		const plain = await ctx.run({ resource: 'quote', operation: 'get', quoteId: rl(quote.id, 'list') });
		expect(plain.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path, r.query])).toEqual([['GET', ctx.path(`/quotes/${quote.id}`), {}]]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(plain.json).toEqual([quote]);

		ctx.sandbox.server.clearLog();
		const withLines = await ctx.run({ resource: 'quote', operation: 'get', quoteId: rl(` ${quote.id} `), includeLines: true, simplify: true });
		expect(withLines.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', ctx.path(`/quotes/${quote.id}`), {}],
			['GET', ctx.path(`/quotes/${quote.id}/invoice_lines`), { limit: '100' }],
		]);
		for (const request of ctx.requests()) expectModeHeaders(request, mode);
		const [simple] = withLines.json;
		expect(Object.keys(simple).sort()).toEqual(
			['amount', 'currency', 'currency_amount', 'currency_amount_before_tax', 'currency_tax', 'customer_id', 'date', 'deadline', 'external_reference',
				'id', 'label', 'lines', 'public_file_url', 'quote_number', 'status'].sort(),
		);
		// 1200.125 → 1200.13 (20 %: 240.03) + 0.5 × 800 = 400 (20 %: 80)
		expect(simple).toMatchObject({ id: quote.id, customer_id: customer.id, status: 'pending', currency_amount_before_tax: '1600.13', currency_amount: '1920.16' });
		expect(simple.lines.map((l) => [l.label, l.quantity, l.raw_currency_unit_price, l.currency_amount])).toEqual([
			['Audit', '1', '1200.125', '1440.16'],
			['Consulting day', '0.5', '800', '480'],
		]);
	});

	test('Get refuses a quote ID that is not one before sending; a missing quote is Pennylane\'s 404', async () => {
		const bad = await ctx.run({ resource: 'quote', operation: 'get', quoteId: rl('3.5') }, { continueOnFail: true });
		expectRefused(bad, 'Invalid value for "Quote" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "3.5"');

		const missing = await ctx.run({ resource: 'quote', operation: 'get', quoteId: rl('987654') });
		expect(missing.error.name).toBe('NodeApiError');
		expect(missing.error.httpCode).toBe('404');
		expect(missing.error.message).toMatch(/could not find the requested record at GET .*\/quotes\/987654: Quote not found$/);
	});

	test('Get Many: customer and status filters go out as the JSON filter (every page), Return All walks the cursor, Limit caps, Sort', async () => {
		const mine = [];
		for (let i = 0; i < 105; i++) mine.push(seedQuote({ customer_id: other.id, external_reference: `bulk-${mode}-${i}` }));
		for (const quote of mine.slice(0, 3)) ctx.sandbox.state.quotes.get(quote.id).status = 'accepted';
		const all = await ctx.run({ resource: 'quote', operation: 'getAll', returnAll: true, filters: { customer: rl(other.id, 'list') } });
		expect(all.error).toBeUndefined();
		const requests = ctx.requests();
		expect(requests).toHaveLength(2);
		const filter = JSON.stringify([{ field: 'customer_id', operator: 'eq', value: other.id }]);
		expect(requests[0].query).toEqual({ filter, limit: '100' });
		expect(requests[1].query).toEqual({ filter, limit: '100', cursor: expect.any(String) });
		for (const request of requests) {
			expect([request.method, request.path]).toEqual(['GET', ctx.path('/quotes')]);
			expectModeHeaders(request, mode);
		}
		expect(all.json.map((q) => q.id)).toEqual(mine.map((q) => q.id).reverse());

		ctx.sandbox.server.clearLog();
		const accepted = await ctx.run({
			resource: 'quote', operation: 'getAll', returnAll: false, limit: 2,
			filters: { customer: rl(String(other.id)), status: 'accepted' }, options: { sort: 'id' }, simplify: true,
		});
		expect(accepted.error).toBeUndefined();
		expect(ctx.requests().map((r) => r.query)).toEqual([
			{
				filter: JSON.stringify([{ field: 'customer_id', operator: 'eq', value: other.id }, { field: 'status', operator: 'eq', value: 'accepted' }]),
				sort: 'id',
				limit: '2',
			},
		]);
		expect(accepted.json.map((q) => [q.id, q.status, q.customer_id])).toEqual(mine.slice(0, 2).map((q) => [q.id, 'accepted', other.id]));

		ctx.sandbox.server.clearLog();
		const badStatus = await ctx.run({ resource: 'quote', operation: 'getAll', returnAll: true, filters: { status: '={{ "approved" }}' } }, { continueOnFail: true });
		expectRefused(badStatus, 'Invalid value for "Filters › Status" in item 0: must be one of "pending", "accepted", "denied", "invoiced", "expired", got "approved"');
	});

	test('Update Status sends {status} to /update_status and outputs the quote; the status has no default', async () => {
		const quote = seedQuote();
		const result = await ctx.run({ resource: 'quote', operation: 'updateStatus', quoteId: rl(quote.id), status: 'accepted' });
		expect(result.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path, r.body, r.status])).toEqual([['PUT', ctx.path(`/quotes/${quote.id}/update_status`), { status: 'accepted' }, 200]]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(result.json).toEqual([{ ...quote, status: 'accepted', updated_at: expect.any(String) }]);
		expect(ctx.sandbox.state.changes.filter((c) => c.resource === 'quotes' && c.id === quote.id).map((c) => c.operation)).toEqual(['insert', 'update']);

		ctx.sandbox.server.clearLog();
		// Left empty, n8n itself refuses to run the node (a required parameter); empty from an expression, the node's check.
		const none = await ctx.run({ resource: 'quote', operation: 'updateStatus', quoteId: rl(quote.id) }, { continueOnFail: true });
		expect(none.error.message).toMatch(/Parameter "Status" is required/);
		expect(ctx.requests()).toHaveLength(0);
		const empty = await ctx.run({ resource: 'quote', operation: 'updateStatus', quoteId: rl(quote.id), status: '={{ "" }}' }, { continueOnFail: true });
		expectRefused(empty, 'Missing value for "Status" in item 0: this field is required');
		const unknown = await ctx.run({ resource: 'quote', operation: 'updateStatus', quoteId: rl(quote.id), status: '={{ "signed" }}' }, { continueOnFail: true });
		expectRefused(unknown, 'Invalid value for "Status" in item 0: must be one of "pending", "accepted", "denied", "invoiced", "expired", got "signed"');
	});

	test('Send by Email waits while the quote PDF is not ready (409), then sends once', async () => {
		ctx.sandbox.state.pdfNotReadyCalls = 2;
		const quote = seedQuote();
		expect(quote.public_file_url).toBeNull();
		ctx.sandbox.state.pdfNotReadyCalls = 0;
		const result = await ctx.run({
			resource: 'quote', operation: 'sendByEmail', quoteId: rl(quote.id, 'list'),
			options: { recipients: 'billing@acme.test, boss@acme.test' },
		});
		expect(result.error).toBeUndefined();
		const requests = ctx.requests();
		expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
			['POST', ctx.path(`/quotes/${quote.id}/send_by_email`), 409],
			['POST', ctx.path(`/quotes/${quote.id}/send_by_email`), 409],
			['POST', ctx.path(`/quotes/${quote.id}/send_by_email`), 204],
		]);
		for (const request of requests) {
			expectModeHeaders(request, mode);
			expect(request.body).toEqual({ recipients: ['billing@acme.test', 'boss@acme.test'] });
		}
		expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(450);
		expect(result.json).toEqual([{ id: quote.id, sent: true, recipients: ['billing@acme.test', 'boss@acme.test'] }]);
		expect(ctx.sandbox.state.quoteEmails.filter((e) => e.quoteId === quote.id)).toEqual([{ quoteId: quote.id, to: ['billing@acme.test', 'boss@acme.test'] }]);

		// Without recipients the body is empty and Pennylane uses the customer's addresses.
		ctx.sandbox.server.clearLog();
		const toCustomer = await ctx.run({ resource: 'quote', operation: 'sendByEmail', quoteId: rl(quote.id), options: {} });
		expect(toCustomer.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.status, r.rawBody])).toEqual([[204, '']]);
		expect(ctx.sandbox.state.quoteEmails.filter((e) => e.quoteId === quote.id).at(-1)).toEqual({ quoteId: quote.id, to: ['billing@acme.test'] });
	});

	test('Send by Email: 409 given up at once without Wait for PDF; recipients checked (emails, no address twice) before sending', async () => {
		ctx.sandbox.state.pdfNotReadyCalls = 5;
		const quote = seedQuote();
		const noWait = await ctx.run({ resource: 'quote', operation: 'sendByEmail', quoteId: rl(quote.id), options: { waitForPdf: false } });
		expect(noWait.error.name).toBe('NodeApiError');
		expect(noWait.error.httpCode).toBe('409');
		expect(noWait.error.message).toBe(
			`${mode === 'billy' ? 'Pennylane (through Billy)' : 'Pennylane'} reported a conflict with the current state of the record: The quote PDF is still being generated, please retry later`,
		);
		expect(ctx.requests()).toHaveLength(1);

		ctx.sandbox.server.clearLog();
		const twice = await ctx.run({ resource: 'quote', operation: 'sendByEmail', quoteId: rl(quote.id), options: { recipients: 'a@acme.test, b@acme.test, a@acme.test' } }, { continueOnFail: true });
		expectRefused(twice, 'Invalid value for "Recipients" in item 0: lists a@acme.test twice');
		const notEmail = await ctx.run({ resource: 'quote', operation: 'sendByEmail', quoteId: rl(quote.id), options: { recipients: 'a@acme.test, nobody' } }, { continueOnFail: true });
		expectRefused(notEmail, 'Invalid value for "Recipients" in item 0: entry 2 must be an email address, got "nobody"');
	});

	test.each([
		['finalized', false],
		['draft', true],
	])('Create Invoice (%s): POST /customer_invoices/create_from_quote; the invoice inherits the quote and carries quote.id', async (state, draft) => {
		const quote = seedQuote({ discount: { type: 'relative', value: '10' }, pdf_invoice_subject: 'Audit proposal', external_reference: `Q-inv-${state}-${mode}` });
		// Pennylane does not document whether the quote must be accepted first: a pending quote is not refused by the node.
		expect(quote.status).toBe('pending');
		const result = await ctx.run({
			resource: 'quote', operation: 'createInvoice', quoteId: rl(String(quote.id), 'list'), invoiceState: state,
			invoiceFields: { external_reference: `INV-from-${quote.id}`, customer_invoice_template_id: '12' },
		});
		expect(result.error).toBeUndefined();
		const requests = ctx.requests();
		expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([['POST', ctx.path('/customer_invoices/create_from_quote'), 201]]);
		expectModeHeaders(requests[0], mode);
		expect(requests[0].body).toEqual({ quote_id: quote.id, draft, external_reference: `INV-from-${quote.id}`, customer_invoice_template_id: 12 });
		const [invoice] = result.json;
		expect(invoice).toMatchObject({
			quote: { id: quote.id },
			draft,
			status: draft ? 'draft' : expect.stringMatching(/^(upcoming|late)$/),
			invoice_number: draft ? '' : expect.stringMatching(/^F-2025-\d{4}$/),
			customer: { id: customer.id },
			external_reference: `INV-from-${quote.id}`,
			customer_invoice_template: { id: 12 },
			pdf_invoice_subject: 'Audit proposal',
			currency_amount_before_tax: quote.currency_amount_before_tax,
			currency_amount: quote.currency_amount,
		});
		expect(ctx.sandbox.linesOf(invoice.id).map((l) => [l.label, l.quantity, l.raw_currency_unit_price])).toEqual(
			ctx.sandbox.quoteLinesOf(quote.id).map((l) => [l.label, l.quantity, l.raw_currency_unit_price]),
		);
		// Listed with Pennylane's quote_id filter.
		const listed = await globalThis.fetch(`${ctx.sandbox.baseUrl}/customer_invoices?filter=${encodeURIComponent(JSON.stringify([{ field: 'quote_id', operator: 'eq', value: quote.id }]))}`, {
			headers: requests[0].headers.authorization ? { authorization: requests[0].headers.authorization, 'x-source': 'billy', 'x-source-software': 'HUBSPOT' } : {},
		}).then((r) => r.json());
		expect(listed.items.map((i) => i.id)).toEqual([invoice.id]);
	});

	test('Create Invoice: the invoice state has no default; quote and template IDs are checked before sending', async () => {
		const quote = seedQuote();
		const none = await ctx.run({ resource: 'quote', operation: 'createInvoice', quoteId: rl(quote.id) }, { continueOnFail: true });
		expect(none.error.message).toMatch(/Parameter "Invoice State" is required/);
		expect(ctx.requests()).toHaveLength(0);
		const empty = await ctx.run({ resource: 'quote', operation: 'createInvoice', quoteId: rl(quote.id), invoiceState: '={{ $json.state }}' }, { continueOnFail: true });
		expectRefused(empty, 'Missing value for "Invoice State" in item 0: this field is required');
		const unknown = await ctx.run({ resource: 'quote', operation: 'createInvoice', quoteId: rl(quote.id), invoiceState: '={{ "final" }}' }, { continueOnFail: true });
		expectRefused(unknown, 'Invalid value for "Invoice State" in item 0: must be one of "draft", "finalized", got "final"');
		const badQuote = await ctx.run({ resource: 'quote', operation: 'createInvoice', quoteId: rl('0042'), invoiceState: 'draft' }, { continueOnFail: true });
		expectRefused(badQuote, 'Invalid value for "Quote" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "0042"');
		const badTemplate = await ctx.run(
			{ resource: 'quote', operation: 'createInvoice', quoteId: rl(quote.id), invoiceState: 'draft', invoiceFields: { customer_invoice_template_id: 'tpl' } },
			{ continueOnFail: true },
		);
		expect(badTemplate.items[0].error.message.startsWith('Invalid value for "Invoice Template ID" in item 0: must be an ID')).toBe(true);
		expect(ctx.requests()).toHaveLength(0);

		const simple = await ctx.run({ resource: 'quote', operation: 'createInvoice', quoteId: rl(quote.id), invoiceState: 'draft', simplify: true });
		expect(simple.error).toBeUndefined();
		expect(ctx.requests()[0].body).toEqual({ quote_id: quote.id, draft: true });
		expect(simple.json[0]).toMatchObject({ draft: true, status: 'draft', customer_id: customer.id, currency_amount: quote.currency_amount });
		expect(simple.json[0]).not.toHaveProperty('invoice_lines');
	});

	test('searchQuotes (the quote picker): searched by number, label, reference or ID; the next page token', async () => {
		const quote = seedQuote({ external_reference: `picker-${mode}` });
		const search = (filter, paginationToken) =>
			ctx.harness.listSearch({ type: 'pennylane', parameters: { authentication: ctx.authentication }, credentials: ctx.credentials, method: 'searchQuotes', filter, paginationToken });
		const byNumber = await search(quote.quote_number.toLowerCase());
		expect(byNumber.results).toEqual([{ name: `${quote.quote_number}: Acme SAS - ${quote.quote_number}, 1920.16 EUR, 2025-03-01, pending`, value: String(quote.id) }]);
		const request = ctx.requests()[0];
		expect([request.method, request.path, request.query]).toEqual(['GET', ctx.path('/quotes'), { limit: '100' }]);
		expectModeHeaders(request, mode);
		expect((await search(`picker-${mode}`)).results.map((r) => r.value)).toEqual([String(quote.id)]);

		for (let i = 0; i < 101; i++) seedQuote();
		const first = await search();
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await search(undefined, first.paginationToken);
		expect(second.results.length).toBeGreaterThan(0);
		expect(second.results.map((r) => r.value)).not.toContain(first.results[0].value);
	});

	test('Several items: one quote each, in item order, values from expressions', async () => {
		const input = [{ deal: 'D-1', amount: 1200.5 }, { deal: 'D-2', amount: '99.99' }];
		const result = await ctx.run(
			create({
				invoiceLines: { freeLines: [freeLine({ label: '={{ "Deal " + $json.deal }}', unitPrice: '={{ $json.amount }}' })] },
				additionalFields: { external_reference: `={{ "${mode}-q-" + $json.deal }}` },
			}),
			{ input },
		);
		expect(result.error).toBeUndefined();
		expect(result.json.map((q) => [q.external_reference, q.currency_amount_before_tax])).toEqual([
			[`${mode}-q-D-1`, '1200.5'],
			[`${mode}-q-D-2`, '99.99'],
		]);
	});
});
