'use strict';
// Money on the wire: amounts leave as the user gave them (no float noise, no arithmetic), as JSON
// numbers where the API takes numbers (Levers, Katsu Pay) and decimal strings where it takes text
// (Pennylane). Checked on the raw request body the sandbox received.
const { start, rl, RECEIVING_ACCOUNT } = require('./start');

// [input amount (expression or literal), the JSON text expected in the body]
const AMOUNTS = [
	['={{ 0.1 + 0.2 }}', '0.3'],
	['={{ 19.9 * 3 }}', '59.7'],
	['19.90', '19.9'],
	['1234567.89', '1234567.89'],
	['={{ 1.005 }}', '1.005'],
	['={{ "0.07" }}', '0.07'],
];

const PROVIDERS = {
	levers: {
		start: () => start('levers', { accessToken: true }),
		parameters: (ctx, amount) => ({
			authentication: 'accessToken', resource: 'invoice', operation: 'create', number: `M-${Math.random()}`, contact: rl(ctx.contact.uuid),
			date: '2025-06-01', dueDate: '2025-06-30', total: amount,
		}),
		sent: (raw) => /"total":([^,}]+)/.exec(raw)?.[1],
	},
	katsupay: {
		start: () => start('katsupay'),
		parameters: (ctx, amount) => ({
			resource: 'invoice', operation: 'create', counterPartyId: rl(ctx.counterparty.id), receivingAccountId: RECEIVING_ACCOUNT,
			dueDate: '2025-06-30T00:00:00', currency: 2, products: { product: [{ productId: rl(ctx.product.id), quantity: 1, unitPrice: amount }] },
		}),
		sent: (raw) => /"unitPrice":([^,}]+)/.exec(raw)?.[1],
	},
	pennylane: {
		start: () => start('pennylane'),
		parameters: (ctx, amount) => ({
			authentication: 'pennylaneInvoicingApi', resource: 'customerInvoice', operation: 'create', customer: rl(ctx.customer.id), date: '2025-06-01', deadline: '2025-06-30', draft: true,
			lineSource: 'fields', invoiceLines: { freeLines: [{ label: 'Service', quantity: 1, unit: 'piece', unitPrice: amount, vatRate: 'FR_200', description: '' }] },
		}),
		// Pennylane takes amounts as strings: the expected text is quoted.
		sent: (raw) => /"raw_currency_unit_price":("[^"]*")/.exec(raw)?.[1],
		quoted: true,
	},
};

describe.each(Object.keys(PROVIDERS))('%s: amounts are sent exactly as given', (name) => {
	const provider = PROVIDERS[name];
	const ctx = {};
	beforeAll(async () => Object.assign(ctx, await provider.start()));
	beforeEach(() => ctx.sandbox.server.clearLog());
	afterAll(async () => ctx.sandbox.stop());

	test.each(AMOUNTS)('%s is sent as %s', async (amount, expected) => {
		const result = await ctx.harness.runNode({ type: ctx.type, parameters: provider.parameters(ctx, amount), credentials: ctx.credentials });
		expect(result.error).toBeUndefined();
		const [request] = ctx.sandbox.server.requests.filter((r) => r.method === 'POST');
		expect(provider.sent(request.rawBody)).toBe(provider.quoted ? `"${expected}"` : expected);
	});
});
