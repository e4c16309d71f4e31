'use strict';
const { setupLevers, rl, apiRequests } = require('./setup');

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('Levers: bad input is stopped before any request; provider errors are worded', () => {
	const ctx = setupLevers();
	let contact;
	let invoice;
	beforeAll(() => {
		contact = ctx.sandbox.seedContact({ name: 'Umbrella' });
		invoice = ctx.sandbox.seedInvoice({ number: 'E-1', date: '2025-01-01', dueDate: '2025-01-31', total: 10, contactUuid: contact.uuid });
	});
	const createParams = (overrides = {}) => ({
		resource: 'invoice', operation: 'create', number: 'INV-E', contact: rl(contact.uuid), date: '2025-01-01', dueDate: '2025-01-31', total: 10, ...overrides,
	});

	// [case, parameters, expected message]
	const badInput = [
		['missing number', () => createParams({ number: '={{ $json.missing }}' }), 'Missing value for "Number" in item 0: this field is required'],
		['number over 255 characters', () => createParams({ number: 'x'.repeat(256) }), 'Invalid value for "Number" in item 0: must be at most 255 characters, got 256'],
		['malformed date', () => createParams({ date: '31/01/2025' }), 'Invalid value for "Date" in item 0: must be a real date in YYYY-MM-DD format, got "31/01/2025"'],
		['impossible date', () => createParams({ dueDate: '2025-02-30' }), 'Invalid value for "Due Date" in item 0: must be a real date in YYYY-MM-DD format, got "2025-02-30"'],
		['due date before date', () => createParams({ date: '2025-03-01', dueDate: '2025-02-01' }), 'Invalid value for "Due Date" in item 0: 2025-02-01 is before the invoice date 2025-03-01'],
		['negative total on update (seed 001: min 0)', () => ({ resource: 'invoice', operation: 'update', invoiceId: rl(invoice.uuid), updateFields: { total: -5 } }), 'Invalid value for "Total" in item 0: must be 0 or more, got -5'],
		['non-numeric total', () => createParams({ total: 'ten' }), 'Invalid value for "Total" in item 0: must be a number such as 12.5 (digits, an optional sign and decimal point), got "ten"'],
		['contact not a UUID', () => createParams({ contact: rl('={{ "acme" }}') }), 'Invalid value for "Contact" in item 0: must be a UUID, got "acme"'],
		['missing contact', () => createParams({ contact: rl('={{ $json.contactId }}') }), 'Missing value for "Contact" in item 0: this field is required'],
		['custom fields not JSON', () => createParams({ additionalFields: { customFields: '[oops' } }), 'Invalid value for "Custom Fields (JSON)" in item 0: is not valid JSON'],
		['custom fields not a list', () => createParams({ additionalFields: { customFields: '{"a":1}' } }), 'Invalid value for "Custom Fields (JSON)" in item 0: must be a list'],
		['update with nothing to change', () => ({ resource: 'invoice', operation: 'update', invoiceId: rl(invoice.uuid), updateFields: {} }), 'Invalid value for "Update Fields" in item 0: add at least one field to change'],
		['get with a non-UUID invoice', () => ({ resource: 'invoice', operation: 'get', invoiceId: rl('={{ "INV-1" }}') }), 'Invalid value for "Invoice" in item 0: must be a UUID, got "INV-1"'],
		['status for an invalid id list', () => ({ resource: 'invoice', operation: 'updateStatus', status: 'PAID', invoiceIds: `${invoice.uuid}, nope` }), 'Invalid value for "Invoice IDs" in item 0: entry 2 must be a UUID, got "nope"'],
		['status with no ids', () => ({ resource: 'invoice', operation: 'updateStatus', status: 'PAID', invoiceIds: ' , ' }), 'Missing value for "Invoice IDs" in item 0'],
		['payment of zero', () => ({ resource: 'invoice', operation: 'addPayment', invoiceId: rl(invoice.uuid), amount: 0, date: '2025-01-05' }), 'Invalid value for "Amount" in item 0: must be greater than 0, got 0'],
		['payment without date', () => ({ resource: 'invoice', operation: 'addPayment', invoiceId: rl(invoice.uuid), amount: 5, date: '={{ $json.paidOn }}' }), 'Missing value for "Date" in item 0'],
		['update payment with a bad id', () => ({ resource: 'invoice', operation: 'updatePayment', paymentId: '12', updateFields: { amount: 3 } }), 'Invalid value for "Payment ID" in item 0: must be a UUID, got "12"'],
		['contact without a name', () => ({ resource: 'contact', operation: 'create', name: '  ' }), 'Missing value for "Name" in item 0'],
		['contact with a bad email', () => ({ resource: 'contact', operation: 'create', name: 'A', additionalFields: { email: 'not-an-email' } }), 'Invalid value for "Email" in item 0: must be an email address, got "not-an-email"'],
	];

	test.each(badInput)('%s: NodeOperationError naming the field and item, nothing sent', async (_case, parameters, message) => {
		const result = await ctx.run(parameters(), { continueOnFail: true });
		expect(result.json).toHaveLength(1);
		const error = result.items[0].error;
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toContain(message);
		expect(error.context.itemIndex).toBe(0);
		expect(error.description).toMatch(/Nothing was sent/);
		expect(apiRequests(ctx.sandbox)).toHaveLength(0);
	});

	test("Literal blank values are refused by n8n's own pre-run check; a malformed ID by the node's check (no regex validation in the locators: see test/reliability/loaded-worker.test.js), before any request", async () => {
		const blank = await ctx.run(createParams({ number: '' }));
		expect(blank.error.name).toBe('WorkflowHasIssuesError');
		expect(blank.error.description ?? blank.error.message).toBeDefined();
		const notUuid = await ctx.run(createParams({ contact: rl('acme') }));
		expect(notUuid.error.message).toBe('Invalid value for "Contact" in item 0: must be a UUID, got "acme"');
		expect(apiRequests(ctx.sandbox)).toHaveLength(0);
	});

	test('Without Continue On Fail the node stops with the same message and sends nothing for the bad item', async () => {
		const result = await ctx.run(createParams({ date: 'yesterday' }));
		expect(result.error.message).toBe('Invalid value for "Date" in item 0: must be a real date in YYYY-MM-DD format, got "yesterday"');
		expect(apiRequests(ctx.sandbox)).toHaveLength(0);
	});

	test('Continue On Fail: the bad item reports its error with its index, the others are created', async () => {
		const input = [{ d: '2025-01-01' }, { d: '2025-13-01' }, { d: '2025-01-03' }];
		const result = await ctx.run(createParams({ number: '={{ "COF-" + $itemIndex }}', date: '={{ $json.d }}', dueDate: '2025-01-31' }), { input, continueOnFail: true });
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.number).toBe('COF-0');
		expect(result.items[1].error.message).toBe('Invalid value for "Date" in item 1: must be a real date in YYYY-MM-DD format, got "2025-13-01"');
		expect(result.items[1].error.context.itemIndex).toBe(1);
		expect(result.items[2].json.number).toBe('COF-2');
		expect(apiRequests(ctx.sandbox).map((r) => r.body.number).sort()).toEqual(['COF-0', 'COF-2']);
	});

	describe('provider errors become NodeApiError with the provider message and HTTP code', () => {
		test('404 for an unknown invoice', async () => {
			const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(UNKNOWN) });
			expect(result.error.name).toBe('NodeApiError');
			expect(result.error.httpCode).toBe('404');
			expect(result.error.message).toBe(`Levers could not find the requested record at GET /api-service/v1/invoice/${UNKNOWN}: Invoice not found`);
		});

		test('404 for an unknown contact on create, and for an unknown payment', async () => {
			const created = await ctx.run(createParams({ contact: rl(UNKNOWN) }));
			expect(created.error.message).toBe('Levers could not find the requested record at POST /api-service/v1/invoice: Contact not found');
			const payment = await ctx.run({ resource: 'invoice', operation: 'updatePayment', paymentId: UNKNOWN, updateFields: { notes: 'x' } });
			expect(payment.error.message).toBe(`Levers could not find the requested record at PUT /api-service/v1/invoice/payment/${UNKNOWN}: Payment not found`);
		});

		test("422 validation errors name Levers' fields", async () => {
			ctx.sandbox.server.inject({
				match: { method: 'POST', path: '/api-service/v1/invoice' },
				status: 422,
				body: { detail: [{ loc: ['body', 'number'], msg: 'invoice number already used', type: 'value_error' }, { loc: ['body', 'total'], msg: 'exceeds credit limit', type: 'value_error' }] },
			});
			const result = await ctx.run(createParams());
			expect(result.error.httpCode).toBe('422');
			expect(result.error.message).toBe('Levers rejected some of the fields: number: invoice number already used; total: exceeds credit limit');
		});

		test('500 says it is a Levers server error', async () => {
			ctx.sandbox.server.inject({ match: { method: 'GET' }, status: 500, body: { detail: 'Internal Server Error' } });
			const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(invoice.uuid) });
			expect(result.error.httpCode).toBe('500');
			expect(result.error.message).toBe('Levers had a server error (HTTP 500); try again later: Internal Server Error');
		});

		test('Continue On Fail keeps provider errors per item', async () => {
			const input = [{ id: invoice.uuid }, { id: UNKNOWN }];
			const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl('={{ $json.id }}') }, { input, continueOnFail: true });
			expect(result.items[0].json.uuid).toBe(invoice.uuid);
			expect(result.items[1].error.httpCode).toBe('404');
		});
	});
});
