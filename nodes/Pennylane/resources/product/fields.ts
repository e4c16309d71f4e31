/** Product fields shared by Create and Update, their checks, and the Simplify view. */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { decimalCheck, toDecimalString } from '../../../shared/decimal';
import { AMOUNT_GRAMMAR, bodyTextField } from '../../../shared/fields';
import { parameter } from '../../../shared/parameters';
import { check, type FieldRule } from '../../../shared/validation';
import { AMOUNT_DECIMALS, PRODUCT_SUBSTANCES, VAT_RATE_MEANINGS } from '../../assumptions';
import { CURRENCIES } from '../../constants';
import { ID_CHECK } from '../customer/locator';
import { vatCode, vatRateOptions } from '../customerInvoice/lines';

export const labelField: INodeProperties = bodyTextField('Label', 'label', 'label', 'Name of the product, as invoice lines show it');

export const priceField: INodeProperties = {
	displayName: 'Price (Excl. Tax)',
	name: 'priceBeforeTax',
	type: 'string',
	default: '',
	placeholder: '99.90',
	description: `Unit price excluding tax (price_before_tax). ${AMOUNT_GRAMMAR} At most ${AMOUNT_DECIMALS} decimals. Sent as exact decimal text.`,
	routing: { send: { type: 'body', property: 'price_before_tax' } },
};

/** No default: the VAT rate is required by Pennylane, and a preset one would be a tax choice the user never made. */
export const vatRateField: INodeProperties = {
	displayName: 'VAT Rate',
	name: 'vatRate',
	type: 'options',
	options: vatRateOptions,
	default: '',
	description: `Pennylane VAT code (${Object.entries(VAT_RATE_MEANINGS).map(([code, rate]) => `${code} = ${rate}`).join(', ')}). No default.`,
	routing: { send: { type: 'body', property: 'vat_rate' } },
};

/** Optional fields of Create and Update, alphabetical as n8n lists collection options. */
export const optionalProductFields: INodeProperties[] = [
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: CURRENCIES.map((code) => ({ name: code, value: code })),
		default: 'EUR',
		description: 'Currency of the price (Pennylane uses EUR when it is not given)',
		routing: { send: { type: 'body', property: 'currency' } },
	},
	bodyTextField('Description', 'description', 'description', 'Longer description (up to 5,000 characters)', { typeOptions: { rows: 3 } }),
	bodyTextField('External Reference', 'externalReference', 'external_reference', 'Your own unique reference for the product (for example its SKU in your shop); Get Many can filter on it'),
	bodyTextField('Ledger Account ID', 'ledgerAccountId', 'ledger_account_id', 'ID of the Pennylane ledger account sales of this product go to'),
	bodyTextField('Reference', 'reference', 'reference', 'Product reference shown in Pennylane'),
	{
		displayName: 'Substance',
		name: 'substance',
		type: 'options',
		options: PRODUCT_SUBSTANCES.map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value })),
		default: 'services',
		description:
			"Whether the product is goods or services. Unconfirmed: Pennylane's reference does not list this field for products (a third-party client does); sent only when added.",
		routing: { send: { type: 'body', property: 'substance' } },
	},
	bodyTextField('Unit', 'unit', 'unit', 'Unit of the quantity, for example piece, hour or day'),
];

/** Checks of Create (`required`) and Update. Ledger account IDs given as text are sent as numbers. */
export function productRules(required: boolean): FieldRule[] {
	return [
		{ label: 'Label', body: 'label', required, checks: [] },
		{ label: 'Price (Excl. Tax)', body: 'price_before_tax', required, checks: [decimalCheck({ maxDecimals: AMOUNT_DECIMALS })] },
		{ label: 'VAT Rate', body: 'vat_rate', required, checks: [vatCode] },
		{ label: 'Currency', body: 'currency', checks: [check.oneOf(CURRENCIES)] },
		{ label: 'Description', body: 'description', checks: [check.maxLength(5000)] },
		{ label: 'Ledger Account ID', body: 'ledger_account_id', format: 'id', blankIsUnset: true, checks: [ID_CHECK] },
		{ label: 'Substance', body: 'substance', checks: [check.oneOf(PRODUCT_SUBSTANCES)] },
	];
}

/** preSend (after the checks): the price goes out as exact decimal text ("19.90" → "19.9", 0.1 + 0.2 → "0.3"). */
export async function priceAsText(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = request.body as IDataObject | undefined;
	if (body && body.price_before_tax !== undefined) body.price_before_tax = toDecimalString(body.price_before_tax);
	return request;
}

/** Keys PUT /products/{id} takes. */
export const PRODUCT_KEYS = ['label', 'price_before_tax', 'vat_rate', 'currency', 'description', 'external_reference', 'ledger_account_id', 'reference', 'substance', 'unit'];

const SIMPLE_FIELDS = ['id', 'label', 'reference', 'external_reference', 'price_before_tax', 'price', 'vat_rate', 'currency', 'unit', 'archived_at'];

export function simplifyProduct(product: IDataObject): IDataObject {
	const json: IDataObject = {};
	for (const key of SIMPLE_FIELDS) if (product[key] !== undefined) json[key] = product[key];
	const ledger = product.ledger_account as IDataObject | null | undefined;
	if (ledger && typeof ledger === 'object') json.ledger_account_id = ledger.id;
	return json;
}

export function simplifyProducts(context: IExecuteSingleFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	if (!parameter(context, 'simplify', false)) return items;
	return items.map((item) => ({ json: simplifyProduct(item.json) }));
}
