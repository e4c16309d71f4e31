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

/** Shared by invoices and quotes (one parameter entry for both: see mergeSharedFields). */
export const dateField = bodyDateField('Date', 'date', 'Date of the invoice or quote');

export const deadlineField = bodyDateField('Deadline', 'deadline', 'For an invoice the payment due date, for a quote the last day it is valid; not before the date');

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

/** The Language option with the languages the docs list; for one access path (Authentication) when given. */
export function languageField(name: string, languages: readonly string[], authentication: string | undefined, description: string): INodeProperties {
	return {
		displayName: 'Language',
		name,
		type: 'options',
		options: languages.map((code) => ({ name: LANGUAGE_NAMES[code], value: code })),
		default: 'fr_FR',
		description,
		...(authentication ? { displayOptions: { show: { '/authentication': [authentication] } } } : {}),
		routing: { send: { type: 'body', property: 'language' } },
	};
}

/** preSend: the invoice language must be one that the access path in use documents (see LANGUAGES, BILLY_LANGUAGES). */
export async function checkLanguage(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const billy = parameter(this, 'authentication', 'pennylaneInvoicingApi') === 'billyInvoicingApi';
	assertValid(this, request, [{ label: 'Language', body: 'language', checks: [check.oneOf(billy ? BILLY_LANGUAGES : LANGUAGES)] }]);
	return request;
}

/** What the shared header fields differ by between an invoice and a quote. */
export interface HeaderDocument {
	/** Lower-case noun in descriptions ("invoice", "quote"). */
	noun: string;
	/** The template field: its label, body key and description. */
	template: { displayName: string; body: string; description: string };
	/** Extra sentence after the External Reference description, or ''. */
	referenceNote: string;
	/** Language fields (one per access path when the paths document different lists). */
	languages: INodeProperties[];
	/** Documented maximum lengths of PDF Description and Special Mention (none for quotes). */
	maxLengths: { pdf_description?: number; special_mention?: number };
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const thousands = (count: number) => String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const withLimit = (description: string, max: number | undefined) => (max ? `${description} (up to ${thousands(max)} characters)` : description);

/** Optional header fields of a document, alphabetical as n8n lists collection options. */
export function headerOptions(document: HeaderDocument): INodeProperties[] {
	const { noun, template, maxLengths } = document;
	return [
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'options',
			options: CURRENCIES.map((code) => ({ name: code, value: code })),
			default: 'EUR',
			description: `${capitalized(noun)} currency (Pennylane uses EUR when it is not given)`,
			routing: { send: { type: 'body', property: 'currency' } },
		},
		{
			displayName: 'Discount',
			name: 'discount',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Add Discount',
			description: `A discount on the whole ${noun}`,
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
		text('External Reference', 'external_reference', `Your own unique reference for the ${noun} (for example the CRM deal ID)${document.referenceNote}`),
		{
			displayName: template.displayName,
			name: template.body,
			type: 'string',
			default: '',
			description: template.description,
			routing: { send: { type: 'body', property: template.body } },
		},
		...document.languages,
		text('PDF Description', 'pdf_description', withLimit(`Description printed on the ${noun} PDF`, maxLengths.pdf_description), 3),
		text('PDF Free Text', 'pdf_invoice_free_text', `Free text printed on the ${noun} PDF`, 3),
		text('PDF Subject', 'pdf_invoice_subject', `Subject (title) printed on the ${noun} PDF`),
		text('Special Mention', 'special_mention', withLimit(`Special mention printed on the ${noun}`, maxLengths.special_mention), 3),
	];
}

export const INVOICE_HEADER: HeaderDocument = {
	noun: 'invoice',
	template: { displayName: 'Invoice Template ID', body: 'customer_invoice_template_id', description: 'ID of a Pennylane customer invoice template' },
	referenceNote: '; Invoice Get Many can filter on it',
	languages: [
		languageField('language', LANGUAGES, 'pennylaneInvoicingApi', "Language of the invoice PDF (Pennylane uses the customer's language when it is not given)"),
		languageField('language', BILLY_LANGUAGES, 'billyInvoicingApi', "Language of the invoice PDF (the customer's language when it is not given). Billy lists English and French only."),
	],
	maxLengths: { pdf_description: 5000, special_mention: 20000 },
};

/** The invoice's optional header fields (Create's Additional Fields, Update's Update Fields). */
export const optionalHeaderFields: INodeProperties[] = headerOptions(INVOICE_HEADER);

/**
 * Header field checks; `required` marks what Create needs. Dates are shaped to YYYY-MM-DD and IDs
 * given as text ("42", from a locator or an expression) to numbers before they are checked.
 */
export function headerRules(required: boolean, document: HeaderDocument = INVOICE_HEADER): FieldRule[] {
	const { maxLengths } = document;
	return [
		{ label: 'Customer', body: 'customer_id', required, format: 'id', checks: [ID_CHECK] },
		{ label: 'Date', body: 'date', required, format: 'date', checks: [check.isoDate] },
		{ label: 'Deadline', body: 'deadline', required, format: 'date', checks: [check.isoDate] },
		{ label: 'Currency', body: 'currency', checks: [check.oneOf(CURRENCIES)] },
		{ label: document.template.displayName, body: document.template.body, format: 'id', checks: [ID_CHECK] },
		...(maxLengths.pdf_description ? [{ label: 'PDF Description', body: 'pdf_description', checks: [check.maxLength(maxLengths.pdf_description)] }] : []),
		...(maxLengths.special_mention ? [{ label: 'Special Mention', body: 'special_mention', checks: [check.maxLength(maxLengths.special_mention)] }] : []),
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

/** The given fields of a record, and its customer's ID as `customer_id` (invoices and quotes). */
export function simplifyRecord(record: IDataObject, fields: readonly string[]): IDataObject {
	const json: IDataObject = {};
	for (const key of fields) if (record[key] !== undefined) json[key] = record[key];
	const customer = record.customer as IDataObject | null | undefined;
	if (customer && typeof customer === 'object') json.customer_id = customer.id;
	return json;
}

export function simplifyInvoice(invoice: IDataObject): IDataObject {
	return simplifyRecord(invoice, SIMPLE_FIELDS);
}

/** Output step of operations with a Simplify field: the compact view of each item when Simplify is on. */
export function simplifyItemsWith(fields: readonly string[]) {
	return (context: IExecuteSingleFunctions, items: INodeExecutionData[]): INodeExecutionData[] => {
		if (!parameter(context, 'simplify', false)) return items;
		return items.map((item) => ({ json: simplifyRecord(item.json, fields) }));
	};
}

export const simplifyItems = simplifyItemsWith(SIMPLE_FIELDS);

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};
