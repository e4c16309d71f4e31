/**
 * Katsu Pay API facts that the public documentation (sabi-docs.netlify.app, "Katsu Pay") does not
 * confirm (see docs/katsu-pay.md, "Unconfirmed API facts"). Each guess lives here and nowhere else,
 * so it can be corrected in one place once Katsu Pay answers.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * "Get All Invoices": the page's heading says `GET /api/v1/Invoice/GetInvoiceDeatails` (sic) while its
 * URL and example use `GET /api/v1/Invoice/getAll`. The node uses `getAll`.
 */
export const INVOICE_LIST_PATH = '/Invoice/getAll';

/**
 * No invoice update endpoint is documented. This follows the API's own convention for
 * counterparties (`Counterparties/save` + `PUT Counterparties/update` with the id in the body).
 */
export const INVOICE_UPDATE_PATH = '/Invoice/Update';

/** Body key carrying the invoice UUID on update (as `id` does for `Counterparties/update`). */
export const INVOICE_UPDATE_ID_KEY = 'id';

/**
 * The Create Invoice page gives no required/optional flags. The node asks for these body fields
 * on Create; everything else is optional.
 */
export const INVOICE_CREATE_REQUIRED = ['counterPartyId', 'receivingAccountId', 'dueDate', 'currency', 'products'] as const;

/** The Create Counterparty page gives no required flags either; the node asks for a name only. */
export const COUNTERPARTY_CREATE_REQUIRED = ['name'] as const;

/**
 * Largest page the node asks for when listing. The API's maximum page size is not documented;
 * the node reads `pageSize` and `total` from each page's envelope, so a smaller server-side cap
 * still pages correctly.
 */
export const LIST_PAGE_SIZE = 50;

/**
 * Error answers are documented only by status (400, 404, 500). The node reads the success
 * envelope `{succeeded, message, errors[], data}` from them, and, failing that, an ASP.NET Core
 * "problem details" body `{title, detail, errors: {field: [messages]}}`, which an ASP.NET API
 * answers when model binding rejects a request before the controller runs.
 */
export function readErrorBody(body: unknown): { message?: string; details?: string[] } {
	if (typeof body === 'string') return body.trim() ? { message: body.trim() } : {};
	if (body === null || typeof body !== 'object') return {};
	const { message, errors, title, detail } = body as IDataObject;
	let details: string[] = [];
	if (Array.isArray(errors)) {
		details = errors.filter((entry) => entry !== null && entry !== undefined && entry !== '').map((entry) => String(entry));
	} else if (errors && typeof errors === 'object') {
		details = Object.entries(errors as IDataObject).flatMap(([field, problems]) =>
			(Array.isArray(problems) ? problems : [problems]).map((problem) => `${field}: ${String(problem)}`),
		);
	}
	const text = [message, detail, title].find((value) => typeof value === 'string' && value.trim() !== '');
	return { message: text as string | undefined, details };
}

/**
 * The product record's fields are not documented (only the paged envelope is). The product
 * picker reads a name from the first of these keys that is set, and the UUID from `id`.
 */
const PRODUCT_NAME_KEYS = ['name', 'productName', 'title', 'description'];

export function productName(product: IDataObject): string {
	const key = PRODUCT_NAME_KEYS.find((candidate) => typeof product[candidate] === 'string' && product[candidate] !== '');
	return key ? String(product[key]) : String(product.id ?? product.productId ?? '');
}

export function productId(product: IDataObject): string {
	return String(product.id ?? product.productId ?? '');
}

/**
 * The answers of `PUT Invoice/Update` and `PUT Counterparties/update` are not documented. The
 * envelope's `data` is output when it is a record; otherwise (null, `true`, an id) the node reports
 * the update it asked for, with Katsu Pay's message.
 */
export function updateResult(data: unknown, id: unknown, message: unknown): IDataObject {
	if (data !== null && typeof data === 'object' && !Array.isArray(data)) return data as IDataObject;
	const result: IDataObject = { id: id as string, updated: true };
	if (typeof message === 'string' && message) result.message = message;
	if (data !== undefined && data !== null) result.data = data as IDataObject;
	return result;
}

/**
 * Katsu Pay's create body has no external reference, so the duplicate check ("If Invoice Already
 * Exists") matches on the invoice's Description for the same counterparty. It is looked up with the
 * list's `GlobalSearch` filter, which the docs name but do not describe; the node assumes it
 * searches the description (as text containing the value) and keeps only exact matches.
 */
export const DUPLICATE_SEARCH = { searchParameter: 'GlobalSearch', counterpartyParameter: 'CounterpartyId' } as const;

/**
 * The invoice list's records do not document their counterparty (Get by ID shows only
 * `counterPartyName`). The duplicate check compares the counterparty's ID when a record carries one
 * under one of these keys, otherwise the record's `counterPartyName` with the counterparty's name
 * (read from GET Counterparties/get/{id}); a record with neither is not the invoice asked for.
 */
const INVOICE_COUNTERPARTY_ID_KEYS = ['counterPartyId', 'counterpartyId'];

export function sameCounterparty(record: IDataObject, counterparty: { id: unknown; name: unknown }): boolean {
	const key = INVOICE_COUNTERPARTY_ID_KEYS.find((candidate) => typeof record[candidate] === 'string' && record[candidate] !== '');
	if (key) return String(record[key]).toLowerCase() === String(counterparty.id).toLowerCase();
	return typeof record.counterPartyName === 'string' && typeof counterparty.name === 'string' && record.counterPartyName === counterparty.name;
}
