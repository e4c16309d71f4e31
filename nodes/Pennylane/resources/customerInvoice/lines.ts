/**
 * Invoice lines. Pennylane takes two kinds of line, and a line mixing them is refused with an
 * unhelpful NotAnyOf error, so they stay separate everywhere:
 * - product line: `product_id` + `quantity`; Pennylane fills label, unit, price and VAT from the
 *   product, and any of them can be overridden;
 * - free line: `label`, `quantity`, `unit`, `raw_currency_unit_price` (excluding tax) and `vat_rate`.
 * Lines come from the node's fields or, for a varying number of lines, from a JSON list in
 * Pennylane's own format. Both are checked line by line before anything is sent, and amounts go
 * out as exact decimal strings (see ../../../shared/decimal.ts).
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { decimalCheck, toDecimalNumber, toDecimalString } from '../../../shared/decimal';
import { AMOUNT_GRAMMAR } from '../../../shared/fields';
import { assertValid, check, isBlank, type Check, type FieldRule } from '../../../shared/validation';
import { normalize, toList } from '../../../shared/values';
import {
	AMOUNT_DECIMALS,
	LINE_CHANGE_KEYS,
	QUANTITY_AS_NUMBER,
	QUANTITY_DECIMALS,
	VAT_CODE_PATTERN,
	VAT_RATE_MEANINGS,
	VAT_RATES,
} from '../../assumptions';
import { DISCOUNT_TYPES } from '../../constants';
import { ID_CHECK } from '../customer/locator';
import { productLocatorField } from '../product/locator';
import { parameter } from '../../../shared/parameters';

/** A Pennylane VAT code's shape (also the product's `vat_rate`, see ../product/fields.ts). */
export const vatCode: Check = (value) =>
	typeof value === 'string' && VAT_CODE_PATTERN.test(value)
		? undefined
		: `must be a Pennylane VAT code such as FR_200 (20 %) or exempt, got ${JSON.stringify(value)}`;

const quantity = decimalCheck({ maxDecimals: QUANTITY_DECIMALS });
const amount = decimalCheck({ maxDecimals: AMOUNT_DECIMALS });

export const vatRateOptions = [...VAT_RATES]
	.sort((a, b) => a.localeCompare(b))
	.map((code) => ({ name: VAT_RATE_MEANINGS[code] ? `${code} (${VAT_RATE_MEANINGS[code]})` : code, value: code }));

const productLocator: INodeProperties = {
	...productLocatorField,
	description: 'Pennylane product; its label, unit, price and VAT rate fill the line unless overridden',
};

const quantityField: INodeProperties = {
	displayName: 'Quantity',
	name: 'quantity',
	type: 'number',
	default: 1,
	description: 'Number of units',
};

const unitPriceDescription = `Unit price excluding tax, in the invoice currency. ${AMOUNT_GRAMMAR} At most ${AMOUNT_DECIMALS} decimals. Sent as exact decimal text.`;

/** No default: a free line's VAT rate is required by Pennylane, and a preset one would be a tax choice the user never made. */
const vatRateField: INodeProperties = {
	displayName: 'VAT Rate',
	name: 'vatRate',
	type: 'options',
	options: vatRateOptions,
	default: '',
	description: 'Pennylane VAT code (FR_200 is 20 %). Required on a free line; no default.',
};

const freeLineValues: INodeProperties[] = [
	{ displayName: 'Label', name: 'label', type: 'string', default: '', required: true, description: 'What is invoiced' },
	quantityField,
	{ displayName: 'Unit', name: 'unit', type: 'string', default: 'piece', description: 'Unit of the quantity, for example piece, hour or day' },
	{ displayName: 'Unit Price (Excl. Tax)', name: 'unitPrice', type: 'string', default: '', placeholder: '99.90', required: true, description: unitPriceDescription },
	vatRateField,
	{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Longer text under the label' },
];

const productLineValues: INodeProperties[] = [
	productLocator,
	quantityField,
	{
		displayName: 'Overrides',
		name: 'overrides',
		type: 'collection',
		placeholder: 'Override a Product Value',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Label', name: 'label', type: 'string', default: '' },
			{ displayName: 'Unit', name: 'unit', type: 'string', default: '' },
			{ displayName: 'Unit Price (Excl. Tax)', name: 'unitPrice', type: 'string', default: '', placeholder: '99.90', description: unitPriceDescription },
			vatRateField,
		],
	},
];

export const lineSourceField: INodeProperties = {
	displayName: 'Lines Input',
	name: 'lineSource',
	type: 'options',
	options: [
		{ name: 'Using Fields Below', value: 'fields', description: 'A fixed set of lines, each a product or a free line' },
		{ name: 'Using JSON', value: 'json', description: 'A list of lines in Pennylane\'s format, for example built from a CRM deal' },
	],
	default: 'fields',
};

export const invoiceLinesField: INodeProperties = {
	displayName: 'Invoice Lines',
	name: 'invoiceLines',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Line',
	default: {},
	description: 'Product lines come first on the invoice, then free lines',
	displayOptions: { show: { lineSource: ['fields'] } },
	options: [
		{ displayName: 'Free Line', name: 'freeLines', values: freeLineValues },
		{ displayName: 'Product Line', name: 'productLines', values: productLineValues },
	],
};

export const linesJsonField: INodeProperties = {
	displayName: 'Invoice Lines (JSON)',
	name: 'linesJson',
	type: 'json',
	default:
		'[\n  { "product_id": 123, "quantity": 2 },\n  { "label": "Set-up", "quantity": 1, "unit": "piece", "raw_currency_unit_price": "150.00", "vat_rate": "FR_200" }\n]',
	description:
		'List of lines. A line with product_id is a product line (label, unit, raw_currency_unit_price and vat_rate optional); a line without needs label, quantity, unit, raw_currency_unit_price and vat_rate.',
	displayOptions: { show: { lineSource: ['json'] } },
};

/** Labels the user sees for each API field, by input style. */
const FIELD_LABELS = {
	product_id: 'Product',
	quantity: 'Quantity',
	label: 'Label',
	unit: 'Unit',
	raw_currency_unit_price: 'Unit Price (Excl. Tax)',
	vat_rate: 'VAT Rate',
	description: 'Description',
	'discount.type': 'Discount › Type',
	'discount.value': 'Discount › Value',
	id: 'Line ID',
};

type LabelStyle = 'fields' | 'json';

function labelOf(key: keyof typeof FIELD_LABELS, style: LabelStyle): string {
	return style === 'fields' ? FIELD_LABELS[key] : key;
}

function locatorValue(value: unknown): IDataObject[string] {
	if (value && typeof value === 'object' && '__rl' in (value as IDataObject)) return (value as IDataObject).value;
	return value as IDataObject[string];
}

/** A resource locator or ID as a number when it is one, unchanged otherwise (validation reports it). */
function asId(value: unknown): IDataObject[string] {
	return normalize(locatorValue(value), 'id') as IDataObject[string];
}

function lineRules(kind: 'product' | 'free', style: LabelStyle): FieldRule[] {
	const rule = (key: keyof typeof FIELD_LABELS, required: boolean, checks: Check[]): FieldRule => ({
		label: labelOf(key, style),
		body: key,
		required,
		checks,
	});
	const free = kind === 'free';
	return [
		...(free ? [] : [rule('product_id', true, [ID_CHECK])]),
		rule('quantity', true, [quantity]),
		rule('label', free, [check.maxLength(2000)]),
		rule('unit', free, []),
		rule('raw_currency_unit_price', free, [amount]),
		rule('vat_rate', free, [vatCode]),
		rule('discount.type', false, [check.oneOf(DISCOUNT_TYPES)]),
		rule('discount.value', false, [decimalCheck({ maxDecimals: AMOUNT_DECIMALS, min: 0 })]),
	];
}

/** Checks one line, naming it by `where` ("Invoice Lines › Free Line 2"), and returns it as sent. */
function normaliseLine(
	context: IExecuteSingleFunctions,
	line: IDataObject,
	kind: 'product' | 'free',
	where: string,
	style: LabelStyle,
): IDataObject {
	const prefixed = lineRules(kind, style).map((rule) => ({ ...rule, label: `${where} › ${rule.label}` }));
	assertValid(context, { url: '', body: line }, prefixed);
	const out: IDataObject = { ...line };
	if (kind === 'product') out.product_id = Number(line.product_id);
	out.quantity = QUANTITY_AS_NUMBER
		? toDecimalNumber(line.quantity)
		: toDecimalString(line.quantity);
	if (!isBlank(line.raw_currency_unit_price))
		out.raw_currency_unit_price = toDecimalString(line.raw_currency_unit_price);
	const discount = line.discount as IDataObject | undefined;
	if (discount && !isBlank(discount.value))
		out.discount = { ...discount, value: toDecimalString(discount.value) };
	for (const key of Object.keys(out)) if (out[key] === undefined || out[key] === '') delete out[key];
	return out;
}

function entries(value: unknown): IDataObject[] {
	if (Array.isArray(value)) return value as IDataObject[];
	return value && typeof value === 'object' ? [value as IDataObject] : [];
}

function freeLineFromFields(entry: IDataObject): IDataObject {
	return {
		label: entry.label,
		quantity: entry.quantity,
		unit: entry.unit,
		raw_currency_unit_price: entry.unitPrice,
		vat_rate: entry.vatRate,
		description: entry.description,
	};
}

function productLineFromFields(entry: IDataObject): IDataObject {
	const overrides = (entry.overrides ?? {}) as IDataObject;
	return {
		product_id: asId(entry.product),
		quantity: entry.quantity,
		label: overrides.label,
		description: overrides.description,
		unit: overrides.unit,
		raw_currency_unit_price: overrides.unitPrice,
		vat_rate: overrides.vatRate,
	};
}

/** Lines of a fixedCollection with `productGroup` and `freeGroup` entries, product lines first. */
function linesFromCollection(
	context: IExecuteSingleFunctions,
	collection: IDataObject,
	groups: { product: string; free: string },
	where: string,
): IDataObject[] {
	const products = entries(collection[groups.product]).map((entry, index) =>
		normaliseLine(context, productLineFromFields(entry), 'product', `${where} › Product Line ${index + 1}`, 'fields'),
	);
	const free = entries(collection[groups.free]).map((entry, index) =>
		normaliseLine(context, freeLineFromFields(entry), 'free', `${where} › Free Line ${index + 1}`, 'fields'),
	);
	return [...products, ...free];
}

function linesFromJson(context: IExecuteSingleFunctions, raw: unknown): IDataObject[] {
	const label = 'Invoice Lines (JSON)';
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') value = [];
		else {
			try {
				value = JSON.parse(raw);
			} catch (error) {
				assertValid(context, { url: '', body: { lines: raw } }, [
					{ label, body: 'lines', checks: [() => `is not valid JSON (${(error as Error).message})`] },
				]);
			}
		}
	}
	assertValid(context, { url: '', body: { lines: value } }, [{ label, body: 'lines', checks: [check.isArray] }]);
	return (value as unknown[]).map((line, index) => {
		const where = `${label} › line ${index + 1}`;
		assertValid(context, { url: '', body: { line } }, [
			{ label: where, body: 'line', required: true, checks: [(v) => (v && typeof v === 'object' && !Array.isArray(v) ? undefined : 'must be an object')] },
		]);
		const entry = { ...(line as IDataObject) };
		const isProduct = !isBlank(entry.product_id);
		if (isProduct) entry.product_id = asId(entry.product_id);
		return normaliseLine(context, entry, isProduct ? 'product' : 'free', where, 'json');
	});
}

/** preSend (Create): builds `invoice_lines` from the fields or the JSON list; at least one line. */
export async function buildInvoiceLines(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = request.body as IDataObject;
	const source = parameter(this, 'lineSource', 'fields') as string;
	assertValid(this, { url: '', body: { source } }, [{ label: 'Lines Input', body: 'source', checks: [check.oneOf(['fields', 'json'])] }]);
	const lines =
		source === 'json'
			? linesFromJson(this, parameter(this, 'linesJson', '[]'))
			: linesFromCollection(this, parameter(this, 'invoiceLines', {}) as IDataObject, { product: 'productLines', free: 'freeLines' }, 'Invoice Lines');
	body.invoice_lines = lines;
	assertValid(this, request, [{ label: source === 'json' ? 'Invoice Lines (JSON)' : 'Invoice Lines', body: 'invoice_lines', required: true }]);
	return request;
}

const UPDATE_LINE_FIELDS: INodeProperties[] = [
	{ displayName: 'Line ID', name: 'id', type: 'string', default: '', required: true, description: 'ID of the invoice line (from Get with Include Lines)' },
	{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'New description; leave empty to keep it' },
	{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'New label; leave empty to keep it' },
	{ displayName: 'Quantity', name: 'quantity', type: 'string', default: '', placeholder: '2', description: 'New quantity; leave empty to keep it' },
	{ displayName: 'Unit', name: 'unit', type: 'string', default: '', description: 'New unit; leave empty to keep it' },
	{
		displayName: 'Unit Price (Excl. Tax)',
		name: 'unitPrice',
		type: 'string',
		default: '',
		placeholder: '99.90',
		description: 'New unit price excluding tax; leave empty to keep it',
	},
	{ displayName: 'VAT Rate', name: 'vatRate', type: 'string', default: '', placeholder: 'FR_200', description: 'New Pennylane VAT code; leave empty to keep it' },
];

export const lineChangesField: INodeProperties = {
	displayName: 'Line Changes',
	name: 'lineChanges',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Line Change',
	default: {},
	description: 'Lines to add, change or remove (draft invoices only)',
	options: [
		{ displayName: 'Add Free Line', name: 'addFreeLines', values: freeLineValues },
		{ displayName: 'Add Product Line', name: 'addProductLines', values: productLineValues },
		{
			displayName: 'Delete Line',
			name: 'deleteLines',
			values: [{ displayName: 'Line ID', name: 'id', type: 'string', default: '', required: true, description: 'ID of the invoice line to remove' }],
		},
		{ displayName: 'Update Line', name: 'updateLines', values: UPDATE_LINE_FIELDS },
	],
};

/**
 * preSend (Update): turns Line Changes into `invoice_lines: { create, update, delete }`, leaving
 * out what is empty. An update line sends only the values that were filled in.
 */
export async function buildLineChanges(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = request.body as IDataObject;
	const changes = parameter(this, 'lineChanges', {}) as IDataObject;
	const where = 'Line Changes';
	const create = linesFromCollection(this, changes, { product: 'addProductLines', free: 'addFreeLines' }, where);
	const update = entries(changes.updateLines).map((entry, index) => {
		const label = `${where} › Update Line ${index + 1}`;
		const line: IDataObject = {
			id: asId(entry.id),
			label: entry.label,
			description: entry.description,
			quantity: entry.quantity,
			unit: entry.unit,
			raw_currency_unit_price: entry.unitPrice,
			vat_rate: entry.vatRate,
		};
		assertValid(this, { url: '', body: line }, [
			{ label: `${label} › Line ID`, body: 'id', required: true, checks: [ID_CHECK] },
			{ label: `${label} › Label`, body: 'label', checks: [check.maxLength(2000)] },
			{ label: `${label} › Quantity`, body: 'quantity', checks: [quantity] },
			{ label: `${label} › Unit Price (Excl. Tax)`, body: 'raw_currency_unit_price', checks: [amount] },
			{ label: `${label} › VAT Rate`, body: 'vat_rate', checks: [vatCode] },
		]);
		const out: IDataObject = { id: Number(line.id) };
		for (const key of ['label', 'description', 'unit', 'vat_rate']) if (!isBlank(line[key])) out[key] = line[key];
		if (!isBlank(line.quantity))
			out.quantity = QUANTITY_AS_NUMBER
				? toDecimalNumber(line.quantity)
				: toDecimalString(line.quantity);
		if (!isBlank(line.raw_currency_unit_price))
			out.raw_currency_unit_price = toDecimalString(line.raw_currency_unit_price);
		if (Object.keys(out).length === 1) {
			assertValid(this, { url: '', body: {} }, [{ label: `${label} › Label, Quantity, Unit, Unit Price or VAT Rate`, body: 'none', required: true }]);
		}
		return out;
	});
	const remove = entries(changes.deleteLines).flatMap((entry, index) => {
		const ids = toList(entry.id);
		const rule = { label: `${where} › Delete Line ${index + 1} › Line ID`, body: 'id', required: true, checks: [ID_CHECK] };
		if (!ids.length) assertValid(this, { url: '', body: {} }, [rule]);
		return ids.map((id) => {
			assertValid(this, { url: '', body: { id } }, [rule]);
			return { id: Number(id) };
		});
	});
	const invoiceLines: IDataObject = {};
	if (create.length) invoiceLines[LINE_CHANGE_KEYS.create] = create;
	if (update.length) invoiceLines[LINE_CHANGE_KEYS.update] = update;
	if (remove.length) invoiceLines[LINE_CHANGE_KEYS.delete] = remove;
	if (Object.keys(invoiceLines).length) body.invoice_lines = invoiceLines;
	return request;
}
