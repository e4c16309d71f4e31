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
		label: 'Total',
	},
	katsupay: {
		start: () => start('katsupay'),
		parameters: (ctx, amount) => ({
			resource: 'invoice', operation: 'create', counterPartyId: rl(ctx.counterparty.id), receivingAccountId: RECEIVING_ACCOUNT,
			dueDate: '2025-06-30T00:00:00', currency: 2, products: { product: [{ productId: rl(ctx.product.id), quantity: 1, unitPrice: amount }] },
		}),
		sent: (raw) => /"unitPrice":([^,}]+)/.exec(raw)?.[1],
		label: 'Products › line 1 › Unit Price',
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
		label: 'Invoice Lines › Free Line 1 › Unit Price (Excl. Tax)',
		/** Pennylane's amounts keep at most 6 decimals (nodes/Pennylane/assumptions.ts, AMOUNT_DECIMALS). */
		maxDecimals: 6,
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

// Issue 14, defect 8: one grammar and one bound for money in all three nodes (nodes/shared/decimal.ts).
// Text keeps its digits or is refused; no exponent; at most 15 digits; NaN/Infinity refused in words;
// ".5", "+5" and "5." read the same everywhere; nothing is rounded.
const TOO_MANY_DIGITS = 'has more than 15 digits (integer part and decimals together), so it cannot be sent exactly';
const EDGES = [
	// [input, expected JSON text sent, or the problem the node states]
	['12345678901234567.89', { refused: `${TOO_MANY_DIGITS}, got "12345678901234567.89"` }],
	['={{ 12345678901234567.89 }}', { refused: `${TOO_MANY_DIGITS}, got 12345678901234568` }],
	['={{ 1e21 }}', { refused: `${TOO_MANY_DIGITS}, got 1e+21` }],
	['1e21', { refused: 'must be written without an exponent (such as 1500 or 0.0001), got "1e21"' }],
	['={{ "1E-7" }}', { refused: 'must be written without an exponent (such as 1500 or 0.0001), got "1E-7"' }],
	['={{ NaN }}', { refused: 'must be a finite number, got NaN (NaN and Infinity are not amounts)' }],
	['={{ 1 / 0 }}', { refused: 'must be a finite number, got Infinity (NaN and Infinity are not amounts)' }],
	['.5', { sent: '0.5' }],
	['+5', { sent: '5' }],
	['5.', { sent: '5' }],
	['123456789012345', { sent: '123456789012345' }],
	['0.00000015', { sent: '0.00000015', decimals: 8 }],
	['={{ 1e-7 }}', { sent: '0.0000001', decimals: 7 }],
];

describe.each(Object.keys(PROVIDERS))('%s: the money grammar and bound', (name) => {
	const provider = PROVIDERS[name];
	const ctx = {};
	beforeAll(async () => Object.assign(ctx, await provider.start()));
	beforeEach(() => ctx.sandbox.server.clearLog());
	afterAll(async () => ctx.sandbox.stop());

	test.each(EDGES)('%s', async (amount, outcome) => {
		const result = await ctx.harness.runNode({ type: ctx.type, parameters: provider.parameters(ctx, amount), credentials: ctx.credentials, continueOnFail: true });
		const posts = ctx.sandbox.server.requests.filter((r) => r.method === 'POST');
		const tooPrecise = provider.maxDecimals !== undefined && outcome.decimals > provider.maxDecimals;
		if (outcome.refused || tooPrecise) {
			const problem = tooPrecise ? `must have at most ${provider.maxDecimals} decimals (it is not rounded), got ${amount.startsWith('=') ? amount.slice(4, -3) : `"${amount}"`}` : outcome.refused;
			expect(result.items[0].error?.message).toBe(`Invalid value for "${provider.label}" in item 0: ${problem}`);
			expect(posts).toEqual([]);
			return;
		}
		expect(result.items[0].error).toBeUndefined();
		// decimal text for Pennylane; a JSON number where the API takes numbers, carrying exactly the
		// digits given (JSON.stringify may write a small one as 1.5e-7: the same number)
		const expected = provider.quoted ? `"${outcome.sent}"` : JSON.stringify(Number(outcome.sent));
		expect(provider.sent(posts[0].rawBody)).toBe(expected);
	});
});
