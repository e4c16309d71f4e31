/**
 * Customer fields shared by Create and Update, for both kinds of customer (company and individual):
 * one definition of each field, its checks, and the endpoint the kind chooses.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { bodyTextField } from '../../../shared/fields';
import { parameter } from '../../../shared/parameters';
import { assertValid, check, type FieldRule } from '../../../shared/validation';
import { LANGUAGES, PAYMENT_CONDITIONS } from '../../constants';
import { customerIdRule } from './locator';

export const CUSTOMER_TYPES = ['company', 'individual'] as const;

/** Shows a field for one kind of customer only (the Customer Type parameter at the root). */
const forType = (type: (typeof CUSTOMER_TYPES)[number]) => ({ show: { '/customerType': [type] } });

/** A body text field, required or not. */
function text(displayName: string, name: string, property: string, description: string, required = false): INodeProperties {
	return bodyTextField(displayName, name, property, description, required ? { required: true } : {});
}

/** Company or individual: chooses the fields and the endpoint (/company_customers or /individual_customers). */
export const customerTypeField: INodeProperties = {
	displayName: 'Customer Type',
	name: 'customerType',
	type: 'options',
	// Fields are shown by it, and n8n shows every field whose condition is an expression: so no expression here.
	noDataExpression: true,
	options: [
		{ name: 'Company', value: 'company', description: 'A business, with a name, VAT number and registration number' },
		{ name: 'Individual', value: 'individual', description: 'A person, with a first and last name' },
	],
	default: 'company',
	description: "The kind of customer. On Update it must be the customer's kind: Pennylane keeps companies and individuals under different addresses.",
};

const PAYMENT_CONDITION_NAMES: Record<string, string> = {
	upon_receipt: 'Upon Receipt',
	custom: 'Custom',
	'15_days': '15 Days',
	'30_days': '30 Days',
	'45_days': '45 Days',
	'60_days': '60 Days',
};

const LANGUAGE_NAMES: Record<string, string> = { de_DE: 'German (de_DE)', en_GB: 'English (en_GB)', fr_FR: 'French (fr_FR)' };

/** The names: a company's, or an individual's first and last name. */
export function nameFields(required: boolean): INodeProperties[] {
	return [
		{ ...text('Name', 'name', 'name', 'Company name', required), displayOptions: forType('company') },
		{ ...text('First Name', 'firstName', 'first_name', 'First name of the person', required), displayOptions: forType('individual') },
		{ ...text('Last Name', 'lastName', 'last_name', 'Last name of the person', required), displayOptions: forType('individual') },
	];
}

/** The billing address (all four parts required on Create; on Update only the parts given are changed). */
export function addressFields(required: boolean): INodeProperties[] {
	const country = text('Country Code', 'countryCode', 'billing_address.country_alpha2', 'Two-letter country code (ISO 3166-1 alpha-2) of the billing address', required);
	return [
		text('Address', 'address', 'billing_address.address', 'Street and number of the billing address', required),
		text('Postal Code', 'postalCode', 'billing_address.postal_code', 'Postal code of the billing address', required),
		text('City', 'city', 'billing_address.city', 'City of the billing address', required),
		required ? { ...country, default: 'FR' } : country,
	];
}

/** The delivery address, when it differs from the billing address (all four parts on Create). */
const deliveryAddressField: INodeProperties = {
	displayName: 'Delivery Address',
	name: 'deliveryAddress',
	type: 'fixedCollection',
	placeholder: 'Add Delivery Address',
	default: {},
	description: 'Where goods are delivered, when it is not the billing address',
	options: [
		{
			displayName: 'Delivery Address',
			name: 'address',
			values: [
				text('Address', 'address', 'delivery_address.address', 'Street and number'),
				text('Postal Code', 'postalCode', 'delivery_address.postal_code', 'Postal code'),
				text('City', 'city', 'delivery_address.city', 'City'),
				text('Country Code', 'countryCode', 'delivery_address.country_alpha2', 'Two-letter country code (ISO 3166-1 alpha-2)'),
			],
		},
	],
};

/** Optional fields of both kinds and both operations, alphabetical as n8n lists collection options. */
export const optionalCustomerFields: INodeProperties[] = [
	text('Billing IBAN', 'billingIban', 'billing_iban', 'IBAN shown on invoices for payment'),
	{
		displayName: 'Billing Language',
		name: 'billingLanguage',
		type: 'options',
		options: LANGUAGES.map((code) => ({ name: LANGUAGE_NAMES[code], value: code })),
		default: 'fr_FR',
		description: "Default language of this customer's invoices",
		routing: { send: { type: 'body', property: 'billing_language' } },
	},
	deliveryAddressField,
	text('Emails', 'emails', 'emails', 'Comma-separated email addresses invoices are sent to'),
	text('External Reference', 'externalReference', 'external_reference', 'Your own unique reference for the customer (for example the CRM company ID)'),
	text('Notes', 'notes', 'notes', 'Internal notes'),
	{
		displayName: 'Payment Conditions',
		name: 'paymentConditions',
		type: 'options',
		options: PAYMENT_CONDITIONS.map((value) => ({ name: PAYMENT_CONDITION_NAMES[value], value })).sort((a, b) => a.name.localeCompare(b.name)),
		default: '30_days',
		description: "Pennylane's pages disagree on this list; these are the values of its create-company-customer page",
		routing: { send: { type: 'body', property: 'payment_conditions' } },
	},
	text('Phone', 'phone', 'phone', 'Phone number'),
	text('Recipient', 'recipient', 'recipient', 'Person the invoices are addressed to'),
	text('Reference', 'reference', 'reference', 'Customer reference shown in Pennylane'),
	{ ...text('Registration Number', 'regNo', 'reg_no', 'Company registration number (SIREN in France)'), displayOptions: forType('company') },
	{ ...text('VAT Number', 'vatNumber', 'vat_number', 'Intra-community VAT number'), displayOptions: forType('company') },
];

/** Create only: the customer's ledger account (Update has none). */
export const ledgerAccountField: INodeProperties = text(
	'Ledger Account Number',
	'ledgerAccountNumber',
	'ledger_account.number',
	'Number of the customer ledger account to use, for example 411100344 (Pennylane creates one when it is not given)',
);

const countryCheck = (value: unknown) =>
	/^[A-Z]{2}$/.test(String(value)) ? undefined : `must be a two-letter country code such as FR, got "${String(value)}"`;

/** Checks of one kind of customer; `required` marks what Create needs. */
export function customerRules(type: string, required: boolean, body?: IDataObject): FieldRule[] {
	const names: FieldRule[] =
		type === 'individual'
			? [
					{ label: 'First Name', body: 'first_name', required, checks: [check.maxLength(1000)] },
					{ label: 'Last Name', body: 'last_name', required, checks: [check.maxLength(1000)] },
				]
			: [{ label: 'Name', body: 'name', required, checks: [check.maxLength(255)] }];
	return [
		...names,
		{ label: 'Address', body: 'billing_address.address', required },
		{ label: 'Postal Code', body: 'billing_address.postal_code', required },
		{ label: 'City', body: 'billing_address.city', required },
		{ label: 'Country Code', body: 'billing_address.country_alpha2', required, checks: [countryCheck] },
		// A delivery address given on Create has all four parts; Update, like the billing address, takes the parts given.
		...(body?.delivery_address === undefined
			? []
			: ([
					['Address', 'address'],
					['Postal Code', 'postal_code'],
					['City', 'city'],
					['Country Code', 'country_alpha2'],
				].map(([label, key]) => ({
					label: `Delivery Address › ${label}`,
					body: `delivery_address.${key}`,
					required,
					blankIsUnset: !required,
					checks: key === 'country_alpha2' ? [countryCheck] : [],
				})) as FieldRule[])),
		{ label: 'Emails', body: 'emails', checks: [check.each(check.email)] },
		{ label: 'Billing Language', body: 'billing_language', checks: [check.oneOf(LANGUAGES)] },
		{ label: 'Payment Conditions', body: 'payment_conditions', checks: [check.oneOf(PAYMENT_CONDITIONS)] },
	];
}

/** Body keys PUT /{company,individual}_customers/{id} takes. */
export const UPDATABLE_KEYS = [
	'name', 'first_name', 'last_name', 'vat_number', 'reg_no', 'phone', 'billing_address', 'delivery_address', 'payment_conditions', 'billing_iban',
	'recipient', 'reference', 'notes', 'emails', 'external_reference', 'billing_language',
];

/** The Customer Type of the item, checked (it may come from an expression). */
export function customerTypeOf(context: IExecuteSingleFunctions): string {
	assertValid(context, { url: '' }, [{ label: 'Customer Type', parameter: 'customerType', required: true, checks: [check.oneOf(CUSTOMER_TYPES)] }]);
	return String(parameter(context, 'customerType', 'company'));
}

/** preSend: the comma-separated Emails field goes out as a list. */
export async function emailsAsList(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = request.body as IDataObject | undefined;
	if (body && typeof body.emails === 'string') {
		body.emails = body.emails
			.split(',')
			.map((email) => email.trim())
			.filter((email) => email !== '');
	}
	return request;
}

/** preSend of Create: the kind's checks, then POST /company_customers or /individual_customers. */
export async function createRequest(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const type = customerTypeOf(this);
	assertValid(this, request, customerRules(type, true, request.body as IDataObject | undefined));
	request.url = `/${type}_customers`;
	return request;
}

/** preSend of Update: the customer ID and the kind's checks, then PUT /{kind}_customers/{id}. */
export async function updateRequest(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const type = customerTypeOf(this);
	assertValid(this, request, [customerIdRule, ...customerRules(type, false, request.body as IDataObject | undefined)]);
	const id = String(parameter(this, 'customer', undefined, { extractValue: true })).trim();
	request.url = `/${type}_customers/${encodeURIComponent(id)}`;
	return request;
}
