'use strict';
// Katsu Pay: "deal won" items from a CRM → create the invoice (the deal's product lines, 7.5 % VAT,
// reminders) → read it back. The counterparty and products already exist in Katsu Pay.
const { createHarness } = require('../../harness/engine');
const { createKatsuPaySandbox } = require('../../sandboxes/katsupay');

const TOKEN = 'katsu-demo-token';
const RECEIVING_ACCOUNT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const VAT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

async function run(log) {
	const sandbox = createKatsuPaySandbox({ accessTokens: [TOKEN] });
	await sandbox.start();
	try {
		const licence = sandbox.seedProduct({ name: 'Annual licence', price: 1200 });
		const onboarding = sandbox.seedProduct({ name: 'Onboarding day', price: 350 });
		const customer = sandbox.seedCounterparty({ name: 'Acme Trading Ltd', email: 'billing@acme.test', city: 'Lagos' });
		const deals = [
			{ dealId: 'D-2001', counterpartyId: customer.id, seats: 3, onboardingDays: 1, closedOn: '2025-11-03' },
			{ dealId: 'D-2002', counterpartyId: customer.id, seats: 1, onboardingDays: 2, closedOn: '2025-11-05' },
		];

		const harness = createHarness({ nodes: ['dist/nodes/KatsuPay/KatsuPay.node.js'], credentials: ['dist/credentials/KatsuPayInvoicingApi.credentials.js'] });
		const credentials = harness.credential('katsuPayInvoicingApi', { baseUrl: sandbox.baseUrl, accessToken: TOKEN });
		const katsu = (name, parameters) => ({ name, type: 'katsuPay', credentials, parameters });
		const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

		const result = await harness.runWorkflow({
			input: deals,
			nodes: [
				{ name: 'Deals won', code: (items) => items },
				katsu('Create invoice', {
					resource: 'invoice',
					operation: 'create',
					counterPartyId: rl('={{ $json.counterpartyId }}'),
					receivingAccountId: RECEIVING_ACCOUNT,
					dueDate: '={{ new Date(Date.parse($json.closedOn + "T00:00:00Z") + 30 * 86400000).toISOString().slice(0, 10) }}',
					currency: 2,
					products: {
						product: [
							{ productId: rl(licence.id, 'list'), quantity: '={{ $json.seats }}', unitPrice: 1200 },
							{ productId: rl(onboarding.id, 'list'), quantity: '={{ $json.onboardingDays }}', unitPrice: 350 },
						],
					},
					taxes: { tax: [{ taxId: VAT, taxPercentageValue: 7.5 }] },
					additionalFields: {
						description: '={{ "CRM deal " + $json.dealId }}',
						beforeDueDates: { day: [{ value: 7 }, { value: 1 }] },
						onDueDate: true,
						sendInvoice: true,
					},
				}),
				katsu('Read back', { resource: 'invoice', operation: 'get', invoiceId: rl('={{ $json.invoiceId }}') }),
			],
			connections: [
				['Deals won', 'Create invoice'],
				['Create invoice', 'Read back'],
			],
		});
		if (result.error) throw new Error(result.error.message);
		const invoices = result.output('Read back').map((item) => item.json);
		log(`Invoices created and read back: ${invoices.length}`);
		for (const invoice of invoices.sort((a, b) => String(a.description).localeCompare(String(b.description)))) {
			log(`  ${invoice.invoiceId}  ${String(invoice.counterPartyName).padEnd(17)} amount ${String(invoice.amount).padStart(8)}  due ${invoice.dueDate.slice(0, 10)}  status code ${invoice.invoiceStatus}  "${invoice.description}"  id ${invoice.id}`);
		}
		if (invoices.length !== deals.length) throw new Error(`expected ${deals.length} invoices, got ${invoices.length}`);
		log(`Requests the Katsu Pay sandbox received: ${sandbox.server.requests.map((r) => `${r.method} ${r.path}${r.query.InvoiceId ? '?InvoiceId=:id' : ''}`).join(' | ')}`);
	} finally {
		await sandbox.stop();
	}
}

module.exports = { title: 'Katsu Pay', run };
