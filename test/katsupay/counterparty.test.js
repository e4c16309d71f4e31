'use strict';
const { setupKatsuPay, rl, requests, ACCESS_TOKEN } = require('./setup');

describe('Katsu Pay counterparty operations', () => {
	const ctx = setupKatsuPay();

	test('Create sends the name, the Additional Fields and the bank accounts; the output is the new counterparty', async () => {
		const result = await ctx.run({
			resource: 'counterparty',
			operation: 'create',
			name: 'Globex Nigeria Ltd',
			bankAccounts: {
				bankAccount: [
					{ account: 2, accountName: 'Globex Nigeria Ltd', accountNumber: '0123456789', accountType: 1, bankCode: '058', bankName: 'GTBank', counterpartyType: 1, iban: '', bankAddress: '', routingNumber: '', swiftCode: 'GTBINGLA' },
					{ account: 4, accountName: 'Globex USD', accountNumber: '9876543210', accountType: 2, bankCode: '', bankName: 'Citi', counterpartyType: 2, iban: 'GB33BUKB20201555555555', bankAddress: '1 Bank St', routingNumber: '021000089', swiftCode: '' },
				],
			},
			additionalFields: {
				address: '12 Marina Road',
				city: 'Lagos',
				country: 'Nigeria',
				email: 'ap@globex.test',
				lei: '5493001KJTIIGC8Y1R12',
				phoneCode: '+234',
				phoneNumber: '8012345678',
				postalCode: '101241',
				state: 'Lagos',
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = requests(ctx.sandbox);
		expect([request.method, request.path, request.query]).toEqual(['POST', '/api/v1/Counterparties/save', {}]);
		expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({
			name: 'Globex Nigeria Ltd',
			email: 'ap@globex.test',
			address: '12 Marina Road',
			lei: '5493001KJTIIGC8Y1R12',
			country: 'Nigeria',
			phoneCode: '+234',
			phoneNumber: '8012345678',
			state: 'Lagos',
			city: 'Lagos',
			postalCode: '101241',
			bankAccounts: [
				{ account: 2, accountName: 'Globex Nigeria Ltd', accountNumber: '0123456789', accountType: 1, bankCode: '058', bankName: 'GTBank', counterpartyType: 1, swiftCode: 'GTBINGLA' },
				{ account: 4, accountName: 'Globex USD', accountNumber: '9876543210', accountType: 2, bankName: 'Citi', counterpartyType: 2, iban: 'GB33BUKB20201555555555', bankAddress: '1 Bank St', routingNumber: '021000089' },
			],
		});
		expect(result.json).toHaveLength(1);
		const created = result.json[0];
		expect(created).toMatchObject({ id: expect.any(String), userId: ctx.sandbox.state.userId, name: 'Globex Nigeria Ltd', city: 'Lagos' });
		expect(created.bankAccounts).toEqual([
			expect.objectContaining({ id: expect.any(String), counterpartyId: created.id, bankName: 'GTBank' }),
			expect.objectContaining({ id: expect.any(String), counterpartyId: created.id, bankName: 'Citi' }),
		]);
		expect([...ctx.sandbox.state.bankAccounts.values()].filter((a) => a.counterpartyId === created.id)).toHaveLength(2);
	});

	test('Create with a name only sends the name only', async () => {
		const result = await ctx.run({ resource: 'counterparty', operation: 'create', name: '  Initech  ' });
		expect(result.error).toBeUndefined();
		expect(requests(ctx.sandbox)[0].body).toEqual({ name: 'Initech' });
		expect(result.json[0]).toMatchObject({ name: 'Initech', email: null });
	});

	test('Create, Get, Update, Get: the change is visible in the second read', async () => {
		const created = await ctx.run({ resource: 'counterparty', operation: 'create', name: 'Hooli', additionalFields: { city: 'Abuja', email: 'old@hooli.test' } });
		const id = created.json[0].id;

		ctx.sandbox.server.clearLog();
		const before = await ctx.run({ resource: 'counterparty', operation: 'get', counterpartyId: rl(id) });
		const [read] = requests(ctx.sandbox);
		expect([read.method, read.path, read.query, read.rawBody]).toEqual(['GET', `/api/v1/Counterparties/get/${id}`, {}, '']);
		expect(read.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
		expect(before.json).toEqual([
			{
				id, userId: ctx.sandbox.state.userId, merchantId: ctx.sandbox.state.merchantId, name: 'Hooli', email: 'old@hooli.test',
				address: null, lei: null, country: null, phoneCode: null, phoneNumber: null, state: null, city: 'Abuja', postalCode: null,
			},
		]);

		ctx.sandbox.server.clearLog();
		const updated = await ctx.run({
			resource: 'counterparty',
			operation: 'update',
			counterpartyId: rl(id),
			updateFields: { email: 'ap@hooli.test', phoneNumber: '8098765432', name: 'Hooli Africa' },
		});
		expect(updated.error).toBeUndefined();
		const [put] = requests(ctx.sandbox);
		expect([put.method, put.path, put.query]).toEqual(['PUT', '/api/v1/Counterparties/update', {}]);
		expect(put.body).toEqual({ id, email: 'ap@hooli.test', phoneNumber: '8098765432', name: 'Hooli Africa' });
		expect(updated.json[0]).toMatchObject({ id, name: 'Hooli Africa', email: 'ap@hooli.test', city: 'Abuja' });

		const after = await ctx.run({ resource: 'counterparty', operation: 'get', counterpartyId: rl(id) });
		expect(after.json[0]).toMatchObject({ id, name: 'Hooli Africa', email: 'ap@hooli.test', phoneNumber: '8098765432', city: 'Abuja' });
	});

	test('Update outputs the request it made when Katsu Pay answers without a record', async () => {
		const counterparty = ctx.sandbox.seedCounterparty({ name: 'Soylent' });
		ctx.sandbox.server.inject({
			match: { method: 'PUT', path: '/api/v1/Counterparties/update' },
			status: 200,
			body: { succeeded: true, message: 'Counterparty updated', errors: [], data: true },
		});
		const result = await ctx.run({ resource: 'counterparty', operation: 'update', counterpartyId: rl(counterparty.id), updateFields: { state: 'Oyo' } });
		expect(JSON.parse(requests(ctx.sandbox)[0].rawBody)).toEqual({ id: counterparty.id, state: 'Oyo' });
		expect(result.json).toEqual([{ id: counterparty.id, updated: true, message: 'Counterparty updated', data: true }]);
	});

	test('The counterparty created in one node feeds the invoice of the next', async () => {
		const product = ctx.sandbox.seedProduct({ name: 'Consulting day' });
		const credentials = ctx.credentials;
		const result = await ctx.harness.runWorkflow({
			input: [{ company: 'Vandelay Industries', days: 3 }],
			nodes: [
				{ name: 'Deal', code: (items) => items },
				{ name: 'Create counterparty', type: 'katsuPay', credentials, parameters: { resource: 'counterparty', operation: 'create', name: '={{ $json.company }}' } },
				{
					name: 'Create invoice',
					type: 'katsuPay',
					credentials,
					parameters: {
						resource: 'invoice', operation: 'create', counterPartyId: rl('={{ $json.id }}'), receivingAccountId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
						dueDate: '2025-09-30', currency: 2,
						products: { product: [{ productId: rl(product.id, 'list'), quantity: "={{ $('Deal').item.json.days }}", unitPrice: 400 }] },
					},
				},
			],
			connections: [['Deal', 'Create counterparty'], ['Create counterparty', 'Create invoice']],
		});
		expect(result.error).toBeUndefined();
		const [invoice] = result.output('Create invoice').map((item) => item.json);
		expect(invoice.amount).toBe(1200);
		expect(ctx.sandbox.invoiceView(invoice.invoiceId).counterPartyName).toBe('Vandelay Industries');
	});
});
