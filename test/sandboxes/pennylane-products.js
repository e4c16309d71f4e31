'use strict';
// Products (providers.md §3.12.5, Pennylane's April 2026 OpenAPI): POST /products (label,
// price_before_tax as a decimal string and vat_rate required; unknown fields refused), PUT
// /products/{id} (every field optional), GET /products/{id}, and GET /products (cursor pages,
// `filter` on id / label / reference / external_reference with their documented operators, `sort`
// on id, newest first by default). There is no DELETE. `external_reference` is unique.
// `substance` (goods|services) is accepted on create and update: a third-party client documents it
// (GoatAndCow7/pennylane-sdk), Pennylane's April reference does not (UNCONFIRMED).

const PRODUCT_FILTERS = {
	id: ['lt', 'lteq', 'gt', 'gteq', 'eq', 'not_eq', 'in', 'not_in'],
	label: ['eq', 'in'],
	reference: ['eq', 'in'],
	external_reference: ['eq', 'not_eq', 'in', 'not_in'],
};
const FIELDS = ['label', 'description', 'external_reference', 'price_before_tax', 'vat_rate', 'unit', 'currency', 'reference', 'ledger_account_id', 'substance'];
const SUBSTANCES = ['goods', 'services'];
/** What a VAT code looks like in Pennylane's enum (FR_200, DE_intracom_70_BU0012, exempt, mixed…). */
const VAT_CODE = /^[A-Za-z][A-Za-z0-9_]*$/;

function extend(ctx) {
	const { state, route, changed, billyExtras, checkType, checkKnown, cursorPage, parseFilter, applyFilter, bad, unprocessable, notFound, now, CURRENCIES } = ctx;

	const find = (id) => {
		const product = /^\d+$/.test(String(id)) ? state.products.get(Number(id)) : undefined;
		if (!product) throw notFound('Product');
		return product;
	};

	/** The public view: Pennylane's product object (ledger_account as {id}, never ledger_account_id). */
	function view(product) {
		const { ledger_account_id: ledger, substance, ...rest } = product;
		return {
			archived_at: null,
			created_at: product.created_at ?? null,
			updated_at: product.updated_at ?? null,
			...rest,
			ledger_account: ledger === undefined || ledger === null ? rest.ledger_account ?? null : { id: ledger },
			...(substance !== undefined ? { substance } : {}),
			...billyExtras(product),
		};
	}

	function checkFields(body, required) {
		checkType(body, 'object', 'body');
		checkKnown(body, FIELDS, 'body');
		for (const field of ['label', 'price_before_tax', 'vat_rate']) if (required && body[field] === undefined) throw bad(`${field} is required`);
		for (const field of ['label', 'description', 'external_reference', 'unit', 'reference', 'vat_rate', 'currency', 'substance'])
			if (body[field] !== undefined) checkType(body[field], 'string', field);
		if (body.price_before_tax !== undefined) checkType(body.price_before_tax, 'decimalString', 'price_before_tax');
		if (body.vat_rate !== undefined && !VAT_CODE.test(body.vat_rate)) throw bad(`vat_rate is not a valid VAT rate: ${JSON.stringify(body.vat_rate)}`);
		if (body.currency !== undefined && !CURRENCIES.includes(body.currency)) throw bad(`currency must be one of the supported currencies, got ${JSON.stringify(body.currency)}`);
		if (body.substance !== undefined && !SUBSTANCES.includes(body.substance)) throw bad(`substance must be one of ${SUBSTANCES.join(', ')}`);
		if (body.ledger_account_id !== undefined) checkType(body.ledger_account_id, 'integer', 'ledger_account_id');
		if (typeof body.description === 'string' && body.description.length > 5000) throw unprocessable('description is too long (maximum is 5000 characters)');
	}

	function checkUnique(body, self) {
		if (body.external_reference !== undefined && [...state.products.values()].some((p) => p !== self && p.external_reference === body.external_reference))
			throw unprocessable('external_reference has already been taken');
	}

	route('GET', '/products', ({ query }) => {
		const filter = parseFilter(query, PRODUCT_FILTERS);
		const sort = query.sort ?? '-id';
		if (!['id', '-id'].includes(sort)) throw bad(`sort ${JSON.stringify(sort)} is not supported`);
		const direction = sort.startsWith('-') ? -1 : 1;
		const records = applyFilter([...state.products.values()], filter, (product, field) => product[field]).sort((a, b) => (a.id - b.id) * direction);
		return { body: cursorPage(records.map(view), query) };
	});
	route('GET', '/products/:id', ({ params }) => ({ body: view(find(params.id)) }));
	route('POST', '/products', ({ body }) => {
		checkFields(body, true);
		checkUnique(body);
		const at = now();
		const product = {
			id: state.nextId.product++,
			description: null,
			unit: 'piece',
			currency: 'EUR',
			reference: null,
			...body,
			external_reference: body.external_reference ?? `pl-product-${state.nextId.product}`,
			created_at: at,
			updated_at: at,
		};
		state.products.set(product.id, product);
		changed('products', product.id, 'insert');
		return { status: 201, body: view(product) };
	});
	route('PUT', '/products/:id', ({ params, body }) => {
		const product = find(params.id);
		checkFields(body, false);
		checkUnique(body, product);
		Object.assign(product, body, { updated_at: now() });
		changed('products', product.id, 'update');
		return { body: view(product) };
	});

	return { productView: (id) => view(find(id)) };
}

module.exports = { extend };
