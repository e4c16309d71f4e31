'use strict';
const { setupLevers, rl, apiRequests } = require('./setup');

describe('Levers invoice operations, end to end through n8n-core against the sandbox', () => {
	const ctx = setupLevers();
	let contact;
	beforeAll(() => {
		contact = ctx.sandbox.seedContact({ name: 'Acme Trading', email: 'billing@acme.test' });
	});

	test('Create sends the documented body and outputs the created invoice', async () => {
		const result = await ctx.run({
			resource: 'invoice',
			operation: 'create',
			number: 'INV-2025-001',
			contact: rl(contact.uuid, 'list'),
			date: '2025-01-31T00:00:00',
			dueDate: '2025-02-28',
			total: 1250.5,
			additionalFields: {
				reference: 'DEAL-42',
				notes: 'Thanks for your business',
				remindersEnabled: false,
				purchaseOrder: 'PO-9',
				customFields: '[{"key":"region","value":"north"}]',
				extPlatformId: 'crm-42',
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = apiRequests(ctx.sandbox);
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api-service/v1/invoice');
		expect(request.headers.authorization).toMatch(/^Bearer levers-jwt-/);
		expect(request.body).toEqual({
			number: 'INV-2025-001',
			contactUuid: contact.uuid,
			date: '2025-01-31',
			dueDate: '2025-02-28',
			total: 1250.5,
			reference: 'DEAL-42',
			notes: 'Thanks for your business',
			remindersEnabled: false,
			purchaseOrder: 'PO-9',
			customFields: [{ key: 'region', value: 'north' }],
			extPlatformId: 'crm-42',
		});
		expect(result.json).toHaveLength(1);
		expect(result.json[0]).toMatchObject({
			uuid: expect.any(String),
			number: 'INV-2025-001',
			status: 'UNPAID',
			total: 1250.5,
			contact: { uuid: contact.uuid, name: 'Acme Trading' },
		});
		expect(ctx.sandbox.state.invoices.get(result.json[0].uuid).number).toBe('INV-2025-001');
	});

	test('Create, Get, Update, Get: the change is visible in the second read', async () => {
		const created = await ctx.run({
			resource: 'invoice', operation: 'create', number: 'INV-100', contact: rl(contact.uuid),
			date: '2025-03-01', dueDate: '2025-03-31', total: 100,
		});
		const uuid = created.json[0].uuid;
		const before = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(uuid) });
		expect(before.json[0]).toMatchObject({ uuid, total: 100, history: [expect.objectContaining({ type: 'CREATED' })], payment: [] });

		ctx.sandbox.server.clearLog();
		const updated = await ctx.run({
			resource: 'invoice', operation: 'update', invoiceId: rl(uuid),
			updateFields: { total: 140, dueDate: '2025-04-15', notes: 'Extended' },
		});
		expect(updated.error).toBeUndefined();
		const [request] = apiRequests(ctx.sandbox);
		expect([request.method, request.path]).toEqual(['PUT', '/api-service/v1/invoice']);
		expect(request.body).toEqual({ uuid, total: 140, dueDate: '2025-04-15', notes: 'Extended' });

		const after = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(uuid) });
		expect(after.json[0]).toMatchObject({ uuid, total: 140, dueDate: '2025-04-15', notes: 'Extended', number: 'INV-100' });
		expect(after.json[0].history.map((h) => h.type)).toEqual(['CREATED', 'UPDATED']);
	});

	test('Get with Simplify returns the compact view', async () => {
		const invoice = ctx.sandbox.seedInvoice({ number: 'INV-S', date: '2025-01-01', dueDate: '2025-01-31', total: 10, contactUuid: contact.uuid });
		const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(invoice.uuid), simplify: true });
		const [request] = apiRequests(ctx.sandbox);
		expect([request.method, request.path]).toEqual(['GET', `/api-service/v1/invoice/${invoice.uuid}`]);
		expect(Object.keys(result.json[0]).sort()).toEqual(
			['contact', 'currencyCode', 'customerRisk', 'date', 'daysUntilDue', 'dueDate', 'level', 'number', 'outstandingAmount', 'status', 'total', 'totalPaid', 'uuid'].sort(),
		);
		expect(result.json[0].contact).toEqual({ uuid: contact.uuid, name: 'Acme Trading' });
	});

	test('Create or Update creates without a UUID and updates with one', async () => {
		const base = { resource: 'invoice', operation: 'createOrUpdate', number: 'INV-UP', contact: rl(contact.uuid), date: '2025-05-01', dueDate: '2025-05-31', total: 300, outstandingAmount: 300 };
		const created = await ctx.run(base);
		expect(created.error).toBeUndefined();
		const uuid = created.json[0].uuid;
		expect(apiRequests(ctx.sandbox)[0]).toMatchObject({ method: 'POST', path: '/api-service/v1/invoice/create-update', body: { number: 'INV-UP', contactUuid: contact.uuid, date: '2025-05-01', dueDate: '2025-05-31', total: 300, outstandingAmount: 300 } });

		ctx.sandbox.server.clearLog();
		const updated = await ctx.run({ ...base, total: 320, outstandingAmount: 20, additionalFields: { uuid } });
		expect(apiRequests(ctx.sandbox)[0].body).toMatchObject({ uuid, total: 320, outstandingAmount: 20 });
		expect(updated.json[0]).toMatchObject({ uuid, total: 320, outstandingAmount: 20 });
		expect([...ctx.sandbox.state.invoices.values()].filter((i) => i.number === 'INV-UP')).toHaveLength(1);
	});

	test('Update Status marks several invoices paid in one request', async () => {
		const a = ctx.sandbox.seedInvoice({ number: 'A', date: '2025-01-01', dueDate: '2025-01-31', total: 5, contactUuid: contact.uuid });
		const b = ctx.sandbox.seedInvoice({ number: 'B', date: '2025-01-01', dueDate: '2025-01-31', total: 7, contactUuid: contact.uuid });
		const result = await ctx.run({ resource: 'invoice', operation: 'updateStatus', status: 'PAID', invoiceIds: `${a.uuid}, ${b.uuid}` });
		expect(result.error).toBeUndefined();
		const requests = apiRequests(ctx.sandbox);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'PATCH', path: '/api-service/v1/invoice/status', body: { status: 'PAID', uuid: [a.uuid, b.uuid] } });
		expect(result.json).toEqual([{ status: 'PAID', uuid: [a.uuid, b.uuid], updated: true }]);
		expect(ctx.sandbox.state.invoices.get(a.uuid).status).toBe('PAID');
		expect(ctx.sandbox.state.invoices.get(b.uuid).status).toBe('PAID');
	});

	test('Add Payment, then Update Payment; Get shows the payment', async () => {
		const invoice = ctx.sandbox.seedInvoice({ number: 'PAY-1', date: '2025-01-01', dueDate: '2025-01-31', total: 500, contactUuid: contact.uuid });
		const added = await ctx.run({
			resource: 'invoice', operation: 'addPayment', invoiceId: rl(invoice.uuid), amount: 200, date: '2025-01-10',
			additionalFields: { reference: 'TRX-1', paymentType: 'PAYMENT', extPlatformId: 'bank-1' },
		});
		expect(added.error).toBeUndefined();
		expect(apiRequests(ctx.sandbox)[0]).toMatchObject({
			method: 'POST', path: `/api-service/v1/invoice/${invoice.uuid}/payment`,
			body: { amount: 200, date: '2025-01-10', reference: 'TRX-1', paymentType: 'PAYMENT', extPlatformId: 'bank-1' },
		});
		const payment = added.json[0];
		expect(payment).toMatchObject({ uuid: expect.any(String), amount: 200, date: '2025-01-10', paymentType: 'PAYMENT' });

		ctx.sandbox.server.clearLog();
		const changed = await ctx.run({ resource: 'invoice', operation: 'updatePayment', paymentId: payment.uuid, updateFields: { amount: 250, notes: 'corrected' } });
		expect(apiRequests(ctx.sandbox)[0]).toMatchObject({ method: 'PUT', path: `/api-service/v1/invoice/payment/${payment.uuid}`, body: { amount: 250, notes: 'corrected' } });
		expect(changed.json[0]).toMatchObject({ uuid: payment.uuid, amount: 250, notes: 'corrected' });

		const read = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(invoice.uuid) });
		expect(read.json[0].payment).toEqual([expect.objectContaining({ uuid: payment.uuid, amount: 250 })]);
		expect(read.json[0].totalPaid).toBe(250);
	});

	test('Several input items produce one invoice each, in order', async () => {
		const input = [1, 2, 3].map((n) => ({ n, total: `${n}00.10` }));
		const result = await ctx.run(
			{
				resource: 'invoice', operation: 'create', number: '={{ "BATCH-" + $json.n }}', contact: rl(contact.uuid),
				date: '2025-06-01', dueDate: '2025-06-30', total: '={{ $json.total }}',
			},
			{ input },
		);
		expect(result.error).toBeUndefined();
		expect(result.json.map((i) => [i.number, i.total])).toEqual([['BATCH-1', 100.1], ['BATCH-2', 200.1], ['BATCH-3', 300.1]]);
		expect(apiRequests(ctx.sandbox).map((r) => r.body.number).sort()).toEqual(['BATCH-1', 'BATCH-2', 'BATCH-3']);
	});
});
