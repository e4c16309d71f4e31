'use strict';
// Products (providers.md §3.12.5, Pennylane's April 2026 OpenAPI): POST /products (label,
// price_before_tax as a decimal string and vat_rate required; unknown fields refused), PUT
// /products/{id} (every field optional), GET /products/{id}, and GET /products (cursor pages,
// `filter` on id / label / reference / external_reference with their documented operators, `sort`
// on id, newest first by default). There is no DELETE. `external_reference` is unique. `vat_rate`
// must be one of the reference's enum (VAT_RATES below).
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
/** The `vat_rate` enum of POST and PUT /products in Pennylane's April 2026 reference (SPEC-A), in its order. */
const VAT_RATES = [
	'FR_1_05', 'FR_1_75', 'FR_09', 'FR_21', 'FR_40', 'FR_50', 'FR_55', 'FR_60', 'FR_65', 'FR_85', 'FR_92',
	'FR_100', 'FR_130', 'FR_15_385', 'FR_160', 'FR_196', 'FR_200', 'AD_10', 'AD_45', 'AD_95', 'AT_100', 'AT_130',
	'AT_190', 'AT_200', 'BE_60', 'BE_120', 'BE_210', 'BG_90', 'BG_200', 'CH_25', 'CH_37', 'CH_77', 'CH_26',
	'CH_38', 'CH_81', 'CY_30', 'CY_50', 'CY_80', 'CY_90', 'CY_190', 'CZ_100', 'CZ_120', 'CZ_150', 'CZ_210',
	'DE_70', 'DE_190', 'DK_250', 'EE_90', 'EE_200', 'EE_220', 'EE_240', 'ES_40', 'ES_70', 'ES_100', 'ES_210',
	'FI_100', 'FI_135', 'FI_140', 'FI_240', 'FI_255', 'GB_50', 'GB_200', 'GR_60', 'GR_130', 'GR_170', 'GR_240',
	'GR_40', 'HR_50', 'HR_130', 'HR_250', 'HU_50', 'HU_180', 'HU_270', 'IE_48', 'IE_90', 'IE_135', 'IE_210',
	'IE_230', 'IT_40', 'IT_50', 'IT_100', 'IT_220', 'LT_50', 'LT_90', 'LT_120', 'LT_210', 'LU_30', 'LU_70',
	'LU_80', 'LU_120', 'LU_130', 'LU_140', 'LU_160', 'LU_170', 'LV_50', 'LV_120', 'LV_210', 'MC_09', 'MC_21',
	'MC_55', 'MC_85', 'MC_100', 'MC_200', 'MT_50', 'MT_70', 'MT_120', 'MT_180', 'MU_150', 'NL_90', 'NL_210',
	'PL_50', 'PL_80', 'PL_230', 'PT_60', 'PT_130', 'PT_160', 'PT_180', 'PT_220', 'PT_230', 'RO_50', 'RO_90',
	'RO_110', 'RO_190', 'RO_210', 'SE_60', 'SE_120', 'SE_250', 'SI_50', 'SI_95', 'SI_220', 'SK_50', 'SK_100',
	'SK_190', 'SK_200', 'SK_230', 'NO_120', 'NO_150', 'NO_250', 'DE_70_BU0002', 'DE_190_BU0003', 'DE_70_BU0008',
	'DE_190_BU0009', 'DE_intracom_70_BU0012', 'DE_intracom_190_BU0013', 'DE_190_electronic_BU0226', 'exempt',
	'DE_intracom_exempt_BU0011', 'DE_intracom_exempt_BU0047', 'DE_exempt_BU0001', 'DE_exempt_BU0181',
	'DE_exempt_BU0490', 'intracom_21', 'intracom_55', 'intracom_85', 'intracom_100', 'crossborder',
	'DE_intracom_70_BU0018', 'DE_intracom_190_BU0019', 'DE_intracom_190_BU0506', 'extracom',
	'DE_extracom_BU0173', 'DE_extracom_BU0191', 'DE_extracom_190_BU0511', 'FR_85_construction',
	'FR_100_construction', 'FR_200_construction', 'DE_exempt_construction_BU0046', 'DE_70_construction_BU0091',
	'DE_190_construction_BU0094', 'DE_190_construction_BU0526', 'DE_190_construction_BU0546', 'mixed',
];

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
		if (body.vat_rate !== undefined && !VAT_RATES.includes(body.vat_rate)) throw bad(`vat_rate is not a valid VAT rate: ${JSON.stringify(body.vat_rate)}`);
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
