'use strict';
// "If Invoice Already Exists" on every node's Create: re-runs and repeated references in one run
// create each invoice once, through the look-up each API offers, against the sandboxes.
const { start, rl, RECEIVING_ACCOUNT } = require('./start');

/** Each provider: how to start it, a Create for an item `{ ref, amount }`, and how to read its state. */
const PROVIDERS = {
	pennylane: {
		modes: ['create', 'error', 'returnExisting', 'update'],
		start: () => start('pennylane'),
		parameters: (ctx, onExisting) => ({
			authentication: 'pennylaneInvoicingApi',
			resource: 'customerInvoice',
			operation: 'create',
			customer: rl(ctx.customer.id),
			date: '2025-06-01',
			deadline: '2025-06-30',
			draft: true,
			lineSource: 'fields',
			invoiceLines: { freeLines: [{ label: 'Service', quantity: 1, unit: 'piece', unitPrice: '={{ $json.amount }}', vatRate: 'FR_200', description: '' }] },
			additionalFields: { external_reference: '={{ $json.ref }}' },
			onExisting,
		}),
		invoices: (ctx, ref) => [...ctx.sandbox.state.invoices.values()].filter((invoice) => invoice.external_reference === ref),
		creates: (ctx) => ctx.sandbox.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/customer_invoices')),
		amountOf: (invoice) => invoice.lines.map((line) => line.raw_currency_unit_price).join(','),
		idOf: (json) => json.id,
		label: 'External Reference',
	},
	katsupay: {
		modes: ['create', 'error', 'returnExisting', 'update'],
		start: () => start('katsupay'),
		parameters: (ctx, onExisting) => ({
			resource: 'invoice',
			operation: 'create',
			counterPartyId: rl(ctx.counterparty.id),
			receivingAccountId: RECEIVING_ACCOUNT,
			dueDate: '2025-06-30T00:00:00',
			currency: 2,
			products: { product: [{ productId: rl(ctx.product.id), quantity: 1, unitPrice: '={{ $json.amount }}' }] },
			additionalFields: { description: '={{ $json.ref }}' },
			onExisting,
		}),
		invoices: (ctx, ref) => [...ctx.sandbox.state.invoices.values()].filter((invoice) => invoice.description === ref),
		creates: (ctx) => ctx.sandbox.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Invoice/Create')),
		amountOf: (invoice) => invoice.products.map((p) => p.unitPrice).join(','),
		idOf: (json) => json.id ?? json.invoiceId,
		label: 'Description',
	},
	levers: {
		modes: ['create', 'update'],
		start: () => start('levers'),
		parameters: (ctx, onExisting) => ({
			resource: 'invoice',
			operation: 'create',
			number: '={{ $json.ref }}',
			contact: rl(ctx.contact.uuid),
			date: '2025-06-01',
			dueDate: '2025-06-30',
			total: '={{ $json.amount }}',
			onExisting,
			outstandingAmount: '={{ $json.amount }}',
		}),
		invoices: (ctx, ref) => [...ctx.sandbox.state.invoices.values()].filter((invoice) => invoice.number === ref),
		creates: (ctx) => ctx.sandbox.server.requests.filter((r) => r.method === 'POST' && /\/invoice(\/create-update)?$/.test(r.path)),
		amountOf: (invoice) => String(invoice.total),
		idOf: (json) => json.uuid,
		label: 'Number',
	},
};

describe.each(Object.keys(PROVIDERS))('%s: If Invoice Already Exists', (name) => {
	const provider = PROVIDERS[name];
	const ctx = {};
	let counter = 0;
	const ref = () => `${name}-ref-${++counter}`;
	const run = (onExisting, input, options = {}) =>
		ctx.harness.runNode({ type: ctx.type, parameters: provider.parameters(ctx, onExisting), credentials: ctx.credentials, input, ...options });

	beforeAll(async () => Object.assign(ctx, await provider.start()));
	beforeEach(() => ctx.sandbox.server.clearLog());
	afterAll(async () => ctx.sandbox.stop());

	if (provider.modes.includes('error')) {
		test('Stop With an Error: a re-run creates nothing and names the existing invoice and the item', async () => {
			const reference = ref();
			const first = await run('error', [{ ref: reference, amount: '10' }]);
			expect(first.error).toBeUndefined();
			const second = await run('error', [{ ref: 'other-' + reference, amount: '1' }, { ref: reference, amount: '12' }], { continueOnFail: true });
			const error = second.items[1].error;
			expect(error.constructor.name).toBe('NodeOperationError');
			expect(error.message).toMatch(new RegExp(`^An invoice with ${provider.label} "${reference}" already exists \\(ID [^)]+\\), in item 1$`));
			expect(error.context.itemIndex).toBe(1);
			expect(second.items[0].error).toBeUndefined();
			expect(provider.invoices(ctx, reference)).toHaveLength(1);
			expect(provider.creates(ctx)).toHaveLength(2); // the first run's create and item 0's, none for item 1
		});
	}

	if (provider.modes.includes('returnExisting')) {
		test('Return the Existing Invoice: a re-run outputs the invoice created the first time', async () => {
			const reference = ref();
			const first = await run('returnExisting', [{ ref: reference, amount: '10' }]);
			const second = await run('returnExisting', [{ ref: reference, amount: '10' }]);
			expect(second.error).toBeUndefined();
			expect(provider.invoices(ctx, reference)).toHaveLength(1);
			const [invoice] = provider.invoices(ctx, reference);
			expect(provider.idOf(second.json[0])).toBe(name === 'levers' ? invoice.uuid : invoice.id);
			expect(provider.idOf(first.json[0])).toBeDefined();
			expect(provider.creates(ctx)).toHaveLength(1);
		});
	}

	test('Update the Existing Invoice: a re-run with a new amount changes the one invoice', async () => {
		const reference = ref();
		await run('update', [{ ref: reference, amount: '10' }]);
		const second = await run('update', [{ ref: reference, amount: '25' }]);
		expect(second.error).toBeUndefined();
		const invoices = provider.invoices(ctx, reference);
		expect(invoices).toHaveLength(1);
		expect(provider.amountOf(invoices[0])).toBe('25');
	});

	test('One run with the same reference on several items: one invoice, each item gets it', async () => {
		const reference = ref();
		const mode = provider.modes.includes('returnExisting') ? 'returnExisting' : 'update';
		const result = await run(mode, [{ ref: reference, amount: '10' }, { ref: reference, amount: '10' }, { ref: reference, amount: '10' }]);
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(3);
		expect(provider.invoices(ctx, reference)).toHaveLength(1);
		const ids = new Set(result.json.map((json) => provider.idOf(json)));
		if (name !== 'katsupay') expect(ids.size).toBe(1); // Katsu Pay's create answers {invoiceId}, the list record {id}
	});

	test("Don't Check sends only the create request (no look-up)", async () => {
		const reference = ref();
		const result = await run('create', [{ ref: reference, amount: '10' }]);
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.server.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
		expect(provider.creates(ctx)).toHaveLength(1);
	});

	test('A re-run after a partial failure creates only what is missing', async () => {
		const references = [ref(), ref(), ref()];
		const input = references.map((reference) => ({ ref: reference, amount: '10' }));
		const mode = provider.modes.includes('returnExisting') ? 'returnExisting' : 'update';
		// The second create fails with a server error; without Continue On Fail the run stops.
		ctx.sandbox.server.inject({ match: { method: 'POST', path: /\/(customer_invoices|Invoice\/Create|invoice|invoice\/create-update)$/ }, status: 500, body: { message: 'boom' }, times: 1 });
		const failed = await run(mode, input);
		expect(failed.error).toBeDefined();
		const rerun = await run(mode, input);
		expect(rerun.error).toBeUndefined();
		for (const reference of references) expect(provider.invoices(ctx, reference)).toHaveLength(1);
	});
});
