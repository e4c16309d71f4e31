'use strict';
// The three Create scenarios of the real-n8n benchmark, one request per item, described three times:
// for our node (its parameters, as in bench/providers/*.js), and as one JSON body expression for
// n8n's HTTP Request node and for the bare declarative node (the same body the baseline sends).
const levers = require('../providers/levers');
const katsupay = require('../providers/katsupay');
const pennylane = require('../providers/pennylane');

// The bulk runs: a limit announced on every answer, far above anything a run sends.
const ROOMY = { limit: 1_000_000, windowMs: 60_000 };

const lit = (value) => JSON.stringify(value);

// Every run starts with the sandbox as seeded (no invoice from an earlier run): the sandboxes look
// through their stored invoices on each create (unique numbers and references), so a run after
// 30,000 creates would wait on a slower provider than the first run did.
const clearInvoices = (sandbox) => sandbox.state.invoices.clear();

module.exports = [
	{
		name: 'levers',
		title: 'Levers',
		ourType: 'n8n-nodes-invoicing.levers',
		start: () => levers.start(),
		token: 'bench-static-token',
		credential: { type: 'leversAccessTokenInvoicingApi', data: (ctx) => ({ host: ctx.baseUrl, accessToken: 'bench-static-token' }) },
		ourParameters: levers.createParameters,
		request: (ctx) => ({
			method: 'POST',
			url: `${ctx.baseUrl}/api-service/v1/invoice`,
			body: `{ number: "B-" + $json.n, contactUuid: ${lit(ctx.contactUuid)}, date: "2025-01-01", dueDate: "2025-01-31", total: Number($json.amount) }`,
		}),
		sample: (ctx) => levers.baselineRequest(ctx, { n: 0, amount: '100.25' }),
		reset: clearInvoices,
		records: (sandbox) => [...sandbox.state.invoices.values()].map((i) => i.number),
	},
	{
		name: 'katsupay',
		title: 'Katsu Pay',
		ourType: 'n8n-nodes-invoicing.katsuPay',
		start: () => katsupay.start(),
		token: 'bench-katsu-token',
		credential: { type: 'katsuPayInvoicingApi', data: (ctx) => ({ baseUrl: ctx.baseUrl, accessToken: 'bench-katsu-token' }) },
		ourParameters: katsupay.createParameters,
		request: (ctx) => ({
			method: 'POST',
			url: `${ctx.baseUrl}/api/v1/Invoice/Create`,
			body:
				`{ counterPartyId: ${lit(ctx.counterpartyId)}, receivingAccountId: "3fa85f64-5717-4562-b3fc-2c963f66afa6", dueDate: "2025-01-31T00:00:00", currency: 2, ` +
				`products: [{ productId: ${lit(ctx.productId)}, quantity: 1, unitPrice: Number($json.amount) }] }`,
		}),
		sample: (ctx) => katsupay.baselineRequest(ctx, { n: 0, amount: '100.25' }),
		reset: clearInvoices,
		records: (sandbox) => [...sandbox.state.invoices.values()].map((i) => i.id),
	},
	{
		name: 'pennylane',
		title: 'Pennylane',
		ourType: 'n8n-nodes-invoicing.pennylane',
		start: (rateLimit = ROOMY) => pennylane.start(rateLimit),
		token: 'bench-pennylane-token',
		credential: { type: 'pennylaneInvoicingApi', data: (ctx) => ({ baseUrl: ctx.baseUrl, apiToken: 'bench-pennylane-token' }) },
		ourParameters: pennylane.createParameters,
		request: (ctx) => ({
			method: 'POST',
			url: `${ctx.baseUrl}/customer_invoices`,
			body:
				`{ date: "2025-11-30", deadline: "2025-12-31", customer_id: ${lit(ctx.customerId)}, draft: true, external_reference: "bench-" + $json.n, ` +
				`invoice_lines: [{ label: "Subscription", quantity: 1, unit: "piece", raw_currency_unit_price: $json.amount, vat_rate: "FR_200" }] }`,
		}),
		sample: (ctx) => pennylane.baselineRequest(ctx, { n: 0, amount: '100.25' }),
		reset: clearInvoices,
		records: (sandbox) => [...sandbox.state.invoices.values()].map((i) => i.external_reference),
	},
];
