'use strict';
// Pennylane: CRM deals won → customer invoice per deal (a product line for the licences, a free
// line for the services) → read each invoice back with its lines. Then the same invoice once more
// through Billy, whose x-source headers the Billy credential adds. Sandboxes only: no account needed.
const { createHarness } = require('../../harness/engine');
const { createPennylaneSandbox } = require('../../sandboxes/pennylane');

const NODE = 'dist/nodes/Pennylane/Pennylane.node.js';
const CREDENTIALS = ['dist/credentials/PennylaneInvoicingApi.credentials.js', 'dist/credentials/BillyInvoicingApi.credentials.js'];

const DEALS = [
	{ dealId: 'HS-2001', company: 'Acme SAS', closedOn: '2025-11-03', seats: 3, serviceHours: 7.5, hourlyRate: 80 },
	{ dealId: 'HS-2002', company: 'Acme SAS', closedOn: '2025-11-04', seats: 1, serviceHours: 0.1 + 0.2, hourlyRate: 95.5 },
];

/** The workflow: deals → lines as Pennylane JSON → create invoice → get it with its lines. */
function workflow(credentials, authentication, productId, customerId) {
	const pennylane = (name, parameters) => ({ name, type: 'pennylane', credentials, parameters: { authentication, ...parameters } });
	return {
		input: DEALS,
		nodes: [
			{ name: 'Deals won', code: (deals) => deals },
			{
				name: 'Build lines',
				code: (deals) =>
					deals.map((deal) => ({
						...deal,
						customerId,
						lines: [
							{ product_id: productId, quantity: deal.seats },
							{ label: `Onboarding (${deal.dealId})`, quantity: deal.serviceHours, unit: 'hour', raw_currency_unit_price: deal.hourlyRate, vat_rate: 'FR_200' },
						],
					})),
			},
			pennylane('Create invoice', {
				resource: 'customerInvoice',
				operation: 'create',
				customer: { __rl: true, mode: 'id', value: '={{ $json.customerId }}' },
				date: '={{ $json.closedOn }}',
				deadline: '={{ new Date(Date.parse($json.closedOn + "T00:00:00Z") + 30 * 86400000).toISOString().slice(0, 10) }}',
				lineSource: 'json',
				linesJson: '={{ $json.lines }}',
				additionalFields: { external_reference: '={{ $json.dealId }}', pdf_invoice_subject: '={{ "Deal " + $json.dealId }}' },
			}),
			pennylane('Read back', {
				resource: 'customerInvoice',
				operation: 'get',
				invoiceId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				includeLines: true,
				simplify: true,
			}),
		],
		connections: [
			['Deals won', 'Build lines'],
			['Build lines', 'Create invoice'],
			['Create invoice', 'Read back'],
		],
	};
}

async function run(log) {
	const harness = createHarness({ nodes: [NODE], credentials: CREDENTIALS });
	const direct = createPennylaneSandbox({ mode: 'pennylane', tokens: ['demo-company-token'] });
	const billy = createPennylaneSandbox({ mode: 'billy', tokens: ['demo-billy-token'] });
	await Promise.all([direct.start(), billy.start()]);
	try {
		const customer = direct.seedCustomer({ name: 'Acme SAS', emails: ['billing@acme.test'] });
		const product = direct.seedProduct({ label: 'Pro licence (yearly)', unit: 'seat', price_before_tax: '240', vat_rate: 'FR_200' });
		const credentials = harness.credential('pennylaneInvoicingApi', { baseUrl: direct.baseUrl, apiToken: 'demo-company-token' });
		const result = await harness.runWorkflow(workflow(credentials, 'pennylaneInvoicingApi', product.id, customer.id));
		if (result.error) throw new Error(result.error.message);
		const invoices = result.allOutputs('Read back').map((item) => item.json);
		log(`Pennylane API (direct, bearer token): ${invoices.length} customer invoices created and read back`);
		for (const invoice of invoices) {
			log(`  invoice #${invoice.id} ${invoice.external_reference}  ${invoice.status}  dated ${invoice.date}, due ${invoice.deadline}  total ${invoice.currency_amount} ${invoice.currency} (${invoice.currency_amount_before_tax} + VAT ${invoice.currency_tax})`);
			for (const line of invoice.lines) {
				log(`      ${line.quantity.padStart(4)} × ${line.raw_currency_unit_price.padStart(6)}  ${line.label.padEnd(24)} ${line.vat_rate}  = ${line.currency_amount_before_tax}`);
			}
		}
		if (invoices.length !== DEALS.length) throw new Error(`expected ${DEALS.length} invoices, got ${invoices.length}`);
		const sentHours = direct.apiRequests().filter((r) => r.method === 'POST').map((r) => r.body.invoice_lines[1].quantity);
		log(`  service hours sent as ${sentHours.join(' and ')} (0.1 + 0.2 from the CRM goes out as 0.3)`);
		log(`  requests: ${direct.apiRequests().map((r) => `${r.method} ${r.path.replace(direct.prefix, '')}`).join(' | ')}`);

		const billyCustomer = billy.seedCustomer({ name: 'Acme SAS' });
		const billyProduct = billy.seedProduct({ label: 'Pro licence (yearly)', unit: 'seat', price_before_tax: '240', vat_rate: 'FR_200' });
		const billyCredentials = harness.credential('billyInvoicingApi', { baseUrl: billy.baseUrl, accessToken: 'demo-billy-token', sourceSoftware: 'HUBSPOT' });
		const viaBilly = await harness.runWorkflow(workflow(billyCredentials, 'billyInvoicingApi', billyProduct.id, billyCustomer.id));
		if (viaBilly.error) throw new Error(viaBilly.error.message);
		const billyInvoices = viaBilly.allOutputs('Read back').map((item) => item.json);
		const [first] = billy.apiRequests();
		log(`Through Billy: ${billyInvoices.length} invoices created (totals ${billyInvoices.map((i) => i.currency_amount).join(', ')}), every request with x-source: ${first.headers['x-source']}, x-source-software: ${first.headers['x-source-software']}`);
	} finally {
		await Promise.all([direct.stop(), billy.stop()]);
	}
}

module.exports = { title: 'Pennylane', run };
