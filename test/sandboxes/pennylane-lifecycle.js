'use strict';
// Pennylane sandbox extension: credit notes, invoice PDFs, e-invoicing (providers.md §3.12.2–3.12.4).
// - Credit notes: POST /customer_invoices with negative amounts (the core accepts a minus on the
//   quantity or on the unit price: which one Pennylane expects is unconfirmed). An invoice whose
//   total is below zero is a credit note: `status: credit_note` once finalized (drafts stay `draft`).
//   POST /customer_invoices/{id}/link_credit_note {credit_note_id} (required integer) → 200 with the
//   credit note, `credited_invoice: {id, url}`. 404 for an unknown invoice. 422 (the documented
//   status; the reasons are this simulator's, from the documented rules of imports): the credit note
//   is unknown, is not a credit note, is already linked, belongs to another customer, or the
//   invoice is itself a credit note. Whether a draft credit note or a draft invoice can be linked is
//   not documented: both are accepted. The credited invoice's remaining amount decreases by the
//   credit note's amount (not below 0: this simulator's choice).
// - PDF: `public_file_url` stays null for `pdfDelayMs` after an invoice is finalized (drafts: always
//   null; whether drafts get a PDF is unconfirmed), then points to a public path of this server
//   (no Authorization needed), valid 30 minutes (a new link afterwards). `setPdfAnswer` serves
//   something else instead (a hostile file host).
// - E-invoicing: POST /customer_invoices/{id}/send_to_pa, no body: 204 then `e_invoicing:
//   {status:'submitted', reason:null, flow:{id}}`; 422 for a draft, an invoice already sent, or one
//   sent by email before (documented: email prevents later PA transmission); 409 while an e-invoice
//   import is processing (`setEInvoiceImportProcessing(id, times)`). Views carry `e_invoicing` (null
//   until sent), `factur_x` and `schematron_validation_status`.
const crypto = require('node:crypto');
const { HttpError } = require('../sandbox/server');

const PDF_LINK_LIFETIME_MS = 30 * 60 * 1000;
const PDF_PATH = '/public/invoice/pdf';

/** A small but real PDF (header, one empty page, trailer). */
function pdfBytes(invoice) {
	return Buffer.from(
		`%PDF-1.4\n% Invoice ${invoice.invoice_number}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
			'2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n' +
			'trailer << /Root 1 0 R >>\n%%EOF\n',
		'latin1',
	);
}

function extend(ctx) {
	const { state, route, server, units, money, bad, unprocessable, notFound, checkType, checkKnown, changed, findInvoice } = ctx;
	const options = { pdfDelayMs: 0, pdfAnswer: undefined };
	const importsProcessing = new Map();
	const pdfLinks = new Map();

	// The core view without this extension's fields (to read totals from inside the extension).
	let inside = false;
	function coreView(invoice) {
		inside = true;
		try {
			return ctx.invoiceView(invoice);
		} finally {
			inside = false;
		}
	}
	const totalOf = (invoice) => units(coreView(invoice).amount);
	const isCreditNote = (invoice) => totalOf(invoice) < 0n;
	/** Credit notes linked to each invoice (ids), kept on link so that views do not scan every invoice. */
	const creditNoteIds = new Map();
	const creditNotesOf = (invoice) => (creditNoteIds.get(invoice.id) ?? []).map((id) => state.invoices.get(id)).filter(Boolean);

	/** The invoice's public PDF link now, or null while it is not generated (a new link every 30 minutes). */
	function pdfLink(invoice) {
		if (invoice.draft) return null;
		const at = Date.now();
		if (invoice.pdfReadyAt === undefined) invoice.pdfReadyAt = at + options.pdfDelayMs;
		if (at < invoice.pdfReadyAt) return null;
		if (!invoice.pdfLink || invoice.pdfLink.expiresAt <= at) {
			const token = crypto.randomBytes(18).toString('base64url');
			invoice.pdfLink = { token, expiresAt: at + PDF_LINK_LIFETIME_MS };
			pdfLinks.set(token, invoice.id);
		}
		return `${server.baseUrl}${PDF_PATH}?encrypted_id=${invoice.pdfLink.token}`;
	}

	ctx.viewExtras.invoice.push((invoice) => {
		if (inside) return {};
		const view = coreView(invoice);
		const extra = {
			public_file_url: pdfLink(invoice),
			credited_invoice: invoice.creditedInvoiceId ? { id: invoice.creditedInvoiceId, url: ctx.url(`/customer_invoices/${invoice.creditedInvoiceId}`) } : null,
			e_invoicing: invoice.eInvoicing ?? null,
			factur_x: false,
			schematron_validation_status: null,
		};
		if (!invoice.draft && units(view.amount) < 0n) extra.status = 'credit_note';
		const credits = creditNotesOf(invoice);
		if (credits.length && !invoice.paid) {
			const credited = credits.reduce((sum, note) => sum - totalOf(note), 0n);
			const creditedBefore = credits.reduce((sum, note) => sum - units(coreView(note).currency_amount_before_tax), 0n);
			const left = (value) => (value > 0n ? value : 0n);
			extra.remaining_amount_with_tax = money(left(units(view.amount) - credited));
			extra.remaining_amount_without_tax = money(left(units(view.currency_amount_before_tax) - creditedBefore));
		}
		return extra;
	});

	route('POST', '/customer_invoices/:id/link_credit_note', ({ params, body }) => {
		const invoice = findInvoice(params.id);
		if (body === undefined) throw bad('credit_note_id is required');
		checkType(body, 'object', 'body');
		checkKnown(body, ['credit_note_id'], 'body');
		if (body.credit_note_id === undefined) throw bad('credit_note_id is required');
		checkType(body.credit_note_id, 'integer', 'credit_note_id');
		const note = state.invoices.get(body.credit_note_id);
		if (!note) throw unprocessable(`credit_note_id: credit note ${body.credit_note_id} not found`);
		if (!isCreditNote(note)) throw unprocessable(`credit_note_id: invoice ${note.id} is not a credit note (its amounts are not negative)`);
		if (isCreditNote(invoice)) throw unprocessable('A credit note cannot be credited');
		if (note.customer_id !== invoice.customer_id) throw unprocessable('The credit note and the invoice must have the same customer');
		if (note.creditedInvoiceId !== undefined) throw unprocessable(`Credit note ${note.id} is already linked to invoice ${note.creditedInvoiceId}`);
		note.creditedInvoiceId = invoice.id;
		creditNoteIds.set(invoice.id, [...(creditNoteIds.get(invoice.id) ?? []), note.id]);
		note.updated_at = invoice.updated_at = ctx.now();
		changed('customer_invoices', note.id, 'update');
		changed('customer_invoices', invoice.id, 'update');
		return { body: ctx.invoiceView(note) };
	});

	route('POST', '/customer_invoices/:id/send_to_pa', ({ params, body }) => {
		const invoice = findInvoice(params.id);
		if (body !== undefined) throw bad('This endpoint takes no body');
		if (invoice.draft) throw unprocessable('The invoice must be finalized to be sent to the e-invoicing platform');
		const processing = importsProcessing.get(invoice.id) ?? 0;
		if (processing > 0) {
			importsProcessing.set(invoice.id, processing - 1);
			throw new HttpError(409, 'The e-invoice import is still being processed, please retry in a few seconds');
		}
		if (invoice.eInvoicing) throw unprocessable('The invoice has already been sent to the e-invoicing platform');
		if (invoice.emailsSent > 0) throw unprocessable('The invoice is not eligible for e-invoicing: it was already sent by email');
		invoice.eInvoicing = { status: 'submitted', reason: null, flow: { id: crypto.randomUUID() } };
		invoice.updated_at = ctx.now();
		changed('customer_invoices', invoice.id, 'update');
		return { status: 204 };
	});

	// The public PDF link: outside the API (no prefix, no authentication), as Pennylane's /public/ URLs.
	server.route(
		'GET',
		PDF_PATH,
		({ query }) => {
			const id = pdfLinks.get(String(query.encrypted_id ?? ''));
			const invoice = id === undefined ? undefined : state.invoices.get(id);
			if (!invoice || invoice.pdfLink?.token !== query.encrypted_id || invoice.pdfLink.expiresAt <= Date.now()) throw notFound('File');
			if (options.pdfAnswer) return { status: options.pdfAnswer.status ?? 200, body: options.pdfAnswer.body, headers: options.pdfAnswer.headers };
			return { body: pdfBytes(invoice), headers: { 'content-type': 'application/pdf' } };
		},
		{ public: true },
	);

	return {
		/** PDFs appear this long after an invoice is finalized (invoices finalized from now on). */
		setPdfDelay(ms) {
			options.pdfDelayMs = ms;
		},
		/** What the PDF link answers instead of the PDF ({ status, body: Buffer, headers }), or undefined. */
		setPdfAnswer(answer) {
			options.pdfAnswer = answer;
		},
		/** Makes every PDF link given so far expire. */
		expirePdfLinks() {
			for (const invoice of state.invoices.values()) if (invoice.pdfLink) invoice.pdfLink.expiresAt = 0;
		},
		/** send_to_pa answers 409 this many times for this invoice. */
		setEInvoiceImportProcessing(id, times) {
			importsProcessing.set(Number(id), times);
		},
		/** Requests to the public PDF path. */
		pdfRequests: () => server.requests.filter((entry) => entry.path === PDF_PATH),
		pdfBytes,
	};
}

module.exports = { extend, PDF_PATH };
