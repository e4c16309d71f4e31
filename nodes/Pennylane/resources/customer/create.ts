/** Customer → Create: POST /company_customers (a company customer; name and billing address required). */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import { check, validateRequest } from '../../../shared/validation';
import { LANGUAGES, PAYMENT_CONDITIONS } from '../../constants';

function text(displayName: string, name: string, property: string, description: string, required = false): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		...(required ? { required: true } : {}),
		description,
		routing: { send: { type: 'body', property } },
	};
}

const PAYMENT_CONDITION_NAMES: Record<string, string> = {
	upon_receipt: 'Upon Receipt',
	custom: 'Custom',
	'15_days': '15 Days',
	'30_days': '30 Days',
	'45_days': '45 Days',
	'60_days': '60 Days',
};

const LANGUAGE_NAMES: Record<string, string> = { de_DE: 'German (de_DE)', en_GB: 'English (en_GB)', fr_FR: 'French (fr_FR)' };

/** preSend: the comma-separated Emails field goes out as a list. */
async function emailsAsList(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = request.body as IDataObject;
	if (typeof body.emails === 'string') {
		body.emails = body.emails
			.split(',')
			.map((email) => email.trim())
			.filter((email) => email !== '');
	}
	return request;
}

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a company customer',
		description: 'Create a company customer with its billing address',
		routing: {
			request: { method: 'POST', url: '/company_customers' },
			send: { preSend: [
				emailsAsList,
				validateRequest([
					{ label: 'Name', body: 'name', required: true, checks: [check.maxLength(255)] },
					{ label: 'Address', body: 'billing_address.address', required: true },
					{ label: 'Postal Code', body: 'billing_address.postal_code', required: true },
					{ label: 'City', body: 'billing_address.city', required: true },
					{
						label: 'Country Code',
						body: 'billing_address.country_alpha2',
						required: true,
						checks: [(value) => (/^[A-Z]{2}$/.test(String(value)) ? undefined : `must be a two-letter country code such as FR, got "${String(value)}"`)],
					},
					{ label: 'Emails', body: 'emails', checks: [check.each(check.email)] },
					{ label: 'Billing Language', body: 'billing_language', checks: [check.oneOf(LANGUAGES)] },
					{ label: 'Payment Conditions', body: 'payment_conditions', checks: [check.oneOf(PAYMENT_CONDITIONS)] },
				]),
			] },
		},
	},
	fields: [
		text('Name', 'name', 'name', 'Company name', true),
		text('Address', 'address', 'billing_address.address', 'Street and number of the billing address', true),
		text('Postal Code', 'postalCode', 'billing_address.postal_code', 'Postal code of the billing address', true),
		text('City', 'city', 'billing_address.city', 'City of the billing address', true),
		{
			...text('Country Code', 'countryCode', 'billing_address.country_alpha2', 'Two-letter country code (ISO 3166-1 alpha-2) of the billing address', true),
			default: 'FR',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				text('Billing IBAN', 'billingIban', 'billing_iban', 'IBAN shown on invoices for payment'),
				{
					displayName: 'Billing Language',
					name: 'billingLanguage',
					type: 'options',
					options: LANGUAGES.map((code) => ({ name: LANGUAGE_NAMES[code], value: code })),
					default: 'fr_FR',
					description: 'Default language of this customer\'s invoices',
					routing: { send: { type: 'body', property: 'billing_language' } },
				},
				text('Emails', 'emails', 'emails', 'Comma-separated email addresses invoices are sent to'),
				text('External Reference', 'externalReference', 'external_reference', 'Your own unique reference for the customer (for example the CRM company ID)'),
				text('Notes', 'notes', 'notes', 'Internal notes'),
				{
					displayName: 'Payment Conditions',
					name: 'paymentConditions',
					type: 'options',
					options: PAYMENT_CONDITIONS.map((value) => ({ name: PAYMENT_CONDITION_NAMES[value], value })).sort((a, b) =>
						a.name.localeCompare(b.name),
					),
					default: '30_days',
					routing: { send: { type: 'body', property: 'payment_conditions' } },
				},
				text('Phone', 'phone', 'phone', 'Phone number'),
				text('Recipient', 'recipient', 'recipient', 'Person the invoices are addressed to'),
				text('Reference', 'reference', 'reference', 'Customer reference shown in Pennylane'),
				text('Registration Number', 'regNo', 'reg_no', 'Company registration number (SIREN in France)'),
				text('VAT Number', 'vatNumber', 'vat_number', 'Intra-community VAT number'),
			],
		},
	],
};
