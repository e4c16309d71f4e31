'use strict';
// Levers simulator: the documented contract of api.dev.uselevers.com (seeds 000-002, providers.md §1).
// FastAPI-style errors: {"detail": "..."} and 422 {"detail": [{loc, msg, type}]}.
const crypto = require('crypto');
const { SandboxServer, HttpError } = require('../sandbox/server');
const { validate, UUID } = require('../sandbox/schema');

const API = '/api-service/v1';

// Seed 000 (create): number 1-255 characters, the other texts without limits, total any number.
const INVOICE_FIELDS = {
	number: { type: 'string', minLength: 1, maxLength: 255 },
	date: { type: 'date' },
	dueDate: { type: 'date' },
	total: { type: 'number' },
	contactUuid: { type: 'uuid' },
	reference: { type: 'string' },
	notes: { type: 'string' },
	description: { type: 'string' },
	remindersEnabled: { type: 'boolean' },
	purchaseOrder: { type: 'string' },
	customFields: { type: 'array' },
	extPlatformId: { type: 'string' },
};
const required = (fields, names) =>
	Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, names.includes(k) ? { ...v, required: true } : v]));
const CREATE_INVOICE = required(INVOICE_FIELDS, ['number', 'date', 'dueDate', 'total', 'contactUuid']);
// Seed 001 (update): number, reference, notes and description 1-255 characters; total min 0.
const text1to255 = { type: 'string', minLength: 1, maxLength: 255 };
const UPDATE_INVOICE = {
	uuid: { type: 'uuid', required: true },
	...INVOICE_FIELDS,
	number: text1to255,
	reference: text1to255,
	notes: text1to255,
	description: text1to255,
	total: { type: 'number', min: 0 },
};
// Create or update: create's body plus uuid and outstandingAmount (providers.md §1.3; no minimum documented).
const UPSERT_INVOICE = { ...CREATE_INVOICE, uuid: { type: 'uuid' }, outstandingAmount: { type: 'number', required: true } };

const text = { type: 'string', maxLength: 255 };
const CONTACT_FIELDS = {
	name: { type: 'string', minLength: 1, maxLength: 255 },
	...Object.fromEntries(
		['nameAr', 'firstName', 'firstNameAr', 'lastName', 'lastNameAr', 'phoneNumber', 'vatNumber', 'email', 'building', 'buildingAr',
			'street', 'streetAr', 'district', 'districtAr', 'city', 'cityAr', 'country', 'countryAr', 'postalCode', 'additionalNumber',
			'otherId', 'bankName', 'bankContactName', 'iban', 'accountNumber', 'extPlatformId', 'extCompanyId', 'gender'].map((k) => [k, text]),
	),
	emailTone: { type: 'string', enum: ['FRIENDLY', 'NEUTRAL', 'REALESTATE'] },
	sendEmailNotif: { type: 'boolean' },
	sendEmailNotifLang: { type: 'string', enum: ['ENGLISH', 'ARABIC', 'ENGLISH_ARABIC'] },
	sendSmsNotif: { type: 'boolean' },
	sendSmsNotifLang: { type: 'string', enum: ['ENGLISH', 'ARABIC'] },
	remindersEnabled: { type: 'boolean' },
	customFields: { type: 'array' },
};
const PAYMENT_FIELDS = {
	amount: { type: 'number' },
	date: { type: 'date' },
	reference: { type: 'string' },
	notes: { type: 'string' },
	paymentType: { type: 'string', enum: ['PAYMENT', 'CREDIT_MEMO', 'OTHER_PAYMENT', 'JOURNAL_ENTRY'] },
	extPlatformId: { type: 'string' },
	extInvoiceId: { type: 'string' },
};

function unprocessable(problems, location = 'body') {
	return new HttpError(422, 'Validation error', {
		detail: problems.map((p) => ({ loc: [location, ...p.field.split('.')], msg: p.problem, type: p.type })),
	});
}

function checkBody(body, schema) {
	const problems = validate(body ?? null, schema);
	const unknown = Object.keys(body ?? {}).filter((key) => !(key in schema));
	for (const key of unknown) problems.push({ field: key, problem: 'extra fields not permitted', type: 'value_error.extra' });
	if (problems.length) throw unprocessable(problems);
}

function checkPathUuid(value) {
	if (!UUID.test(value)) throw unprocessable([{ field: 'uuid', problem: 'value is not a valid uuid', type: 'type_error.uuid' }], 'path');
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * @param {object} [options]
 * @param {Record<string,string>} [options.clients] clientId → clientSecret accepted by the token exchange
 * @param {string[]} [options.accessTokens] bearer tokens accepted as they are
 * @param {number} [options.tokenTtlMs] lifetime of exchanged tokens
 */
function createLeversSandbox({ clients = { 'demo-client': 'demo-secret' }, accessTokens = [], tokenTtlMs = 3600_000 } = {}) {
	const state = { contacts: new Map(), invoices: new Map(), payments: new Map(), tokens: new Map(), issuedTokens: 0 };
	for (const token of accessTokens) state.tokens.set(token, Infinity);

	const server = new SandboxServer({
		name: 'Levers',
		pagingParams: ['page'],
		errorBody: (status, message, extra) => (extra.detail ? { detail: extra.detail } : { detail: message }),
		authenticate(request) {
			const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
			if (!match) throw new HttpError(401, 'Not authenticated');
			const expiresAt = state.tokens.get(match[1]);
			if (expiresAt === undefined) throw new HttpError(401, 'Could not validate credentials');
			if (Date.now() >= expiresAt) throw new HttpError(401, 'Token has expired');
		},
	});

	const findContact = (uuid) => {
		checkPathUuid(uuid);
		const contact = state.contacts.get(uuid);
		if (!contact) throw new HttpError(404, 'Contact not found');
		return contact;
	};
	const findInvoice = (uuid) => {
		checkPathUuid(uuid);
		const invoice = state.invoices.get(uuid);
		if (!invoice) throw new HttpError(404, 'Invoice not found');
		return invoice;
	};
	const contactShort = (uuid) => {
		const c = state.contacts.get(uuid);
		if (!c) throw new HttpError(404, 'Contact not found');
		return { uuid: c.uuid, name: c.name, firstName: c.firstName ?? null, lastName: c.lastName ?? null, phoneNumber: c.phoneNumber ?? null, email: c.email ?? null };
	};
	const invoiceView = (invoice) => {
		const { contactUuid, history, attachments, ...rest } = invoice;
		void history; void attachments;
		const totalPaid = invoice.payments.reduce((sum, p) => sum + p.amount, 0);
		const view = { ...rest, contact: contactShort(contactUuid), totalPaid, outstandingAmount: invoice.outstandingAmount ?? Math.max(0, invoice.total - totalPaid) };
		delete view.payments;
		return view;
	};
	const invoiceDetails = (invoice) => {
		const due = new Date(`${invoice.dueDate}T00:00:00Z`).getTime();
		return {
			...invoiceView(invoice),
			history: invoice.history,
			customerRisk: 'LOW',
			daysUntilDue: Math.round((due - Date.parse(`${today()}T00:00:00Z`)) / 86400000),
			payment: invoice.payments,
		};
	};
	const saveInvoice = (body, existing) => {
		if (body.contactUuid !== undefined) contactShort(body.contactUuid);
		const uuid = existing?.uuid ?? crypto.randomUUID();
		const invoice = existing ?? {
			uuid, status: 'UNPAID', createdAt: today(), remindersEnabled: true, preDueEmails: 0, postDueEmails: 0,
			level: 'UPCOMING', risk: 'LOW', attachment: false, currencyCode: 'SAR', customFields: [], payments: [],
			history: [{ uuid: crypto.randomUUID(), type: 'CREATED', user: { firstName: 'API', lastName: 'Client' }, createdAt: new Date().toISOString(), data: {}, emailTracking: [] }],
			paymentInstructions: { bankName: 'Sandbox Bank', iban: 'SA0000000000000000000000', accountNumber: '000000', bankCompanyName: 'Sandbox Co' },
		};
		const { uuid: _ignored, ...fields } = body;
		void _ignored;
		Object.assign(invoice, fields);
		if (existing) invoice.history.push({ uuid: crypto.randomUUID(), type: 'UPDATED', user: { firstName: 'API', lastName: 'Client' }, createdAt: new Date().toISOString(), data: fields, emailTracking: [] });
		state.invoices.set(uuid, invoice);
		return invoice;
	};

	server.route('POST', '/auth/v1/api-key/auth', ({ body }) => {
		checkBody(body, { clientId: { type: 'string', required: true }, clientSecret: { type: 'string', required: true } });
		if (clients[body.clientId] !== body.clientSecret) throw new HttpError(401, 'Invalid client credentials');
		const token = `levers-jwt-${++state.issuedTokens}-${crypto.randomBytes(8).toString('hex')}`;
		state.tokens.set(token, Date.now() + tokenTtlMs);
		return { body: { access_token: token } };
	}, { public: true });

	server.route('GET', `${API}/contact`, ({ query }) => {
		const page = query.page === undefined ? 1 : Number(query.page);
		const size = query.size === undefined ? 50 : Number(query.size);
		const problems = [];
		if (!Number.isInteger(page) || page < 1) problems.push({ field: 'page', problem: 'ensure this value is greater than or equal to 1', type: 'value_error.number.not_ge' });
		if (!Number.isInteger(size) || size < 1 || size > 100) problems.push({ field: 'size', problem: 'ensure this value is between 1 and 100', type: 'value_error.number' });
		if (problems.length) throw unprocessable(problems, 'query');
		const all = [...state.contacts.values()];
		return { body: { items: all.slice((page - 1) * size, page * size), total: all.length, page, size, pages: Math.ceil(all.length / size) } };
	});
	server.route('POST', `${API}/contact`, ({ body }) => {
		checkBody(body, { ...CONTACT_FIELDS, name: { ...CONTACT_FIELDS.name, required: true } });
		const contact = { uuid: crypto.randomUUID(), ...body, totalAmount: 0, totalPaid: 0, outstandingAmount: 0, risk: 'LOW', secondaryContacts: [] };
		state.contacts.set(contact.uuid, contact);
		return { body: contact };
	});
	server.route('PUT', `${API}/contact`, ({ body }) => {
		checkBody(body, { uuid: { type: 'uuid', required: true }, ...CONTACT_FIELDS });
		const contact = findContact(body.uuid);
		Object.assign(contact, body);
		return { body: contact };
	});
	server.route('GET', `${API}/contact/:uuid`, ({ params }) => ({ body: findContact(params.uuid) }));

	server.route('POST', `${API}/invoice`, ({ body }) => {
		checkBody(body, CREATE_INVOICE);
		return { body: invoiceView(saveInvoice(body)) };
	});
	server.route('PUT', `${API}/invoice`, ({ body }) => {
		checkBody(body, UPDATE_INVOICE);
		return { body: invoiceView(saveInvoice(body, findInvoice(body.uuid))) };
	});
	server.route('POST', `${API}/invoice/create-update`, ({ body }) => {
		checkBody(body, UPSERT_INVOICE);
		// Without a uuid, the match by extPlatformId, then number, is this simulator's model of an
		// undocumented rule (nodes/Levers/assumptions.ts, UPSERT_MATCH_KEYS).
		const byKey = (key) => body[key] && [...state.invoices.values()].find((invoice) => invoice[key] === body[key]);
		const existing = body.uuid ? findInvoice(body.uuid) : body.extPlatformId ? byKey('extPlatformId') || undefined : byKey('number') || undefined;
		return { body: invoiceView(saveInvoice(body, existing)) };
	});
	server.route('GET', `${API}/invoice/:uuid`, ({ params }) => ({ body: invoiceDetails(findInvoice(params.uuid)) }));
	server.route('PATCH', `${API}/invoice/status`, ({ body }) => {
		checkBody(body, { status: { type: 'string', required: true, enum: ['UNPAID', 'PAID'] }, uuid: { type: 'array', required: true, minItems: 1, items: { type: 'uuid' } } });
		const invoices = body.uuid.map((uuid) => findInvoice(uuid));
		for (const invoice of invoices) {
			invoice.status = body.status;
			invoice.level = body.status === 'PAID' ? 'PAID' : 'UPCOMING';
			invoice.paidDate = body.status === 'PAID' ? today() : null;
		}
		// The reference documents no success body; this simulator answers with an empty 200.
		return { status: 200 };
	});
	server.route('POST', `${API}/invoice/attachment/:uuid`, ({ params, parts }) => {
		const invoice = findInvoice(params.uuid);
		const files = (parts ?? []).filter((part) => part.name === 'file' && part.filename !== undefined);
		if (!files.length) throw unprocessable([{ field: 'file', problem: 'field required', type: 'value_error.missing' }]);
		invoice.attachments = [...(invoice.attachments ?? []), ...files.map((f) => ({ name: f.filename, contentType: f.contentType, size: f.data.length }))];
		invoice.attachment = true;
		return { body: { attachment: files.map((f) => `invoices/${invoice.uuid}/${f.filename}`) } };
	});
	server.route('POST', `${API}/invoice/:uuid/payment`, ({ params, body }) => {
		const invoice = findInvoice(params.uuid);
		checkBody(body, { ...PAYMENT_FIELDS, amount: { type: 'number', required: true }, date: { type: 'date', required: true } });
		const payment = { uuid: crypto.randomUUID(), reference: null, notes: null, paymentType: 'PAYMENT', onlinePaymentId: null, ...body };
		invoice.payments.push(payment);
		state.payments.set(payment.uuid, { payment, invoice });
		const paid = invoice.payments.reduce((sum, p) => sum + p.amount, 0);
		if (paid >= invoice.total) Object.assign(invoice, { status: 'PAID', level: 'PAID', paidDate: body.date });
		const { extPlatformId, extInvoiceId, ...response } = payment;
		void extPlatformId; void extInvoiceId;
		return { body: response };
	});
	server.route('PUT', `${API}/invoice/payment/:uuid`, ({ params, body }) => {
		checkPathUuid(params.uuid);
		const found = state.payments.get(params.uuid);
		if (!found) throw new HttpError(404, 'Payment not found');
		checkBody(body, { amount: PAYMENT_FIELDS.amount, date: PAYMENT_FIELDS.date, reference: PAYMENT_FIELDS.reference, notes: PAYMENT_FIELDS.notes });
		Object.assign(found.payment, body);
		const { extPlatformId, extInvoiceId, ...response } = found.payment;
		void extPlatformId; void extInvoiceId;
		return { body: response };
	});

	return {
		server,
		state,
		start: () => server.start(),
		stop: () => server.stop(),
		get baseUrl() {
			return server.baseUrl;
		},
		/** Adds a contact directly (test set-up), returning it. */
		seedContact(fields) {
			const contact = { uuid: crypto.randomUUID(), totalAmount: 0, totalPaid: 0, outstandingAmount: 0, risk: 'LOW', secondaryContacts: [], ...fields };
			state.contacts.set(contact.uuid, contact);
			return contact;
		},
		/** Adds an invoice directly (test set-up), returning its public view. */
		seedInvoice(fields) {
			return invoiceView(saveInvoice(fields));
		},
		/** Expires every token issued by the exchange (tokens given as accessTokens stay valid). */
		expireIssuedTokens() {
			for (const [token, expiresAt] of state.tokens) if (expiresAt !== Infinity) state.tokens.set(token, 0);
		},
	};
}

module.exports = { createLeversSandbox, LEVERS_API_PATH: API };
