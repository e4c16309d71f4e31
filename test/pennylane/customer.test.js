'use strict';
// Customers (create and update, companies and individuals; get, get many) and the searchable lists of the resource locators
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

	test('Create an individual customer: Customer Type Individual, first and last name, POST /individual_customers', async () => {
		const result = await ctx.run({
			resource: 'customer',
			operation: 'create',
			customerType: 'individual',
			firstName: 'Léa',
			lastName: 'Martin',
			// Company-only values left from an earlier choice are hidden, so not sent.
			name: 'Not sent SAS',
			address: '5 place Bellecour',
			postalCode: '69002',
			city: 'Lyon',
			countryCode: 'FR',
			additionalFields: {
				emails: 'lea@martin.test', externalReference: `crm-person-${mode}`, ledgerAccountNumber: '411100344', paymentConditions: '15_days', vatNumber: 'FR-not-sent',
				deliveryAddress: { address: { address: '9 quai Saint-Antoine', postalCode: '69002', city: 'Lyon', countryCode: 'FR' } },
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect([request.method, request.path]).toEqual(['POST', ctx.path('/individual_customers')]);
		expectModeHeaders(request, mode);
		expect(request.body).toEqual({
			first_name: 'Léa',
			last_name: 'Martin',
			billing_address: { address: '5 place Bellecour', postal_code: '69002', city: 'Lyon', country_alpha2: 'FR' },
			delivery_address: { address: '9 quai Saint-Antoine', postal_code: '69002', city: 'Lyon', country_alpha2: 'FR' },
			emails: ['lea@martin.test'],
			external_reference: `crm-person-${mode}`,
			ledger_account: { number: '411100344' },
			payment_conditions: '15_days',
		});
		expect(result.json[0]).toMatchObject({
			id: expect.any(Number), customer_type: 'individual', name: 'Léa Martin', first_name: 'Léa', last_name: 'Martin', delivery_address: { address: '9 quai Saint-Antoine' },
		});
		expect(ctx.sandbox.state.changes.at(-1)).toMatchObject({ resource: 'customers', id: result.json[0].id, operation: 'insert' });
	});

	test('Create checks the fields of the chosen type before sending, naming field and item', async () => {
		const base = { resource: 'customer', operation: 'create', address: '1 rue', postalCode: '75001', city: 'Paris', countryCode: 'FR' };
		const refused = async (parameters, input) => {
			const result = await ctx.run(parameters, { continueOnFail: true, input });
			expect(result.error).toBeUndefined();
			expect(result.items[result.items.length - 1].error.constructor.name).toBe('NodeOperationError');
			return result.items.map((item) => item.error?.message ?? item.json.id);
		};
		expect(await refused({ ...base, customerType: 'individual', firstName: '={{ $json.first }}', lastName: 'Durand' }, [{ first: 'Ana' }, {}])).toEqual([
			expect.any(Number),
			'Missing value for "First Name" in item 1: this field is required',
		]);
		expect(await refused({ ...base, customerType: 'individual', firstName: 'Ana', lastName: '={{ "" }}' })).toEqual(['Missing value for "Last Name" in item 0: this field is required']);
		expect(await refused({ ...base, customerType: 'individual', firstName: 'Ana', lastName: 'x'.repeat(1001) })).toEqual([
			'Invalid value for "Last Name" in item 0: must be at most 1000 characters, got 1001',
		]);
		expect(await refused({ ...base, customerType: 'company', name: '={{ "" }}' })).toEqual(['Missing value for "Name" in item 0: this field is required']);
		expect(await refused({ ...base, customerType: 'company', name: 'X', additionalFields: { deliveryAddress: { address: { address: '1 rue', postalCode: '75001', city: 'Paris' } } } })).toEqual([
			'Missing value for "Delivery Address › Country Code" in item 0: this field is required',
		]);
		// Customer Type takes no expression in the editor; a workflow file may still carry anything.
		expect(await refused({ ...base, customerType: 'person', name: 'X', firstName: 'A', lastName: 'B' })).toEqual([
			'Invalid value for "Customer Type" in item 0: must be one of "company", "individual", got "person"',
		]);
		expect(ctx.requests()).toHaveLength(1);
	});

	test('Update a company customer: PUT /company_customers/{id}, only the fields set, a partial billing address', async () => {
		const customer = ctx.sandbox.seedCustomer({ name: 'Before SAS', emails: ['old@before.test'] });
		const result = await ctx.run({
			resource: 'customer',
			operation: 'update',
			customerType: 'company',
			customer: rl(customer.id, 'list'),
			updateFields: {
				name: 'After SAS', city: 'Nantes', postalCode: '44000', emails: 'a@after.test, b@after.test', vatNumber: 'FR99999999999', paymentConditions: '60_days',
				deliveryAddress: { address: { address: '2 quai de la Fosse', city: '', countryCode: 'FR' } },
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect([request.method, request.path]).toEqual(['PUT', ctx.path(`/company_customers/${customer.id}`)]);
		expectModeHeaders(request, mode);
		expect(request.body).toEqual({
			name: 'After SAS',
			billing_address: { postal_code: '44000', city: 'Nantes' },
			// Update takes the parts given (a part left empty is not sent).
			delivery_address: { address: '2 quai de la Fosse', country_alpha2: 'FR' },
			emails: ['a@after.test', 'b@after.test'],
			vat_number: 'FR99999999999',
			payment_conditions: '60_days',
		});
		expect(result.json[0]).toMatchObject({ id: customer.id, name: 'After SAS', billing_address: { address: '1 rue de la Paix', postal_code: '44000', city: 'Nantes', country_alpha2: 'FR' } });
		expect(ctx.sandbox.state.changes.at(-1)).toMatchObject({ resource: 'customers', id: customer.id, operation: 'update' });
	});

	test('Update an individual customer: PUT /individual_customers/{id}; company-only fields are not offered', async () => {
		const person = ctx.sandbox.seedIndividual({ first_name: 'Jean', last_name: 'Valjean' });
		const result = await ctx.run({
			resource: 'customer',
			operation: 'update',
			customerType: 'individual',
			customer: rl(person.id),
			updateFields: { lastName: 'Madeleine', countryCode: 'BE', billingLanguage: 'en_GB', regNo: 'not sent' },
		});
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect([request.method, request.path]).toEqual(['PUT', ctx.path(`/individual_customers/${person.id}`)]);
		expect(request.body).toEqual({ last_name: 'Madeleine', billing_address: { country_alpha2: 'BE' }, billing_language: 'en_GB' });
		expect(result.json[0]).toMatchObject({ id: person.id, customer_type: 'individual', name: 'Jean Madeleine', billing_address: { city: 'Bordeaux', country_alpha2: 'BE' } });
	});

	test('Update checks before sending (ID, nothing to change, bad values); a wrong Customer Type gets Pennylane\'s 404', async () => {
		const person = ctx.sandbox.seedIndividual();
		const update = (fields) => ({ resource: 'customer', operation: 'update', customerType: 'individual', customer: rl(person.id), updateFields: { notes: 'x' }, ...fields });
		const message = async (parameters) => (await ctx.run(parameters, { continueOnFail: true })).items[0].error;
		let error = await message(update({ updateFields: {} }));
		expect([error.constructor.name, error.message]).toEqual(['NodeOperationError', 'Invalid value for "Update Fields" in item 0: add at least one field to change']);
		error = await message(update({ customer: rl('={{ "C-12" }}') }));
		expect(error.message).toMatch(/^Invalid value for "Customer" in item 0: must be an ID/);
		error = await message(update({ updateFields: { countryCode: 'Belgium' } }));
		expect(error.message).toBe('Invalid value for "Country Code" in item 0: must be a two-letter country code such as FR, got "Belgium"');
		error = await message(update({ updateFields: { emails: 'ok@x.test, nope' } }));
		expect(error.message).toBe('Invalid value for "Emails" in item 0: entry 2 must be an email address, got "nope"');
		expect(ctx.requests()).toHaveLength(0);

		error = await message(update({ customerType: 'company' }));
		expect([error.constructor.name, error.httpCode]).toEqual(['NodeApiError', '404']);
		expect(error.message).toMatch(/Company customer not found/);
		expect(ctx.requests().map((r) => [r.method, r.path])).toEqual([['PUT', ctx.path(`/company_customers/${person.id}`)]]);
	});

	test('Customer Update carries the unconfirmed-listing note for Billy; Create (Billy lists POST /individual_customers) does not', () => {
		const { Pennylane } = require('../../dist/nodes/Pennylane/Pennylane.node.js');
		const selector = new Pennylane().description.properties.find((p) => p.name === 'operation' && p.displayOptions.show.resource.includes('customer'));
		const describe = (value) => selector.options.find((o) => o.value === value).description;
		expect(describe('update').endsWith("Through Billy: unconfirmed, Billy's API reference does not list this endpoint.")).toBe(true);
		expect(describe('create')).not.toMatch(/Billy/);
	});

	test('Get an individual customer by ID (GET /customers/{id} serves both kinds)', async () => {
		const person = ctx.sandbox.seedIndividual({ first_name: 'Ada', last_name: 'Lovelace' });
		const result = await ctx.run({ resource: 'customer', operation: 'get', customer: rl(person.id) });
		expect(ctx.requests().map((r) => [r.method, r.path])).toEqual([['GET', ctx.path(`/customers/${person.id}`)]]);
		expect(result.json).toEqual([person]);
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

		test('Customers: individuals are listed and searched by their name too', async () => {
			const person = ctx.sandbox.seedIndividual({ first_name: 'Grace', last_name: 'Hopperian', emails: ['grace@navy.test'] });
			const found = await search('searchCustomers', 'hopperian');
			expect(found.results).toEqual([{ name: 'Grace Hopperian (grace@navy.test)', value: String(person.id) }]);
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
