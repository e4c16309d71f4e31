'use strict';
// Customers (create, get, get many) and the searchable lists of the resource locators
// (customers, products, invoices), with both credentials.
const { setupPennylane, rl, expectModeHeaders } = require('./setup');

describe.each(['pennylane', 'billy'])('Pennylane customers and pickers (%s credential)', (mode) => {
	const ctx = setupPennylane(mode);

	test('Create a company customer: name and billing address, optional fields, emails as a list', async () => {
		const result = await ctx.run({
			resource: 'customer',
			operation: 'create',
			name: 'Initech SA',
			address: '12 avenue des Champs',
			postalCode: '69001',
			city: 'Lyon',
			countryCode: 'FR',
			additionalFields: {
				emails: 'compta@initech.test, ceo@initech.test',
				externalReference: `crm-company-${mode}`,
				vatNumber: 'FR12345678901',
				regNo: '123456789',
				paymentConditions: '45_days',
				billingLanguage: 'en_GB',
				phone: '+33 4 00 00 00 00',
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect([request.method, request.path]).toEqual(['POST', ctx.path('/company_customers')]);
		expectModeHeaders(request, mode);
		expect(request.body).toEqual({
			name: 'Initech SA',
			billing_address: { address: '12 avenue des Champs', postal_code: '69001', city: 'Lyon', country_alpha2: 'FR' },
			emails: ['compta@initech.test', 'ceo@initech.test'],
			external_reference: `crm-company-${mode}`,
			vat_number: 'FR12345678901',
			reg_no: '123456789',
			payment_conditions: '45_days',
			billing_language: 'en_GB',
			phone: '+33 4 00 00 00 00',
		});
		expect(result.json[0]).toMatchObject({ id: expect.any(Number), customer_type: 'company', name: 'Initech SA', emails: ['compta@initech.test', 'ceo@initech.test'] });
		expect(ctx.sandbox.state.customers.get(result.json[0].id).billing_address.city).toBe('Lyon');
	});

	test('Get a customer by ID', async () => {
		const customer = ctx.sandbox.seedCustomer({ name: 'Hooli' });
		const result = await ctx.run({ resource: 'customer', operation: 'get', customer: rl(customer.id) });
		expect(result.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path])).toEqual([['GET', ctx.path(`/customers/${customer.id}`)]]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(result.json).toEqual([customer]);
	});

	test('Get Many customers: filters as JSON, Return All over pages, Limit', async () => {
		for (let i = 0; i < 105; i++) ctx.sandbox.seedCustomer({ name: `Bulk ${i}` });
		const all = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(ctx.requests().map((r) => r.query)).toEqual([{ limit: '100' }, { limit: '100', cursor: expect.any(String) }]);
		expect(all.json.length).toBe(ctx.sandbox.state.customers.size);

		ctx.sandbox.server.clearLog();
		const named = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 5, filters: { name: 'Bulk 42' } });
		expect(ctx.requests()[0].query).toEqual({ filter: JSON.stringify([{ field: 'name', operator: 'eq', value: 'Bulk 42' }]), limit: '5' });
		expectModeHeaders(ctx.requests()[0], mode);
		expect(named.json.map((c) => c.name)).toEqual(['Bulk 42']);

		ctx.sandbox.server.clearLog();
		const few = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 7 });
		expect(ctx.requests()[0].query).toEqual({ limit: '7' });
		expect(few.json).toHaveLength(7);
	});

	describe('searchable lists', () => {
		const search = (method, filter, paginationToken) =>
			ctx.harness.listSearch({
				type: 'pennylane',
				parameters: { authentication: ctx.authentication },
				credentials: ctx.credentials,
				method,
				filter,
				paginationToken,
			});

		test('Customers: searched by name, email or ID, with the next page token', async () => {
			const target = ctx.sandbox.seedCustomer({ name: 'Zorg Industries', emails: ['pay@zorg.test'] });
			const byName = await search('searchCustomers', 'zorg');
			expect(byName.results).toEqual([{ name: 'Zorg Industries (pay@zorg.test)', value: String(target.id) }]);
			const request = ctx.requests()[0];
			expect([request.method, request.path, request.query]).toEqual(['GET', ctx.path('/customers'), { limit: '100' }]);
			expectModeHeaders(request, mode);

			const first = await search('searchCustomers');
			expect(first.results).toHaveLength(100);
			expect(first.paginationToken).toEqual(expect.any(String));
			const cursor = ctx.requests().at(-1).response.next_cursor;
			const second = await search('searchCustomers', undefined, first.paginationToken);
			// The token is opaque (it carries the pages read so far); the request asks for the cursor Pennylane gave.
			expect(ctx.requests().at(-1).query).toEqual({ limit: '100', cursor });
			expect(second.results.length).toBeGreaterThan(0);
			expect(second.results.map((r) => r.value)).not.toContain(first.results[0].value);
		});

		test('Products: label and price; the line picker', async () => {
			const product = ctx.sandbox.seedProduct({ label: 'Annual licence', price_before_tax: '1200', reference: 'LIC-1' });
			const found = await search('searchProducts', 'licence');
			expect(found.results).toEqual([{ name: 'Annual licence (LIC-1, 1200 EUR)', value: String(product.id) }]);
			expect(ctx.requests()[0].path).toBe(ctx.path('/products'));
		});

		test('Invoices: by number or label', async () => {
			const customer = ctx.sandbox.seedCustomer({ name: 'Picker Co' });
			const invoice = ctx.sandbox.seedInvoice({
				customer_id: customer.id, date: '2025-09-01', deadline: '2025-09-30', draft: false,
				invoice_lines: [{ label: 'Item', quantity: 1, unit: 'piece', raw_currency_unit_price: '10', vat_rate: 'FR_200' }],
			});
			const found = await search('searchInvoices', invoice.invoice_number);
			expect(found.results).toEqual([{ name: `${invoice.invoice_number}: Picker Co - ${invoice.invoice_number}, 12 EUR, 2025-09-01`, value: String(invoice.id) }]);
		});

		test('A picker error names the provider and its message', async () => {
			const bad = ctx.harness.credential(mode === 'billy' ? 'billyInvoicingApi' : 'pennylaneInvoicingApi',
				mode === 'billy' ? { baseUrl: ctx.sandbox.baseUrl, accessToken: 'nope', sourceSoftware: 'HUBSPOT' } : { baseUrl: ctx.sandbox.baseUrl, apiToken: 'nope' });
			await expect(
				ctx.harness.listSearch({ type: 'pennylane', parameters: { authentication: ctx.authentication }, credentials: bad, method: 'searchCustomers' }),
			).rejects.toMatchObject({ httpCode: '401', message: expect.stringContaining('Access token is missing or invalid') });
		});
	});
});
