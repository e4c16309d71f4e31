/**
 * Pennylane / Billy facts that the public documentation does not confirm (see docs/pennylane.md, "Unconfirmed
 * API facts"). Each guess lives here and nowhere else, so it can be corrected in one place.
 */
import type { IDataObject } from 'n8n-workflow';

/* Billy's credential test request (whether Billy forwards GET /me is not known) is in ./constants.ts. */

/**
 * VAT rate codes. Pennylane's reference lists an enum that could not be read in full; this list is
 * the one of a third-party v2 client (cldt-fr/laravel-pennylane, VatRate). Meanings confirmed:
 * FR_200 = 20 %, FR_100 = 10 %, FR_55 = 5.5 %, FR_21 = 2.1 %, exempt = 0 %. Because the list may be
 * incomplete, a code typed by expression is not checked against it, only against the shape of a
 * code (so "20", "20%" or 0.2 are refused before sending, a real code missing here is not).
 */
export const VAT_RATES = [
	'FR_1_05', 'FR_1_75', 'FR_09', 'FR_21', 'FR_40', 'FR_50', 'FR_55', 'FR_60', 'FR_65', 'FR_85', 'FR_92', 'FR_100',
	'FR_130', 'FR_15_385', 'FR_160', 'FR_196', 'FR_200', 'BE_60', 'BE_120', 'BE_210', 'DE_70', 'DE_190', 'exempt',
	'extracom', 'intracom_21', 'intracom_55', 'intracom_85', 'intracom_100', 'crossborder', 'FR_85_construction',
	'FR_100_construction', 'FR_200_construction',
] as const;

export const VAT_RATE_MEANINGS: Record<string, string> = {
	FR_200: '20 %',
	FR_100: '10 %',
	FR_55: '5.5 %',
	FR_21: '2.1 %',
	exempt: '0 %',
};

/** What a VAT code looks like: letters first, then letters, digits and underscores. */
export const VAT_CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Precision of amounts. Pennylane sends and takes amounts as decimal strings but does not document
 * how many decimals it keeps. Unit prices, discount values and quantities take at most 6 decimals
 * (enough for any real price: 0.0125 per SMS); a value with more is refused, naming the field, never
 * rounded. Binary float noise such as 0.30000000000000004 from upstream expressions is read as 0.3
 * (../shared/decimal.ts), so it does not count as decimals.
 */
export const AMOUNT_DECIMALS = 6;
export const QUANTITY_DECIMALS = 6;

/**
 * Line quantities are sent as JSON numbers: third-party v2 clients type `quantity` as a number in
 * requests (answers return it as a string). Amounts (prices, discounts) are always strings.
 */
export const QUANTITY_AS_NUMBER = true;

/**
 * Line changes on Update: `invoice_lines: { create: [...], update: [{ id, ... }], delete: [{ id }] }`.
 * Pennylane's update page shows nested line operations but their key names could not be read; these
 * are the ones a third-party v2 client documents for the same API's other resources.
 */
export const LINE_CHANGE_KEYS = { create: 'create', update: 'update', delete: 'delete' } as const;

/**
 * Send by Email: an optional `recipients` list of emails (third-party; Pennylane otherwise uses the
 * customer's emails). The endpoint answers 409 while the invoice PDF is still being generated; the
 * node waits and tries again, first after 0.5 s, doubling up to 5 s between tries, for at most the
 * "Max Wait" option (30 s by default).
 */
export const SEND_BY_EMAIL_RECIPIENTS_KEY = 'recipients';
export const PDF_RETRY = { firstDelayMs: 500, maxDelayMs: 5000, defaultMaxWaitSeconds: 30 };

/**
 * Finalize, Mark as Paid and Send by Email: whether they answer with the invoice or with an empty
 * 204 is not documented for all three. An object answer is output as is; an empty one becomes a
 * short confirmation naming the invoice.
 */
export function actionResult(body: unknown, id: number, confirmation: IDataObject): IDataObject {
	if (body !== null && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length > 0) {
		return body as IDataObject;
	}
	return { id, ...confirmation };
}

/**
 * Error answers. 401/403/404/422 are documented as `{ "error": string, "status": number }`. The
 * 400 body is documented only as "object"; a third party reports schema messages such as NotAnyOf.
 * So the parser also accepts `message`, an `errors` list, a nested `error` object and plain text
 * (the 429 answer's text "Rate limit exceeded. Please retry in X seconds.").
 */
export function errorParts(body: unknown): { message?: string; details?: string[] } {
	if (typeof body === 'string') return body.trim() ? { message: body.trim() } : {};
	if (body === null || typeof body !== 'object') return {};
	const record = body as IDataObject;
	const details: string[] = [];
	const errors = record.errors;
	if (Array.isArray(errors)) {
		for (const entry of errors) {
			if (typeof entry === 'string') details.push(entry);
			else if (entry && typeof entry === 'object') {
				const { field, message, detail } = entry as IDataObject;
				const text = String(message ?? detail ?? JSON.stringify(entry));
				details.push(field ? `${String(field)}: ${text}` : text);
			}
		}
	}
	let message: string | undefined;
	if (typeof record.error === 'string') message = record.error;
	else if (record.error && typeof record.error === 'object') message = JSON.stringify(record.error);
	else if (typeof record.message === 'string') message = record.message;
	return { message, details };
}

/**
 * Billy availability of the lifecycle operations (providers.md §3.12.10). Billy's own API reference
 * lists, for customer invoices: link credit note, list, create, get, update, invoice lines and
 * payments; and `POST /individual_customers`. It does not list send_to_pa, products, quotes or
 * create_from_quote (nor finalize, mark_as_paid, send_by_email and delete, which the node has always
 * offered through Billy). Whether Billy forwards an unlisted endpoint is UNCONFIRMED: such operations
 * stay available through Billy, and their description ends with this note (also in docs/pennylane.md).
 */
export const BILLY_UNLISTED_NOTE = "Through Billy: unconfirmed, Billy's API reference does not list this endpoint.";

/**
 * Products: `substance` (goods or services) on create and update. Pennylane's April 2026 reference
 * does not list it for products (it does for invoice lines, where a mismatch with the ledger
 * account is a 422); a third-party SDK (GoatAndCow7/pennylane-sdk 0.3.0, spec of 2026-07-20) adds
 * it to product create and update. UNCONFIRMED: offered as an optional field, sent only when set.
 */
export const PRODUCT_SUBSTANCES = ['goods', 'services'] as const;

/**
 * Credit notes (providers.md §3.12.2). Pennylane creates a credit note with POST /customer_invoices
 * "using negative amounts" but does not say which line field carries the minus sign: the quantity or
 * the unit price. This node negates the unit price excluding tax (`raw_currency_unit_price`) and
 * keeps quantities positive; the sandbox accepts either. UNCONFIRMED.
 */
export const CREDIT_NOTE_NEGATIVE_FIELD: 'raw_currency_unit_price' | 'quantity' = 'raw_currency_unit_price';

/**
 * Credit notes: whether POST /customer_invoices/{id}/link_credit_note accepts a draft credit note is
 * not documented; a third party (pko/lunar-pennylane, sandbox-checked) finalizes before linking, so
 * Create Credit Note finalizes by default. UNCONFIRMED for drafts.
 */
export const CREDIT_NOTE_FINALIZE_DEFAULT = true;

/**
 * Download PDF (providers.md §3.12.3): `public_file_url` may be null right after creation or
 * finalization; the node re-reads the invoice with the same waits as Send by Email (PDF_RETRY), for
 * at most Max Wait. The URL needs no Authorization header (third-party: pko/lunar-pennylane and
 * another client fetch it without) and expires after 30 minutes (confirmed): it is fetched at once
 * and not output. Whether drafts get a PDF is UNCONFIRMED: drafts are waited for like any invoice and
 * the error after Max Wait says that the invoice is a draft. A file is accepted only if it starts
 * with PDF_MAGIC ("%PDF-"); any other answer from the link is refused.
 */
export const PDF_MAGIC = '%PDF-';

/**
 * Quote → Create Invoice (POST /customer_invoices/create_from_quote): whether Pennylane requires the
 * quote to be `accepted` first is not documented (providers.md §3.12.7). The node does not check the
 * quote's status (it would cost a request and could refuse what Pennylane accepts); Pennylane's own
 * answer, if it refuses, is shown. Said in the operation's field description and in docs/pennylane.md.
 */
export const QUOTE_ACCEPTANCE_NOTE =
	'Pennylane does not document whether the quote must be accepted first; the node does not check its status.';

/** An operation description followed by BILLY_UNLISTED_NOTE. */
export function billyUnlisted(description: string): string {
	return `${description}. ${BILLY_UNLISTED_NOTE}`;
}

/**
 * Change feed (GET /changelogs/<resource>, providers.md §3.12.1), read by the Pennylane Trigger.
 * Confirmed: items ordered by `processed_at`, kept 4 weeks, a `start_date` older than that is a 422,
 * `start_date` with `cursor` is a 400, `limit` 1–1000. Not documented, so handled either way:
 * - whether `start_date` is inclusive: the trigger asks from its watermark and drops the items at
 *   that instant it has already seen, keyed by (id, processed_at);
 * - how close to "4 weeks ago" a `start_date` may be: the trigger asks no further back than 4 weeks
 *   minus `retentionMarginMs` (clock differences between n8n and Pennylane);
 * - that a payment shows in the feed as an `update` item of the invoice (the guide only says that
 *   creations, updates and deletions are tracked): Customer Invoice Paid looks at every `insert` and
 *   `update` item, so it fires only if Pennylane records the payment as one of them.
 */
export const CHANGE_FEED = {
	retentionMs: 28 * 24 * 3600 * 1000,
	retentionMarginMs: 3600 * 1000,
	/** Items asked per page. */
	pageLimit: 100,
} as const;

/** Whether a customer invoice is paid: its documented `paid` boolean (`status` may also say so). */
export function invoiceIsPaid(invoice: IDataObject): boolean {
	return invoice.paid === true;
}
