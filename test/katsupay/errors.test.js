'use strict';
const { setupKatsuPay, rl, requests } = require('./setup');

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const TAX = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('Katsu Pay: bad input is stopped before any request; provider errors are worded', () => {
	const ctx = setupKatsuPay();
	let product, counterparty, invoice;
	beforeAll(() => {
		product = ctx.sandbox.seedProduct({ name: 'Widget' });
		counterparty = ctx.sandbox.seedCounterparty({ name: 'Umbrella' });
		invoice = ctx.sandbox.seedInvoice({ counterPartyId: counterparty.id, products: [{ productId: product.id, quantity: 1, unitPrice: 10 }] });
	});

	const line = (overrides = {}) => ({ productId: rl(product.id, 'list'), quantity: 1, unitPrice: 10, ...overrides });
	const createParams = (overrides = {}, additionalFields = {}) => ({
		resource: 'invoice',
		operation: 'create',
		counterPartyId: rl(counterparty.id),
		receivingAccountId: ACCOUNT,
		dueDate: '2025-06-30T00:00:00',
		currency: 2,
		products: { product: [line()] },
		additionalFields,
		...overrides,
	});
	const update = (updateFields, invoiceId = rl(invoice.id)) => ({ resource: 'invoice', operation: 'update', invoiceId, updateFields });

	// [case, parameters, expected message]
	const badInput = [
		['missing counterparty', () => createParams({ counterPartyId: rl('={{ $json.counterpartyId }}') }), 'Missing value for "Counterparty" in item 0: this field is required'],
		['counterparty not a UUID', () => createParams({ counterPartyId: rl('={{ "acme" }}') }), 'Invalid value for "Counterparty" in item 0: must be a UUID, got "acme"'],
		['missing receiving account', () => createParams({ receivingAccountId: '={{ $json.account }}' }), 'Missing value for "Receiving Account ID" in item 0: this field is required'],
		['receiving account not a UUID', () => createParams({ receivingAccountId: 'ACC-1' }), 'Invalid value for "Receiving Account ID" in item 0: must be a UUID, got "ACC-1"'],
		['missing due date', () => createParams({ dueDate: '={{ $json.due }}' }), 'Missing value for "Due Date" in item 0: this field is required'],
		['impossible due date', () => createParams({ dueDate: '2025-02-30' }), 'Invalid value for "Due Date" in item 0: must be a date-time such as 2025-01-31, 2025-01-31T09:30:00Z or 2025-01-31T09:30:00+01:00 (ISO 8601; a time zone is Z or ±HH:mm), got "2025-02-30"'],
		['malformed due date', () => createParams({ dueDate: '30/06/2025' }), 'Invalid value for "Due Date" in item 0: must be a date-time such as 2025-01-31, 2025-01-31T09:30:00Z or 2025-01-31T09:30:00+01:00 (ISO 8601; a time zone is Z or ±HH:mm), got "30/06/2025"'],
		['currency not a whole number', () => createParams({ currency: 1.5 }), 'Invalid value for "Currency" in item 0: must be a whole number, got 1.5'],
		['negative currency code', () => createParams({ currency: -1 }), 'Invalid value for "Currency" in item 0: must be 0 or more, got -1'],
		['currency given as a name', () => createParams({ currency: '={{ "NGN" }}' }), 'Invalid value for "Currency" in item 0: must be a whole number such as 2, got "NGN"'],
		['empty product list', () => createParams({ products: {} }), 'Missing value for "Products" in item 0: this field is required'],
		['product line without a product', () => createParams({ products: { product: [line(), line({ productId: rl('={{ $json.sku }}') })] } }), 'Missing value for "Products › line 2 › Product" in item 0: this field is required'],
		['product not a UUID', () => createParams({ products: { product: [line({ productId: rl('={{ "SKU-9" }}') })] } }), 'Invalid value for "Products › line 1 › Product" in item 0: must be a UUID, got "SKU-9"'],
		['fractional quantity', () => createParams({ products: { product: [line({ quantity: 1.5 })] } }), 'Invalid value for "Products › line 1 › Quantity" in item 0: must be a whole number, got 1.5'],
		['zero quantity', () => createParams({ products: { product: [line({ quantity: 0 })] } }), 'Invalid value for "Products › line 1 › Quantity" in item 0: must be greater than 0, got 0'],
		['negative unit price', () => createParams({ products: { product: [line({ unitPrice: -10 })] } }), 'Invalid value for "Products › line 1 › Unit Price" in item 0: must be 0 or more, got -10'],
		['non-numeric unit price', () => createParams({ products: { product: [line({ unitPrice: '={{ "ten" }}' })] } }), 'Invalid value for "Products › line 1 › Unit Price" in item 0: must be a number such as 12.5 (digits, an optional sign and decimal point), got "ten"'],
		['tax without an ID', () => createParams({ taxes: { tax: [{ taxId: '', taxPercentageValue: 7.5 }] } }), 'Missing value for "Taxes › line 1 › Tax ID" in item 0: this field is required'],
		['negative tax percentage', () => createParams({ taxes: { tax: [{ taxId: TAX, taxPercentageValue: -1 }] } }), 'Invalid value for "Taxes › line 1 › Percentage" in item 0: must be 0 or more, got -1'],
		['discount value without a type', () => createParams({}, { discountValue: 5 }), 'Invalid value for "Discount Type" in item 0: is needed when Discount Value is set'],
		['negative discount', () => createParams({}, { discountType: 1, discountValue: -5 }), 'Invalid value for "Discount Value" in item 0: must be 0 or more, got -5'],
		['billing cycle not a whole number', () => createParams({}, { billingCycle: 2.5 }), 'Invalid value for "Billing Cycle" in item 0: must be a whole number, got 2.5'],
		['notification code not a number', () => createParams({}, { notification: { channel: [{ value: 1 }, { value: '={{ "email" }}' }] } }), 'Invalid value for "Notification Channels" in item 0: entry 2 must be a whole number such as 2, got "email"'],
		['payment method code fractional', () => createParams({}, { paymentMethods: { method: [{ value: 0.5 }] } }), 'Invalid value for "Payment Methods" in item 0: entry 1 must be a whole number, got 0.5'],
		['negative reminder day', () => createParams({}, { beforeDueDates: { day: [{ value: -3 }] } }), 'Invalid value for "Reminder Days Before Due Date" in item 0: entry 1 must be 0 or more, got -3'],
		['recurring flag not a boolean', () => createParams({}, { recuringInvoice: '={{ "yes" }}' }), 'Invalid value for "Recurring Invoice" in item 0: must be true or false, got "yes"'],
		['get with a non-UUID invoice', () => ({ resource: 'invoice', operation: 'get', invoiceId: rl('={{ "INV-000001" }}') }), 'Invalid value for "Invoice" in item 0: must be a UUID, got "INV-000001"'],
		['get many with a bad counterparty filter', () => ({ resource: 'invoice', operation: 'getAll', returnAll: true, filters: { counterpartyId: 'acme' } }), 'Invalid value for "Counterparty ID" in item 0: must be a UUID, got "acme"'],
		['get many with a fractional status', () => ({ resource: 'invoice', operation: 'getAll', returnAll: true, filters: { invoiceStatus: 1.5 } }), 'Invalid value for "Invoice Status" in item 0: must be a whole number, got 1.5'],
		['update with nothing to change', () => update({}), 'Invalid value for "Update Fields" in item 0: add at least one field to change'],
		['update with an emptied product list', () => update({ products: {} }), 'Invalid value for "Products" in item 0: add at least one product line'],
		['update of a non-UUID invoice', () => update({ description: 'x' }, rl('={{ "INV-1" }}')), 'Invalid value for "Invoice" in item 0: must be a UUID, got "INV-1"'],
		['update with a bad due date', () => update({ dueDate: '2025-13-01' }), 'Invalid value for "Due Date" in item 0: must be a date-time'],
		['counterparty without a name', () => ({ resource: 'counterparty', operation: 'create', name: '={{ "  " }}' }), 'Missing value for "Name" in item 0: this field is required'],
		['counterparty with a bad email', () => ({ resource: 'counterparty', operation: 'create', name: 'A', additionalFields: { email: 'not-an-email' } }), 'Invalid value for "Email" in item 0: must be an email address, got "not-an-email"'],
		['counterparty with a bad LEI', () => ({ resource: 'counterparty', operation: 'create', name: 'A', additionalFields: { lei: 'LEI-1' } }), 'Invalid value for "LEI" in item 0: must be a 20-character Legal Entity Identifier'],
		['bank account code fractional', () => ({ resource: 'counterparty', operation: 'create', name: 'A', bankAccounts: { bankAccount: [{ accountType: 1.5, accountNumber: '1' }] } }), 'Invalid value for "Bank Accounts › line 1 › Account Type" in item 0: must be a whole number, got 1.5'],
		['counterparty update with nothing to change', () => ({ resource: 'counterparty', operation: 'update', counterpartyId: rl(counterparty.id), updateFields: {} }), 'Invalid value for "Update Fields" in item 0: add at least one field to change'],
		['counterparty get with a bad ID', () => ({ resource: 'counterparty', operation: 'get', counterpartyId: rl('={{ "42" }}') }), 'Invalid value for "Counterparty" in item 0: must be a UUID, got "42"'],
	];

	test.each(badInput)('%s: NodeOperationError naming the field and item, nothing sent', async (_case, parameters, message) => {
		const result = await ctx.run(parameters(), { continueOnFail: true });
		expect(result.json).toHaveLength(1);
		const error = result.items[0].error;
		expect(error).toBeDefined();
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toContain(message);
		expect(error.context.itemIndex).toBe(0);
		expect(error.description).toMatch(/Nothing was sent/);
		expect(requests(ctx.sandbox)).toHaveLength(0);
	});

	test("Literal blank IDs are refused by n8n's own pre-run check; a malformed ID by the node's check (no regex validation in the locators: see test/reliability/loaded-worker.test.js), before any request", async () => {
		const blank = await ctx.run(createParams({ counterPartyId: rl('') }));
		expect(blank.error.name).toBe('WorkflowHasIssuesError');
		const notUuid = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl('INV-1') });
		expect(notUuid.error.message).toMatch(/^Invalid value for "Invoice" in item 0: must be a UUID, got "INV-1"/);
		expect(requests(ctx.sandbox)).toHaveLength(0);
	});

	test('Without Continue On Fail the node stops with the same message (wrapped by n8n-core) and sends nothing', async () => {
		const result = await ctx.run(createParams({ products: { product: [line({ quantity: 2.5 })] } }));
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.message).toBe('Invalid value for "Products › line 1 › Quantity" in item 0: must be a whole number, got 2.5');
		expect(result.error.context.itemIndex).toBe(0);
		expect(requests(ctx.sandbox)).toHaveLength(0);
	});

	test('Continue On Fail: the bad item reports its error with its index, the others are created', async () => {
		const input = [
			{ deal: 'D-1', qty: 1 },
			{ deal: 'D-2', qty: 1.5 },
			{ deal: 'D-3', qty: 3 },
		];
		const result = await ctx.run(
			createParams({ products: { product: [line({ quantity: '={{ $json.qty }}' })] } }, { description: '={{ $json.deal }}' }),
			{ input, continueOnFail: true },
		);
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json).toEqual({ invoiceId: expect.any(String), amount: 10 });
		expect(result.items[1].error.constructor.name).toBe('NodeOperationError');
		expect(result.items[1].error.message).toBe('Invalid value for "Products › line 1 › Quantity" in item 1: must be a whole number, got 1.5');
		expect(result.items[1].error.context.itemIndex).toBe(1);
		expect(result.items[2].json).toEqual({ invoiceId: expect.any(String), amount: 30 });
		expect(requests(ctx.sandbox).map((r) => r.body.description).sort()).toEqual(['D-1', 'D-3']);
	});

	describe('provider errors become NodeApiError with Katsu Pay\'s message and HTTP code', () => {
		test('404 for an unknown invoice, with the envelope message and errors[]', async () => {
			const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(UNKNOWN) });
			expect(result.error.name).toBe('NodeApiError');
			expect(result.error.httpCode).toBe('404');
			expect(result.error.message).toBe(`Katsu Pay could not find the requested record at GET /api/v1/Invoice/getbyId?InvoiceId=${UNKNOWN}: Invoice not found`);
			expect(result.error.description).toBe(`Invoice not found | No invoice with id ${UNKNOWN} | Request: GET /api/v1/Invoice/getbyId?InvoiceId=${UNKNOWN}`);
		});

		test('404 for an unknown counterparty, on Get and when creating an invoice for it', async () => {
			const get = await ctx.run({ resource: 'counterparty', operation: 'get', counterpartyId: rl(UNKNOWN) });
			expect(get.error.httpCode).toBe('404');
			expect(get.error.message).toBe(`Katsu Pay could not find the requested record at GET /api/v1/Counterparties/get/${UNKNOWN}: Counterparty not found`);
			const created = await ctx.run(createParams({ counterPartyId: rl(UNKNOWN) }));
			expect(created.error.message).toBe('Katsu Pay could not find the requested record at POST /api/v1/Invoice/Create: Counterparty not found');
		});

		test('404 when updating an unknown invoice or counterparty', async () => {
			const invoiceUpdate = await ctx.run(update({ description: 'x' }, rl(UNKNOWN)));
			expect(invoiceUpdate.error.httpCode).toBe('404');
			expect(invoiceUpdate.error.message).toBe(`Katsu Pay could not find the requested record at PUT /api/v1/Invoice/Update (record ${UNKNOWN}): Invoice not found`);
			const counterpartyUpdate = await ctx.run({ resource: 'counterparty', operation: 'update', counterpartyId: rl(UNKNOWN), updateFields: { city: 'Lagos' } });
			expect(counterpartyUpdate.error.message).toBe(`Katsu Pay could not find the requested record at PUT /api/v1/Counterparties/update (record ${UNKNOWN}): Counterparty not found`);
		});

		test('succeeded:false with HTTP 200 is an error carrying the message and errors[]', async () => {
			ctx.sandbox.failWith200({ method: 'POST', path: '/api/v1/Invoice/Create' }, 'Receiving account is not active', ['receivingAccountId: account suspended']);
			const invoicesBefore = ctx.sandbox.state.invoices.size;
			const result = await ctx.run(createParams());
			expect(result.error.name).toBe('NodeApiError');
			expect(result.error.httpCode).toBe('200');
			expect(result.error.message).toBe('Katsu Pay reported that the request failed (HTTP 200): Receiving account is not active');
			expect(result.error.description).toBe('Receiving account is not active | receivingAccountId: account suspended | Request: POST /api/v1/Invoice/Create');
			expect(requests(ctx.sandbox)).toHaveLength(1);
			expect(ctx.sandbox.state.invoices.size).toBe(invoicesBefore);
		});

		test('succeeded:false with HTTP 200 on a list stops Get Many too', async () => {
			ctx.sandbox.failWith200({ method: 'GET', path: '/api/v1/Products' }, 'Tenant is not configured');
			const result = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true });
			expect(result.error.name).toBe('NodeApiError');
			expect(result.error.message).toBe('Katsu Pay reported that the request failed (HTTP 200): Tenant is not configured');
		});

		test('400 validation answers carry the field errors', async () => {
			ctx.sandbox.server.inject({
				match: { method: 'POST', path: '/api/v1/Invoice/Create' },
				status: 400,
				body: { succeeded: false, message: 'One or more validation errors occurred.', errors: ['dueDate: must be in the future', 'currency: not enabled for this merchant'], data: null },
			});
			const result = await ctx.run(createParams());
			expect(result.error.httpCode).toBe('400');
			expect(result.error.message).toBe('Katsu Pay rejected the request as invalid: One or more validation errors occurred.');
			expect(result.error.description).toBe('One or more validation errors occurred. | dueDate: must be in the future; currency: not enabled for this merchant | Request: POST /api/v1/Invoice/Create');
		});

		test('An ASP.NET problem-details 400 is read too', async () => {
			ctx.sandbox.server.inject({
				match: { method: 'POST', path: '/api/v1/Invoice/Create' },
				status: 400,
				body: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { '$.products[0].quantity': ['The JSON value could not be converted to System.Int32.'] } },
			});
			const result = await ctx.run(createParams());
			expect(result.error.message).toBe('Katsu Pay rejected the request as invalid: One or more validation errors occurred.');
			expect(result.error.description).toContain('$.products[0].quantity: The JSON value could not be converted to System.Int32.');
		});

		test('The sandbox itself rejects a body the node would never send (unknown field) with a 400 envelope', async () => {
			// The node cannot send an unknown field; this checks the sandbox's contract through the node's error step.
			ctx.sandbox.server.inject({ match: { method: 'GET', path: '/api/v1/Invoice/getbyId' }, status: 400, body: { succeeded: false, message: 'InvoiceId is invalid', errors: [], data: null } });
			const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(invoice.id) });
			expect(result.error.message).toBe('Katsu Pay rejected the request as invalid: InvoiceId is invalid');
		});

		test('500 says it is a Katsu Pay server error', async () => {
			ctx.sandbox.server.inject({ match: { method: 'GET' }, status: 500, body: { succeeded: false, message: 'Internal server error', errors: [], data: null } });
			const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(invoice.id) });
			expect(result.error.httpCode).toBe('500');
			expect(result.error.message).toBe('Katsu Pay had a server error (HTTP 500); try again later: Internal server error');
		});

		test('Continue On Fail keeps provider errors per item', async () => {
			const input = [{ id: invoice.id }, { id: UNKNOWN }];
			const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl('={{ $json.id }}') }, { input, continueOnFail: true });
			expect(result.items[0].json.id).toBe(invoice.id);
			expect(result.items[1].error.httpCode).toBe('404');
			expect(result.items[1].error.message).toBe(`Katsu Pay could not find the requested record at GET /api/v1/Invoice/getbyId?InvoiceId=${UNKNOWN}: Invoice not found`);
		});
	});

	describe('401', () => {
		test('a wrong token is a credential error (NodeApiError 401) and the token is not echoed', async () => {
			const credentials = ctx.harness.credential('katsuPayInvoicingApi', { baseUrl: ctx.sandbox.baseUrl, accessToken: 'wrong-token-zzz' });
			const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(invoice.id) }, { credentials });
			expect(result.error.name).toBe('NodeApiError');
			expect(String(result.error.httpCode)).toBe('401');
			expect(result.error.message).toMatch(/credentials/i);
			const [request] = requests(ctx.sandbox);
			expect(request.headers.authorization).toBe('Bearer wrong-token-zzz');
			expect(request.status).toBe(401);
			expect(request.response).toEqual({ succeeded: false, message: 'Unauthorized: the access token is not valid', errors: [], data: null });
			expect(JSON.stringify(result.error.message)).not.toContain('wrong-token-zzz');
		});

		test('with Continue On Fail every item reports the 401', async () => {
			const credentials = ctx.harness.credential('katsuPayInvoicingApi', { baseUrl: ctx.sandbox.baseUrl, accessToken: 'nope' });
			const result = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true }, { credentials, continueOnFail: true, input: [{}, {}] });
			expect(result.items).toHaveLength(2);
			for (const item of result.items) expect(String(item.error.httpCode)).toBe('401');
		});
	});
});
