'use strict';
// Benchmark (not part of jest): N invoices against Pennylane's real limit, 25 requests per 5 s,
// with its whole-second `ratelimit-reset` header. Prints wall time against the theoretical
// minimum, 429 answers, failed items and duplicates.
//   node test/pennylane/bench-rate-limit.js [items=1000] [limit=25] [windowMs=5000] [precision=seconds]
// Needs a build (npm run build). A full run with the defaults takes about 3.5 minutes; 250 items
// (the real-n8n scenario of issue 15) about 50 s.
const { createPennylaneSandbox } = require('../sandboxes/pennylane');
const { createPennylaneHarness, credentialFor, rl, TOKEN } = require('./setup');

async function main() {
	const [items = 1000, limit = 25, windowMs = 5000] = process.argv.slice(2, 5).map(Number);
	const precision = process.argv[5] ?? 'seconds';
	const sandbox = createPennylaneSandbox({ tokens: [TOKEN], rateLimit: { limit, windowMs, resetPrecision: precision } });
	await sandbox.start();
	try {
		const harness = createPennylaneHarness();
		const customer = sandbox.seedCustomer({ name: 'Month-end Buyer' });
		const input = Array.from({ length: items }, (_, i) => ({ ref: `month-end-${i}`, amount: (i % 13) + 0.1 + 0.2 }));
		const started = Date.now();
		const result = await harness.runNode({
			type: 'pennylane',
			credentials: credentialFor(harness, sandbox),
			input,
			continueOnFail: true,
			parameters: {
				authentication: 'pennylaneInvoicingApi',
				resource: 'customerInvoice',
				operation: 'create',
				customer: rl(customer.id),
				date: '2025-11-30',
				deadline: '2025-12-31',
				invoiceLines: { freeLines: [{ label: 'Monthly subscription', quantity: 1, unit: 'piece', unitPrice: '={{ $json.amount }}', vatRate: 'FR_200' }] },
				additionalFields: { external_reference: '={{ $json.ref }}' },
			},
		});
		const elapsed = Date.now() - started;
		const requests = sandbox.apiRequests();
		const references = [...sandbox.state.invoices.values()].map((i) => i.external_reference);
		const minimum = (Math.ceil(items / limit) - 1) * windowMs;
		const report = {
			items,
			limit: `${limit} per ${windowMs} ms`,
			resetPrecision: precision,
			wallTimeMs: elapsed,
			theoreticalMinimumMs: minimum,
			overheadPercent: Number((((elapsed - minimum) / Math.max(minimum, 1)) * 100).toFixed(1)),
			// Issue 15's target: at most 1.05 (wall time over the theoretical minimum), 0 × 429 failures.
			ratio: Number((elapsed / Math.max(minimum, 1)).toFixed(3)),
			requests: requests.length,
			answers429: requests.filter((r) => r.status === 429).length,
			failedItems: result.items.filter((item) => item.error).length,
			invoicesCreated: references.length,
			duplicates: references.length - new Set(references).size,
		};
		console.log(JSON.stringify(report, null, 2));
		if (report.failedItems || report.duplicates || report.invoicesCreated !== items) process.exitCode = 1;
	} finally {
		await sandbox.stop();
	}
}

main();
