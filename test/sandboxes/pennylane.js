'use strict';
// Pennylane API v2 simulator (providers.md §3, seed 004), reached directly or through Billy.
// - Errors: {"error": string, "status": int} (401/403/404/409/422; 400 for malformed requests,
//   including numeric amounts, which Pennylane refuses as a 400; NotAnyOf for a line that is
//   neither a product line nor a free line).
// - Lists: cursor pagination {has_more, next_cursor, items}, `limit` 1..100, JSON `filter`.
// - Rate limit (optional): N requests per window per token, ratelimit-limit/-remaining/-reset on
//   every answer and retry-after on 429. `ratelimit-reset` is a Unix timestamp in whole seconds
//   like Pennylane's; `resetPrecision: 'milliseconds'` keeps the fraction, for tests whose windows
//   are shorter than a second.
// - Billy mode: same API under another base path; every request needs `x-source: billy` and an
//   `x-source-software` from Billy's list, or it is refused with 400 (Billy's status for this is
//   not documented; 400 is this simulator's choice). Answers carry Billy's extra fields v1_external_id/v2_id.
// - send_by_email answers 409 (PDF not ready) for the first `pdfNotReadyCalls` calls after finalize.
const fs = require('node:fs');
const path = require('node:path');
const { SandboxServer, HttpError } = require('../sandbox/server');
const { isDate } = require('../sandbox/schema');

const SOURCE_SOFTWARES = [
	'EASYBEER', 'AMAZON', 'AMAZONSELLER', 'AXONAUT', 'HARVEST', 'HUBSPOT', 'PENNYLANE', 'ZOHO', 'CHARGEBEE', 'SELLSY', 'VOSFACTURES',
	'FACTOMOS', 'BOONDMANAGER', 'TEAMLEADER', 'CHORUSPRO', 'DOLIBARR', 'PROGBAT', 'EVOLIZ', 'RECURLY', 'KARLIA', 'PIPEDRIVE', 'SHOPIFY',
	'ODOO', 'LAGO', 'SALESFORCE', 'HYPERLINE', 'RENTMAN', 'SPENDESK', 'WEEBATI', 'PROABONO', 'WOOCOMMERCE', 'PRESTASHOP', 'MAGENTO',
	'SQUARESPACE', 'BIGCOMMERCE', 'SYLIUS', 'ORGANILOG', 'XERO', 'ZETTLE', 'SUMUP', 'METRO', 'VSA',
];
const CURRENCIES = (
	'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTC BTN BWP BYN BZD CAD CDF CHF CLP CNY COP ' +
	'CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD ' +
	'IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRO MRU MUR MVR MWK ' +
	'MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS SRD ' +
	'SSP STD SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XAG XAU BCH XCD XDR XOF XPD XPF ' +
	'XPT YER ZAR ZMW ZWL'
).split(' ');
// Invoice languages: Pennylane's reference lists fr_FR, en_GB and de_DE (providers.md §3.4, §3.6);
// Billy's create-customer-invoice page (seed 004) lists only fr_FR and en_GB.
const LANGUAGES = ['fr_FR', 'en_GB', 'de_DE'];
const BILLY_LANGUAGES = ['fr_FR', 'en_GB'];
const DISCOUNT_TYPES = ['absolute', 'relative'];
const PAYMENT_CONDITIONS = ['upon_receipt', 'custom', '15_days', '30_days', '45_days', '60_days'];
const DECIMAL = /^-?\d+(\.\d+)?$/;

// ---- exact decimal arithmetic (6 decimals) for the amounts the simulator computes ----
const SCALE = 1000000n;
function units(text) {
	const [whole, fraction = ''] = String(text).replace('-', '').split('.');
	const value = BigInt(whole || '0') * SCALE + BigInt((fraction + '000000').slice(0, 6));
	return String(text).startsWith('-') ? -value : value;
}
function roundUnits(value, decimals) {
	const step = 10n ** BigInt(6 - decimals);
	const half = step / 2n;
	const abs = value < 0n ? -value : value;
	const rounded = ((abs + half) / step) * step;
	return value < 0n ? -rounded : rounded;
}
function text(value) {
	const negative = value < 0n;
	const abs = negative ? -value : value;
	const whole = abs / SCALE;
	const fraction = (abs % SCALE).toString().padStart(6, '0').replace(/0+$/, '');
	return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
const mul = (a, b) => roundUnits((a * b) / SCALE, 6);
const money = (value) => text(roundUnits(value, 2));

/** Percentage of a VAT code (FR_200 → 20, FR_55 → 5.5, FR_1_05 → 1.05, exempt → 0). */
function vatPercent(code) {
	if (/^(exempt|extracom|crossborder|intracom_.*)$/.test(code)) return '0';
	const decimals = /^[A-Z]{2}_(\d+)_(\d+)$/.exec(code);
	if (decimals) return `${decimals[1]}.${decimals[2]}`;
	const plain = /^[A-Z]{2}_(\d+)(_construction)?$/.exec(code);
	if (plain) return text(units(plain[1]) / 10n);
	return undefined;
}

const bad = (message) => new HttpError(400, message);
const unprocessable = (message) => new HttpError(422, message);
const notFound = (what) => new HttpError(404, `${what} not found`);

const today = () => new Date().toISOString().slice(0, 10);
const now = () => new Date().toISOString();

function checkType(value, type, field) {
	const ok = {
		string: () => typeof value === 'string',
		nullableString: () => value === null || typeof value === 'string',
		integer: () => Number.isInteger(value),
		boolean: () => typeof value === 'boolean',
		date: () => isDate(value),
		decimalString: () => typeof value === 'string' && DECIMAL.test(value),
		number: () => typeof value === 'number' && Number.isFinite(value),
		array: () => Array.isArray(value),
		object: () => value !== null && typeof value === 'object' && !Array.isArray(value),
	}[type]();
	if (ok) return;
	if (type === 'decimalString' && typeof value === 'number')
		throw bad(`${field} must be a string: amounts are sent as decimal strings, got the number ${value}`);
	throw bad(`${field} is not a valid ${type === 'decimalString' ? 'decimal string' : type}`);
}

function checkKnown(body, allowed, where) {
	for (const key of Object.keys(body)) if (!allowed.includes(key)) throw bad(`${where}: unknown field ${key}`);
}

const INVOICE_TEXT_FIELDS = ['pdf_invoice_free_text', 'pdf_invoice_subject', 'pdf_description', 'special_mention', 'external_reference'];
const INVOICE_HEADER_FIELDS = ['date', 'deadline', 'customer_id', 'customer_invoice_template_id', 'currency', 'language', 'discount', ...INVOICE_TEXT_FIELDS];
const LINE_FIELDS = ['product_id', 'label', 'quantity', 'unit', 'raw_currency_unit_price', 'vat_rate', 'description', 'discount', 'ledger_account_id', 'section_rank', 'imputation_dates'];

function checkDiscount(discount, field) {
	checkType(discount, 'object', field);
	if (!DISCOUNT_TYPES.includes(discount.type)) throw bad(`${field}.type must be one of ${DISCOUNT_TYPES.join(', ')}`);
	checkType(discount.value, 'decimalString', `${field}.value`);
}

function checkHeader(body, required, languages = LANGUAGES) {
	for (const field of ['date', 'deadline']) {
		if (body[field] === undefined) {
			if (required) throw bad(`${field} is required`);
		} else checkType(body[field], 'date', field);
	}
	if (body.customer_id === undefined) {
		if (required) throw bad('customer_id is required');
	} else checkType(body.customer_id, 'integer', 'customer_id');
	if (body.customer_invoice_template_id !== undefined) checkType(body.customer_invoice_template_id, 'integer', 'customer_invoice_template_id');
	if (body.currency !== undefined && !CURRENCIES.includes(body.currency)) throw bad(`currency must be one of the supported currencies, got ${JSON.stringify(body.currency)}`);
	if (body.language !== undefined && !languages.includes(body.language)) throw bad(`language must be one of ${languages.join(', ')}`);
	if (body.discount !== undefined && body.discount !== null) checkDiscount(body.discount, 'discount');
	for (const field of INVOICE_TEXT_FIELDS) if (body[field] !== undefined) checkType(body[field], 'nullableString', field);
	if (typeof body.pdf_description === 'string' && body.pdf_description.length > 5000) throw unprocessable('pdf_description is too long (maximum is 5000 characters)');
	if (body.date && body.deadline && body.deadline < body.date) throw unprocessable('Deadline must be on or after the invoice date');
}

/** A line is a product line or a free line (oneOf); anything else is NotAnyOf. */
function checkLine(line, field) {
	if (line === null || typeof line !== 'object' || Array.isArray(line)) throw bad(`${field} is not a valid object`);
	checkKnown(line, LINE_FIELDS, field);
	const isProduct = line.product_id !== undefined;
	const requiredFree = ['label', 'quantity', 'unit', 'raw_currency_unit_price', 'vat_rate'];
	if (!isProduct && requiredFree.some((key) => line[key] === undefined)) {
		throw bad(`${field} does not match any of the allowed schemas (NotAnyOf)`);
	}
	if (isProduct) checkType(line.product_id, 'integer', `${field}.product_id`);
	if (line.quantity === undefined) throw bad(`${field} does not match any of the allowed schemas (NotAnyOf)`);
	checkType(line.quantity, 'number', `${field}.quantity`);
	for (const key of ['label', 'unit', 'vat_rate']) if (line[key] !== undefined) checkType(line[key], 'string', `${field}.${key}`);
	if (line.description !== undefined) checkType(line.description, 'nullableString', `${field}.description`);
	if (line.raw_currency_unit_price !== undefined) checkType(line.raw_currency_unit_price, 'decimalString', `${field}.raw_currency_unit_price`);
	if (line.vat_rate !== undefined && vatPercent(line.vat_rate) === undefined) throw bad(`${field}.vat_rate is not a valid VAT rate: ${JSON.stringify(line.vat_rate)}`);
	if (line.discount !== undefined) checkDiscount(line.discount, `${field}.discount`);
}

function cursorPage(records, query) {
	const limit = query.limit === undefined ? 20 : Number(query.limit);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw bad('limit must be an integer between 1 and 100');
	let offset = 0;
	if (query.cursor !== undefined) {
		offset = Number(Buffer.from(String(query.cursor), 'base64url').toString('utf8'));
		if (!Number.isInteger(offset) || offset < 0) throw bad('cursor is invalid');
	}
	const items = records.slice(offset, offset + limit);
	const more = offset + limit < records.length;
	return { has_more: more, next_cursor: more ? Buffer.from(String(offset + limit), 'utf8').toString('base64url') : null, items };
}

const OPERATORS = {
	eq: (a, b) => a === b,
	not_eq: (a, b) => a !== b,
	lt: (a, b) => a < b,
	lteq: (a, b) => a <= b,
	gt: (a, b) => a > b,
	gteq: (a, b) => a >= b,
	in: (a, b) => Array.isArray(b) && b.includes(a),
	not_in: (a, b) => Array.isArray(b) && !b.includes(a),
};

/** Parses the JSON `filter` parameter; `allowed` maps field → permitted operators. */
function parseFilter(query, allowed) {
	if (query.filter === undefined) return [];
	let filter;
	try {
		filter = JSON.parse(query.filter);
	} catch {
		throw bad('filter is not valid JSON');
	}
	if (!Array.isArray(filter)) throw bad('filter must be a JSON array');
	for (const condition of filter) {
		if (!condition || typeof condition !== 'object') throw bad('each filter must be an object');
		const { field, operator } = condition;
		if (!allowed[field]) throw bad(`filter on ${JSON.stringify(field)} is not supported`);
		if (!allowed[field].includes(operator)) throw bad(`operator ${JSON.stringify(operator)} is not supported for ${field}`);
		if (!('value' in condition)) throw bad(`filter on ${field} has no value`);
	}
	return filter;
}

function applyFilter(records, filter, read) {
	return records.filter((record) => filter.every(({ field, operator, value }) => OPERATORS[operator](read(record, field), value)));
}

const NUMERIC_OPS = ['lt', 'lteq', 'gt', 'gteq', 'eq', 'not_eq', 'in', 'not_in'];
const INVOICE_FILTERS = {
	id: NUMERIC_OPS,
	date: NUMERIC_OPS,
	customer_id: NUMERIC_OPS,
	invoice_number: ['eq', 'not_eq', 'in', 'not_in'],
	draft: ['eq'],
	external_reference: ['eq'],
	// Invoices made from a quote (SPEC-S; set by test/sandboxes/pennylane-quotes.js).
	quote_id: NUMERIC_OPS,
};
const CUSTOMER_FILTERS = { id: NUMERIC_OPS, name: ['eq'], external_reference: ['eq'], customer_type: ['eq'] };

/**
 * @param {object} [options]
 * @param {'pennylane'|'billy'} [options.mode]
 * @param {string[]} [options.tokens] bearer tokens with read and write access
 * @param {string[]} [options.readonlyTokens] bearer tokens that may only read (writes get 403)
 * @param {{limit:number, windowMs:number, resetPrecision?:'seconds'|'milliseconds'}|null} [options.rateLimit]
 *   defaults to Pennylane's 25 per 5 s; null switches the limit (and its headers) off
 * @param {number} [options.pdfNotReadyCalls] send_by_email answers 409 this many times after finalize
 */
function createPennylaneSandbox({
	mode = 'pennylane',
	tokens = ['pennylane-test-token'],
	readonlyTokens = [],
	rateLimit = { limit: 25, windowMs: 5000 },
	pdfNotReadyCalls = 0,
} = {}) {
	const prefix = mode === 'billy' ? '/billy' : '/api/external/v2';
	const invoiceLanguages = mode === 'billy' ? BILLY_LANGUAGES : LANGUAGES;
	const state = {
		customers: new Map(),
		products: new Map(),
		invoices: new Map(),
		emails: [],
		/** Every change to a record, oldest first: what GET /changelogs/<resource> serves (see the pennylane-*.js extensions). */
		changes: [],
		nextId: { customer: 1001, product: 2001, invoice: 5001, line: 9001 },
		invoiceNumbers: 0,
		rateLimit: null,
		/** send_by_email answers 409 this many times for each newly finalized invoice (mutable). */
		pdfNotReadyCalls,
	};

	const server = new SandboxServer({
		name: mode === 'billy' ? 'Billy' : 'Pennylane',
		pagingParams: ['cursor'],
		filterParams: ['filter'],
		errorBody: (status, message) => ({ error: message, status }),
		authenticate(request) {
			const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
			const token = match?.[1];
			if (!token || !(tokens.includes(token) || readonlyTokens.includes(token))) throw new HttpError(401, 'Access token is missing or invalid');
			if (mode === 'billy') {
				if (request.headers['x-source'] !== 'billy') throw bad('Header x-source is missing or invalid: expected "billy"');
				const software = request.headers['x-source-software'];
				if (!SOURCE_SOFTWARES.includes(software)) throw bad(`Header x-source-software is missing or invalid: ${JSON.stringify(software ?? null)}`);
			}
			if (readonlyTokens.includes(token) && request.method !== 'GET') throw new HttpError(403, 'Access to this resource forbidden');
		},
		rateLimitHeaders(window) {
			const resetSeconds = window.resetAt / 1000;
			return {
				'ratelimit-limit': String(window.limit),
				'ratelimit-remaining': String(window.remaining),
				'ratelimit-reset': state.rateLimit?.resetPrecision === 'milliseconds' ? resetSeconds.toFixed(3) : String(Math.ceil(resetSeconds)),
			};
		},
	});

	/** Sets (or with null, removes) the rate limit; windows restart. */
	function setRateLimit(limit) {
		state.rateLimit = limit;
		server.setRateLimit(limit ? { limit: limit.limit, windowMs: limit.windowMs } : null);
	}
	setRateLimit(rateLimit);

	/** Fields the extensions (test/sandboxes/pennylane-*.js) add to the invoice and customer views. */
	const viewExtras = { invoice: [], customer: [] };
	const billyExtras = (record) => (mode === 'billy' ? { v1_external_id: null, v2_id: record.id } : {});
	const url = (path) => `https://app.pennylane.com/api/external/v2${path}`;

	const findInvoice = (id) => {
		const invoice = /^\d+$/.test(id) ? state.invoices.get(Number(id)) : undefined;
		if (!invoice) throw notFound('Customer invoice');
		return invoice;
	};
	const findCustomer = (id) => {
		const customer = /^\d+$/.test(String(id)) ? state.customers.get(Number(id)) : undefined;
		if (!customer) throw notFound('Customer');
		return customer;
	};

	function statusOf(invoice) {
		if (invoice.draft) return 'draft';
		if (invoice.paid) return 'paid';
		return invoice.deadline < today() ? 'late' : 'upcoming';
	}

	function lineView(line) {
		const before = roundUnits(mul(units(line.quantity), units(line.raw_currency_unit_price)), 2);
		const tax = roundUnits(mul(before, units(vatPercent(line.vat_rate)) / 100n), 2);
		return {
			id: line.id,
			label: line.label,
			description: line.description ?? null,
			quantity: line.quantity,
			unit: line.unit,
			raw_currency_unit_price: line.raw_currency_unit_price,
			vat_rate: line.vat_rate,
			product: line.product_id ? { id: line.product_id, url: url(`/products/${line.product_id}`) } : null,
			discount: line.discount ?? null,
			section_rank: line.section_rank ?? null,
			currency_amount_before_tax: money(before),
			currency_tax: money(tax),
			currency_amount: money(before + tax),
			amount: money(before + tax),
			tax: money(tax),
			created_at: line.created_at,
			updated_at: line.updated_at,
		};
	}

	function invoiceView(invoice) {
		const lines = invoice.lines.map(lineView);
		let before = lines.reduce((sum, l) => sum + units(l.currency_amount_before_tax), 0n);
		let tax = lines.reduce((sum, l) => sum + units(l.currency_tax), 0n);
		if (invoice.discount && before !== 0n) {
			const discounted =
				invoice.discount.type === 'relative'
					? before - mul(before, units(invoice.discount.value) / 100n)
					: before - units(invoice.discount.value);
			tax = roundUnits((tax * discounted) / before, 2);
			before = roundUnits(discounted, 2);
		}
		const total = before + tax;
		const customer = state.customers.get(invoice.customer_id);
		return {
			id: invoice.id,
			label: `${customer?.name ?? 'Customer'} - ${invoice.invoice_number || 'draft'}`,
			invoice_number: invoice.invoice_number,
			currency: invoice.currency,
			amount: money(total),
			currency_amount: money(total),
			currency_amount_before_tax: money(before),
			exchange_rate: '1.0',
			date: invoice.date,
			deadline: invoice.deadline,
			currency_tax: money(tax),
			tax: money(tax),
			language: invoice.language,
			paid: invoice.paid,
			status: statusOf(invoice),
			discount: invoice.discount ?? null,
			special_mention: invoice.special_mention ?? null,
			pdf_invoice_free_text: invoice.pdf_invoice_free_text ?? null,
			pdf_invoice_subject: invoice.pdf_invoice_subject ?? null,
			pdf_description: invoice.pdf_description ?? null,
			external_reference: invoice.external_reference ?? null,
			draft: invoice.draft,
			customer: { id: invoice.customer_id, url: url(`/customers/${invoice.customer_id}`) },
			customer_invoice_template: invoice.customer_invoice_template_id ? { id: invoice.customer_invoice_template_id } : null,
			invoice_lines: { url: url(`/customer_invoices/${invoice.id}/invoice_lines`) },
			public_file_url: invoice.draft ? null : `https://files.pennylane.test/invoices/${invoice.id}.pdf`,
			filename: invoice.draft ? null : `${invoice.invoice_number}.pdf`,
			remaining_amount_with_tax: invoice.paid ? '0' : money(total),
			remaining_amount_without_tax: invoice.paid ? '0' : money(before),
			archived_at: null,
			created_at: invoice.created_at,
			updated_at: invoice.updated_at,
			...viewExtras.invoice.reduce((extra, add) => ({ ...extra, ...add(invoice) }), {}),
			...billyExtras(invoice),
		};
	}

	const customerView = (customer) => ({ ...customer, ...viewExtras.customer.reduce((extra, add) => ({ ...extra, ...add(customer) }), {}), ...billyExtras(customer) });

	/**
	 * Records a change the change feed reports: resource as in the feed's path (customer_invoices,
	 * customers, products, quotes), operation insert|update|delete.
	 */
	function changed(resource, id, operation) {
		const at = now();
		state.changes.push({ resource, id, operation, processed_at: at, updated_at: at, created_at: at });
	}

	/** A stored line from a request line (already checked), filling product lines from the product. */
	function makeLine(input, field) {
		let line = { ...input };
		if (input.product_id !== undefined) {
			const product = state.products.get(input.product_id);
			if (!product) throw unprocessable(`${field}.product_id: product ${input.product_id} not found`);
			line = {
				label: product.label,
				unit: product.unit,
				raw_currency_unit_price: product.price_before_tax,
				vat_rate: product.vat_rate,
				description: product.description ?? null,
				...input,
			};
		}
		return { id: state.nextId.line++, ...line, quantity: String(line.quantity), created_at: now(), updated_at: now() };
	}

	function assignNumber(invoice) {
		invoice.invoice_number = `F-${invoice.date.slice(0, 4)}-${String(++state.invoiceNumbers).padStart(4, '0')}`;
		invoice.pdfPending = state.pdfNotReadyCalls;
	}

	function createInvoice(body) {
		checkType(body, 'object', 'body');
		checkKnown(body, ['draft', 'invoice_lines', 'invoice_line_sections', 'transaction_reference', ...INVOICE_HEADER_FIELDS], 'body');
		if (body.draft === undefined) throw bad('draft is required');
		checkType(body.draft, 'boolean', 'draft');
		checkHeader(body, true, invoiceLanguages);
		if (body.invoice_lines === undefined) throw bad('invoice_lines is required');
		checkType(body.invoice_lines, 'array', 'invoice_lines');
		if (body.invoice_lines.length === 0) throw bad('invoice_lines must contain at least 1 item');
		body.invoice_lines.forEach((line, i) => checkLine(line, `invoice_lines[${i}]`));
		if (!state.customers.has(body.customer_id)) throw unprocessable(`customer_id: customer ${body.customer_id} not found`);
		if (body.external_reference && [...state.invoices.values()].some((i) => i.external_reference === body.external_reference))
			throw unprocessable('external_reference has already been taken');
		const { invoice_lines: lines, ...header } = body;
		const invoice = {
			id: state.nextId.invoice++,
			invoice_number: '',
			currency: 'EUR',
			language: 'fr_FR',
			paid: false,
			...header,
			lines: lines.map((line, i) => makeLine(line, `invoice_lines[${i}]`)),
			created_at: now(),
			updated_at: now(),
			emailsSent: 0,
		};
		if (!invoice.draft) assignNumber(invoice);
		state.invoices.set(invoice.id, invoice);
		changed('customer_invoices', invoice.id, 'insert');
		return invoice;
	}

	// ---- routes ----
	const route = (method, path, handler) => server.route(method, `${prefix}${path}`, handler);

	route('GET', '/me', () => ({
		body: {
			user: { id: 1, first_name: 'Camille', last_name: 'Martin', email: 'camille@example.test', locale: 'fr' },
			company: { id: 77, name: 'Sandbox SAS', reg_no: '123456789' },
		},
	}));

	route('GET', '/customers', ({ query }) => {
		const filter = parseFilter(query, CUSTOMER_FILTERS);
		const records = applyFilter([...state.customers.values()], filter, (c, field) => c[field]);
		return { body: { ...cursorPage(records.map(customerView), query) } };
	});
	route('GET', '/customers/:id', ({ params }) => ({ body: customerView(findCustomer(params.id)) }));
	route('POST', '/company_customers', ({ body }) => {
		checkType(body, 'object', 'body');
		checkKnown(body, ['name', 'billing_address', 'delivery_address', 'vat_number', 'reg_no', 'phone', 'payment_conditions', 'billing_iban', 'recipient', 'reference', 'notes', 'emails', 'external_reference', 'billing_language', 'ledger_account'], 'body');
		if (body.name === undefined) throw bad('name is required');
		checkType(body.name, 'string', 'name');
		if (body.billing_address === undefined) throw bad('billing_address is required');
		checkType(body.billing_address, 'object', 'billing_address');
		for (const key of ['address', 'postal_code', 'city', 'country_alpha2']) {
			if (body.billing_address[key] === undefined) throw bad(`billing_address.${key} is required`);
			checkType(body.billing_address[key], 'string', `billing_address.${key}`);
		}
		if (!/^[A-Z]{2}$/.test(body.billing_address.country_alpha2)) throw unprocessable('billing_address.country_alpha2 is not a valid country code');
		if (body.emails !== undefined) {
			checkType(body.emails, 'array', 'emails');
			body.emails.forEach((e, i) => checkType(e, 'string', `emails[${i}]`));
		}
		if (body.payment_conditions !== undefined && !PAYMENT_CONDITIONS.includes(body.payment_conditions)) throw bad('payment_conditions is not valid');
		if (body.billing_language !== undefined && !LANGUAGES.includes(body.billing_language)) throw bad('billing_language is not valid');
		if (body.external_reference && [...state.customers.values()].some((c) => c.external_reference === body.external_reference))
			throw unprocessable('external_reference has already been taken');
		const customer = addCustomer(body);
		return { status: 201, body: customerView(customer) };
	});

	// Products (list with filters and sort, create, update, get): test/sandboxes/pennylane-products.js.

	route('GET', '/customer_invoices', ({ query }) => {
		const filter = parseFilter(query, INVOICE_FILTERS);
		const sort = query.sort ?? '-id';
		if (!['id', '-id', 'date', '-date'].includes(sort)) throw bad(`sort ${JSON.stringify(sort)} is not supported`);
		const key = sort.replace('-', '');
		const direction = sort.startsWith('-') ? -1 : 1;
		const records = applyFilter([...state.invoices.values()], filter, (invoice, field) => invoice[field])
			.sort((a, b) => (a[key] < b[key] ? -direction : a[key] > b[key] ? direction : (a.id - b.id) * direction));
		return { body: cursorPage(records.map(invoiceView), query) };
	});
	route('POST', '/customer_invoices', ({ body }) => ({ status: 201, body: invoiceView(createInvoice(body)) }));
	route('GET', '/customer_invoices/:id', ({ params }) => ({ body: invoiceView(findInvoice(params.id)) }));
	route('PUT', '/customer_invoices/:id', ({ params, body }) => {
		const invoice = findInvoice(params.id);
		checkType(body, 'object', 'body');
		checkKnown(body, [...INVOICE_HEADER_FIELDS, 'invoice_lines', 'invoice_line_sections'], 'body');
		if (!invoice.draft) throw unprocessable('Only draft invoices can be updated this way; correct a finalized invoice with a credit note');
		checkHeader({ ...body }, false, invoiceLanguages);
		const merged = { date: body.date ?? invoice.date, deadline: body.deadline ?? invoice.deadline };
		if (merged.deadline < merged.date) throw unprocessable('Deadline must be on or after the invoice date');
		if (body.customer_id !== undefined && !state.customers.has(body.customer_id)) throw unprocessable(`customer_id: customer ${body.customer_id} not found`);
		const changes = body.invoice_lines;
		if (changes !== undefined) {
			checkType(changes, 'object', 'invoice_lines');
			checkKnown(changes, ['create', 'update', 'delete'], 'invoice_lines');
			for (const key of ['create', 'update', 'delete']) if (changes[key] !== undefined) checkType(changes[key], 'array', `invoice_lines.${key}`);
			(changes.create ?? []).forEach((line, i) => checkLine(line, `invoice_lines.create[${i}]`));
			(changes.update ?? []).forEach((line, i) => {
				checkType(line, 'object', `invoice_lines.update[${i}]`);
				checkKnown(line, ['id', ...LINE_FIELDS], `invoice_lines.update[${i}]`);
				checkType(line.id, 'integer', `invoice_lines.update[${i}].id`);
				if (line.quantity !== undefined) checkType(line.quantity, 'number', `invoice_lines.update[${i}].quantity`);
				if (line.raw_currency_unit_price !== undefined) checkType(line.raw_currency_unit_price, 'decimalString', `invoice_lines.update[${i}].raw_currency_unit_price`);
				if (!invoice.lines.some((l) => l.id === line.id)) throw unprocessable(`invoice_lines.update[${i}].id: line ${line.id} not found on this invoice`);
			});
			(changes.delete ?? []).forEach((line, i) => {
				checkType(line.id, 'integer', `invoice_lines.delete[${i}].id`);
				if (!invoice.lines.some((l) => l.id === line.id)) throw unprocessable(`invoice_lines.delete[${i}].id: line ${line.id} not found on this invoice`);
			});
			const deleted = new Set((changes.delete ?? []).map((l) => l.id));
			invoice.lines = invoice.lines.filter((l) => !deleted.has(l.id));
			for (const update of changes.update ?? []) {
				const line = invoice.lines.find((l) => l.id === update.id);
				Object.assign(line, update, update.quantity !== undefined ? { quantity: String(update.quantity) } : {}, { updated_at: now() });
			}
			invoice.lines.push(...(changes.create ?? []).map((line, i) => makeLine(line, `invoice_lines.create[${i}]`)));
			if (invoice.lines.length === 0) throw unprocessable('An invoice needs at least one line');
		}
		const { invoice_lines: _lines, ...header } = body;
		void _lines;
		Object.assign(invoice, header, { updated_at: now() });
		changed('customer_invoices', invoice.id, 'update');
		return { body: invoiceView(invoice) };
	});
	route('DELETE', '/customer_invoices/:id', ({ params }) => {
		const invoice = findInvoice(params.id);
		if (!invoice.draft) throw unprocessable('Only draft invoices can be deleted');
		state.invoices.delete(invoice.id);
		changed('customer_invoices', invoice.id, 'delete');
		return { status: 204 };
	});
	route('PUT', '/customer_invoices/:id/finalize', ({ params }) => {
		const invoice = findInvoice(params.id);
		if (!invoice.draft) throw unprocessable('Invoice is already finalized');
		invoice.draft = false;
		assignNumber(invoice);
		invoice.updated_at = now();
		changed('customer_invoices', invoice.id, 'update');
		return { body: invoiceView(invoice) };
	});
	route('PUT', '/customer_invoices/:id/mark_as_paid', ({ params }) => {
		const invoice = findInvoice(params.id);
		if (invoice.draft) throw unprocessable('A draft invoice cannot be marked as paid');
		invoice.paid = true;
		invoice.updated_at = now();
		// That a payment shows in the change feed as an update is UNCONFIRMED (providers.md §3.12.1).
		changed('customer_invoices', invoice.id, 'update');
		return { status: 204 };
	});
	route('POST', '/customer_invoices/:id/send_by_email', ({ params, body }) => {
		const invoice = findInvoice(params.id);
		if (invoice.draft) throw unprocessable('A draft invoice cannot be sent');
		if (body !== undefined) {
			checkType(body, 'object', 'body');
			checkKnown(body, ['recipients'], 'body');
			if (body.recipients !== undefined) {
				checkType(body.recipients, 'array', 'recipients');
				body.recipients.forEach((e, i) => {
					if (typeof e !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(e)) throw unprocessable(`recipients[${i}] is not a valid email`);
				});
			}
		}
		if (invoice.pdfPending > 0) {
			invoice.pdfPending--;
			throw new HttpError(409, 'The invoice PDF is still being generated, please retry later');
		}
		const customer = state.customers.get(invoice.customer_id);
		state.emails.push({ invoiceId: invoice.id, to: body?.recipients ?? customer?.emails ?? [] });
		invoice.emailsSent++;
		return { status: 204 };
	});
	route('GET', '/customer_invoices/:id/invoice_lines', ({ params, query }) => ({
		body: cursorPage(findInvoice(params.id).lines.map(lineView), query),
	}));

	function addCustomer(fields) {
		const customer = {
			id: state.nextId.customer++,
			customer_type: 'company',
			name: fields.name,
			billing_address: fields.billing_address ?? { address: '1 rue de la Paix', postal_code: '75002', city: 'Paris', country_alpha2: 'FR' },
			emails: fields.emails ?? [],
			payment_conditions: fields.payment_conditions ?? '30_days',
			billing_language: fields.billing_language ?? 'fr_FR',
			external_reference: fields.external_reference ?? null,
			reference: fields.reference ?? null,
			vat_number: fields.vat_number ?? null,
			reg_no: fields.reg_no ?? null,
			phone: fields.phone ?? null,
			notes: fields.notes ?? null,
			recipient: fields.recipient ?? null,
			billing_iban: fields.billing_iban ?? null,
			created_at: now(),
			updated_at: now(),
		};
		state.customers.set(customer.id, customer);
		changed('customers', customer.id, 'insert');
		return customer;
	}

	// Extensions: each test/sandboxes/pennylane-<area>.js exports extend(ctx), adds its routes and
	// view fields through ctx, and may return helpers for tests (merged into the sandbox object).
	const ctx = {
		mode, prefix, server, state, route, url, changed, viewExtras, billyExtras,
		findInvoice, findCustomer, invoiceView, customerView, lineView, createInvoice, makeLine, assignNumber, addCustomer, statusOf,
		checkType, checkKnown, checkHeader, checkLine, checkDiscount, cursorPage, parseFilter, applyFilter,
		bad, unprocessable, notFound, now, today, units, money, invoiceLanguages, LANGUAGES, PAYMENT_CONDITIONS, NUMERIC_OPS, CURRENCIES,
	};
	const extensions = Object.assign({}, ...EXTENSIONS.map((extend) => extend(ctx) ?? {}));

	return {
		...extensions,
		server,
		state,
		mode,
		start: () => server.start(),
		stop: () => server.stop(),
		/** The API base URL to put in the credential (host and path prefix). */
		get baseUrl() {
			return `${server.baseUrl}${prefix}`;
		},
		prefix,
		setRateLimit,
		/** Requests that reached the API (any path under the prefix). */
		apiRequests: () => server.requests.filter((r) => r.path.startsWith(prefix)),
		seedCustomer: (fields = {}) => customerView(addCustomer({ name: 'Acme SAS', ...fields })),
		seedProduct(fields = {}) {
			const product = {
				id: state.nextId.product++,
				label: 'Consulting day',
				description: null,
				unit: 'day',
				price_before_tax: '800',
				vat_rate: 'FR_200',
				currency: 'EUR',
				reference: null,
				external_reference: null,
				...fields,
			};
			state.products.set(product.id, product);
			changed('products', product.id, 'insert');
			return product;
		},
		/** Adds an invoice directly (test set-up), returning its public view. */
		seedInvoice: (body) => invoiceView(createInvoice(JSON.parse(JSON.stringify(body)))),
		invoiceView: (id) => invoiceView(state.invoices.get(Number(id))),
		linesOf: (id) => state.invoices.get(Number(id)).lines.map(lineView),
	};
}

/** The extensions next to this file (pennylane-<area>.js), in name order. */
const EXTENSIONS = fs
	.readdirSync(__dirname)
	.filter((file) => /^pennylane-[a-z-]+\.js$/.test(file))
	.sort()
	.map((file) => require(path.join(__dirname, file)).extend);

module.exports = { createPennylaneSandbox, SOURCE_SOFTWARES, CURRENCIES };
