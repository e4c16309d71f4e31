'use strict';
// Issue #14, hostile providers: lists and unreadable answers, run through n8n's engine against the
// sandboxes' hostile behaviours (test/sandbox/server.js `setHostile`).
//
//   ignorePaging   every list-like operation (Get Many with Return All, list searches, the duplicate
//                  look-up, Pennylane's invoice lines): a bounded number of requests and a clear
//                  NodeApiError, never an endless walk or a list silently cut short;
//                  plus the stop rules themselves: the `pages`/`total` an answer reports, an empty
//                  page, and the hard ceiling (MAX_PAGES in nodes/shared/pagination.ts);
//   ignoreFilters  the duplicate look-ups: only the invoice asked for is returned, updated or named;
//                  Get Many with filters: an error rather than records the filters exclude;
//   nonJson        EVERY operation of every node (the list comes from the built node descriptions,
//                  with the valid parameter sets of ./bad-input-providers.js), the list searches and
//                  the duplicate look-ups: a NodeApiError saying the answer could not be read (for a
//                  request that changes something, that it may have been processed), never "nothing found".
const { start, rl, RECEIVING_ACCOUNT } = require('./start');
const { PROVIDERS } = require('./bad-input-providers');
const { operationsOf, loadDescription } = require('./bad-input-cases');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');
const { createPennylaneHarness, credentialFor, BILLY_TOKEN, ROOMY_LIMIT } = require('../pennylane/setup');

const MAX_PAGES = 1000; // nodes/shared/pagination.ts
const UNREADABLE = /sent an answer that could not be read \(HTTP 200|could not be read as a list/;
const REPEATED = /repeats an earlier page: the API seems to ignore the paging parameter|cursor repeated/;

/** The error of a failed run as n8n keeps it (a NodeApiError, or the copy of its own properties). */
function expectApiError(result, pattern) {
	expect(result.error).toBeDefined();
	expect(result.error.name).toBe('NodeApiError');
	expect(result.error.message).toMatch(pattern);
	expect(result.items ?? []).toEqual([]);
	return result.error;
}

const run = (ctx, parameters, options = {}) =>
	ctx.harness.runNode({ type: ctx.type, parameters: { ...(ctx.authentication && ctx.type !== 'katsuPay' ? { authentication: ctx.authentication } : {}), ...parameters }, credentials: ctx.credentials, ...options });
const listSearch = (ctx, method, paginationToken, filter) =>
	ctx.harness.listSearch({ type: ctx.type, credentials: ctx.credentials, parameters: ctx.authentication ? { authentication: ctx.authentication } : {}, method, filter, paginationToken });
const requestsTo = (ctx, method, path) => ctx.sandbox.server.requestsTo(method, path);

/** Pennylane through Billy (a proxy whose filter support is unconfirmed), as ./start.js starts the others. */
async function startBilly() {
	const sandbox = createPennylaneSandbox({ mode: 'billy', tokens: [BILLY_TOKEN], rateLimit: ROOMY_LIMIT });
	await sandbox.start();
	const harness = createPennylaneHarness();
	const credentials = credentialFor(harness, sandbox);
	return { sandbox, harness, credentials, type: 'pennylane', authentication: 'billyInvoicingApi', customer: sandbox.seedCustomer({ name: 'Reliability SAS' }) };
}

/** A sandbox for a describe block (`seed(ctx)` once), well-behaved and with an empty log before each test. */
function sandboxFor(name, options, seed = () => {}) {
	const ctx = {};
	beforeAll(async () => {
		Object.assign(ctx, name === 'billy' ? await startBilly() : await start(name, options));
		seed(ctx);
	});
	beforeEach(() => {
		ctx.sandbox.server.setHostile({});
		ctx.sandbox.server.clearLog();
	});
	afterAll(() => ctx.sandbox.stop());
	return ctx;
}

// ---------------------------------------------------------------- paging ignored, and the stop rules

describe('Levers contacts: Return All and the Contact picker', () => {
	const PATH = '/api-service/v1/contact';
	const ctx = sandboxFor('levers', { accessToken: true }, () => {
		for (let i = 0; i < 149; i++) ctx.sandbox.seedContact({ name: `Contact ${i}` }); // 150 with start()'s one
	});

	test('behaving server: all 150 contacts in 2 requests', async () => {
		const result = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(new Set(result.json.map((c) => c.uuid)).size).toBe(150);
		expect(requestsTo(ctx, 'GET', PATH).map((r) => r.query.page)).toEqual(['1', '2']);
	});

	test('server ignores `page`: fails after 2 requests, naming what happened (it looped forever before)', async () => {
		ctx.sandbox.server.setHostile({ ignorePaging: true });
		const result = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: true });
		const error = expectApiError(result, REPEATED);
		expect(error.message).toContain('Page 2 of the Levers list GET /contact');
		expect(requestsTo(ctx, 'GET', PATH)).toHaveLength(2);
	});

	test('stops on the `pages` the answer reports: a full last page is not followed by an empty one', async () => {
		// 100 contacts = exactly one full page, answered with pages: 1
		ctx.sandbox.server.inject({
			match: { method: 'GET', path: PATH },
			status: 200,
			body: { items: Array.from({ length: 100 }, (_, i) => ({ uuid: `u-${i}`, name: `N${i}` })), total: 100, page: 1, size: 100, pages: 1 },
		});
		const result = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(100);
		expect(requestsTo(ctx, 'GET', PATH)).toHaveLength(1);
	});

	test('an empty page ends the list even when the answer claims more', async () => {
		ctx.sandbox.server.inject({ match: { method: 'GET', path: PATH }, status: 200, body: { items: [{ uuid: 'a', name: 'A' }], total: 500, page: 1, size: 1, pages: 500 } });
		ctx.sandbox.server.inject({ match: { method: 'GET', path: PATH }, status: 200, body: { items: [], total: 500, page: 2, size: 1, pages: 500 } });
		const result = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([{ uuid: 'a', name: 'A' }]);
		expect(requestsTo(ctx, 'GET', PATH)).toHaveLength(2);
	});

	test(`a list that never ends (new records on every page): fails at the ceiling of ${MAX_PAGES} pages, returning nothing`, async () => {
		for (let i = 0; i < MAX_PAGES + 5; i++) {
			ctx.sandbox.server.inject({
				match: { method: 'GET', path: PATH },
				status: 200,
				body: { items: [{ uuid: `endless-${i}`, name: `E${i}` }], total: 1e9, page: i + 1, size: 1, pages: 1e9 },
			});
		}
		const result = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: true });
		const error = expectApiError(result, new RegExp(`^Stopped at the node's limit of ${MAX_PAGES} pages per list: the Levers list GET /contact has more \\(${MAX_PAGES} records read\\)`));
		expect(error.description).toMatch(/Nothing is returned rather than an incomplete list/);
		expect(requestsTo(ctx, 'GET', PATH)).toHaveLength(MAX_PAGES);
		ctx.sandbox.server.faults.length = 0;
	}, 120000);

	test('the Contact picker: the next page from an API that ignores `page` fails instead of scrolling forever', async () => {
		const first = await listSearch(ctx, 'searchContacts');
		expect(first.results).toHaveLength(50);
		ctx.sandbox.server.setHostile({ ignorePaging: true });
		await expect(listSearch(ctx, 'searchContacts', first.paginationToken)).rejects.toThrow(REPEATED);
		expect(requestsTo(ctx, 'GET', PATH)).toHaveLength(2);
	});

	test('an answer without a list (200 `{}`) is an error, not "no contacts"', async () => {
		ctx.sandbox.server.inject({ match: { method: 'GET', path: PATH }, status: 200, body: {}, times: 2 });
		expectApiError(await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: true }), /The answer for page 1 of the Levers list GET \/contact could not be read as a list/);
		await expect(listSearch(ctx, 'searchContacts')).rejects.toThrow(/could not be read as a list/);
	});
});

describe('Katsu Pay: Get Many (invoices, products), the Product picker', () => {
	const ctx = sandboxFor('katsupay', {}, () => {
		for (let i = 0; i < 70; i++) {
			ctx.sandbox.seedProduct({ name: `Product ${i}` });
			ctx.sandbox.seedInvoice({ counterPartyId: ctx.counterparty.id, description: `inv ${i}`, products: [{ productId: ctx.product.id, quantity: 1, unitPrice: 10 }] });
		}
	});

	for (const [resource, path, page] of [['invoice', '/api/v1/Invoice/getAll', 'PageNumber'], ['product', '/api/v1/Products', 'pageNumber']]) {
		test(`${resource} Get Many, behaving server: every record, stopping on the reported total`, async () => {
			const result = await run(ctx, { resource, operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.json.length).toBeGreaterThanOrEqual(70);
			expect(requestsTo(ctx, 'GET', path).map((r) => r.query[page])).toEqual(['1', '2']);
		});

		test(`${resource} Get Many, server ignores the page number: fails after 2 requests`, async () => {
			ctx.sandbox.server.setHostile({ ignorePaging: true });
			expectApiError(await run(ctx, { resource, operation: 'getAll', returnAll: true }), REPEATED);
			expect(requestsTo(ctx, 'GET', path)).toHaveLength(2);
		});
	}

	test('invoice Get Many with filters a proxy drops: an error, not invoices the filters exclude', async () => {
		const parameters = { resource: 'invoice', operation: 'getAll', returnAll: true, filters: { invoiceStatus: 7, accountName: 'no-such-account' } };
		const behaving = await run(ctx, parameters);
		expect(behaving.error).toBeUndefined();
		expect(behaving.json).toEqual([]);
		ctx.sandbox.server.setHostile({ ignoreFilters: true });
		expectApiError(await run(ctx, parameters), /^The Katsu Pay list GET \/Invoice\/getAll answered with records outside the filter "(AccountName=no-such-account|InvoiceStatus=7)": the filter was not applied$/);
		expect(requestsTo(ctx, 'GET', '/api/v1/Invoice/getAll')).toHaveLength(2);
	});

	test('the Product picker: the next page from an API that ignores the page number fails', async () => {
		const first = await listSearch(ctx, 'searchProducts');
		expect(first.paginationToken).toEqual(expect.any(String));
		ctx.sandbox.server.setHostile({ ignorePaging: true });
		await expect(listSearch(ctx, 'searchProducts', first.paginationToken)).rejects.toThrow(REPEATED);
	});

	test('a 200 answer "OK" (JSON, not the envelope) is an error for Get Many and the picker', async () => {
		ctx.sandbox.server.inject({ match: { method: 'GET', path: '/api/v1/Products' }, status: 200, body: 'OK', times: 2 });
		expectApiError(await run(ctx, { resource: 'product', operation: 'getAll', returnAll: true }), UNREADABLE);
		await expect(listSearch(ctx, 'searchProducts')).rejects.toThrow(/could not be read as a list/);
	});
});

describe('Pennylane: Get Many (customers, invoices), Get with lines, the pickers', () => {
	let invoice;
	const ctx = sandboxFor('pennylane', {}, () => {
		for (let i = 0; i < 150; i++) ctx.sandbox.seedCustomer({ name: `Customer ${i}` });
		for (let i = 0; i < 3; i++) ctx.sandbox.seedProduct();
		const lines = Array.from({ length: 150 }, (_, i) => ({ label: `L${i}`, quantity: 1, unit: 'piece', raw_currency_unit_price: '1', vat_rate: 'FR_200' }));
		invoice = ctx.sandbox.seedInvoice({ customer_id: ctx.customer.id, date: '2025-01-01', deadline: '2025-01-31', draft: true, invoice_lines: lines });
		for (let i = 0; i < 150; i++) ctx.sandbox.seedInvoice({ customer_id: ctx.customer.id, date: '2025-01-01', deadline: '2025-01-31', draft: true, invoice_lines: lines.slice(0, 1) });
	});
	const listRequests = (path) => ctx.sandbox.apiRequests().filter((r) => r.method === 'GET' && r.path.endsWith(path));

	for (const [resource, path] of [['customer', '/customers'], ['customerInvoice', '/customer_invoices']]) {
		test(`${resource} Get Many, behaving server: every record in 2 requests`, async () => {
			const result = await run(ctx, { resource, operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.json.length).toBeGreaterThanOrEqual(151);
			expect(listRequests(path)).toHaveLength(2);
		});

		test(`${resource} Get Many, server ignores the cursor: fails after 2 requests (returned page 1 alone as the whole list before)`, async () => {
			ctx.sandbox.server.setHostile({ ignorePaging: true });
			expectApiError(await run(ctx, { resource, operation: 'getAll', returnAll: true }), REPEATED);
			expect(listRequests(path)).toHaveLength(2);
		});
	}

	for (const [resource, filters, label] of [
		['customer', { externalReference: 'NOT-THERE' }, 'external_reference eq "NOT-THERE"'],
		['customerInvoice', { externalReference: 'NOT-THERE' }, 'external_reference eq "NOT-THERE"'],
		['customerInvoice', { invoiceNumber: 'F-NONE' }, 'invoice_number eq "F-NONE"'],
	]) {
		test(`${resource} Get Many with ${label}, the proxy drops the filter: an error, not unrelated records`, async () => {
			const parameters = { resource, operation: 'getAll', returnAll: true, filters };
			const behaving = await run(ctx, parameters);
			expect(behaving.error).toBeUndefined();
			expect(behaving.json).toEqual([]);
			ctx.sandbox.server.setHostile({ ignoreFilters: true });
			const error = expectApiError(await run(ctx, parameters), /answered with records outside the filter/);
			expect(error.message).toContain(`outside the filter "${label}": the filter was not applied`);
		});
	}

	test('Get with Include Lines, server ignores the cursor: fails instead of returning the first 100 of 150 lines', async () => {
		ctx.sandbox.server.setHostile({ ignorePaging: true });
		expectApiError(await run(ctx, { resource: 'customerInvoice', operation: 'get', invoiceId: rl(invoice.id), includeLines: true }), REPEATED);
		expect(listRequests('/invoice_lines')).toHaveLength(2);
	});

	for (const method of ['searchCustomers', 'searchInvoices']) {
		test(`${method}: the next page from an API that ignores the cursor fails`, async () => {
			const first = await listSearch(ctx, method);
			expect(first.paginationToken).toEqual(expect.any(String));
			ctx.sandbox.server.setHostile({ ignorePaging: true });
			await expect(listSearch(ctx, method, first.paginationToken)).rejects.toThrow(REPEATED);
		});

		test(`${method} with a search text, server ignores the cursor: a bounded number of requests, then an error`, async () => {
			ctx.sandbox.server.setHostile({ ignorePaging: true });
			await expect(listSearch(ctx, method, undefined, 'no-such-record')).rejects.toThrow(REPEATED);
			expect(ctx.sandbox.apiRequests()).toHaveLength(2);
		});
	}

	test('searchProducts (one page only): lists, and a non-list answer is an error', async () => {
		expect((await listSearch(ctx, 'searchProducts')).results.length).toBeGreaterThan(0);
		ctx.sandbox.server.inject({ match: { method: 'GET', path: /\/products$/ }, status: 200, body: { unexpected: true } });
		await expect(listSearch(ctx, 'searchProducts')).rejects.toThrow(/could not be read as a list/);
	});
});

// ---------------------------------------------------------------- the duplicate look-ups

describe.each(['pennylane', 'billy'])('%s duplicate guard: only the invoice with exactly that External Reference', (mode) => {
	let other;
	let otherLines;
	const ctx = sandboxFor(mode, {}, () => {
		other = ctx.sandbox.seedInvoice({
			customer_id: ctx.customer.id, date: '2025-01-01', deadline: '2025-01-31', draft: true, external_reference: 'SOMEONE-ELSES',
			invoice_lines: [{ label: 'Theirs', quantity: 1, unit: 'piece', raw_currency_unit_price: '99', vat_rate: 'FR_200' }],
		});
		otherLines = JSON.stringify(ctx.sandbox.linesOf(other.id));
	});
	let counter = 0;
	const create = (onExisting, reference) =>
		run(ctx, {
			resource: 'customerInvoice', operation: 'create', customer: rl(ctx.customer.id), date: '2025-06-01', deadline: '2025-06-30', draft: true, lineSource: 'fields',
			invoiceLines: { freeLines: [{ label: 'Mine', quantity: 1, unit: 'piece', unitPrice: '10', vatRate: 'FR_200', description: '' }] },
			additionalFields: { external_reference: reference }, onExisting,
		});
	const withReference = (reference) => [...ctx.sandbox.state.invoices.values()].filter((invoice) => invoice.external_reference === reference);

	for (const onExisting of ['update', 'returnExisting', 'error']) {
		test(`filter ignored, ${onExisting}: a new invoice is created, the unrelated one is untouched`, async () => {
			ctx.sandbox.server.setHostile({ ignoreFilters: true });
			const reference = `MINE-${onExisting}-${++counter}`;
			const result = await create(onExisting, reference);
			expect(result.error).toBeUndefined();
			expect(result.json[0].id).not.toBe(other.id);
			expect(result.json[0].external_reference).toBe(reference);
			expect(withReference(reference)).toHaveLength(1);
			expect(JSON.stringify(ctx.sandbox.linesOf(other.id))).toBe(otherLines);
			expect(ctx.sandbox.server.requests.filter((r) => r.method === 'PUT')).toEqual([]);
		});
	}

	test('filter ignored, the invoice further down the list is found (Return the Existing Invoice)', async () => {
		const reference = `MINE-again-${++counter}`;
		expect((await create('create', reference)).error).toBeUndefined();
		ctx.sandbox.server.setHostile({ ignoreFilters: true });
		const result = await create('returnExisting', reference);
		expect(result.error).toBeUndefined();
		expect(result.json[0].id).toBe(withReference(reference)[0].id);
		expect(withReference(reference)).toHaveLength(1);
	});

	test('look-up answered with a non-JSON 200: an error, and no invoice is created', async () => {
		ctx.sandbox.server.setHostile({ nonJson: true, match: { method: 'GET' } });
		const reference = `MINE-nonjson-${++counter}`;
		expectApiError(await create('returnExisting', reference), UNREADABLE);
		expect(ctx.sandbox.server.requests.filter((r) => r.method === 'POST')).toEqual([]);
		expect(withReference(reference)).toHaveLength(0);
	});

	test('update after a look-up, the lines list ignores the cursor: fails before deleting only some of the lines', async () => {
		const reference = `MINE-lines-${++counter}`;
		const lines = Array.from({ length: 150 }, (_, i) => ({ label: `L${i}`, quantity: 1, unit: 'piece', raw_currency_unit_price: '1', vat_rate: 'FR_200' }));
		const mine = ctx.sandbox.seedInvoice({ customer_id: ctx.customer.id, date: '2025-01-01', deadline: '2025-01-31', draft: true, external_reference: reference, invoice_lines: lines });
		ctx.sandbox.server.setHostile({ ignorePaging: true, match: { path: /\/invoice_lines$/ } });
		expectApiError(await create('update', reference), REPEATED);
		expect(ctx.sandbox.server.requests.filter((r) => r.method === 'PUT')).toEqual([]);
		expect(ctx.sandbox.linesOf(mine.id)).toHaveLength(150);
	});
});

describe('Katsu Pay duplicate guard: exactly this Description for exactly this counterparty', () => {
	let stranger;
	let theirs;
	const ctx = sandboxFor('katsupay', {}, () => {
		stranger = ctx.sandbox.seedCounterparty({ name: 'Somebody Else Ltd' });
		theirs = ctx.sandbox.seedInvoice({ counterPartyId: stranger.id, counterPartyName: stranger.name, description: 'March retainer', products: [{ productId: ctx.product.id, quantity: 1, unitPrice: 99 }] });
	});
	const create = (onExisting, description, unitPrice = 10) =>
		run(ctx, {
			resource: 'invoice', operation: 'create', counterPartyId: rl(ctx.counterparty.id), receivingAccountId: RECEIVING_ACCOUNT, dueDate: '2025-06-30T00:00:00', currency: 2,
			products: { product: [{ productId: rl(ctx.product.id), quantity: 1, unitPrice }] }, additionalFields: { description }, onExisting,
		});
	const creates = () => requestsTo(ctx, 'POST', '/api/v1/Invoice/Create');
	const mine = (description) => [...ctx.sandbox.state.invoices.values()].filter((invoice) => invoice.description === description && invoice.counterPartyId === ctx.counterparty.id);

	for (const onExisting of ['returnExisting', 'update', 'error']) {
		test(`filters ignored, ${onExisting}: another counterparty's invoice with the same Description is not it`, async () => {
			ctx.sandbox.server.setHostile({ ignoreFilters: true });
			const before = JSON.stringify(ctx.sandbox.state.invoices.get(theirs.id));
			const result = await create(onExisting, 'March retainer');
			expect(result.error).toBeUndefined();
			expect(creates()).toHaveLength(1);
			expect(requestsTo(ctx, 'PUT', '/api/v1/Invoice/Update')).toEqual([]);
			expect(JSON.stringify(ctx.sandbox.state.invoices.get(theirs.id))).toBe(before);
			expect(result.json[0].id ?? result.json[0].invoiceId).not.toBe(theirs.id);
			ctx.sandbox.state.invoices.forEach((invoice, id) => invoice.counterPartyId === ctx.counterparty.id && invoice.description === 'March retainer' && ctx.sandbox.state.invoices.delete(id));
		});
	}

	test('filters ignored: the own invoice with that Description is still found (no second invoice)', async () => {
		expect((await create('create', 'April retainer')).error).toBeUndefined();
		ctx.sandbox.server.setHostile({ ignoreFilters: true });
		ctx.sandbox.server.clearLog();
		const result = await create('returnExisting', 'April retainer');
		expect(result.error).toBeUndefined();
		expect(creates()).toHaveLength(0);
		expect(mine('April retainer')).toHaveLength(1);
		expect(result.json[0].id).toBe(mine('April retainer')[0].id);
	});

	test('look-up answered 200 "OK": an error, and no second invoice (it created one before)', async () => {
		expect((await create('create', 'May retainer')).error).toBeUndefined();
		ctx.sandbox.server.clearLog();
		ctx.sandbox.server.inject({ match: { method: 'GET', path: '/api/v1/Invoice/getAll' }, status: 200, body: 'OK' });
		expectApiError(await create('returnExisting', 'May retainer'), UNREADABLE);
		expect(creates()).toHaveLength(0);
		expect(mine('May retainer')).toHaveLength(1);
	});

	test('look-up answered with a non-JSON 200: an error, and no second invoice', async () => {
		ctx.sandbox.server.setHostile({ nonJson: true, match: { method: 'GET', path: '/api/v1/Invoice/getAll' } });
		expectApiError(await create('error', 'June retainer'), UNREADABLE);
		expect(creates()).toHaveLength(0);
	});

	test('look-up whose paging is ignored: an error after 2 pages, no invoice created', async () => {
		for (let i = 0; i < 60; i++) ctx.sandbox.seedInvoice({ counterPartyId: stranger.id, counterPartyName: stranger.name, description: `July retainer ${i}`, products: [{ productId: ctx.product.id, quantity: 1, unitPrice: 1 }] });
		ctx.sandbox.server.setHostile({ ignorePaging: true, ignoreFilters: true });
		expectApiError(await create('returnExisting', 'July retainer'), REPEATED);
		expect(requestsTo(ctx, 'GET', '/api/v1/Invoice/getAll')).toHaveLength(2);
		expect(creates()).toHaveLength(0);
	});
});

// ---------------------------------------------------------------- non-JSON 200 for every operation

/** The provider's own API paths (Levers' token exchange keeps working: it is not an operation). */
const API_PATHS = { levers: /^\/api-service\//, katsuPay: /^\/api\/v1\//, pennylane: /./ };
/** A request that changes something (POST, PATCH, and PUT/DELETE too) may have been processed. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

for (const provider of PROVIDERS) {
	describe(`${provider.title}: every operation, answered 200 text/html, fails saying the answer could not be read`, () => {
		const ctx = provider.setup();
		let fx;
		beforeAll(() => {
			fx = provider.fixture(ctx);
		});
		afterEach(() => ctx.sandbox.server.setHostile({}));
		const operations = operationsOf(loadDescription(provider.file));

		test('every operation of the node description is covered', () => {
			expect(operations.filter((key) => !provider.valid[key])).toEqual([]);
			expect(operations.length).toBeGreaterThan(5);
		});

		for (const key of operations) {
			test(key, async () => {
				const valid = typeof provider.valid[key] === 'function' ? { parameters: provider.valid[key] } : provider.valid[key];
				const parameters = { ...(provider.baseParameters?.(ctx) ?? {}), ...valid.parameters(fx) };
				const items = [valid.item ? valid.item() : { json: {} }];
				ctx.sandbox.server.clearLog();
				ctx.sandbox.server.setHostile({ nonJson: true, match: { path: API_PATHS[provider.key] } });
				const result = await ctx.harness.runNode({ type: provider.type, credentials: ctx.credentials, parameters, items });
				const sent = provider.apiRequests(ctx);
				// One request: the first answer that cannot be read ends the item (nothing is retried, nothing else sent).
				expect(sent.map((r) => `${r.method} ${r.path} → ${r.status}`)).toEqual([expect.stringMatching(/ → 200$/)]);
				const error = expectApiError(result, UNREADABLE);
				expect(error.message).toContain('HTTP 200, text/html');
				expect(String(error.description)).toContain(`Request: ${sent[0].method} `);
				if (!READS.has(sent[0].method)) expect(`${error.message} ${error.description}`).toContain('may have been processed');
				else expect(`${error.message} ${error.description}`).not.toContain('may have been processed');
			});
		}
	});
}

describe('the list searches, answered 200 text/html', () => {
	for (const [name, method] of [['levers', 'searchContacts'], ['katsupay', 'searchProducts'], ['pennylane', 'searchCustomers'], ['pennylane', 'searchProducts'], ['pennylane', 'searchInvoices'], ['pennylane', 'searchQuotes']]) {
		test(`${name} ${method}: an error, not an empty list`, async () => {
			const ctx = await start(name, { accessToken: true });
			try {
				ctx.sandbox.server.setHostile({ nonJson: true });
				await expect(listSearch(ctx, method)).rejects.toThrow(/could not be read as a list/);
			} finally {
				await ctx.sandbox.stop();
			}
		});
	}
});
