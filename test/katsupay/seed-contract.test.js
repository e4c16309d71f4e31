'use strict';
// Issue 14 (defects 11, 12 and "The sandboxes"): Katsu Pay's required Currency has no silent
// default; the due date leaves as an unambiguous UTC instant in the form of seed 003's example
// (…T00:00:00.000Z); offsets that .NET's parser refuses are refused before sending; the sandbox
// reads dueDate exactly as ASP.NET's System.Text.Json reads a DateTime (no looser, no stricter).
const axios = require('axios');
const { setupKatsuPay, rl, requests, ACCESS_TOKEN } = require('./setup');

const ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('Katsu Pay: currency and due date as seed 003 shows them', () => {
	const ctx = setupKatsuPay();
	let acme;
	let widget;
	let invoice;
	beforeAll(() => {
		acme = ctx.sandbox.seedCounterparty({ name: 'Acme' });
		widget = ctx.sandbox.seedProduct({ name: 'Widget', price: 10 });
		invoice = ctx.sandbox.seedInvoice({ counterPartyId: acme.id, currency: 2, products: [{ productId: widget.id, quantity: 1, unitPrice: 10 }] });
	});
	const create = (overrides = {}) => ({
		resource: 'invoice', operation: 'create', counterPartyId: rl(acme.id), receivingAccountId: ACCOUNT, dueDate: '2025-06-30', currency: '2',
		products: { product: [{ productId: rl(widget.id), quantity: 1, unitPrice: '10' }] }, ...overrides,
	});

	test('Currency is required and has no default: without it nothing is sent (it used to be sent as 0)', async () => {
		const parameters = create();
		delete parameters.currency;
		const result = await ctx.run(parameters);
		expect(result.error.message).toContain('Parameter "Currency" is required');
		expect(requests(ctx.sandbox)).toEqual([]);
		const blank = await ctx.run(create({ currency: '={{ "" }}' }));
		expect(blank.error.message).toBe('Missing value for "Currency" in item 0: this field is required');
		expect(requests(ctx.sandbox)).toEqual([]);
	});

	test('a product line\'s Unit Price has no default either', async () => {
		const result = await ctx.run(create({ products: { product: [{ productId: rl(widget.id), quantity: 1 }] } }));
		expect(result.error.message).toBe('Missing value for "Products › line 1 › Unit Price" in item 0: this field is required');
		expect(requests(ctx.sandbox)).toEqual([]);
	});

	test('a tax line\'s Percentage has no default (it used to be sent as 0)', async () => {
		const result = await ctx.run(create({ taxes: { tax: [{ taxId: ACCOUNT }] } }));
		expect(result.error.message).toBe('Missing value for "Taxes › line 1 › Percentage" in item 0: this field is required');
		expect(requests(ctx.sandbox)).toEqual([]);
	});

	test('update: a Currency or Due Date added and left empty is not sent', async () => {
		const result = await ctx.run({ resource: 'invoice', operation: 'update', invoiceId: rl(invoice.id), updateFields: { currency: '', dueDate: '', description: 'x' } });
		expect(result.error).toBeUndefined();
		expect(requests(ctx.sandbox)[0].body).toEqual({ id: invoice.id, description: 'x' });
	});

	test.each([
		['a date alone: midnight UTC of that date', '2025-06-30', '2025-06-30T00:00:00.000Z'],
		['a date-time without zone: read as UTC', '2025-06-30T09:30:00', '2025-06-30T09:30:00.000Z'],
		['minutes only', '2025-06-30T09:30', '2025-06-30T09:30:00.000Z'],
		['Z', '2025-06-30T09:30:00Z', '2025-06-30T09:30:00.000Z'],
		['an offset ±HH:mm: converted to UTC', '2025-06-30T01:30:00+03:00', '2025-06-29T22:30:00.000Z'],
		['seven decimals of a second', '2025-06-30T09:30:00.1234567-02:00', '2025-06-30T11:30:00.123Z'],
		['a JavaScript Date', '={{ new Date("2025-06-30T12:00:00Z") }}', '2025-06-30T12:00:00.000Z'],
		['a Luxon DateTime', '={{ DateTime.fromISO("2025-06-30T14:00:00+02:00") }}', '2025-06-30T12:00:00.000Z'],
	])('due date, %s: sent as an unambiguous UTC instant', async (_case, dueDate, sent) => {
		const result = await ctx.run(create({ dueDate }));
		expect(result.error).toBeUndefined();
		expect(requests(ctx.sandbox)[0].body.dueDate).toBe(sent);
	});

	test.each([
		['+0300'], ['+03'], ['z'], ['xyz'],
	].map(([tail]) => [`2025-06-30T09:30:00${tail}`]).concat([['2025-06-30 09:30:00'], ['2025-06-30t09:30:00'], ['2025-06-30xyz'], ['2025-06-30T09:30:00+15:00'], ['2025-06-30T24:00:00']]))(
		'due date %p, which .NET\'s parser refuses, is refused before sending',
		async (dueDate) => {
			const result = await ctx.run(create({ dueDate: `={{ ${JSON.stringify(dueDate)} }}` }));
			expect(result.error.message).toBe(
				`Invalid value for "Due Date" in item 0: must be a date-time such as 2025-01-31, 2025-01-31T09:30:00Z or 2025-01-31T09:30:00+01:00 (ISO 8601; a time zone is Z or ±HH:mm), got "${dueDate}"`,
			);
			expect(requests(ctx.sandbox)).toEqual([]);
		},
	);
});

describe('Katsu Pay sandbox: dueDate read as .NET reads a DateTime', () => {
	const ctx = setupKatsuPay();
	let acme;
	let widget;
	beforeAll(() => {
		acme = ctx.sandbox.seedCounterparty({ name: 'Acme' });
		widget = ctx.sandbox.seedProduct({ name: 'Widget', price: 10 });
	});
	const post = async (dueDate) => {
		const response = await axios.post(
			`${ctx.sandbox.baseUrl}/api/v1/Invoice/Create`,
			{ counterPartyId: acme.id, receivingAccountId: ACCOUNT, dueDate, currency: 2, products: [{ productId: widget.id, quantity: 1, unitPrice: 1 }] },
			{ headers: { authorization: `Bearer ${ACCESS_TOKEN}` }, validateStatus: () => true },
		);
		return response.status;
	};

	test.each([
		'2025-06-30', '2025-06-30T09:30', '2025-06-30T09:30:00', '2025-06-30T09:30:00.1', '2025-06-30T09:30:00.1234567890123456',
		'2025-06-30T09:30Z', '2025-06-30T09:30:00Z', '2025-06-30T09:30:00.000Z', '2025-06-30T09:30:00+03:00', '2025-06-30T09:30:00-14:00', '0001-01-01',
	])('accepts %p', async (dueDate) => {
		expect(await post(dueDate)).toBe(200);
	});

	test.each([
		'2025-06-30T09:30:00+0300', '2025-06-30T09:30:00+03', '2025-06-30 09:30:00', '2025-06-30t09:30:00', '2025-06-30T09:30:00z',
		'2025-06-30T09:30:00.12345678901234567', '2025-06-30T09:30:00.', '2025-06-30T09', '2025-02-30', '2025-06-30T24:00', '2025-06-30T09:30:00+14:30',
		'2025-06-30Z', '0000-01-01', '30/06/2025', 'soon', '2025-06-30xyz',
	])('refuses %p (400)', async (dueDate) => {
		expect(await post(dueDate)).toBe(400);
	});
});
