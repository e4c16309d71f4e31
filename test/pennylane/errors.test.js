'use strict';
// Bad input is stopped before any request (NodeOperationError naming field and item); Pennylane's
// error answers become NodeApiError with its message and HTTP code; Continue On Fail; what is
// retried and what is not.
const { setupPennylane, rl, credentialFor } = require('./setup');

describe('Pennylane: bad input is stopped before any request', () => {
	const ctx = setupPennylane('pennylane');
	let customer;
	let product;
	let invoice;
	beforeAll(() => {
		customer = ctx.sandbox.seedCustomer({ name: 'Umbrella SAS' });
		product = ctx.sandbox.seedProduct();
		invoice = ctx.sandbox.seedInvoice({
			customer_id: customer.id, date: '2025-01-01', deadline: '2025-01-31', draft: true,
			invoice_lines: [{ label: 'A', quantity: 1, unit: 'piece', raw_currency_unit_price: '10', vat_rate: 'FR_200' }],
		});
	});
	const free = (fields = {}) => ({ label: 'Item', quantity: 1, unit: 'piece', unitPrice: 10, vatRate: 'FR_200', ...fields });
	const create = (overrides = {}) => ({
		resource: 'customerInvoice', operation: 'create', customer: rl(customer.id), date: '2025-02-01', deadline: '2025-02-28',
		invoiceLines: { freeLines: [free()] }, ...overrides,
	});
	const jsonLines = (lines) => create({ lineSource: 'json', linesJson: typeof lines === 'string' ? lines : JSON.stringify(lines) });

	// [case, parameters, expected message]
	const badInput = [
		['malformed date', () => create({ date: '31/01/2025' }), 'Invalid value for "Date" in item 0: must be a real date in YYYY-MM-DD format, got "31/01/2025"'],
		['impossible deadline', () => create({ deadline: '2025-02-30' }), 'Invalid value for "Deadline" in item 0: must be a real date in YYYY-MM-DD format, got "2025-02-30"'],
		['deadline before date', () => create({ date: '2025-03-01', deadline: '2025-02-01' }), 'Invalid value for "Deadline" in item 0: 2025-02-01 is before the invoice date 2025-03-01'],
		['missing customer', () => create({ customer: rl('={{ $json.customerId }}') }), 'Missing value for "Customer" in item 0: this field is required'],
		['customer not an integer', () => create({ customer: rl('={{ "acme" }}') }), 'Invalid value for "Customer" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "acme"'],
		['customer with decimals', () => create({ customer: rl('={{ "12.5" }}') }), 'Invalid value for "Customer" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "12.5"'],
		['no lines', () => create({ invoiceLines: {} }), 'Missing value for "Invoice Lines" in item 0: this field is required'],
		['empty JSON line list', () => jsonLines([]), 'Missing value for "Invoice Lines (JSON)" in item 0: this field is required'],
		['JSON lines not JSON', () => jsonLines('[{"label": '), 'Invalid value for "Invoice Lines (JSON)" in item 0: is not valid JSON'],
		['JSON lines not a list', () => jsonLines('{"label": "x"}'), 'Invalid value for "Invoice Lines (JSON)" in item 0: must be a list'],
		['free JSON line without VAT rate (would be NotAnyOf)', () => jsonLines([{ label: 'X', quantity: 1, unit: 'piece', raw_currency_unit_price: '5' }]),
			'Missing value for "Invoice Lines (JSON) › line 1 › vat_rate" in item 0: this field is required'],
		['free line price not a number', () => create({ invoiceLines: { freeLines: [free({ unitPrice: '={{ "abc" }}' })] } }),
			'Invalid value for "Invoice Lines › Free Line 1 › Unit Price (Excl. Tax)" in item 0: must be a number such as 12.5 (digits, an optional sign and decimal point), got "abc"'],
		['price with a decimal comma', () => create({ invoiceLines: { freeLines: [free(), free({ unitPrice: '={{ "12,50" }}' })] } }),
			'Invalid value for "Invoice Lines › Free Line 2 › Unit Price (Excl. Tax)" in item 0: must use a dot as decimal separator, got "12,50"'],
		['VAT rate given as a percentage', () => create({ invoiceLines: { freeLines: [free({ vatRate: '={{ "20" }}' })] } }),
			'Invalid value for "Invoice Lines › Free Line 1 › VAT Rate" in item 0: must be a Pennylane VAT code such as FR_200 (20 %) or exempt, got "20"'],
		['free line without label', () => create({ invoiceLines: { freeLines: [free({ label: '={{ "" }}' })] } }),
			'Missing value for "Invoice Lines › Free Line 1 › Label" in item 0: this field is required'],
		['product line with a bad product id', () => create({ invoiceLines: { productLines: [{ product: rl('={{ "abc" }}'), quantity: 1 }] } }),
			'Invalid value for "Invoice Lines › Product Line 1 › Product" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "abc"'],
		['quantity not a number', () => create({ invoiceLines: { productLines: [{ product: rl(product.id), quantity: '={{ "two" }}' }] } }),
			'Invalid value for "Invoice Lines › Product Line 1 › Quantity" in item 0: must be a number such as 12.5 (digits, an optional sign and decimal point), got "two"'],
		['unknown currency', () => create({ additionalFields: { currency: '={{ "EURO" }}' } }), 'Invalid value for "Currency" in item 0: must be one of "AED", "AFN"'],
		['unknown language', () => create({ additionalFields: { language: '={{ "es_ES" }}' } }), 'Invalid value for "Language" in item 0: must be one of "de_DE", "en_GB", "fr_FR", got "es_ES"'],
		['relative discount over 100', () => create({ additionalFields: { discount: { discountValues: { type: 'relative', value: '150' } } } }),
			'Invalid value for "Discount › Value" in item 0: must be 100 or less, got "150"'],
		['discount not a number', () => create({ additionalFields: { discount: { discountValues: { type: 'absolute', value: 'ten' } } } }),
			'Invalid value for "Discount › Value" in item 0: must be a number such as 12.5 (digits, an optional sign and decimal point), got "ten"'],
		['template id not an integer', () => create({ additionalFields: { customer_invoice_template_id: 'tpl-1' } }), 'Invalid value for "Invoice Template ID" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "tpl-1"'],
		['update with nothing to change', () => ({ resource: 'customerInvoice', operation: 'update', invoiceId: rl(invoice.id), updateFields: {} }),
			'Invalid value for "Update Fields or Line Changes" in item 0: add at least one field to change'],
		['update line with no change', () => ({ resource: 'customerInvoice', operation: 'update', invoiceId: rl(invoice.id), lineChanges: { updateLines: [{ id: '5' }] } }),
			'Missing value for "Line Changes › Update Line 1 › Label, Quantity, Unit, Unit Price or VAT Rate" in item 0'],
		['delete line with a bad id', () => ({ resource: 'customerInvoice', operation: 'update', invoiceId: rl(invoice.id), lineChanges: { deleteLines: [{ id: 'x1' }] } }),
			'Invalid value for "Line Changes › Delete Line 1 › Line ID" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "x1"'],
		['get with a non-numeric invoice', () => ({ resource: 'customerInvoice', operation: 'get', invoiceId: rl('={{ "INV-1" }}') }), 'Invalid value for "Invoice" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "INV-1"'],
		['finalize with invoice 0', () => ({ resource: 'customerInvoice', operation: 'finalize', invoiceId: rl('={{ "0" }}') }), 'Invalid value for "Invoice" in item 0: must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "0"'],
		['list with a bad date filter', () => ({ resource: 'customerInvoice', operation: 'getAll', returnAll: true, filters: { dateFrom: '={{ "2025-13-01" }}' } }),
			'Invalid value for "Filters › Date From" in item 0: must be a real date in YYYY-MM-DD format, got "2025-13-01"'],
		['list with Date To before Date From', () => ({ resource: 'customerInvoice', operation: 'getAll', returnAll: true, filters: { dateFrom: '2025-05-10', dateTo: '2025-05-01' } }),
			'Invalid value for "Filters › Date To" in item 0: 2025-05-01 is before Date From 2025-05-10'],
		['send to a bad recipient', () => ({ resource: 'customerInvoice', operation: 'sendByEmail', invoiceId: rl(invoice.id), options: { recipients: 'ok@acme.test, nope' } }),
			'Invalid value for "Recipients" in item 0: entry 2 must be an email address, got "nope"'],
		['customer with a country name', () => ({ resource: 'customer', operation: 'create', name: 'X', address: '1 rue', postalCode: '75001', city: 'Paris', countryCode: 'France' }),
			'Invalid value for "Country Code" in item 0: must be a two-letter country code such as FR, got "France"'],
		['customer with a bad email', () => ({ resource: 'customer', operation: 'create', name: 'X', address: '1 rue', postalCode: '75001', city: 'Paris', countryCode: 'FR', additionalFields: { emails: 'a@b.test, oops' } }),
			'Invalid value for "Emails" in item 0: entry 2 must be an email address, got "oops"'],
	];

	test.each(badInput)('%s: NodeOperationError naming the field and item, nothing sent', async (_case, parameters, message) => {
		const result = await ctx.run(parameters(), { continueOnFail: true });
		expect(result.json).toHaveLength(1);
		const error = result.items[0].error;
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toContain(message);
		expect(error.context.itemIndex).toBe(0);
		expect(error.description).toMatch(/Nothing was sent/);
		expect(ctx.requests()).toHaveLength(0);
	});

	test('Without Continue On Fail the node stops with the same message (as n8n wraps it) and sends nothing', async () => {
		const result = await ctx.run(create({ deadline: 'next month' }));
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.message).toBe('Invalid value for "Deadline" in item 0: must be a real date in YYYY-MM-DD format, got "next month"');
		expect(ctx.requests()).toHaveLength(0);
	});

	test('Continue On Fail: the bad item reports its error with its index, the others are created', async () => {
		const input = [{ d: '2025-02-01' }, { d: '2025-02-31' }, { d: '2025-02-03' }];
		const result = await ctx.run(create({ date: '={{ $json.d }}', additionalFields: { external_reference: '={{ "cof-" + $itemIndex }}' } }), { input, continueOnFail: true });
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.external_reference).toBe('cof-0');
		expect(result.items[1].error.message).toBe('Invalid value for "Date" in item 1: must be a real date in YYYY-MM-DD format, got "2025-02-31"');
		expect(result.items[1].error.context.itemIndex).toBe(1);
		expect(result.items[2].json.external_reference).toBe('cof-2');
		expect(ctx.requests().map((r) => r.body.external_reference).sort()).toEqual(['cof-0', 'cof-2']);
	});
});

describe('Pennylane: provider errors become NodeApiError with its message and HTTP code', () => {
	const ctx = setupPennylane('pennylane', { readonlyTokens: ['read-only-token-1'] });
	let customer;
	let draft;
	beforeAll(() => {
		customer = ctx.sandbox.seedCustomer({ name: 'Errors Inc' });
		draft = () =>
			ctx.sandbox.seedInvoice({
				customer_id: customer.id, date: '2025-01-01', deadline: '2025-01-31', draft: true,
				invoice_lines: [{ label: 'A', quantity: 1, unit: 'piece', raw_currency_unit_price: '10', vat_rate: 'FR_200' }],
			});
	});
	const create = (overrides = {}) => ({
		resource: 'customerInvoice', operation: 'create', customer: rl(customer.id), date: '2025-02-01', deadline: '2025-02-28',
		invoiceLines: { freeLines: [{ label: 'Item', quantity: 1, unit: 'piece', unitPrice: 10, vatRate: 'FR_200' }] }, ...overrides,
	});

	test('401: an invalid token', async () => {
		const credentials = credentialFor(ctx.harness, ctx.sandbox, { token: 'expired-token' });
		const result = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(1) }, { credentials });
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.httpCode).toBe('401');
		expect(result.error.message).toBe('Pennylane did not accept the credentials: check the credential set on this node: Access token is missing or invalid');
		expect(ctx.requests()).toHaveLength(1);
	});

	test('403: a read-only token cannot create', async () => {
		const credentials = credentialFor(ctx.harness, ctx.sandbox, { token: 'read-only-token-1' });
		const result = await ctx.run(create(), { credentials });
		expect(result.error.httpCode).toBe('403');
		expect(result.error.message).toBe('Pennylane refused access: the credential lacks permission for this action: Access to this resource forbidden');
	});

	test('404: an unknown invoice, not retried', async () => {
		const result = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(987654) });
		expect(result.error.httpCode).toBe('404');
		expect(result.error.message).toBe('Pennylane could not find the requested record at GET /api/external/v2/customer_invoices/987654: Customer invoice not found');
		expect(result.error.description).toBe('Customer invoice not found | Request: GET /api/external/v2/customer_invoices/987654');
		expect(ctx.requests()).toHaveLength(1);
	});

	test('422: Pennylane refuses a business rule (finalizing twice, deleting a finalized invoice, unknown customer)', async () => {
		const invoice = draft();
		await ctx.run({ resource: 'customerInvoice', operation: 'finalize', invoiceId: rl(invoice.id) });
		const again = await ctx.run({ resource: 'customerInvoice', operation: 'finalize', invoiceId: rl(invoice.id) });
		expect(again.error.httpCode).toBe('422');
		expect(again.error.message).toBe('Pennylane rejected some of the fields: Invoice is already finalized');
		const remove = await ctx.run({ resource: 'customerInvoice', operation: 'delete', invoiceId: rl(invoice.id) });
		expect(remove.error.message).toBe('Pennylane rejected some of the fields: Only draft invoices can be deleted');
		const unknown = await ctx.run(create({ customer: rl(424242) }));
		expect(unknown.error.message).toBe('Pennylane rejected some of the fields: customer_id: customer 424242 not found');
	});

	test('400: a schema error (NotAnyOf) is reported with Pennylane\'s text', async () => {
		ctx.sandbox.server.inject({ match: { method: 'POST', path: ctx.path('/customer_invoices') }, status: 400, body: { error: 'invoice_lines[0] does not match any of the allowed schemas (NotAnyOf)', status: 400 } });
		const result = await ctx.run(create());
		expect(result.error.httpCode).toBe('400');
		expect(result.error.message).toBe('Pennylane rejected the request as invalid: invoice_lines[0] does not match any of the allowed schemas (NotAnyOf)');
	});

	test('409 on Send by Email: given up at once without Wait for PDF, and after Max Wait otherwise', async () => {
		ctx.sandbox.state.pdfNotReadyCalls = 10;
		const invoice = draft();
		await ctx.run({ resource: 'customerInvoice', operation: 'finalize', invoiceId: rl(invoice.id) });
		ctx.sandbox.server.clearLog();
		const noWait = await ctx.run({ resource: 'customerInvoice', operation: 'sendByEmail', invoiceId: rl(invoice.id), options: { waitForPdf: false } });
		expect(noWait.error.httpCode).toBe('409');
		expect(noWait.error.message).toBe('Pennylane reported a conflict with the current state of the record: The invoice PDF is still being generated, please retry later');
		expect(ctx.requests()).toHaveLength(1);

		ctx.sandbox.server.clearLog();
		const bounded = await ctx.run({ resource: 'customerInvoice', operation: 'sendByEmail', invoiceId: rl(invoice.id), options: { maxWaitSeconds: 1 } });
		expect(bounded.error.httpCode).toBe('409');
		// waits 0.5 s, then would wait 1 s more: over the 1 s allowed, so two tries in all
		expect(ctx.requests().map((r) => r.status)).toEqual([409, 409]);
		expect(ctx.sandbox.state.emails.filter((e) => e.invoiceId === invoice.id)).toHaveLength(0);
		ctx.sandbox.state.pdfNotReadyCalls = 0;
	});

	test('500 on a create is not retried (it may have been processed); the message says it is a server error', async () => {
		ctx.sandbox.server.inject({ match: { method: 'POST' }, status: 500, body: { error: 'Internal error', status: 500 } });
		const result = await ctx.run(create());
		expect(result.error.httpCode).toBe('500');
		expect(result.error.message).toBe('Pennylane had a server error (HTTP 500); try again later: Internal error');
		expect(ctx.requests()).toHaveLength(1);
	});

	test('A dropped connection on a create is not retried; on a read it is', async () => {
		ctx.sandbox.server.inject({ match: { method: 'POST' }, drop: true });
		const before = ctx.sandbox.state.invoices.size;
		const created = await ctx.run(create());
		expect(created.error).toBeDefined();
		expect(ctx.requests()).toHaveLength(1);
		expect(ctx.sandbox.state.invoices.size).toBe(before);

		const invoice = draft();
		ctx.sandbox.server.clearLog();
		ctx.sandbox.server.inject({ match: { method: 'GET' }, drop: true });
		ctx.sandbox.server.inject({ match: { method: 'GET' }, status: 503, body: { error: 'Service unavailable', status: 503 } });
		const read = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(invoice.id) });
		expect(read.error).toBeUndefined();
		expect(read.json[0].id).toBe(invoice.id);
		expect(ctx.requests().map((r) => r.status)).toEqual(['dropped', 503, 200]);
	});

	test('Continue On Fail keeps provider errors per item', async () => {
		const invoice = draft();
		const input = [{ id: invoice.id }, { id: 999999 }];
		const result = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl('={{ $json.id }}') }, { input, continueOnFail: true });
		expect(result.items[0].json.id).toBe(invoice.id);
		expect(result.items[1].error.httpCode).toBe('404');
		expect(result.items[1].error.message).toBe('Pennylane could not find the requested record at GET /api/external/v2/customer_invoices/999999: Customer invoice not found');
	});
});

describe('Billy: its header checks and errors', () => {
	const ctx = setupPennylane('billy');

	test.each([
		['NOT_A_TOOL', 'Invalid value for "Billy API credential › Source Software" in item 0: must be one of Billy\'s values, got "NOT_A_TOOL"'],
		['', 'Invalid value for "Billy API credential › Source Software" in item 0: choose the tool the invoices come from (sent as the x-source-software header; Billy requires it, there is no default)'],
	])('Source Software %p (not one of Billy\'s values, or not chosen) is refused before any request, naming the field', async (sourceSoftware, message) => {
		const credentials = credentialFor(ctx.harness, ctx.sandbox, { sourceSoftware });
		const result = await ctx.run({ resource: 'customer', operation: 'get', customer: rl(1) }, { credentials });
		expect(result.error.message).toContain(message);
		expect(ctx.requests()).toEqual([]);
	});

	test.each(['searchCustomers', 'searchInvoices', 'searchProducts'])('%s (a picker) with no Source Software chosen: refused naming the field, no request', async (method) => {
		const credentials = credentialFor(ctx.harness, ctx.sandbox, { sourceSoftware: '' });
		await expect(ctx.harness.listSearch({ type: 'pennylane', parameters: { authentication: 'billyInvoicingApi' }, credentials, method })).rejects.toMatchObject({
			message: expect.stringContaining('Invalid value for "Billy API credential › Source Software": choose the tool the invoices come from'),
		});
		expect(ctx.requests()).toEqual([]);
	});

	test('Every source software of Billy\'s list is accepted and sent as is', async () => {
		const { SOURCE_SOFTWARES } = require('../sandboxes/pennylane');
		const customer = ctx.sandbox.seedCustomer({ name: 'Billy customer' });
		for (const software of ['PIPEDRIVE', 'WOOCOMMERCE', 'VSA']) {
			expect(SOURCE_SOFTWARES).toContain(software);
			const credentials = credentialFor(ctx.harness, ctx.sandbox, { sourceSoftware: software });
			const result = await ctx.run({ resource: 'customer', operation: 'get', customer: rl(customer.id) }, { credentials });
			expect(result.error).toBeUndefined();
			expect(ctx.requests().at(-1).headers).toMatchObject({ 'x-source': 'billy', 'x-source-software': software });
		}
	});

	test('404 through Billy', async () => {
		const result = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(31337) });
		expect(result.error.httpCode).toBe('404');
		expect(result.error.message).toBe('Pennylane (through Billy) could not find the requested record at GET /billy/customer_invoices/31337: Customer invoice not found');
	});
});
