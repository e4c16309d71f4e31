'use strict';
const { setupKatsuPay, rl, requests, ACCESS_TOKEN } = require('./setup');

const ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const TAX = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('Katsu Pay invoice operations, end to end through n8n-core against the sandbox', () => {
	const ctx = setupKatsuPay();
	let widget, service, acme;
	beforeAll(() => {
		widget = ctx.sandbox.seedProduct({ name: 'Widget', price: 100 });
		service = ctx.sandbox.seedProduct({ name: 'Setup service', price: 50.5 });
		acme = ctx.sandbox.seedCounterparty({ name: 'Acme Trading', email: 'billing@acme.test' });
	});

	/** The smallest valid Create parameters. */
	const minimal = (overrides = {}) => ({
		resource: 'invoice',
		operation: 'create',
		counterPartyId: rl(acme.id),
		receivingAccountId: ACCOUNT,
		dueDate: '2025-03-31T00:00:00',
		currency: 2,
		products: { product: [{ productId: rl(widget.id, 'list'), quantity: 1, unitPrice: 100 }] },
		...overrides,
	});

	test('Create sends every documented field and outputs the envelope data', async () => {
		const result = await ctx.run({
			resource: 'invoice',
			operation: 'create',
			counterPartyId: rl(acme.id),
			receivingAccountId: ACCOUNT,
			dueDate: '2025-03-31T00:00:00',
			currency: 2,
			products: {
				product: [
					{ productId: rl(widget.id, 'list'), quantity: 2, unitPrice: 100 },
					{ productId: rl(service.id, 'id'), quantity: 1, unitPrice: 50.5 },
				],
			},
			taxes: { tax: [{ taxId: TAX, taxPercentageValue: 7.5 }] },
			additionalFields: {
				accountName: 'Main collections account',
				billingCycle: 7,
				counterPartyName: 'Acme Trading Ltd',
				description: 'Deal #42: annual licence',
				discountType: 1,
				discountValue: 10,
				notification: { channel: [{ value: 1 }, { value: 2 }] },
				paymentMethods: { method: [{ value: 1 }, { value: 3 }] },
				recuringInvoice: true,
				onDueDate: true,
				afterDueDates: { day: [{ value: 1 }, { value: 7 }] },
				beforeDueDates: { day: [{ value: 7 }, { value: 3 }] },
				sendInvoice: true,
			},
		});
		expect(result.error).toBeUndefined();

		const all = requests(ctx.sandbox);
		expect(all).toHaveLength(1);
		const [request] = all;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v1/Invoice/Create');
		expect(request.query).toEqual({});
		expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.headers.accept).toBe('application/json');
		expect(request.body).toEqual({
			counterPartyId: acme.id,
			receivingAccountId: ACCOUNT,
			counterPartyName: 'Acme Trading Ltd',
			accountName: 'Main collections account',
			dueDate: '2025-03-31T00:00:00.000Z',
			currency: 2,
			products: [
				{ productId: widget.id, quantity: 2, unitPrice: 100 },
				{ productId: service.id, quantity: 1, unitPrice: 50.5 },
			],
			taxes: [{ taxId: TAX, taxPercentageValue: 7.5 }],
			discount: { discountType: 1, discountValue: 10 },
			description: 'Deal #42: annual licence',
			billingCycle: 7,
			recuringInvoice: true,
			notification: [1, 2],
			paymentMethods: [1, 3],
			beforeDueDates: [7, 3],
			afterDueDates: [1, 7],
			onDueDate: true,
			sendInvoice: true,
		});

		// (2 × 100 + 50.5) + 7.5 % tax, as the sandbox computes it.
		expect(result.json).toEqual([{ invoiceId: expect.any(String), amount: 269.29 }]);
		const stored = ctx.sandbox.state.invoices.get(result.json[0].invoiceId);
		expect(stored).toMatchObject({ counterPartyId: acme.id, recuringInvoice: true, notification: [1, 2] });
	});

	test('Create with only the required fields sends only those; a date alone becomes midnight UTC (an unambiguous instant)', async () => {
		const result = await ctx.run(minimal({ dueDate: '2025-04-30' }));
		expect(result.error).toBeUndefined();
		expect(requests(ctx.sandbox)[0].body).toEqual({
			counterPartyId: acme.id,
			receivingAccountId: ACCOUNT,
			dueDate: '2025-04-30T00:00:00.000Z',
			currency: 2,
			products: [{ productId: widget.id, quantity: 1, unitPrice: 100 }],
		});
		expect(result.json[0]).toEqual({ invoiceId: expect.any(String), amount: 100 });
	});

	test('Create, Get, Update, Get: the change is visible in the second read', async () => {
		const created = await ctx.run(minimal({ additionalFields: { description: 'First draft' } }));
		const id = created.json[0].invoiceId;

		ctx.sandbox.server.clearLog();
		const before = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(id) });
		expect(before.error).toBeUndefined();
		const [read] = requests(ctx.sandbox);
		expect([read.method, read.path, read.query]).toEqual(['GET', '/api/v1/Invoice/getbyId', { InvoiceId: id }]);
		expect(read.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
		expect(read.rawBody).toBe('');
		expect(before.json).toEqual([
			{
				id,
				invoiceId: expect.stringMatching(/^INV-\d{6}$/),
				counterPartyName: 'Acme Trading',
				accountName: null,
				dueDate: '2025-03-31T00:00:00.000Z',
				currency: 2,
				discountType: 0,
				description: 'First draft',
				billingCycle: 0,
				recuringInvoice: false,
				paymentOption: 0,
				userId: ctx.sandbox.state.userId,
				amount: 100,
				notifications: '',
				paidAmount: 0,
				created: expect.any(String),
				invoiceStatus: 1,
				beforeDueDate: 0,
				afterDueDate: 0,
				onDueDate: false,
			},
		]);

		ctx.sandbox.server.clearLog();
		const updated = await ctx.run({
			resource: 'invoice',
			operation: 'update',
			invoiceId: rl(id),
			updateFields: {
				description: 'Final: 3 widgets',
				dueDate: '2025-05-15T00:00:00',
				products: { product: [{ productId: rl(widget.id, 'list'), quantity: 3, unitPrice: 100 }] },
			},
		});
		expect(updated.error).toBeUndefined();
		const [put] = requests(ctx.sandbox);
		expect([put.method, put.path, put.query]).toEqual(['PUT', '/api/v1/Invoice/Update', {}]);
		expect(put.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
		expect(put.body).toEqual({
			id,
			description: 'Final: 3 widgets',
			dueDate: '2025-05-15T00:00:00.000Z',
			products: [{ productId: widget.id, quantity: 3, unitPrice: 100 }],
		});
		expect(updated.json[0]).toMatchObject({ id, description: 'Final: 3 widgets', amount: 300 });

		const after = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(id) });
		expect(after.json[0]).toMatchObject({ id, description: 'Final: 3 widgets', dueDate: '2025-05-15T00:00:00.000Z', amount: 300, currency: 2 });
	});

	test('Update outputs the request it made when Katsu Pay answers without a record', async () => {
		const invoice = ctx.sandbox.seedInvoice({ counterPartyId: acme.id });
		ctx.sandbox.server.inject({
			match: { method: 'PUT', path: '/api/v1/Invoice/Update' },
			status: 200,
			body: { succeeded: true, message: 'Invoice updated', errors: [], data: null },
		});
		const result = await ctx.run({ resource: 'invoice', operation: 'update', invoiceId: rl(invoice.id), updateFields: { billingCycle: 3 } });
		expect(result.error).toBeUndefined();
		// An injected answer is sent before the sandbox parses the body, so read the raw one.
		expect(JSON.parse(requests(ctx.sandbox)[0].rawBody)).toEqual({ id: invoice.id, billingCycle: 3 });
		expect(result.json).toEqual([{ id: invoice.id, updated: true, message: 'Invoice updated' }]);
	});

	test('Get with Simplify returns the compact view', async () => {
		const invoice = ctx.sandbox.seedInvoice({ counterPartyId: acme.id, description: 'Long text', products: [{ productId: widget.id, quantity: 1, unitPrice: 100 }] });
		const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: rl(invoice.id), simplify: true });
		expect(result.json).toEqual([
			{
				id: invoice.id,
				invoiceId: invoice.invoiceId,
				counterPartyName: 'Acme Trading',
				accountName: null,
				amount: 100,
				paidAmount: 0,
				currency: 2,
				dueDate: invoice.dueDate,
				invoiceStatus: 1,
				created: invoice.created,
			},
		]);
	});

	test('Invoice IDs from input items (expressions) each give their own request and output item', async () => {
		const a = ctx.sandbox.seedInvoice({ counterPartyId: acme.id, description: 'A' });
		const b = ctx.sandbox.seedInvoice({ counterPartyId: acme.id, description: 'B' });
		const result = await ctx.run(
			{ resource: 'invoice', operation: 'get', invoiceId: rl('={{ $json.katsuInvoiceId }}') },
			{ input: [{ katsuInvoiceId: a.id }, { katsuInvoiceId: b.id }] },
		);
		expect(result.json.map((invoice) => invoice.description)).toEqual(['A', 'B']);
		expect(requests(ctx.sandbox).map((r) => r.query.InvoiceId).sort()).toEqual([a.id, b.id].sort());
	});

	test('Several CRM deals produce one invoice each, with values from expressions', async () => {
		const deals = [
			{ deal: 'D-1', qty: '2', price: '99.90', days: [3, 1] },
			{ deal: 'D-2', qty: 5, price: 10, days: [7] },
		];
		const result = await ctx.run(
			minimal({
				products: { product: [{ productId: rl(widget.id), quantity: '={{ $json.qty }}', unitPrice: '={{ $json.price }}' }] },
				additionalFields: { description: '={{ "Deal " + $json.deal }}', beforeDueDates: { day: [{ value: '={{ $json.days }}' }] } },
			}),
			{ input: deals },
		);
		expect(result.error).toBeUndefined();
		expect(result.json.map((item) => item.amount)).toEqual([199.8, 50]);
		const bodies = requests(ctx.sandbox).map((r) => r.body).sort((x, y) => x.description.localeCompare(y.description));
		expect(bodies.map((body) => [body.description, body.products, body.beforeDueDates])).toEqual([
			['Deal D-1', [{ productId: widget.id, quantity: 2, unitPrice: 99.9 }], [3, 1]],
			['Deal D-2', [{ productId: widget.id, quantity: 5, unitPrice: 10 }], [7]],
		]);
	});

	describe('Get Many', () => {
		let globex;
		beforeAll(() => {
			globex = ctx.sandbox.seedCounterparty({ name: 'Globex' });
			for (let i = 1; i <= 120; i++) {
				ctx.sandbox.seedInvoice({ counterPartyId: globex.id, description: `Bulk ${String(i).padStart(3, '0')}`, recuringInvoice: i % 2 === 0 });
			}
		});

		test('Return All walks every page (PageNumber/PageSize) and outputs one item per invoice', async () => {
			const total = ctx.sandbox.state.invoices.size;
			const result = await ctx.run({ resource: 'invoice', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.json).toHaveLength(total);
			expect(new Set(result.json.map((invoice) => invoice.id)).size).toBe(total);
			const pages = requests(ctx.sandbox);
			expect(pages.map((r) => [r.method, r.path])).toEqual(pages.map(() => ['GET', '/api/v1/Invoice/getAll']));
			expect(pages.map((r) => r.query)).toEqual(
				Array.from({ length: Math.ceil(total / 50) }, (_, i) => ({ PageNumber: String(i + 1), PageSize: '50' })),
			);
			expect(pages.every((r) => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
			expect(result.json[0]).toHaveProperty('invoiceStatus');
		});

		test('Limit returns exactly that many, asking only for the pages needed', async () => {
			const small = await ctx.run({ resource: 'invoice', operation: 'getAll', returnAll: false, limit: 7 });
			expect(small.json).toHaveLength(7);
			expect(requests(ctx.sandbox).map((r) => r.query)).toEqual([{ PageNumber: '1', PageSize: '7' }]);

			ctx.sandbox.server.clearLog();
			const large = await ctx.run({ resource: 'invoice', operation: 'getAll', returnAll: false, limit: 75 });
			expect(large.json).toHaveLength(75);
			expect(requests(ctx.sandbox).map((r) => r.query)).toEqual([
				{ PageNumber: '1', PageSize: '50' },
				{ PageNumber: '2', PageSize: '50' },
			]);
			const expected = [...ctx.sandbox.state.invoices.keys()].slice(0, 75);
			expect(large.json.map((invoice) => invoice.id)).toEqual(expected);
		});

		test('Filters are sent as the documented query parameters', async () => {
			const result = await ctx.run({
				resource: 'invoice',
				operation: 'getAll',
				returnAll: true,
				filters: {
					accountName: 'Main',
					counterpartyId: globex.id,
					counterparty: 'Glob',
					dueInvoices: false,
					globalSearch: 'Bulk 01',
					invoiceStatus: 1,
					recuringInvoice: true,
				},
			});
			expect(result.error).toBeUndefined();
			expect(requests(ctx.sandbox)[0].query).toEqual({
				PageNumber: '1',
				PageSize: '50',
				AccountName: 'Main',
				CounterpartyId: globex.id,
				Counterparty: 'Glob',
				DueInvoices: 'false',
				GlobalSearch: 'Bulk 01',
				InvoiceStatus: '1',
				RecuringInvoice: 'true',
			});
			// No seeded invoice has an account name, so "Main" matches none.
			expect(result.json).toEqual([]);

			ctx.sandbox.server.clearLog();
			const recurring = await ctx.run({
				resource: 'invoice',
				operation: 'getAll',
				returnAll: true,
				filters: { counterpartyId: globex.id, globalSearch: 'Bulk 01', recuringInvoice: true },
			});
			expect(recurring.json.map((invoice) => invoice.description).sort()).toEqual(
				['Bulk 010', 'Bulk 012', 'Bulk 014', 'Bulk 016', 'Bulk 018'],
			);
			expect(requests(ctx.sandbox)).toHaveLength(1);
		});

		test('Simplify applies to every listed invoice', async () => {
			const result = await ctx.run({ resource: 'invoice', operation: 'getAll', returnAll: false, limit: 3, simplify: true });
			expect(result.json).toHaveLength(3);
			for (const invoice of result.json) {
				expect(Object.keys(invoice).sort()).toEqual(
					['accountName', 'amount', 'counterPartyName', 'created', 'currency', 'dueDate', 'id', 'invoiceId', 'invoiceStatus', 'paidAmount'],
				);
			}
		});
	});
});

describe('Katsu Pay Get Many when the server serves smaller pages than asked', () => {
	const ctx = setupKatsuPay({ maxPageSize: 20 });

	test('pages follow the envelope\'s pageSize and total, so nothing is missed', async () => {
		const counterparty = ctx.sandbox.seedCounterparty({ name: 'Capped' });
		for (let i = 0; i < 45; i++) ctx.sandbox.seedInvoice({ counterPartyId: counterparty.id });
		const result = await ctx.run({ resource: 'invoice', operation: 'getAll', returnAll: true });
		expect(result.json).toHaveLength(45);
		expect(new Set(result.json.map((invoice) => invoice.id)).size).toBe(45);
		expect(requests(ctx.sandbox).map((r) => r.query.PageNumber)).toEqual(['1', '2', '3']);
		expect(requests(ctx.sandbox).map((r) => r.response.pageSize)).toEqual([20, 20, 20]);
	});
});
