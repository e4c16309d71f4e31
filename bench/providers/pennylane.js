'use strict';
// Pennylane in the benchmarks (see levers.js for the shape of a provider module). The bulk runs
// use a roomy limit (the node still reads the rate-limit headers on every answer); the
// rate-limited run uses Pennylane's 25 requests per window, scaled to 0.5 s windows.
const { createHarness } = require('../../test/harness/engine');
const { createPennylaneSandbox } = require('../../test/sandboxes/pennylane');

const TOKEN = 'bench-pennylane-token';
const ROOMY = { limit: 100000, windowMs: 1000, resetPrecision: 'milliseconds' };

const createParameters = (ctx) => ({
	authentication: 'pennylaneInvoicingApi', resource: 'customerInvoice', operation: 'create',
	customer: { __rl: true, mode: 'id', value: String(ctx.customerId) }, date: '2025-11-30', deadline: '2025-12-31',
	invoiceLines: { freeLines: [{ label: 'Subscription', quantity: 1, unit: 'piece', unitPrice: '={{ $json.amount }}', vatRate: 'FR_200' }] },
	additionalFields: { external_reference: '={{ "bench-" + $json.n }}' },
});

async function start(rateLimit = ROOMY) {
	const sandbox = createPennylaneSandbox({ mode: 'pennylane', tokens: [TOKEN], rateLimit });
	await sandbox.start();
	const customer = sandbox.seedCustomer({ name: 'Bench Customer' });
	return { sandbox, ctx: { baseUrl: sandbox.baseUrl, customerId: customer.id } };
}

module.exports = {
	title: 'Pennylane',
	type: 'pennylane',
	start: (rateLimit) => start(rateLimit),
	credential: (harness, ctx) => harness.credential('pennylaneInvoicingApi', { baseUrl: ctx.baseUrl, apiToken: TOKEN }),
	createParameters,
	baselineRequest: (ctx, item) => ({
		method: 'POST', path: '/customer_invoices', headers: { authorization: `Bearer ${TOKEN}` },
		body: {
			date: '2025-11-30', deadline: '2025-12-31', customer_id: ctx.customerId, draft: true, external_reference: `bench-${item.n}`,
			invoice_lines: [{ label: 'Subscription', quantity: 1, unit: 'piece', raw_currency_unit_price: item.amount, vat_rate: 'FR_200' }],
		},
	}),
	createdCount: (sandbox) => sandbox.state.invoices.size,
	seedForList(sandbox, count) {
		for (let i = 0; i < count; i++) sandbox.seedCustomer({ name: `Customer ${i}` });
	},
	listParameters: () => ({ authentication: 'pennylaneInvoicingApi', resource: 'customer', operation: 'getAll', returnAll: true }),

	/**
	 * `items` creates at Pennylane's real limit, 25 requests per 5 s with whole-second resets (no scaled
	 * windows: the limiter is sized to what Pennylane sends): wall time vs the minimum, 429s, duplicates.
	 */
	async rateLimitedRun({ items }) {
		const limit = 25;
		const windowMs = 5000;
		const { sandbox, ctx } = await start({ limit, windowMs, resetPrecision: 'seconds' });
		try {
			const harness = createHarness();
			const input = Array.from({ length: items }, (_, n) => ({ n, amount: `${(n % 13) + 1}.30` }));
			const started = Date.now();
			const result = await harness.runNode({ type: 'pennylane', parameters: createParameters(ctx), credentials: this.credential(harness, ctx), input, continueOnFail: true });
			const wallSeconds = (Date.now() - started) / 1000;
			// n8n's engine prepares every item's request before it sends the first one: that start-up
			// is in the wall time, but no pacing can shorten it, so it is also reported on its own.
			const answers = sandbox.apiRequests();
			const startupSeconds = (Math.min(...answers.map((r) => r.at)) - started) / 1000;
			const references = [...sandbox.state.invoices.values()].map((invoice) => invoice.external_reference);
			// The first window's requests go at once; each further window waits for the previous one to end.
			const minimumSeconds = (Math.ceil(items / limit) - 1) * (windowMs / 1000);
			return {
				provider: 'Pennylane', items, limit: `${limit} per ${windowMs} ms`, wallSeconds: +wallSeconds.toFixed(2), minimumSeconds,
				ratio: +(wallSeconds / minimumSeconds).toFixed(3),
				startupSeconds: +startupSeconds.toFixed(2),
				pacedRatio: +((wallSeconds - startupSeconds) / minimumSeconds).toFixed(3),
				answers429: answers.filter((r) => r.status === 429).length,
				failures429: result.items.filter((item) => item.error && String(item.error.httpCode) === '429').length,
				failedItems: result.items.filter((item) => item.error).length,
				created: references.length, duplicates: references.length - new Set(references).size,
			};
		} finally {
			await sandbox.stop();
		}
	},
};
