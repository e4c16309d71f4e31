'use strict';
// Products (create, update, get, get many), end to end through n8n-core against the sandbox, with
// both credentials (Billy's reference does not list /products; the node offers them through Billy
// with a note, and the sandbox answers them the same way in both modes).
const { setupPennylane, rl, expectModeHeaders } = require('./setup');

const BILLY_NOTE = "Through Billy: unconfirmed, Billy's API reference does not list this endpoint.";

describe.each(['pennylane', 'billy'])('Pennylane products (%s credential)', (mode) => {
	const ctx = setupPennylane(mode);

	/** Runs with Continue On Fail and returns the item's error (a check that stopped the item). */
	async function refused(parameters, input) {
		const result = await ctx.run(parameters, { continueOnFail: true, input });
		const { error } = result.items[0];
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.description).toMatch(/Nothing was sent/);
		return error.message;
	}

	test('Create sends the documented body: price as exact decimal text, VAT code, optional fields', async () => {
		const result = await ctx.run({
			resource: 'product',
			operation: 'create',
			label: 'Support hour',
			priceBeforeTax: '={{ 0.1 + 0.2 }}',
			vatRate: 'FR_200',
			additionalFields: {
				currency: 'EUR',
				description: 'Remote support, per hour',
				externalReference: `sku-support-${mode}`,
				ledgerAccountId: '706',
				reference: 'SUP-1',
				unit: 'hour',
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect([request.method, request.path]).toEqual(['POST', ctx.path('/products')]);
		expectModeHeaders(request, mode);
		expect(request.body).toEqual({
			label: 'Support hour',
			price_before_tax: '0.3',
			vat_rate: 'FR_200',
			currency: 'EUR',
			description: 'Remote support, per hour',
			external_reference: `sku-support-${mode}`,
			ledger_account_id: 706,
			reference: 'SUP-1',
			unit: 'hour',
		});
		expect(result.json[0]).toMatchObject({ id: expect.any(Number), label: 'Support hour', price_before_tax: '0.3', ledger_account: { id: 706 } });
		expect(ctx.sandbox.state.changes.at(-1)).toMatchObject({ resource: 'products', id: result.json[0].id, operation: 'insert' });
	});

	test('Create keeps a decimal price digit for digit (more digits than a double prints) and sends Substance only when added', async () => {
		const result = await ctx.run({ resource: 'product', operation: 'create', label: 'SMS', priceBeforeTax: '1234567.012345', vatRate: 'FR_200', additionalFields: { substance: 'services' } });
		expect(result.error).toBeUndefined();
		expect(ctx.requests()[0].body).toEqual({ label: 'SMS', price_before_tax: '1234567.012345', vat_rate: 'FR_200', substance: 'services' });
		expect(ctx.sandbox.state.products.get(result.json[0].id).price_before_tax).toBe('1234567.012345');
	});

	test('Create checks before sending: label, price and VAT rate required; price and VAT code shapes', async () => {
		const base = { resource: 'product', operation: 'create', label: 'X', priceBeforeTax: '10', vatRate: 'FR_200' };
		// Empty from an expression (a literal empty required field is refused by n8n itself before the node runs).
		expect(await refused({ ...base, label: '={{ $json.missing }}' })).toBe('Missing value for "Label" in item 0: this field is required');
		expect(await refused({ ...base, priceBeforeTax: '={{ "" }}' })).toBe('Missing value for "Price (Excl. Tax)" in item 0: this field is required');
		expect(await refused({ ...base, vatRate: '={{ "  " }}' })).toBe('Missing value for "VAT Rate" in item 0: this field is required');
		expect(await refused({ ...base, priceBeforeTax: '12,50' })).toBe('Invalid value for "Price (Excl. Tax)" in item 0: must use a dot as decimal separator, got "12,50"');
		expect(await refused({ ...base, priceBeforeTax: '0.1234567' })).toBe(
			'Invalid value for "Price (Excl. Tax)" in item 0: must have at most 6 decimals (it is not rounded), got "0.1234567"',
		);
		expect(await refused({ ...base, vatRate: '={{ "20%" }}' })).toBe('Invalid value for "VAT Rate" in item 0: must be a Pennylane VAT code such as FR_200 (20 %) or exempt, got "20%"');
		expect(await refused({ ...base, additionalFields: { ledgerAccountId: '70 6' } })).toMatch(/^Invalid value for "Ledger Account ID" in item 0: must be an ID/);
		expect(await refused({ ...base, additionalFields: { description: 'x'.repeat(5001) } })).toBe('Invalid value for "Description" in item 0: must be at most 5000 characters, got 5001');
		// The second item is the bad one: the error names it, the first item was created.
		const input = [{ price: '5' }, { price: 'five' }];
		const result = await ctx.run({ ...base, priceBeforeTax: '={{ $json.price }}' }, { continueOnFail: true, input });
		expect(result.items[0].json.price_before_tax).toBe('5');
		expect(result.items[1].error.message).toBe('Invalid value for "Price (Excl. Tax)" in item 1: must be a number such as 12.5 (digits, an optional sign and decimal point), got "five"');
		expect(ctx.requests()).toHaveLength(1);
	});

	test('A VAT code missing from the offered list but shaped like one is sent (the list is not complete)', async () => {
		const result = await ctx.run({ resource: 'product', operation: 'create', label: 'Wine', priceBeforeTax: '12', vatRate: '={{ "DE_intracom_70_BU0012" }}' });
		expect(result.error).toBeUndefined();
		expect(ctx.requests()[0].body.vat_rate).toBe('DE_intracom_70_BU0012');
	});

	test('Update sends only the fields set, price as exact text; outputs the product', async () => {
		const product = ctx.sandbox.seedProduct({ label: 'Old label', price_before_tax: '100' });
		const result = await ctx.run({ resource: 'product', operation: 'update', product: rl(product.id, 'list'), updateFields: { label: 'New label', priceBeforeTax: 19.9 } });
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect([request.method, request.path]).toEqual(['PUT', ctx.path(`/products/${product.id}`)]);
		expectModeHeaders(request, mode);
		expect(request.body).toEqual({ label: 'New label', price_before_tax: '19.9' });
		expect(result.json[0]).toMatchObject({ id: product.id, label: 'New label', price_before_tax: '19.9', vat_rate: 'FR_200' });
		expect(ctx.sandbox.state.changes.at(-1)).toMatchObject({ resource: 'products', id: product.id, operation: 'update' });
	});

	test('Update checks before sending: the product ID, at least one field, the fields set', async () => {
		const product = ctx.sandbox.seedProduct();
		expect(await refused({ resource: 'product', operation: 'update', product: rl(product.id), updateFields: {} })).toBe(
			'Invalid value for "Update Fields" in item 0: add at least one field to change',
		);
		expect(await refused({ resource: 'product', operation: 'update', product: rl('={{ "P-1" }}'), updateFields: { label: 'x' } })).toMatch(
			/^Invalid value for "Product" in item 0: must be an ID/,
		);
		expect(await refused({ resource: 'product', operation: 'update', product: rl(product.id), updateFields: { priceBeforeTax: '1e3' } })).toBe(
			'Invalid value for "Price (Excl. Tax)" in item 0: must be written without an exponent (such as 1500 or 0.0001), got "1e3"',
		);
		expect(ctx.requests()).toHaveLength(0);
	});

	test('Update of an unknown product: Pennylane\'s 404 message, as an API error', async () => {
		const result = await ctx.run({ resource: 'product', operation: 'update', product: rl(999999), updateFields: { label: 'x' } }, { continueOnFail: true });
		expect(result.items[0].error.constructor.name).toBe('NodeApiError');
		expect(result.items[0].error.message).toMatch(/Product not found/);
		expect(result.items[0].error.httpCode).toBe('404');
	});

	test('Get a product by ID', async () => {
		const product = ctx.sandbox.seedProduct({ label: 'Audit', reference: 'AUD' });
		const result = await ctx.run({ resource: 'product', operation: 'get', product: rl(product.id) });
		expect(result.error).toBeUndefined();
		expect(ctx.requests().map((r) => [r.method, r.path])).toEqual([['GET', ctx.path(`/products/${product.id}`)]]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(result.json).toEqual([ctx.sandbox.productView(product.id)]);
		expect(await refused({ resource: 'product', operation: 'get', product: rl('={{ "" }}') })).toBe('Missing value for "Product" in item 0: this field is required');
	});

	test('Get Many: Return All over pages, Limit, newest first by default, Sort', async () => {
		for (let i = 0; i < 103; i++) ctx.sandbox.seedProduct({ label: `Bulk ${i}` });
		const total = ctx.sandbox.state.products.size;
		const all = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(ctx.requests().map((r) => r.query)).toEqual([{ limit: '100' }, { limit: '100', cursor: expect.any(String) }]);
		expectModeHeaders(ctx.requests()[0], mode);
		expect(all.json).toHaveLength(total);
		const ids = all.json.map((p) => p.id);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));

		ctx.sandbox.server.clearLog();
		const oldest = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: false, limit: 3, options: { sort: 'id' } });
		expect(ctx.requests().map((r) => r.query)).toEqual([{ limit: '3', sort: 'id' }]);
		expect(oldest.json.map((p) => p.id)).toEqual([...ctx.sandbox.state.products.keys()].sort((a, b) => a - b).slice(0, 3));
	});

	test('Get Many filters: label, reference, external reference (exact) and IDs, sent as Pennylane\'s JSON filter', async () => {
		const a = ctx.sandbox.seedProduct({ label: 'Filter target', reference: 'FT-1', external_reference: `ft-${mode}` });
		const b = ctx.sandbox.seedProduct({ label: 'Filter other', reference: 'FT-2' });
		const byLabel = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true, filters: { label: 'Filter target' } });
		expect(ctx.requests()[0].query).toEqual({ filter: JSON.stringify([{ field: 'label', operator: 'eq', value: 'Filter target' }]), limit: '100' });
		expect(byLabel.json.map((p) => p.id)).toEqual([a.id]);

		ctx.sandbox.server.clearLog();
		const combined = await ctx.run({
			resource: 'product', operation: 'getAll', returnAll: true,
			filters: { ids: `${a.id}, ${b.id}`, reference: 'FT-1', externalReference: `ft-${mode}` },
		});
		expect(JSON.parse(ctx.requests()[0].query.filter)).toEqual([
			{ field: 'id', operator: 'in', value: [a.id, b.id] },
			{ field: 'reference', operator: 'eq', value: 'FT-1' },
			{ field: 'external_reference', operator: 'eq', value: `ft-${mode}` },
		]);
		expect(combined.json.map((p) => p.id)).toEqual([a.id]);

		ctx.sandbox.server.clearLog();
		const byIds = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true, filters: { ids: `${a.id},${b.id}` } });
		expect(byIds.json.map((p) => p.id)).toEqual([b.id, a.id]);

		expect(await refused({ resource: 'product', operation: 'getAll', returnAll: true, filters: { ids: `${a.id}, abc` } })).toBe(
			'Invalid value for "Filters › IDs" in item 0: entry 2 must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got "abc"',
		);
	});

	test('Get Many: a list answer outside the filter (a proxy that dropped it) is an error, not unrelated products', async () => {
		ctx.sandbox.seedProduct({ label: 'Unrelated' });
		ctx.sandbox.server.setHostile({ ignoreFilters: true, match: { method: 'GET', path: ctx.path('/products') } });
		let result;
		try {
			result = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true, filters: { label: 'Wanted' } }, { continueOnFail: true });
		} finally {
			ctx.sandbox.server.setHostile({});
		}
		expect(result.items[0].error.message).toMatch(/answered with records outside the filter "Label = Wanted": the filter was not applied/);
	});

	test('Get Many with Simplify: the compact view', async () => {
		const product = ctx.sandbox.seedProduct({ label: 'Simple', description: 'long text', reference: 'S-1', ledger_account_id: 42 });
		const result = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true, filters: { reference: 'S-1' }, simplify: true });
		expect(result.json).toEqual([
			{ id: product.id, label: 'Simple', reference: 'S-1', external_reference: null, price_before_tax: '800', vat_rate: 'FR_200', currency: 'EUR', unit: 'day', archived_at: null, ledger_account_id: 42 },
		]);
	});

	test('Get with Simplify: the same compact view as Get Many', async () => {
		const product = ctx.sandbox.seedProduct({ label: 'One', description: 'long text', reference: 'S-2' });
		const full = await ctx.run({ resource: 'product', operation: 'get', product: rl(product.id) });
		expect(full.json[0].description).toBe('long text');
		const result = await ctx.run({ resource: 'product', operation: 'get', product: rl(product.id), simplify: true });
		expect(result.json).toEqual([
			{ id: product.id, label: 'One', reference: 'S-2', external_reference: null, price_before_tax: '800', vat_rate: 'FR_200', currency: 'EUR', unit: 'day', archived_at: null },
		]);
	});

	test('The operations through Billy carry the unconfirmed-listing note in their descriptions', () => {
		const { Pennylane } = require('../../dist/nodes/Pennylane/Pennylane.node.js');
		const selector = new Pennylane().description.properties.find((p) => p.name === 'operation' && p.displayOptions.show.resource.includes('product'));
		expect(selector.options.map((o) => o.value).sort()).toEqual(['create', 'get', 'getAll', 'update']);
		for (const option of selector.options) expect(option.description.endsWith(BILLY_NOTE)).toBe(true);
	});
});
