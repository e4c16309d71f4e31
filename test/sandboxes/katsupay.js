'use strict';
// Katsu Pay (Sabi) simulator: the documented contract of the Katsu Pay API (seed 003, providers.md §2).
// Every answer uses the documented envelope {succeeded, message, errors[], data}; lists use the paged
// envelope {pageNumber, pageSize, total, succeeded, message, errors, data[]}. Errors use the same
// envelope with succeeded:false (the docs list only the status codes 400, 404 and 500).
//
// Choices this simulator makes where the docs are silent (the node does not depend on them):
// - Authorization: Bearer <token> on every endpoint; 401 with the envelope and `WWW-Authenticate: Bearer`.
// - Query parameter names are matched case-insensitively, as ASP.NET binds them.
// - Unknown body fields are rejected (400), so a misspelt field in the node shows up in tests.
// - Create Invoice requires counterPartyId, receivingAccountId, dueDate, currency and at least one
//   product (the node's assumption); the counterparty and the products must exist (404 otherwise).
// - amount = Σ quantity × unitPrice, plus each tax as a percentage of that subtotal. The discount is
//   stored but not applied: the meaning of the discountType codes is not published.
// - New invoices get invoiceStatus 1 and a human-readable invoiceId "INV-000001"; these codes are
//   this simulator's, not Katsu Pay's.
// - PUT /api/v1/Invoice/Update (undocumented) takes {id, ...changed fields} and answers the invoice.
const crypto = require('crypto');
const { SandboxServer, HttpError } = require('../sandbox/server');
const { validate, UUID } = require('../sandbox/schema');

const API = '/api/v1';

const integerCode = { type: 'integer', min: 0 };
const codeList = { type: 'array', items: integerCode };

const PRODUCT_LINE = {
	productId: { type: 'uuid', required: true },
	quantity: { type: 'integer', required: true, min: 1 },
	unitPrice: { type: 'number', required: true, min: 0 },
};
const TAX_LINE = {
	taxId: { type: 'uuid', required: true },
	taxPercentageValue: { type: 'number', required: true, min: 0 },
};
const DISCOUNT = { discountType: integerCode, discountValue: { type: 'number', min: 0 } };

const INVOICE_FIELDS = {
	counterPartyId: { type: 'uuid' },
	receivingAccountId: { type: 'uuid' },
	counterPartyName: { type: 'string' },
	accountName: { type: 'string' },
	// `<dateTime>`: checked as ASP.NET's System.Text.Json binds a DateTime (see isNetDateTime).
	dueDate: { type: 'string' },
	currency: integerCode,
	products: { type: 'array', minItems: 1, items: { type: 'object', properties: PRODUCT_LINE } },
	taxes: { type: 'array', items: { type: 'object', properties: TAX_LINE } },
	discount: { type: 'object', properties: DISCOUNT },
	description: { type: 'string' },
	billingCycle: integerCode,
	recuringInvoice: { type: 'boolean' },
	notification: codeList,
	paymentMethods: codeList,
	beforeDueDates: codeList,
	afterDueDates: codeList,
	onDueDate: { type: 'boolean' },
	sendInvoice: { type: 'boolean' },
};
const required = (fields, names) =>
	Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, names.includes(k) ? { ...v, required: true } : v]));
const CREATE_INVOICE = required(INVOICE_FIELDS, ['counterPartyId', 'receivingAccountId', 'dueDate', 'currency', 'products']);
const UPDATE_INVOICE = { id: { type: 'uuid', required: true }, ...INVOICE_FIELDS };
const NESTED_KEYS = { products: PRODUCT_LINE, taxes: TAX_LINE, discount: DISCOUNT };

const text = { type: 'string' };
const COUNTERPARTY_FIELDS = {
	name: { type: 'string', minLength: 1 },
	...Object.fromEntries(['email', 'address', 'lei', 'country', 'phoneCode', 'phoneNumber', 'state', 'city', 'postalCode'].map((k) => [k, text])),
};
const BANK_ACCOUNT = {
	counterpartyId: { type: 'uuid' },
	account: integerCode,
	counterpartyType: integerCode,
	accountType: integerCode,
	...Object.fromEntries(['bankCode', 'bankName', 'accountNumber', 'accountName', 'iban', 'swiftCode', 'bankAddress', 'routingNumber'].map((k) => [k, text])),
};
const CREATE_COUNTERPARTY = {
	...COUNTERPARTY_FIELDS,
	name: { ...COUNTERPARTY_FIELDS.name, required: true },
	bankAccounts: { type: 'array', items: { type: 'object', properties: BANK_ACCOUNT } },
};
const UPDATE_COUNTERPARTY = { id: { type: 'uuid', required: true }, ...COUNTERPARTY_FIELDS };

const envelope = (data, message = 'Request successful') => ({ succeeded: true, message, errors: [], data });

function badRequest(problems) {
	return new HttpError(400, 'One or more validation errors occurred.', { errors: problems.map((p) => `${p.field}: ${p.problem}`) });
}

/**
 * Whether .NET's System.Text.Json reads `text` as a DateTime (the ISO 8601-1:2019 extended profile
 * ASP.NET uses for JSON bodies): YYYY-MM-DD, optionally THH:mm, THH:mm:ss or THH:mm:ss plus 1 to 16
 * decimals, then optionally Z or ±HH:mm. Upper-case T and Z; "+0300", "+03", a space for T are refused.
 */
function isNetDateTime(text) {
	const match = typeof text === 'string' && /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,16})?)?(Z|[+-](\d{2}):(\d{2}))?)?$/.exec(text);
	if (!match) return false;
	const [, y, mo, d, h = '0', mi = '0', s = '0', , oh = '0', om = '0'] = match;
	const date = new Date(0);
	date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
	const realDate = Number(y) >= 1 && date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d);
	return realDate && Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 59 && Number(om) <= 59 && Number(oh) * 60 + Number(om) <= 14 * 60;
}

function checkBody(body, schema, nested = {}) {
	const problems = validate(body ?? null, schema);
	if ('dueDate' in schema && typeof body?.dueDate === 'string' && !isNetDateTime(body.dueDate))
		problems.push({ field: 'dueDate', problem: `The JSON value could not be converted to System.DateTime: ${JSON.stringify(body.dueDate)}` });
	const extra = (object, allowed, prefix) => {
		if (object === null || typeof object !== 'object' || Array.isArray(object)) return;
		for (const key of Object.keys(object)) {
			if (!(key in allowed)) problems.push({ field: `${prefix}${key}`, problem: 'is not a field of this request' });
		}
	};
	extra(body, schema, '');
	for (const [key, fields] of Object.entries(nested)) {
		const value = body?.[key];
		if (Array.isArray(value)) value.forEach((entry, i) => extra(entry, fields, `${key}.${i}.`));
		else extra(value, fields, `${key}.`);
	}
	if (problems.length) throw badRequest(problems);
}

/** A query parameter, whatever its casing (ASP.NET binds them case-insensitively). */
function param(query, name) {
	const key = Object.keys(query).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : query[key];
}

function boolParam(query, name) {
	const value = param(query, name);
	if (value === undefined || value === '') return undefined;
	if (!['true', 'false'].includes(String(value).toLowerCase())) throw badRequest([{ field: name, problem: `The value '${value}' is not valid.` }]);
	return String(value).toLowerCase() === 'true';
}

const round2 = (n) => Math.round(n * 100) / 100;

/**
 * @param {object} [options]
 * @param {string[]} [options.accessTokens] bearer tokens accepted
 * @param {number} [options.maxPageSize] largest page served; larger page sizes are capped (and reported)
 */
function createKatsuPaySandbox({ accessTokens = ['katsu-demo-token'], maxPageSize = 100 } = {}) {
	const state = {
		tokens: new Set(accessTokens),
		userId: crypto.randomUUID(),
		merchantId: crypto.randomUUID(),
		products: new Map(),
		counterparties: new Map(),
		bankAccounts: new Map(),
		invoices: new Map(),
		invoiceNumber: 0,
	};

	const server = new SandboxServer({
		name: 'Katsu Pay',
		// Matched without regard to case, as ASP.NET binds query names (see `param`).
		pagingParams: ['pageNumber'],
		filterParams: ['GlobalSearch', 'CounterpartyId', 'Counterparty', 'AccountName', 'InvoiceStatus', 'InvoiceId'],
		isFailure: (body) => body !== null && typeof body === 'object' && body.succeeded === false,
		errorBody: (status, message, extra) => ({ succeeded: false, message, errors: extra.errors ?? [], data: null }),
		authenticate(request) {
			const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
			const headers = { 'www-authenticate': 'Bearer' };
			if (!match) throw new HttpError(401, 'Unauthorized', { headers });
			if (!state.tokens.has(match[1])) throw new HttpError(401, 'Unauthorized: the access token is not valid', { headers });
		},
	});

	const paging = (query, { pageName, sizeName }) => {
		const rawPage = param(query, pageName);
		const rawSize = param(query, sizeName);
		const page = rawPage === undefined ? 1 : Number(rawPage);
		const size = rawSize === undefined ? 10 : Number(rawSize);
		const problems = [];
		if (!Number.isInteger(page) || page < 1) problems.push({ field: pageName, problem: 'must be a whole number of 1 or more' });
		if (!Number.isInteger(size) || size < 1) problems.push({ field: sizeName, problem: 'must be a whole number of 1 or more' });
		if (problems.length) throw badRequest(problems);
		return { page, size: Math.min(size, maxPageSize) };
	};
	const paged = (all, { page, size }) => ({
		body: { pageNumber: page, pageSize: size, total: all.length, ...envelope(all.slice((page - 1) * size, page * size)) },
	});

	const findCounterparty = (id) => {
		const counterparty = UUID.test(id) ? state.counterparties.get(id) : undefined;
		if (!counterparty) throw new HttpError(404, 'Counterparty not found', { errors: [`No counterparty with id ${id}`] });
		return counterparty;
	};
	const findInvoice = (id) => {
		const invoice = UUID.test(String(id)) ? state.invoices.get(id) : undefined;
		if (!invoice) throw new HttpError(404, 'Invoice not found', { errors: [`No invoice with id ${id}`] });
		return invoice;
	};
	const checkProducts = (lines = []) => {
		for (const line of lines) {
			if (!state.products.has(line.productId)) throw new HttpError(404, 'Product not found', { errors: [`No product with id ${line.productId}`] });
		}
	};
	const amountOf = (invoice) => {
		const subtotal = (invoice.products ?? []).reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
		const taxes = (invoice.taxes ?? []).reduce((sum, tax) => sum + (subtotal * tax.taxPercentageValue) / 100, 0);
		return round2(subtotal + taxes);
	};
	/** The invoice as GET getbyId documents it. */
	const invoiceView = (invoice) => ({
		id: invoice.id,
		invoiceId: invoice.invoiceId,
		counterPartyName: invoice.counterPartyName ?? null,
		accountName: invoice.accountName ?? null,
		dueDate: invoice.dueDate,
		currency: invoice.currency ?? 0,
		discountType: invoice.discount?.discountType ?? 0,
		description: invoice.description ?? null,
		billingCycle: invoice.billingCycle ?? 0,
		recuringInvoice: invoice.recuringInvoice ?? false,
		paymentOption: 0,
		userId: state.userId,
		amount: invoice.amount,
		notifications: (invoice.notification ?? []).join(','),
		paidAmount: invoice.paidAmount,
		created: invoice.created,
		invoiceStatus: invoice.invoiceStatus,
		beforeDueDate: invoice.beforeDueDates?.[0] ?? 0,
		afterDueDate: invoice.afterDueDates?.[0] ?? 0,
		onDueDate: invoice.onDueDate ?? false,
	});
	const saveInvoice = (fields, existing) => {
		const counterparty = fields.counterPartyId !== undefined ? findCounterparty(fields.counterPartyId) : undefined;
		checkProducts(fields.products);
		const invoice = existing ?? {
			id: crypto.randomUUID(),
			invoiceId: `INV-${String(++state.invoiceNumber).padStart(6, '0')}`,
			created: new Date().toISOString(),
			invoiceStatus: 1,
			paidAmount: 0,
		};
		const { id: _ignored, ...changes } = fields;
		void _ignored;
		Object.assign(invoice, changes);
		if (counterparty && fields.counterPartyName === undefined) invoice.counterPartyName = counterparty.name;
		invoice.amount = amountOf(invoice);
		state.invoices.set(invoice.id, invoice);
		return invoice;
	};

	const counterpartyView = (counterparty) => ({ ...counterparty });
	const saveBankAccount = (counterpartyId, fields) => {
		const account = { id: crypto.randomUUID(), ...fields, counterpartyId };
		state.bankAccounts.set(account.id, account);
		return account;
	};
	const saveCounterparty = (fields) => {
		const { bankAccounts = [], ...rest } = fields;
		const counterparty = {
			id: crypto.randomUUID(), userId: state.userId, merchantId: state.merchantId,
			email: null, address: null, lei: null, country: null, phoneCode: null, phoneNumber: null, state: null, city: null, postalCode: null,
			...rest,
		};
		state.counterparties.set(counterparty.id, counterparty);
		const accounts = bankAccounts.map((account) => saveBankAccount(counterparty.id, account));
		return { counterparty, accounts };
	};

	server.route('GET', `${API}/Products`, ({ query }) => paged([...state.products.values()], paging(query, { pageName: 'pageNumber', sizeName: 'pageSize' })));

	server.route('POST', `${API}/Counterparties/save`, ({ body }) => {
		checkBody(body, CREATE_COUNTERPARTY, { bankAccounts: BANK_ACCOUNT });
		const { counterparty, accounts } = saveCounterparty(body);
		return { body: envelope({ ...counterpartyView(counterparty), bankAccounts: accounts }, 'Counterparty created successfully') };
	});
	server.route('PUT', `${API}/Counterparties/update`, ({ body }) => {
		checkBody(body, UPDATE_COUNTERPARTY);
		const counterparty = findCounterparty(body.id);
		const { id: _ignored, ...changes } = body;
		void _ignored;
		Object.assign(counterparty, changes);
		return { body: envelope(counterpartyView(counterparty), 'Counterparty updated successfully') };
	});
	server.route('GET', `${API}/Counterparties/get/:id`, ({ params }) => ({ body: envelope(counterpartyView(findCounterparty(params.id))) }));
	server.route('GET', `${API}/Counterparties/accounts`, ({ query }) => {
		const counterparty = findCounterparty(String(param(query, 'counterpartyId') ?? ''));
		const accounts = [...state.bankAccounts.values()].filter((account) => account.counterpartyId === counterparty.id);
		return paged(accounts, paging(query, { pageName: 'pageNumber', sizeName: 'pageSize' }));
	});

	server.route('POST', `${API}/Invoice/Create`, ({ body }) => {
		checkBody(body, CREATE_INVOICE, NESTED_KEYS);
		const invoice = saveInvoice(body);
		return { body: envelope({ invoiceId: invoice.id, amount: invoice.amount }, 'Invoice created successfully') };
	});
	server.route('PUT', `${API}/Invoice/Update`, ({ body }) => {
		checkBody(body, UPDATE_INVOICE, NESTED_KEYS);
		const invoice = saveInvoice(body, findInvoice(body.id));
		return { body: envelope(invoiceView(invoice), 'Invoice updated successfully') };
	});
	server.route('GET', `${API}/Invoice/getbyId`, ({ query }) => {
		const id = param(query, 'InvoiceId');
		if (id === undefined || id === '') throw badRequest([{ field: 'InvoiceId', problem: 'The InvoiceId field is required.' }]);
		return { body: envelope(invoiceView(findInvoice(id))) };
	});
	server.route('GET', `${API}/Invoice/getAll`, ({ query }) => {
		const paging_ = paging(query, { pageName: 'PageNumber', sizeName: 'PageSize' });
		const status = param(query, 'InvoiceStatus');
		if (status !== undefined && !/^\d+$/.test(status)) throw badRequest([{ field: 'InvoiceStatus', problem: `The value '${status}' is not valid.` }]);
		const counterpartyId = param(query, 'CounterpartyId');
		if (counterpartyId !== undefined && !UUID.test(counterpartyId)) throw badRequest([{ field: 'CounterpartyId', problem: `The value '${counterpartyId}' is not valid.` }]);
		const recurring = boolParam(query, 'RecuringInvoice');
		const due = boolParam(query, 'DueInvoices');
		const contains = (value, needle) => needle === undefined || String(value ?? '').toLowerCase().includes(String(needle).toLowerCase());
		const search = param(query, 'GlobalSearch');
		const now = Date.now();
		const invoices = [...state.invoices.values()].filter(
			(invoice) =>
				(status === undefined || invoice.invoiceStatus === Number(status)) &&
				(counterpartyId === undefined || invoice.counterPartyId === counterpartyId) &&
				(recurring === undefined || (invoice.recuringInvoice ?? false) === recurring) &&
				(!due || Date.parse(invoice.dueDate) <= now) &&
				contains(invoice.counterPartyName, param(query, 'Counterparty')) &&
				contains(invoice.accountName, param(query, 'AccountName')) &&
				(search === undefined ||
					[invoice.invoiceId, invoice.counterPartyName, invoice.accountName, invoice.description].some((value) => contains(value, search))),
		);
		return paged(invoices.map(invoiceView), paging_);
	});

	return {
		server,
		state,
		start: () => server.start(),
		stop: () => server.stop(),
		get baseUrl() {
			return server.baseUrl;
		},
		/** Adds a product directly (test set-up), returning it. */
		seedProduct(fields = {}) {
			const product = { id: crypto.randomUUID(), name: 'Product', description: null, price: 0, created: new Date().toISOString(), ...fields };
			state.products.set(product.id, product);
			return product;
		},
		/** Adds a counterparty directly (test set-up), returning it. */
		seedCounterparty(fields = {}) {
			return saveCounterparty({ name: 'Counterparty', ...fields }).counterparty;
		},
		/** Adds an invoice directly (test set-up), returning its GET view. */
		seedInvoice(fields = {}) {
			return invoiceView(saveInvoice({ dueDate: '2030-01-31T00:00:00', currency: 2, products: [], ...fields }));
		},
		/** The invoice's GET view (for assertions). */
		invoiceView(id) {
			return invoiceView(findInvoice(id));
		},
		/** Makes the next matching request answer HTTP 200 with `succeeded: false` (a failure inside a 200). */
		failWith200(match, message, errors = []) {
			server.inject({ match, status: 200, body: { succeeded: false, message, errors, data: null } });
		},
		addAccessToken(token) {
			state.tokens.add(token);
		},
	};
}

module.exports = { createKatsuPaySandbox, KATSUPAY_API_PATH: API };
