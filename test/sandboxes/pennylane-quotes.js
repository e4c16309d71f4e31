'use strict';
// Pennylane quotes (providers.md §3.12.7, Pennylane's OpenAPI file of April 2026), added to the
// Pennylane sandbox (test/sandboxes/pennylane.js loads every pennylane-<area>.js):
// - POST /quotes: required date, deadline, customer_id, invoice_lines (at least one, the invoice's
//   line shapes); optional quote_template_id, pdf_invoice_free_text, pdf_invoice_subject,
//   pdf_description, currency, special_mention, language, discount, invoice_line_sections,
//   external_reference (unique; Pennylane generates one when it is not given). No maximum length
//   is documented for pdf_description or special_mention on quotes (there is one on invoices), so
//   none is enforced here. Languages: Pennylane's three, in both modes (Billy documents no quote
//   endpoint, so it has no quote language list of its own).
// - GET /quotes (cursor; filter id, customer_id with the numeric operators, status with
//   eq/not_eq/in/not_in; sort id or -id), GET /quotes/{id}, GET /quotes/{id}/invoice_lines.
// - PUT /quotes/{id}/update_status {status: pending|accepted|denied|invoiced|expired}, any
//   transition (none is documented as refused).
// - POST /quotes/{id}/send_by_email {recipients?: unique emails}: 204, or 409 while the quote's
//   PDF is not ready (the first `state.pdfNotReadyCalls` calls after the quote is created; its
//   public_file_url is null until then).
// - POST /customer_invoices/create_from_quote {quote_id, draft (both required),
//   external_reference, customer_invoice_template_id}: 201 with an invoice that inherits the
//   quote's customer, dates, currency, language, discount, texts and lines, and shows `quote: {id}`;
//   GET /customer_invoices filters on `quote_id` (core INVOICE_FILTERS). Whether the quote must be
//   accepted first is not documented: not enforced. Whether Pennylane then moves the quote to
//   `invoiced` is not documented either: the quote is left as it is.
// Both modes serve these routes: through Billy they model a Billy that forwards them (unconfirmed).
const crypto = require('node:crypto');
const { HttpError } = require('../sandbox/server');

const QUOTE_STATUSES = ['pending', 'accepted', 'denied', 'invoiced', 'expired'];
const QUOTE_TEXT_FIELDS = ['pdf_invoice_free_text', 'pdf_invoice_subject', 'pdf_description', 'special_mention'];
const QUOTE_FIELDS = [
	'date', 'deadline', 'customer_id', 'quote_template_id', 'currency', 'special_mention', 'language', 'discount',
	'invoice_line_sections', 'external_reference', 'invoice_lines', 'pdf_invoice_free_text', 'pdf_invoice_subject', 'pdf_description',
];
/** Keys of a stored line that a request line carries (for the invoice made from a quote). */
const REQUEST_LINE_KEYS = ['product_id', 'label', 'quantity', 'unit', 'raw_currency_unit_price', 'vat_rate', 'description', 'discount', 'ledger_account_id', 'section_rank'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function extend(ctx) {
	const { state, route, url, changed, bad, unprocessable, notFound, checkType, checkKnown, checkHeader, checkLine, units, money } = ctx;
	state.quotes = new Map();
	state.nextId.quote = 3001;
	state.quoteNumbers = 0;
	/** Quote e-mails sent: { quoteId, to }. */
	state.quoteEmails = [];

	const findQuote = (id) => {
		const quote = /^\d+$/.test(String(id)) ? state.quotes.get(Number(id)) : undefined;
		if (!quote) throw notFound('Quote');
		return quote;
	};

	/** Totals of a set of lines with a document discount, computed as the invoice view does (test/sandboxes/pennylane.js). */
	function totals(lines, discount) {
		let before = lines.reduce((sum, line) => sum + units(line.currency_amount_before_tax), 0n);
		let tax = lines.reduce((sum, line) => sum + units(line.currency_tax), 0n);
		if (discount && before !== 0n) {
			const discounted = discount.type === 'relative' ? before - (before * (units(discount.value) / 100n)) / units('1') : before - units(discount.value);
			tax = units(money((tax * discounted) / before));
			before = units(money(discounted));
		}
		return { before, tax, total: before + tax };
	}

	function quoteView(quote) {
		const lines = quote.lines.map(ctx.lineView);
		const { before, tax, total } = totals(lines, quote.discount);
		const customer = state.customers.get(quote.customer_id);
		const pdfReady = quote.pdfPending <= 0;
		return {
			id: quote.id,
			label: `${customer?.name ?? 'Customer'} - ${quote.quote_number}`,
			quote_number: quote.quote_number,
			currency: quote.currency,
			amount: money(total),
			currency_amount: money(total),
			currency_amount_before_tax: money(before),
			exchange_rate: '1.0',
			date: quote.date,
			deadline: quote.deadline,
			currency_tax: money(tax),
			tax: money(tax),
			language: quote.language,
			status: quote.status,
			discount: quote.discount ?? null,
			public_file_url: pdfReady ? `https://files.pennylane.test/quotes/${quote.id}.pdf` : null,
			filename: pdfReady ? `${quote.quote_number}.pdf` : null,
			special_mention: quote.special_mention ?? null,
			customer: { id: quote.customer_id, url: url(`/customers/${quote.customer_id}`) },
			invoice_line_sections: { url: url(`/quotes/${quote.id}/invoice_line_sections`) },
			invoice_lines: { url: url(`/quotes/${quote.id}/invoice_lines`) },
			linked_invoices: { url: url(`/quotes/${quote.id}/linked_invoices`) },
			pdf_invoice_free_text: quote.pdf_invoice_free_text ?? '',
			pdf_invoice_subject: quote.pdf_invoice_subject ?? '',
			pdf_description: quote.pdf_description ?? null,
			quote_template: quote.quote_template_id ? { id: quote.quote_template_id } : null,
			appendices: { url: url(`/quotes/${quote.id}/appendices`) },
			external_reference: quote.external_reference,
			archived_at: null,
			created_at: quote.created_at,
			updated_at: quote.updated_at,
			...ctx.billyExtras(quote),
		};
	}

	function checkSections(sections) {
		checkType(sections, 'array', 'invoice_line_sections');
		const ranks = new Set();
		sections.forEach((section, i) => {
			const field = `invoice_line_sections[${i}]`;
			checkType(section, 'object', field);
			checkKnown(section, ['title', 'description', 'rank'], field);
			if (section.rank === undefined) throw bad(`${field}.rank is required`);
			checkType(section.rank, 'integer', `${field}.rank`);
			if (section.rank < 1) throw bad(`${field}.rank must be at least 1`);
			if (ranks.has(section.rank)) throw unprocessable(`${field}.rank ${section.rank} is used by another section`);
			ranks.add(section.rank);
			for (const key of ['title', 'description']) if (section[key] !== undefined) checkType(section[key], 'string', `${field}.${key}`);
		});
	}

	function createQuote(body) {
		checkType(body, 'object', 'body');
		checkKnown(body, QUOTE_FIELDS, 'body');
		// The invoice header checks, without the invoice's documented maximum lengths (none for quotes).
		const header = { ...body };
		for (const field of ['pdf_description', 'special_mention']) delete header[field];
		checkHeader(header, true, ctx.LANGUAGES);
		for (const field of QUOTE_TEXT_FIELDS) if (body[field] !== undefined) checkType(body[field], 'nullableString', field);
		if (body.external_reference !== undefined) checkType(body.external_reference, 'string', 'external_reference');
		if (body.quote_template_id !== undefined) checkType(body.quote_template_id, 'integer', 'quote_template_id');
		if (body.invoice_lines === undefined) throw bad('invoice_lines is required');
		checkType(body.invoice_lines, 'array', 'invoice_lines');
		if (body.invoice_lines.length === 0) throw bad('invoice_lines must contain at least 1 item');
		body.invoice_lines.forEach((line, i) => checkLine(line, `invoice_lines[${i}]`));
		if (body.invoice_line_sections !== undefined) checkSections(body.invoice_line_sections);
		if (!state.customers.has(body.customer_id)) throw unprocessable(`customer_id: customer ${body.customer_id} not found`);
		if (body.external_reference !== undefined && [...state.quotes.values()].some((q) => q.external_reference === body.external_reference))
			throw unprocessable('external_reference has already been taken');
		const { invoice_lines: lines, invoice_line_sections: sections, ...fields } = body;
		const id = state.nextId.quote++;
		const quote = {
			id,
			quote_number: `D-${fields.date.slice(0, 4)}-${String(++state.quoteNumbers).padStart(4, '0')}`,
			currency: 'EUR',
			language: 'fr_FR',
			status: 'pending',
			...fields,
			external_reference: fields.external_reference ?? crypto.randomUUID(),
			sections: sections ?? [],
			lines: lines.map((line, i) => ctx.makeLine(line, `invoice_lines[${i}]`)),
			pdfPending: state.pdfNotReadyCalls,
			emailsSent: 0,
			created_at: ctx.now(),
			updated_at: ctx.now(),
		};
		state.quotes.set(id, quote);
		changed('quotes', id, 'insert');
		return quote;
	}

	const QUOTE_FILTERS = { id: ctx.NUMERIC_OPS, customer_id: ctx.NUMERIC_OPS, status: ['eq', 'not_eq', 'in', 'not_in'] };

	route('GET', '/quotes', ({ query }) => {
		const filter = ctx.parseFilter(query, QUOTE_FILTERS);
		const sort = query.sort ?? '-id';
		if (!['id', '-id'].includes(sort)) throw bad(`sort ${JSON.stringify(sort)} is not supported`);
		const direction = sort === 'id' ? 1 : -1;
		const records = ctx.applyFilter([...state.quotes.values()], filter, (quote, field) => quote[field]).sort((a, b) => (a.id - b.id) * direction);
		return { body: ctx.cursorPage(records.map(quoteView), query) };
	});
	route('POST', '/quotes', ({ body }) => ({ status: 201, body: quoteView(createQuote(body)) }));
	route('GET', '/quotes/:id', ({ params }) => ({ body: quoteView(findQuote(params.id)) }));
	route('GET', '/quotes/:id/invoice_lines', ({ params, query }) => ({ body: ctx.cursorPage(findQuote(params.id).lines.map(ctx.lineView), query) }));

	route('PUT', '/quotes/:id/update_status', ({ params, body }) => {
		const quote = findQuote(params.id);
		checkType(body, 'object', 'body');
		checkKnown(body, ['status'], 'body');
		if (body.status === undefined) throw bad('status is required');
		if (!QUOTE_STATUSES.includes(body.status)) throw bad(`status must be one of ${QUOTE_STATUSES.join(', ')}`);
		quote.status = body.status;
		quote.updated_at = ctx.now();
		changed('quotes', quote.id, 'update');
		return { body: quoteView(quote) };
	});

	route('POST', '/quotes/:id/send_by_email', ({ params, body }) => {
		const quote = findQuote(params.id);
		if (body !== undefined) {
			checkType(body, 'object', 'body');
			checkKnown(body, ['recipients'], 'body');
			if (body.recipients !== undefined) {
				checkType(body.recipients, 'array', 'recipients');
				body.recipients.forEach((email, i) => {
					if (typeof email !== 'string' || !EMAIL.test(email)) throw bad(`recipients[${i}] is not a valid email`);
				});
				if (new Set(body.recipients).size !== body.recipients.length) throw bad('recipients must not contain the same address twice');
			}
		}
		if (quote.pdfPending > 0) {
			quote.pdfPending--;
			throw new HttpError(409, 'The quote PDF is still being generated, please retry later');
		}
		const customer = state.customers.get(quote.customer_id);
		state.quoteEmails.push({ quoteId: quote.id, to: body?.recipients?.length ? body.recipients : (customer?.emails ?? []) });
		quote.emailsSent++;
		return { status: 204 };
	});

	ctx.viewExtras.invoice.push((invoice) => ({ quote: invoice.quote_id ? { id: invoice.quote_id } : null }));

	route('POST', '/customer_invoices/create_from_quote', ({ body }) => {
		checkType(body, 'object', 'body');
		checkKnown(body, ['quote_id', 'draft', 'external_reference', 'customer_invoice_template_id'], 'body');
		if (body.quote_id === undefined) throw bad('quote_id is required');
		checkType(body.quote_id, 'integer', 'quote_id');
		if (body.draft === undefined) throw bad('draft is required');
		checkType(body.draft, 'boolean', 'draft');
		if (body.external_reference !== undefined) checkType(body.external_reference, 'string', 'external_reference');
		const quote = findQuote(String(body.quote_id));
		const inherited = Object.fromEntries(
			['customer_id', 'date', 'deadline', 'currency', 'language', 'discount', ...QUOTE_TEXT_FIELDS]
				.filter((key) => quote[key] !== undefined && quote[key] !== null)
				.map((key) => [key, quote[key]]),
		);
		const lines = quote.lines.map((line) => {
			const out = Object.fromEntries(REQUEST_LINE_KEYS.filter((key) => line[key] !== undefined && line[key] !== null).map((key) => [key, line[key]]));
			return { ...out, quantity: Number(line.quantity) };
		});
		const { quote_id: _quoteId, ...own } = body;
		void _quoteId;
		const sections = quote.sections.length ? { invoice_line_sections: quote.sections } : {};
		const invoice = ctx.createInvoice({ ...inherited, ...own, ...sections, invoice_lines: lines });
		invoice.quote_id = quote.id;
		return { status: 201, body: ctx.invoiceView(invoice) };
	});

	return {
		/** Adds a quote directly (test set-up), returning its public view. */
		seedQuote: (body) => quoteView(createQuote(JSON.parse(JSON.stringify(body)))),
		quoteView: (id) => quoteView(state.quotes.get(Number(id))),
		quoteLinesOf: (id) => state.quotes.get(Number(id)).lines.map(ctx.lineView),
	};
}

module.exports = { extend };
