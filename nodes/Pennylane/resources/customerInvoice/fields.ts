/** Invoice header fields shared by Create and Update, their checks, and the Simplify view. */
import { bodyDateField } from '../../../shared/fields';
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { decimalCheck, toDecimalString } from '../../../shared/decimal';
import { assertValid, check, notBefore, type FieldRule } from '../../../shared/validation';
import { AMOUNT_DECIMALS } from '../../assumptions';
import { BILLY_LANGUAGES, CURRENCIES, DISCOUNT_TYPES, LANGUAGES } from '../../constants';
import { customerLocator, ID_CHECK } from '../customer/locator';
import { parameter } from '../../../shared/parameters';

export const customerField: INodeProperties = {
	...customerLocator,
	routing: { send: { type: 'body', property: 'customer_id' } },
};

export const dateField = bodyDateField('Date', 'date', 'Invoice date');

export const deadlineField = bodyDateField('Deadline', 'deadline', 'Payment due date, not before the invoice date');

function text(displayName: string, name: string, description: string, rows = 0): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		description,
		...(rows ? { typeOptions: { rows } } : {}),
		routing: { send: { type: 'body', property: name } },
	};
}

const LANGUAGE_NAMES: Record<string, string> = { de_DE: 'German (de_DE)', en_GB: 'English (en_GB)', fr_FR: 'French (fr_FR)' };

/** The Language option offered for one access path (Authentication), with the languages its docs list. */
function languageField(name: string, languages: readonly string[], authentication: string, description: string): INodeProperties {
	return {
		displayName: 'Language',
		name,
		type: 'options',
		options: languages.map((code) => ({ name: LANGUAGE_NAMES[code], value: code })),
		default: 'fr_FR',
		description,
		displayOptions: { show: { '/authentication': [authentication] } },
		routing: { send: { type: 'body', property: 'language' } },
	};
}

/** preSend: the invoice language must be one that the access path in use documents (see LANGUAGES, BILLY_LANGUAGES). */
export async function checkLanguage(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const billy = parameter(this, 'authentication', 'pennylaneInvoicingApi') === 'billyInvoicingApi';
	assertValid(this, request, [{ label: 'Language', body: 'language', checks: [check.oneOf(billy ? BILLY_LANGUAGES : LANGUAGES)] }]);
	return request;
}

/** Optional header fields, alphabetical as n8n lists collection options. */
export const optionalHeaderFields: INodeProperties[] = [
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: CURRENCIES.map((code) => ({ name: code, value: code })),
		default: 'EUR',
		description: 'Invoice currency (Pennylane uses EUR when it is not given)',
		routing: { send: { type: 'body', property: 'currency' } },
	},
	{
		displayName: 'Discount',
		name: 'discount',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Discount',
		description: 'A discount on the whole invoice',
		options: [
			{
				displayName: 'Discount',
				name: 'discountValues',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Absolute (Amount)', value: 'absolute' },
							{ name: 'Relative (Percent)', value: 'relative' },
						],
						default: 'relative',
						routing: { send: { type: 'body', property: 'discount.type' } },
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: '10',
						description: 'Percentage (relative) or amount excluding tax (absolute), for example 10 or 49.90',
						routing: { send: { type: 'body', property: 'discount.value' } },
					},
				],
			},
		],
	},
	text('External Reference', 'external_reference', 'Your own unique reference for the invoice (for example the CRM deal ID); Invoice Get Many can filter on it'),
	{
		displayName: 'Invoice Template ID',
		name: 'customer_invoice_template_id',
		type: 'string',
		default: '',
		description: 'ID of a Pennylane customer invoice template',
		routing: { send: { type: 'body', property: 'customer_invoice_template_id' } },
	},
	languageField('language', LANGUAGES, 'pennylaneInvoicingApi', "Language of the invoice PDF (Pennylane uses the customer's language when it is not given)"),
	languageField('language', BILLY_LANGUAGES, 'billyInvoicingApi', "Language of the invoice PDF (the customer's language when it is not given). Billy lists English and French only."),
	text('PDF Description', 'pdf_description', 'Description printed on the invoice PDF (up to 5,000 characters)', 3),
	text('PDF Free Text', 'pdf_invoice_free_text', 'Free text printed on the invoice PDF', 3),
	text('PDF Subject', 'pdf_invoice_subject', 'Subject (title) printed on the invoice PDF'),
	text('Special Mention', 'special_mention', 'Special mention printed on the invoice (up to 20,000 characters)', 3),
];

/**
 * Header field checks; `required` marks what Create needs. Dates are shaped to YYYY-MM-DD and IDs
 * given as text ("42", from a locator or an expression) to numbers before they are checked.
 */
export function headerRules(required: boolean): FieldRule[] {
	return [
		{ label: 'Customer', body: 'customer_id', required, format: 'id', checks: [ID_CHECK] },
		{ label: 'Date', body: 'date', required, format: 'date', checks: [check.isoDate] },
		{ label: 'Deadline', body: 'deadline', required, format: 'date', checks: [check.isoDate] },
		{ label: 'Currency', body: 'currency', checks: [check.oneOf(CURRENCIES)] },
		{ label: 'Invoice Template ID', body: 'customer_invoice_template_id', format: 'id', checks: [ID_CHECK] },
		{ label: 'PDF Description', body: 'pdf_description', checks: [check.maxLength(5000)] },
		{ label: 'Special Mention', body: 'special_mention', checks: [check.maxLength(20000)] },
		{ label: 'Discount › Type', body: 'discount.type', checks: [check.oneOf(DISCOUNT_TYPES)] },
		{ label: 'Discount › Value', body: 'discount.value', checks: [decimalCheck({ maxDecimals: AMOUNT_DECIMALS, min: 0 })] },
	];
}

export const deadlineNotBeforeDate = notBefore('deadline', 'Deadline', 'date', 'invoice date');

/**
 * preSend: the invoice discount goes out as `{ type, value }` with the value as exact decimal text
 * (a relative discount is a percentage, so at most 100). An empty discount is left out.
 */
export async function discountAsText(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = request.body as IDataObject;
	const discount = body.discount as IDataObject | undefined;
	if (!discount) return request;
	if (discount.value === undefined || discount.value === '') {
		delete body.discount;
		return request;
	}
	discount.type = discount.type ?? 'relative';
	if (discount.type === 'relative') {
		assertValid(this, request, [
			{ label: 'Discount › Value', body: 'discount.value', checks: [decimalCheck({ maxDecimals: AMOUNT_DECIMALS, min: 0, max: 100 })] },
		]);
	}
	discount.value = toDecimalString(discount.value);
	return request;
}

/** The fields a compact view keeps; Simplify is what an AI agent or a quick workflow usually wants. */
const SIMPLE_FIELDS = [
	'id', 'invoice_number', 'label', 'status', 'draft', 'paid', 'date', 'deadline', 'currency', 'amount',
	'currency_amount', 'currency_amount_before_tax', 'currency_tax', 'remaining_amount_with_tax',
	'external_reference', 'public_file_url', 'lines',
	// E-invoicing (2026 reform, providers.md §3.12.4): null until the invoice is sent to the platform.
	'e_invoicing', 'factur_x',
];

export function simplifyInvoice(invoice: IDataObject): IDataObject {
	const json: IDataObject = {};
	for (const key of SIMPLE_FIELDS) if (invoice[key] !== undefined) json[key] = invoice[key];
	const customer = invoice.customer as IDataObject | null | undefined;
	if (customer && typeof customer === 'object') json.customer_id = customer.id;
	return json;
}

export function simplifyItems(context: IExecuteSingleFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	if (!parameter(context, 'simplify', false)) return items;
	return items.map((item) => ({ json: simplifyInvoice(item.json) }));
}

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};
