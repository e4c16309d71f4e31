'use strict';
const { setupLevers, rl, apiRequests } = require('./setup');

describe('Levers contact operations', () => {
	const ctx = setupLevers();

	test('Create sends name and Additional Fields; Get reads it back; Update changes it', async () => {
		const created = await ctx.run({
			resource: 'contact', operation: 'create', name: 'Globex LLC',
			additionalFields: { email: 'ap@globex.test', city: 'Riyadh', emailTone: 'NEUTRAL', sendSmsNotif: true, sendSmsNotifLang: 'ARABIC', vatNumber: '300000000000003' },
		});
		expect(created.error).toBeUndefined();
		expect(apiRequests(ctx.sandbox)[0]).toMatchObject({
			method: 'POST', path: '/api-service/v1/contact',
			body: { name: 'Globex LLC', email: 'ap@globex.test', city: 'Riyadh', emailTone: 'NEUTRAL', sendSmsNotif: true, sendSmsNotifLang: 'ARABIC', vatNumber: '300000000000003' },
		});
		expect(Object.keys(apiRequests(ctx.sandbox)[0].body)).toHaveLength(7);
		const uuid = created.json[0].uuid;
		expect(created.json[0]).toMatchObject({ uuid: expect.any(String), name: 'Globex LLC' });

		ctx.sandbox.server.clearLog();
		const updated = await ctx.run({ resource: 'contact', operation: 'update', contact: rl(uuid, 'list'), updateFields: { phoneNumber: '+966500000000', name: 'Globex Arabia' } });
		expect(updated.error).toBeUndefined();
		expect(apiRequests(ctx.sandbox)[0]).toMatchObject({ method: 'PUT', path: '/api-service/v1/contact', body: { uuid, phoneNumber: '+966500000000', name: 'Globex Arabia' } });

		const read = await ctx.run({ resource: 'contact', operation: 'get', contact: rl(uuid) });
		expect(apiRequests(ctx.sandbox).at(-1)).toMatchObject({ method: 'GET', path: `/api-service/v1/contact/${uuid}` });
		expect(read.json[0]).toMatchObject({ uuid, name: 'Globex Arabia', phoneNumber: '+966500000000', city: 'Riyadh' });
	});

	describe('Get Many', () => {
		beforeAll(() => {
			for (let i = 1; i <= 230; i++) ctx.sandbox.seedContact({ name: `Bulk ${String(i).padStart(3, '0')}` });
		});

		test('Return All walks every page (page/size) and returns every contact once', async () => {
			const total = ctx.sandbox.state.contacts.size;
			const result = await ctx.run({ resource: 'contact', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.json).toHaveLength(total);
			expect(new Set(result.json.map((c) => c.uuid)).size).toBe(total);
			const pages = apiRequests(ctx.sandbox).map((r) => r.query);
			expect(pages.length).toBe(Math.ceil(total / 100) + (total % 100 === 0 ? 1 : 0));
			expect(pages.map((q) => q.page)).toEqual(pages.map((_, i) => String(i + 1)));
			expect(pages.every((q) => q.size === '100')).toBe(true);
		});

		test('Limit returns exactly that many, asking only for the pages needed', async () => {
			const result = await ctx.run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 7 });
			expect(result.json).toHaveLength(7);
			expect(apiRequests(ctx.sandbox).map((r) => r.query)).toEqual([{ page: '1', size: '7' }]);
		});

		test('A Limit above the page size pages through with a constant page size', async () => {
			const result = await ctx.run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 150 });
			expect(result.json).toHaveLength(150);
			expect(apiRequests(ctx.sandbox).map((r) => r.query)).toEqual([{ page: '1', size: '100' }, { page: '2', size: '100' }]);
			const all = [...ctx.sandbox.state.contacts.values()].slice(0, 150).map((c) => c.uuid);
			expect(result.json.map((c) => c.uuid)).toEqual(all);
		});
	});

	test('The Contact picker lists contacts through n8n list search, filtered and paged', async () => {
		const search = (filter, paginationToken) =>
			ctx.harness.listSearch({ type: 'levers', credentials: ctx.credentials, parameters: { authentication: 'clientCredentials' }, method: 'searchContacts', filter, paginationToken });
		const first = await search();
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toEqual(expect.any(String)); // opaque: see nodes/shared/pagination.ts
		expect(apiRequests(ctx.sandbox)[0]).toMatchObject({ method: 'GET', path: '/api-service/v1/contact', query: { page: '1', size: '50' } });
		const second = await search(undefined, first.paginationToken);
		expect(apiRequests(ctx.sandbox).at(-1).query).toEqual({ page: '2', size: '50' });
		expect(second.results[0].value).not.toBe(first.results[0].value);
		const filtered = await search('globex');
		expect(filtered.results).toEqual([{ name: 'Globex Arabia (ap@globex.test)', value: expect.any(String) }]);
	});

	test('The picker works with the access-token credential too', async () => {
		const result = await ctx.harness.listSearch({
			type: 'levers', credentials: ctx.tokenCredentials, parameters: { authentication: 'accessToken' }, method: 'searchContacts', filter: 'globex',
		});
		expect(result.results).toHaveLength(1);
		expect(apiRequests(ctx.sandbox).at(-1).headers.authorization).toBe('Bearer static-levers-token-777');
	});
});
