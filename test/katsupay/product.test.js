'use strict';
const { setupKatsuPay, rl, requests, ACCESS_TOKEN } = require('./setup');

describe('Katsu Pay products: Get Many and the invoice-line product picker', () => {
	const ctx = setupKatsuPay();
	beforeAll(() => {
		ctx.sandbox.seedProduct({ name: 'Gold plan', price: 99 });
		for (let i = 1; i <= 129; i++) ctx.sandbox.seedProduct({ name: `Item ${String(i).padStart(3, '0')}`, price: i });
	});

	test('Get Many with Return All walks every page (pageNumber/pageSize) and outputs one item per product', async () => {
		const result = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(130);
		expect(result.json.map((p) => p.id)).toEqual([...ctx.sandbox.state.products.keys()]);
		const pages = requests(ctx.sandbox);
		expect(pages.map((r) => [r.method, r.path])).toEqual(Array(3).fill(['GET', '/api/v1/Products']));
		expect(pages.map((r) => r.query)).toEqual([
			{ pageNumber: '1', pageSize: '50' },
			{ pageNumber: '2', pageSize: '50' },
			{ pageNumber: '3', pageSize: '50' },
		]);
		expect(pages.every((r) => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
		expect(result.json[0]).toEqual({ id: expect.any(String), name: 'Gold plan', description: null, price: 99, created: expect.any(String) });
	});

	test('Limit returns exactly that many, asking only for what is needed', async () => {
		const result = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: false, limit: 5 });
		expect(result.json.map((p) => p.name)).toEqual(['Gold plan', 'Item 001', 'Item 002', 'Item 003', 'Item 004']);
		expect(requests(ctx.sandbox).map((r) => r.query)).toEqual([{ pageNumber: '1', pageSize: '5' }]);
	});

	test('When the total is a multiple of the page size no extra empty page is requested', async () => {
		const result = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: false, limit: 100 });
		expect(result.json).toHaveLength(100);
		expect(requests(ctx.sandbox).map((r) => r.query.pageNumber)).toEqual(['1', '2']);
	});

	describe('the Product picker (list search searchProducts)', () => {
		const search = (filter, paginationToken, credentials = ctx.credentials) =>
			ctx.harness.listSearch({ type: 'katsuPay', credentials, method: 'searchProducts', filter, paginationToken });

		test('lists one page at a time with a token for the next', async () => {
			const first = await search();
			expect(first.results).toHaveLength(50);
			expect(first.results[0]).toEqual({ name: 'Gold plan', value: [...ctx.sandbox.state.products.keys()][0] });
			// The token is opaque (it carries the pages read so far, see nodes/shared/pagination.ts).
			expect(first.paginationToken).toEqual(expect.any(String));
			expect(requests(ctx.sandbox)[0]).toMatchObject({ method: 'GET', path: '/api/v1/Products', query: { pageNumber: '1', pageSize: '50' } });
			expect(requests(ctx.sandbox)[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
			const second = await search(undefined, first.paginationToken);
			expect(requests(ctx.sandbox).at(-1).query).toMatchObject({ pageNumber: '2', pageSize: '50' });
			expect(second.results[0].value).not.toBe(first.results[0].value);
			const third = await search(undefined, second.paginationToken);
			expect(requests(ctx.sandbox).at(-1).query).toMatchObject({ pageNumber: '3', pageSize: '50' });
			expect(third.results).toHaveLength(30);
			expect(third.paginationToken).toBeUndefined();
		});

		test('filters by name or ID', async () => {
			const gold = await search('GOLD');
			expect(gold.results).toEqual([{ name: 'Gold plan', value: expect.any(String) }]);
			const byId = await search(gold.results[0].value.slice(0, 8));
			expect(byId.results.map((r) => r.value)).toContain(gold.results[0].value);
		});

		test('the picked product goes into the invoice line', async () => {
			const [picked] = (await search('Item 007')).results;
			const counterparty = ctx.sandbox.seedCounterparty({ name: 'Picker Co' });
			ctx.sandbox.server.clearLog();
			const result = await ctx.run({
				resource: 'invoice', operation: 'create', counterPartyId: rl(counterparty.id), receivingAccountId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
				dueDate: '2025-08-01T00:00:00', currency: 2, products: { product: [{ productId: { __rl: true, mode: 'list', value: picked.value, cachedResultName: picked.name }, quantity: 4, unitPrice: 7 }] },
			});
			expect(result.json[0].amount).toBe(28);
			expect(requests(ctx.sandbox)[0].body.products).toEqual([{ productId: picked.value, quantity: 4, unitPrice: 7 }]);
		});

		test('a wrong token gives a clear error', async () => {
			const credentials = ctx.harness.credential('katsuPayInvoicingApi', { baseUrl: ctx.sandbox.baseUrl, accessToken: 'bad' });
			await expect(search(undefined, undefined, credentials)).rejects.toThrow(/Katsu Pay did not accept the credentials/);
		});

		test('succeeded:false is reported with Katsu Pay\'s message', async () => {
			ctx.sandbox.failWith200({ method: 'GET', path: '/api/v1/Products' }, 'Catalogue unavailable');
			await expect(search()).rejects.toThrow('Katsu Pay reported that the request failed (HTTP 200): Catalogue unavailable');
		});
	});
});

describe('Katsu Pay products when the server caps the page size', () => {
	const ctx = setupKatsuPay({ maxPageSize: 20 });

	test('Get Many and the picker follow the served page size', async () => {
		for (let i = 0; i < 30; i++) ctx.sandbox.seedProduct({ name: `P${i}` });
		const result = await ctx.run({ resource: 'product', operation: 'getAll', returnAll: true });
		expect(result.json).toHaveLength(30);
		expect(requests(ctx.sandbox).map((r) => r.query.pageNumber)).toEqual(['1', '2']);
		const first = await ctx.harness.listSearch({ type: 'katsuPay', credentials: ctx.credentials, method: 'searchProducts' });
		expect(first.results).toHaveLength(20);
		const second = await ctx.harness.listSearch({ type: 'katsuPay', credentials: ctx.credentials, method: 'searchProducts', paginationToken: first.paginationToken });
		expect(requests(ctx.sandbox).at(-1).query.pageNumber).toBe('2');
		expect(second.results).toHaveLength(10);
		expect(second.paginationToken).toBeUndefined();
	});
});
