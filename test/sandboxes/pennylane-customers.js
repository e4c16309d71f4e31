'use strict';
// Individual customers and customer updates (providers.md §3.12.6, Pennylane's April 2026 OpenAPI):
// - POST /individual_customers: first_name, last_name (≤1000 characters) and billing_address with
//   its four parts required; unknown fields refused; 201.
// - PUT /individual_customers/{id} and PUT /company_customers/{id}: every field optional, billing
//   address parts too (a partial billing or delivery address changes only those parts), no
//   ledger_account; 200. A delivery address on create has its four parts.
// - GET /individual_customers/{id} and GET /company_customers/{id}.
// - An individual shows in GET /customers with customer_type "individual" and name "first last".
// - 409 is documented for create and update without saying which conflict; here it is a taken
//   external_reference. payment_conditions: Pennylane's pages list two different enums
//   (UNCONFIRMED); these routes accept a value from either list.

const PAYMENT_CONDITIONS_SPEC = ['upon_receipt', 'custom', '7_days', '15_days', '30_days', '30_days_end_of_month', '45_days', '45_days_end_of_month', '60_days'];
const ADDRESS_PARTS = ['address', 'postal_code', 'city', 'country_alpha2'];
const COMMON = ['phone', 'billing_address', 'delivery_address', 'payment_conditions', 'billing_iban', 'recipient', 'reference', 'notes', 'emails', 'external_reference', 'billing_language'];
const { HttpError } = require('../sandbox/server');

function extend(ctx) {
	const { state, route, changed, customerView, checkType, checkKnown, bad, unprocessable, notFound, now, LANGUAGES, PAYMENT_CONDITIONS } = ctx;
	const paymentConditions = [...new Set([...PAYMENT_CONDITIONS, ...PAYMENT_CONDITIONS_SPEC])];

	const find = (id, type) => {
		const customer = /^\d+$/.test(String(id)) ? state.customers.get(Number(id)) : undefined;
		if (!customer || customer.customer_type !== type) throw notFound(type === 'individual' ? 'Individual customer' : 'Company customer');
		return customer;
	};

	function checkAddress(address, field, allRequired) {
		checkType(address, 'object', field);
		checkKnown(address, ADDRESS_PARTS, field);
		for (const key of ADDRESS_PARTS) {
			if (address[key] === undefined) {
				if (allRequired) throw bad(`${field}.${key} is required`);
				continue;
			}
			checkType(address[key], 'string', `${field}.${key}`);
		}
		if (address.country_alpha2 !== undefined && !/^[A-Z]{2}$/.test(address.country_alpha2)) throw unprocessable(`${field}.country_alpha2 is not a valid country code`);
	}

	function checkCommon(body, self, creating) {
		for (const key of ['phone', 'recipient', 'external_reference']) if (body[key] !== undefined) checkType(body[key], 'string', key);
		for (const key of ['billing_iban', 'reference', 'notes']) if (body[key] !== undefined) checkType(body[key], 'nullableString', key);
		if (body.billing_address !== undefined) checkAddress(body.billing_address, 'billing_address', creating);
		if (body.delivery_address !== undefined && !(body.delivery_address === null && !creating)) checkAddress(body.delivery_address, 'delivery_address', creating);
		if (body.emails !== undefined) {
			checkType(body.emails, 'array', 'emails');
			body.emails.forEach((e, i) => checkType(e, 'string', `emails[${i}]`));
		}
		if (body.payment_conditions !== undefined && !paymentConditions.includes(body.payment_conditions)) throw bad('payment_conditions is not valid');
		if (body.billing_language !== undefined && !LANGUAGES.includes(body.billing_language)) throw bad('billing_language is not valid');
		if (body.external_reference !== undefined && [...state.customers.values()].some((c) => c !== self && c.external_reference === body.external_reference))
			throw new HttpError(409, 'external_reference has already been taken');
	}

	function checkNames(body, required) {
		for (const key of ['first_name', 'last_name']) {
			if (body[key] === undefined) {
				if (required) throw bad(`${key} is required`);
				continue;
			}
			checkType(body[key], 'string', key);
			if (body[key].length > 1000) throw bad(`${key} is too long (maximum is 1000 characters)`);
		}
	}

	/** Applies a checked update: billing address parts merge into the stored address. */
	function apply(customer, body) {
		const { billing_address: address, delivery_address: delivery, ...rest } = body;
		Object.assign(customer, rest, address ? { billing_address: { ...customer.billing_address, ...address } } : {}, { updated_at: now() });
		if (delivery !== undefined) customer.delivery_address = delivery === null ? null : { ...customer.delivery_address, ...delivery };
		if (customer.customer_type === 'individual') customer.name = `${customer.first_name} ${customer.last_name}`;
		changed('customers', customer.id, 'update');
		return customerView(customer);
	}

	route('POST', '/individual_customers', ({ body }) => {
		checkType(body, 'object', 'body');
		checkKnown(body, ['first_name', 'last_name', 'ledger_account', ...COMMON], 'body');
		checkNames(body, true);
		if (body.billing_address === undefined) throw bad('billing_address is required');
		checkCommon(body, undefined, true);
		if (body.ledger_account !== undefined && body.ledger_account !== null) {
			checkType(body.ledger_account, 'object', 'ledger_account');
			checkKnown(body.ledger_account, ['number'], 'ledger_account');
			checkType(body.ledger_account.number, 'string', 'ledger_account.number');
		}
		const at = now();
		const customer = {
			id: state.nextId.customer++,
			customer_type: 'individual',
			name: `${body.first_name} ${body.last_name}`,
			first_name: body.first_name,
			last_name: body.last_name,
			billing_address: body.billing_address,
			delivery_address: body.delivery_address ?? null,
			emails: body.emails ?? [],
			payment_conditions: body.payment_conditions ?? '30_days',
			billing_language: body.billing_language ?? 'fr_FR',
			external_reference: body.external_reference ?? `pl-customer-${state.nextId.customer}`,
			reference: body.reference ?? null,
			phone: body.phone ?? null,
			notes: body.notes ?? null,
			recipient: body.recipient ?? null,
			billing_iban: body.billing_iban ?? null,
			ledger_account: body.ledger_account ? { id: 400000 + state.nextId.customer, number: body.ledger_account.number } : null,
			created_at: at,
			updated_at: at,
		};
		state.customers.set(customer.id, customer);
		changed('customers', customer.id, 'insert');
		return { status: 201, body: customerView(customer) };
	});
	route('GET', '/individual_customers/:id', ({ params }) => ({ body: customerView(find(params.id, 'individual')) }));
	route('GET', '/company_customers/:id', ({ params }) => ({ body: customerView(find(params.id, 'company')) }));
	route('PUT', '/individual_customers/:id', ({ params, body }) => {
		const customer = find(params.id, 'individual');
		checkType(body, 'object', 'body');
		checkKnown(body, ['first_name', 'last_name', ...COMMON], 'body');
		checkNames(body, false);
		checkCommon(body, customer, false);
		return { body: apply(customer, body) };
	});
	route('PUT', '/company_customers/:id', ({ params, body }) => {
		const customer = find(params.id, 'company');
		checkType(body, 'object', 'body');
		checkKnown(body, ['name', 'vat_number', 'reg_no', ...COMMON], 'body');
		for (const key of ['name', 'vat_number', 'reg_no']) if (body[key] !== undefined) checkType(body[key], 'string', key);
		checkCommon(body, customer, false);
		return { body: apply(customer, body) };
	});

	/** Adds an individual customer directly (test set-up), returning its public view. */
	function seedIndividual(fields = {}) {
		const at = now();
		const customer = {
			id: state.nextId.customer++,
			customer_type: 'individual',
			first_name: 'Camille',
			last_name: 'Durand',
			billing_address: { address: '3 rue des Lilas', postal_code: '33000', city: 'Bordeaux', country_alpha2: 'FR' },
			delivery_address: null,
			emails: [],
			payment_conditions: '30_days',
			billing_language: 'fr_FR',
			external_reference: null,
			reference: null,
			phone: null,
			notes: null,
			recipient: null,
			billing_iban: null,
			ledger_account: null,
			created_at: at,
			updated_at: at,
			...fields,
		};
		customer.name = `${customer.first_name} ${customer.last_name}`;
		state.customers.set(customer.id, customer);
		changed('customers', customer.id, 'insert');
		return customerView(customer);
	}

	return { seedIndividual };
}

module.exports = { extend };
