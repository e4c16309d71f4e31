'use strict';
// Issue 14 (defects 13, 14, 16 and "The sandboxes"): the Levers node and sandbox follow seeds 000
// (create) and 001 (update) to the letter: blank Update Fields are left out (the update seed gives
// Number, Reference, Notes and Description 1 to 255 characters), create has no 255-character caps
// beyond Number and no minimum Total; dates with trailing text are refused; a Date, a Luxon DateTime
// or an ISO instant from an expression is accepted.
const axios = require('axios');
const { setupLevers, rl, apiRequests, ACCESS_TOKEN } = require('./setup');

describe('Levers: inputs as seeds 000/001 state them', () => {
	const ctx = setupLevers();
	let contact;
	let invoice;
	beforeAll(() => {
		contact = ctx.sandbox.seedContact({ name: 'Seed Reader' });
		invoice = ctx.sandbox.seedInvoice({ number: 'S-1', date: '2025-01-01', dueDate: '2025-01-31', total: 10, contactUuid: contact.uuid, notes: 'kept' });
	});
	const create = (overrides = {}) => ({
		resource: 'invoice', operation: 'create', number: `S-${Math.random()}`, contact: rl(contact.uuid), date: '2025-01-01', dueDate: '2025-01-31', total: '10', ...overrides,
	});
	const update = (updateFields) => ({ resource: 'invoice', operation: 'update', invoiceId: rl(invoice.uuid), updateFields });

	test('update: fields added to Update Fields and left empty are not sent ("" would be a 422); the others are', async () => {
		const result = await ctx.run(update({ number: '', reference: '', notes: '  ', description: '', date: '', dueDate: '', total: '', contact: rl(''), purchaseOrder: 'PO-9' }));
		expect(result.error).toBeUndefined();
		const [put] = apiRequests(ctx.sandbox);
		expect(put.body).toEqual({ uuid: invoice.uuid, purchaseOrder: 'PO-9' });
		expect(ctx.sandbox.state.invoices.get(invoice.uuid)).toMatchObject({ number: 'S-1', notes: 'kept', contactUuid: contact.uuid });
	});

	test('update: only empty fields is nothing to change, refused before anything is sent', async () => {
		const result = await ctx.run(update({ reference: '', contact: rl('') }));
		expect(result.error.message).toBe('Invalid value for "Update Fields" in item 0: add at least one field to change');
		expect(apiRequests(ctx.sandbox)).toEqual([]);
	});

	test('update: Total must be 0 or more (seed 001), Notes at most 255 characters', async () => {
		expect((await ctx.run(update({ total: '-1' }))).error.message).toBe('Invalid value for "Total" in item 0: must be 0 or more, got -1');
		expect((await ctx.run(update({ notes: 'n'.repeat(256) }))).error.message).toBe('Invalid value for "Notes" in item 0: must be at most 255 characters, got 256');
		expect(apiRequests(ctx.sandbox)).toEqual([]);
	});

	test('create: long Reference, Notes, Description, Purchase Order and a negative Total are sent (seed 000 limits none of them)', async () => {
		const long = 'x'.repeat(300);
		const result = await ctx.run(create({ total: '-25.5', additionalFields: { reference: long, notes: long, description: long, purchaseOrder: long } }));
		expect(result.error).toBeUndefined();
		const [post] = apiRequests(ctx.sandbox);
		expect(post.body).toMatchObject({ total: -25.5, reference: long, notes: long, description: long, purchaseOrder: long });
		expect(result.json[0]).toMatchObject({ total: -25.5, reference: long });
	});

	test('payments: Reference and Notes of any length are sent (Levers documents no limit for them)', async () => {
		const long = 'p'.repeat(300);
		const result = await ctx.run({ resource: 'invoice', operation: 'addPayment', invoiceId: rl(invoice.uuid), amount: 1, date: '2025-01-05', additionalFields: { reference: long, notes: long } });
		expect(result.error).toBeUndefined();
		expect(apiRequests(ctx.sandbox)[0].body).toMatchObject({ reference: long, notes: long });
	});

	test('create: Total has no silent default; nothing is sent when it is not given', async () => {
		const parameters = create();
		delete parameters.total;
		const result = await ctx.run(parameters);
		// n8n's own check of required parameters stops the run (before this change, 0 was sent)
		expect(result.error.message).toContain('Parameter "Total" is required');
		expect(apiRequests(ctx.sandbox)).toEqual([]);
	});

	test.each([
		['2026-12-05xyz', 'must be a real date in YYYY-MM-DD format, got "2026-12-05xyz"'],
		['2026-12-05 and more', 'must be a real date in YYYY-MM-DD format, got "2026-12-05 and more"'],
		['2026-12-05T25:00:00', 'must be a real date in YYYY-MM-DD format, got "2026-12-05T25:00:00"'],
	])('a date with trailing text (%s) is refused, not cut to 10 characters', async (date, problem) => {
		const result = await ctx.run(create({ date: `={{ ${JSON.stringify(date)} }}` }));
		expect(result.error.message).toBe(`Invalid value for "Date" in item 0: ${problem}`);
		expect(apiRequests(ctx.sandbox)).toEqual([]);
	});

	test.each([
		['a JavaScript Date', '={{ new Date("2026-12-05T12:00:00Z") }}'],
		['a Luxon DateTime', '={{ DateTime.fromISO("2026-12-05T12:00:00Z") }}'],
		['an ISO instant', '={{ "2026-12-05T12:00:00.000Z" }}'],
		['a date-time without zone (the date picker)', '2026-12-05T00:00:00'],
	])('%s is accepted and sent as its date', async (_kind, expression) => {
		const result = await ctx.run(create({ date: '2026-12-01', dueDate: expression }));
		expect(result.error).toBeUndefined();
		expect(apiRequests(ctx.sandbox)[0].body.dueDate).toBe('2026-12-05');
	});
});

describe('Levers sandbox: exactly as strict as seeds 000 and 001', () => {
	const ctx = setupLevers();
	let contact;
	let invoice;
	beforeAll(() => {
		contact = ctx.sandbox.seedContact({ name: 'Direct' });
		invoice = ctx.sandbox.seedInvoice({ number: 'D-1', date: '2025-01-01', dueDate: '2025-01-31', total: 10, contactUuid: contact.uuid });
	});
	const call = async (method, path, body) => {
		const response = await axios.request({
			method,
			url: `${ctx.sandbox.baseUrl}/api-service/v1${path}`,
			headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
			data: body,
			validateStatus: () => true,
		});
		return { status: response.status, body: response.data };
	};
	const base = () => ({ number: `D-${Math.random()}`, date: '2025-01-01', dueDate: '2025-01-31', total: 10, contactUuid: contact.uuid });

	test('create takes any total and texts of any length (only Number is 1-255)', async () => {
		const long = 'x'.repeat(1000);
		expect((await call('POST', '/invoice', { ...base(), total: -5, reference: long, notes: long, description: long, purchaseOrder: long })).status).toBe(200);
		expect((await call('POST', '/invoice', { ...base(), number: '' })).status).toBe(422);
		expect((await call('POST', '/invoice', { ...base(), number: 'n'.repeat(256) })).status).toBe(422);
	});

	test.each(['number', 'reference', 'notes', 'description'])('update refuses an empty or over-long %s (1-255 characters)', async (field) => {
		const empty = await call('PUT', '/invoice', { uuid: invoice.uuid, [field]: '' });
		expect(empty.status).toBe(422);
		expect(empty.body.detail[0]).toMatchObject({ loc: ['body', field], type: 'value_error.any_str.min_length' });
		expect((await call('PUT', '/invoice', { uuid: invoice.uuid, [field]: 'y'.repeat(256) })).status).toBe(422);
		expect((await call('PUT', '/invoice', { uuid: invoice.uuid, [field]: 'ok' })).status).toBe(200);
	});

	test('update: total min 0; purchaseOrder has no length limit', async () => {
		expect((await call('PUT', '/invoice', { uuid: invoice.uuid, total: -1 })).status).toBe(422);
		expect((await call('PUT', '/invoice', { uuid: invoice.uuid, purchaseOrder: '' })).status).toBe(200);
		expect((await call('PUT', '/invoice', { uuid: invoice.uuid, purchaseOrder: 'p'.repeat(400) })).status).toBe(200);
	});
});
