'use strict';
// Katsu Pay in the benchmarks (see levers.js for the shape of a provider module).
const { createKatsuPaySandbox } = require('../../test/sandboxes/katsupay');

const TOKEN = 'bench-katsu-token';
const RECEIVING_ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

module.exports = {
	title: 'Katsu Pay',
	type: 'katsuPay',
	async start() {
		const sandbox = createKatsuPaySandbox({ accessTokens: [TOKEN] });
		await sandbox.start();
		const product = sandbox.seedProduct({ name: 'Bench product', price: 100 });
		const counterparty = sandbox.seedCounterparty({ name: 'Bench Customer' });
		return { sandbox, ctx: { baseUrl: sandbox.baseUrl, productId: product.id, counterpartyId: counterparty.id } };
	},
	credential: (harness, ctx) => harness.credential('katsuPayInvoicingApi', { baseUrl: ctx.baseUrl, accessToken: TOKEN }),
	createParameters: (ctx) => ({
		resource: 'invoice', operation: 'create',
		counterPartyId: { __rl: true, mode: 'id', value: ctx.counterpartyId }, receivingAccountId: RECEIVING_ACCOUNT,
		dueDate: '2025-01-31', currency: 2,
		products: { product: [{ productId: { __rl: true, mode: 'id', value: ctx.productId }, quantity: 1, unitPrice: '={{ $json.amount }}' }] },
	}),
	baselineRequest: (ctx, item) => ({
		method: 'POST', path: '/api/v1/Invoice/Create', headers: { authorization: `Bearer ${TOKEN}` },
		body: {
			counterPartyId: ctx.counterpartyId, receivingAccountId: RECEIVING_ACCOUNT, dueDate: '2025-01-31T00:00:00', currency: 2,
			products: [{ productId: ctx.productId, quantity: 1, unitPrice: Number(item.amount) }],
		},
	}),
	createdCount: (sandbox) => sandbox.state.invoices.size,
	seedForList(sandbox, count) {
		for (let i = 0; i < count; i++) sandbox.seedProduct({ name: `Product ${i}`, price: i });
	},
	listParameters: () => ({ resource: 'product', operation: 'getAll', returnAll: true }),
};
