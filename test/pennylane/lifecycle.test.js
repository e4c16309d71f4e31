'use strict';
// Customer invoice lifecycle operations (Create Credit Note, Download PDF, Send to E-Invoicing
// Platform, the e-invoicing status in Get/Get Many) through n8n-core against the sandbox, with both
// credentials: exact requests, outputs, and the failures worded.
const { setupPennylane, rl, expectModeHeaders } = require('./setup');

describe.each(['pennylane', 'billy'])('Pennylane invoice lifecycle (%s credential)', (mode) => {
	const ctx = setupPennylane(mode);
	let customer;
	beforeAll(() => {
		customer = ctx.sandbox.seedCustomer({ name: 'Acme SAS', emails: ['billing@acme.test'] });
	});
	afterEach(() => {
		ctx.sandbox.setPdfDelay(0);
		ctx.sandbox.setPdfAnswer(undefined);
	});

	const seed = (fields = {}) =>
		ctx.sandbox.seedInvoice({
			customer_id: customer.id,
			date: '2025-03-01',
			deadline: '2099-03-31',
			draft: false,
			invoice_lines: [
				{ label: 'Line A', quantity: 1, unit: 'piece', raw_currency_unit_price: '100', vat_rate: 'FR_200' },
				{ label: 'Line B', quantity: 2, unit: 'hour', raw_currency_unit_price: '60.05', vat_rate: 'FR_100' },
			],
			...fields,
		});
	const calls = () => ctx.requests().map((r) => [r.method, r.path.slice(ctx.sandbox.prefix.length), r.status]);

	describe('Create Credit Note', () => {
		test('whole invoice: every line negated, created as draft, finalized, linked; remaining amount after', async () => {
			const invoice = seed();
			expect(invoice.remaining_amount_with_tax).toBe('252.11');
			const result = await ctx.run({ resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(invoice.id), creditType: 'full', options: { date: '2025-04-02' } });
			expect(result.error).toBeUndefined();
			const note = result.json[0];
			expect(calls()).toEqual([
				['GET', `/customer_invoices/${invoice.id}`, 200],
				['GET', `/customer_invoices/${invoice.id}/invoice_lines`, 200],
				['POST', '/customer_invoices', 201],
				['PUT', `/customer_invoices/${note.id}/finalize`, 200],
				['POST', `/customer_invoices/${invoice.id}/link_credit_note`, 200],
				['GET', `/customer_invoices/${invoice.id}`, 200],
			]);
			for (const request of ctx.requests()) expectModeHeaders(request, mode);
			const create = ctx.requests()[2].body;
			expect(create).toEqual({
				draft: true,
				customer_id: customer.id,
				date: '2025-04-02',
				deadline: '2025-04-02',
				currency: 'EUR',
				language: 'fr_FR',
				invoice_lines: [
					{ label: 'Line A', quantity: 1, unit: 'piece', raw_currency_unit_price: '-100', vat_rate: 'FR_200' },
					{ label: 'Line B', quantity: 2, unit: 'hour', raw_currency_unit_price: '-60.05', vat_rate: 'FR_100' },
				],
			});
			expect(ctx.requests()[4].body).toEqual({ credit_note_id: note.id });
			expect(note).toMatchObject({
				status: 'credit_note',
				draft: false,
				amount: '-252.11',
				credited_invoice: { id: invoice.id },
				credited_invoice_remaining_amount_with_tax: '0',
				credited_invoice_remaining_amount_without_tax: '0',
			});
			expect(ctx.sandbox.invoiceView(invoice.id).remaining_amount_with_tax).toBe('0');
		});

		test('chosen lines (one in part) and an amount: remaining amount decreases by each credit note', async () => {
			const invoice = seed();
			const [lineA, lineB] = ctx.sandbox.linesOf(invoice.id);
			const partial = await ctx.run({
				resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(invoice.id), creditType: 'lines',
				linesToCredit: { lines: [{ lineId: String(lineB.id), quantity: '1' }] },
			});
			expect(partial.error).toBeUndefined();
			expect(ctx.requests()[2].body.invoice_lines).toEqual([{ label: 'Line B', quantity: 1, unit: 'hour', raw_currency_unit_price: '-60.05', vat_rate: 'FR_100' }]);
			// 252.11 - 66.06 (60.05 + 10 % VAT)
			expect(partial.json[0]).toMatchObject({ amount: '-66.06', credited_invoice_remaining_amount_with_tax: '186.05', credited_invoice_remaining_amount_without_tax: '160.05' });
			expect(lineA).toBeDefined();

			ctx.sandbox.server.clearLog();
			const amount = await ctx.run({
				resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(invoice.id), creditType: 'amount',
				amount: '0.1', creditLabel: 'Goodwill gesture', creditVatRate: 'FR_200',
			});
			expect(amount.error).toBeUndefined();
			expect(calls().map(([method, path]) => `${method} ${path}`)).not.toContain(`GET /customer_invoices/${invoice.id}/invoice_lines`);
			expect(ctx.requests()[1].body.invoice_lines).toEqual([{ label: 'Goodwill gesture', quantity: 1, unit: 'piece', raw_currency_unit_price: '-0.1', vat_rate: 'FR_200' }]);
			expect(amount.json[0]).toMatchObject({ amount: '-0.12', credited_invoice_remaining_amount_with_tax: '185.93' });
		});

		test('a failure after the credit note was created names it; with an External Reference a re-run resumes instead of creating', async () => {
			const invoice = seed();
			ctx.sandbox.server.inject({ match: { method: 'POST', path: ctx.path(`/customer_invoices/${invoice.id}/link_credit_note`) }, status: 422, message: 'Link refused for now' });
			const failed = await ctx.run({
				resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(invoice.id), creditType: 'full',
				options: { externalReference: `refund-${mode}-1` },
			}, { continueOnFail: true });
			const created = [...ctx.sandbox.state.invoices.values()].filter((record) => record.external_reference === `refund-${mode}-1`);
			expect(created).toHaveLength(1);
			const message = failed.json[0].error;
			expect(message).toContain(`Credit note ${created[0].id}`);
			expect(message).toContain(`linking it to invoice ${invoice.id} failed`);
			expect(message).toContain('Link refused for now');

			ctx.sandbox.server.clearLog();
			const again = await ctx.run({
				resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(invoice.id), creditType: 'full',
				options: { externalReference: `refund-${mode}-1` },
			});
			expect(again.error).toBeUndefined();
			expect(ctx.requests().filter((r) => r.method === 'POST' && r.path === ctx.path('/customer_invoices'))).toHaveLength(0);
			expect(again.json[0]).toMatchObject({ id: created[0].id, credited_invoice: { id: invoice.id }, credited_invoice_remaining_amount_with_tax: '0' });
			expect([...ctx.sandbox.state.invoices.values()].filter((record) => record.external_reference === `refund-${mode}-1`)).toHaveLength(1);
		});

		test('an External Reference already used by a credit note of another invoice is refused before anything is created', async () => {
			const first = seed();
			const done = await ctx.run({ resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(first.id), creditType: 'full', options: { externalReference: `refund-${mode}-2` } });
			expect(done.error).toBeUndefined();
			const second = seed();
			ctx.sandbox.server.clearLog();
			const refused = await ctx.run({ resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(second.id), creditType: 'full', options: { externalReference: `refund-${mode}-2` } });
			expect(refused.error.message).toContain(`is already linked to invoice ${first.id}, not ${second.id}`);
			expect(ctx.requests().filter((r) => r.method !== 'GET')).toEqual([]);
			// Run again for the same invoice: nothing new is created or linked, the output is the same credit note.
			ctx.sandbox.server.clearLog();
			const again = await ctx.run({ resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(first.id), creditType: 'full', options: { externalReference: `refund-${mode}-2` } });
			expect(again.error).toBeUndefined();
			expect(ctx.requests().filter((r) => r.method !== 'GET')).toEqual([]);
			expect(again.json[0].id).toBe(done.json[0].id);
		});

		test('without an External Reference the error says not to run the item again as it is', async () => {
			const invoice = seed();
			ctx.sandbox.server.inject({ match: { method: 'PUT', path: /\/finalize$/ }, status: 422, message: 'Invoice numbering is not configured' });
			const failed = await ctx.run({ resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(invoice.id), creditType: 'full' });
			const note = ctx.requests().find((r) => r.method === 'POST').response;
			expect(failed.error.message).toMatch(new RegExp(`^Credit note ${note.id} was created, but finalizing it failed: .*Invoice numbering is not configured`));
			expect(failed.error.description).toContain('Do not run this item again as it is');
		});

		test('a draft invoice is refused before anything is created; bad parameters are refused before any request', async () => {
			const draft = seed({ draft: true });
			const result = await ctx.run({ resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(draft.id), creditType: 'full' });
			expect(result.error.message).toContain(`Invoice ${draft.id} is a draft`);
			expect(calls()).toEqual([['GET', `/customer_invoices/${draft.id}`, 200]]);

			ctx.sandbox.server.clearLog();
			const badAmount = await ctx.run({ resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(draft.id), creditType: 'amount', amount: '-5', creditLabel: 'x', creditVatRate: 'FR_200' });
			expect(badAmount.error.message).toContain('Amount (Excl. Tax)');
			const noLines = await ctx.run({ resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(draft.id), creditType: 'lines' });
			expect(noLines.error.message).toContain('Lines to Credit');
			expect(ctx.requests()).toHaveLength(0);

			const invoice = seed();
			const wrongLine = await ctx.run({
				resource: 'customerInvoice', operation: 'createCreditNote', invoiceId: rl(invoice.id), creditType: 'lines', linesToCredit: { lines: [{ lineId: '999999' }] },
			});
			expect(wrongLine.error.message).toContain(`line 999999 is not a line of invoice ${invoice.id}`);
			expect(ctx.requests().filter((r) => r.method === 'POST')).toHaveLength(0);
		});
	});

	describe('Download PDF', () => {
		test('waits while public_file_url is null, then puts the PDF in the binary field, fetched without Authorization; the link is not output', async () => {
			ctx.sandbox.setPdfDelay(1200);
			const invoice = seed();
			const result = await ctx.run({ resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(invoice.id), binaryPropertyName: 'invoicePdf' });
			expect(result.error).toBeUndefined();
			const reads = ctx.requests();
			expect(reads.length).toBeGreaterThanOrEqual(2);
			for (const request of reads) {
				expect([request.method, request.path]).toEqual(['GET', ctx.path(`/customer_invoices/${invoice.id}`)]);
				expectModeHeaders(request, mode);
			}
			expect(reads[0].response.public_file_url).toBeNull();
			const fetched = ctx.sandbox.pdfRequests();
			expect(fetched).toHaveLength(1);
			expect(fetched[0].headers.authorization).toBeUndefined();
			expect(fetched[0].headers['x-source']).toBeUndefined();
			const item = result.items[0];
			expect(item.json.id).toBe(invoice.id);
			expect(item.json).not.toHaveProperty('public_file_url');
			expect(JSON.stringify(item.json)).not.toContain('encrypted_id');
			const binary = item.binary.invoicePdf;
			expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: `${invoice.invoice_number}.pdf` });
			expect(Buffer.from(binary.data, 'base64').equals(ctx.sandbox.pdfBytes({ invoice_number: invoice.invoice_number }))).toBe(true);
		});

		test('a PDF that never comes within Max Wait is a clear error (and a draft is named as such)', async () => {
			ctx.sandbox.setPdfDelay(60_000);
			const invoice = seed();
			const started = Date.now();
			const result = await ctx.run({ resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(invoice.id), options: { maxWaitSeconds: 1 } });
			expect(Date.now() - started).toBeLessThan(10_000);
			expect(result.error.message).toMatch(new RegExp(`^The PDF of invoice ${invoice.id} is not ready`));
			expect(result.error.description).toContain('Max Wait');
			expect(ctx.sandbox.pdfRequests()).toHaveLength(0);

			const draft = seed({ draft: true });
			const drafted = await ctx.run({ resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(draft.id), options: { maxWaitSeconds: 0 } });
			expect(drafted.error.description).toContain('The invoice is a draft');
		});

		test('links expire after 30 minutes: each run reads the invoice again and gets a fresh link', async () => {
			const invoice = seed();
			const first = await ctx.run({ resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(invoice.id) });
			expect(first.error).toBeUndefined();
			ctx.sandbox.expirePdfLinks();
			const second = await ctx.run({ resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(invoice.id) });
			expect(second.error).toBeUndefined();
			const [a, b] = ctx.sandbox.pdfRequests().map((r) => r.query.encrypted_id);
			expect(a).not.toBe(b);
			expect(ctx.sandbox.pdfRequests().map((r) => r.status)).toEqual([200, 200]);
		});

		test('an answer that is not a PDF, or an expired link, is an error that does not show the link', async () => {
			const invoice = seed();
			ctx.sandbox.setPdfAnswer({ status: 200, body: Buffer.from('<html>Sign in</html>'), headers: { 'content-type': 'text/html' } });
			const html = await ctx.run({ resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(invoice.id) });
			expect(html.error.message).toContain('did not answer with a PDF file (content type text/html');
			expect(`${html.error.message} ${html.error.description}`).not.toContain('encrypted_id');
			ctx.sandbox.setPdfAnswer(undefined);

			ctx.sandbox.server.inject({ match: { method: 'GET', path: '/public/invoice/pdf' }, status: 404, message: 'File not found' });
			const gone = await ctx.run({ resource: 'customerInvoice', operation: 'downloadPdf', invoiceId: rl(invoice.id) });
			expect(gone.error.message).toContain('the PDF link answered HTTP 404');
			expect(`${gone.error.message} ${gone.error.description}`).not.toContain('encrypted_id');
		});
	});

	describe('Send to E-Invoicing Platform and the e-invoicing status', () => {
		test('204 → confirmation, Get (Simplify) shows e_invoicing; a second send is 422, worded', async () => {
			const invoice = seed();
			const before = await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(invoice.id), simplify: true });
			expect(before.json[0]).toMatchObject({ e_invoicing: null, factur_x: false });

			ctx.sandbox.server.clearLog();
			const sent = await ctx.run({ resource: 'customerInvoice', operation: 'sendToEInvoicing', invoiceId: rl(invoice.id) });
			expect(sent.error).toBeUndefined();
			expect(ctx.requests().map((r) => [r.method, r.path, r.status, r.rawBody])).toEqual([['POST', ctx.path(`/customer_invoices/${invoice.id}/send_to_pa`), 204, '']]);
			expectModeHeaders(ctx.requests()[0], mode);
			expect(sent.json).toEqual([{ id: invoice.id, submitted_to_e_invoicing: true }]);

			const after = await ctx.run({ resource: 'customerInvoice', operation: 'getAll', returnAll: true, simplify: true });
			const mine = after.json.find((record) => record.id === invoice.id);
			expect(mine.e_invoicing).toMatchObject({ status: 'submitted', reason: null });

			const again = await ctx.run({ resource: 'customerInvoice', operation: 'sendToEInvoicing', invoiceId: rl(invoice.id) });
			expect(again.error.message).toContain('already been sent to the e-invoicing platform');
			expect(again.error.description).toContain('already sent to the e-invoicing platform, or it is not eligible');
		});

		test('409 while an import is processing: retried within Max Wait, worded when it runs out', async () => {
			const invoice = seed();
			ctx.sandbox.setEInvoiceImportProcessing(invoice.id, 1);
			const retried = await ctx.run({ resource: 'customerInvoice', operation: 'sendToEInvoicing', invoiceId: rl(invoice.id) });
			expect(retried.error).toBeUndefined();
			expect(ctx.requests().map((r) => r.status)).toEqual([409, 204]);

			const other = seed();
			ctx.sandbox.setEInvoiceImportProcessing(other.id, 5);
			ctx.sandbox.server.clearLog();
			const busy = await ctx.run({ resource: 'customerInvoice', operation: 'sendToEInvoicing', invoiceId: rl(other.id), options: { maxWaitSeconds: 0 } });
			expect(ctx.requests().map((r) => r.status)).toEqual([409]);
			expect(busy.error.message).toContain('still being processed');
			expect(busy.error.description).toContain('nothing was sent');
		});

		test('descriptions: Billy does not list send_to_pa; email before the platform prevents the transmission', () => {
			const { loadPackage } = require('../harness/package-loader');
			const pkg = loadPackage({ nodes: ['dist/nodes/Pennylane/Pennylane.node.js'], credentials: [] });
			const type = Object.values(pkg.nodeTypes)[0];
			const selector = type.description.properties.find((p) => p.name === 'operation' && p.displayOptions.show.resource.includes('customerInvoice'));
			const option = (value) => selector.options.find((o) => o.value === value);
			const { BILLY_UNLISTED_NOTE } = require('../../dist/nodes/Pennylane/assumptions');
			expect(option('sendToEInvoicing').description.endsWith(BILLY_UNLISTED_NOTE)).toBe(true);
			expect(option('sendToEInvoicing').description).toContain('by email first prevents');
			expect(option('sendByEmail').description).toContain('prevents its later transmission to the e-invoicing platform');
			expect(option('createCreditNote').description).not.toContain(BILLY_UNLISTED_NOTE);
		});

		test('an invoice sent by email first is not eligible (422)', async () => {
			const invoice = seed();
			await ctx.run({ resource: 'customerInvoice', operation: 'sendByEmail', invoiceId: rl(invoice.id) });
			const refused = await ctx.run({ resource: 'customerInvoice', operation: 'sendToEInvoicing', invoiceId: rl(invoice.id) });
			expect(refused.error.message).toContain('not eligible for e-invoicing');
		});
	});
});
