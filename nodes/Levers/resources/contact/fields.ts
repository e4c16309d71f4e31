/** Contact fields shared by Create and Update, and their checks. */
import type { INodeProperties } from 'n8n-workflow';
import { check, parseJsonBody, type FieldRule } from '../../../shared/validation';

function text(displayName: string, name: string, description?: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		...(description ? { description } : {}),
		routing: { send: { type: 'body', property: name } },
	};
}


export const EMAIL_TONES = ['FRIENDLY', 'NEUTRAL', 'REALESTATE'] as const;
export const EMAIL_LANGUAGES = ['ENGLISH', 'ARABIC', 'ENGLISH_ARABIC'] as const;
export const SMS_LANGUAGES = ['ENGLISH', 'ARABIC'] as const;

export const nameField: INodeProperties = text('Name', 'name', 'Contact (company or person) name, 1 to 255 characters');

/** Every optional contact field of the API reference, alphabetical as n8n lists collection options. */
export const optionalContactFields: INodeProperties[] = [
	text('Account Number', 'accountNumber', 'Bank account number'),
	text('Additional Number', 'additionalNumber', 'Additional address number'),
	text('Bank Contact Name', 'bankContactName'),
	text('Bank Name', 'bankName'),
	text('Building', 'building'),
	text('Building (Arabic)', 'buildingAr'),
	text('City', 'city'),
	text('City (Arabic)', 'cityAr'),
	text('Country', 'country'),
	text('Country (Arabic)', 'countryAr'),
	{
		displayName: 'Custom Fields (JSON)',
		name: 'customFields',
		type: 'json',
		default: '[]',
		description: 'Custom fields as a JSON list. Levers documents this as a list but not the shape of its entries.',
		routing: { send: { type: 'body', property: 'customFields' } },
	},
	text('District', 'district'),
	text('District (Arabic)', 'districtAr'),
	text('Email', 'email', 'Email address invoices and reminders go to'),
	{
		displayName: 'Email Tone',
		name: 'emailTone',
		type: 'options',
		options: [
			{ name: 'Friendly', value: 'FRIENDLY' },
			{ name: 'Neutral', value: 'NEUTRAL' },
			{ name: 'Real Estate', value: 'REALESTATE' },
		],
		default: 'FRIENDLY',
		description: 'Tone of the reminder emails',
		routing: { send: { type: 'body', property: 'emailTone' } },
	},
	text('External Company ID', 'extCompanyId', 'ID of the company in another system'),
	text('External Platform ID', 'extPlatformId', 'ID of this contact in another system (your CRM or ERP)'),
	text('First Name', 'firstName'),
	text('First Name (Arabic)', 'firstNameAr'),
	text('Gender', 'gender', 'Levers documents this field without listing its values'),
	text('IBAN', 'iban'),
	text('Last Name', 'lastName'),
	text('Last Name (Arabic)', 'lastNameAr'),
	text('Name (Arabic)', 'nameAr'),
	text('Other ID', 'otherId'),
	text('Phone Number', 'phoneNumber'),
	text('Postal Code', 'postalCode'),
	{
		displayName: 'Reminders Enabled',
		name: 'remindersEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether Levers sends payment reminders to this contact',
		routing: { send: { type: 'body', property: 'remindersEnabled' } },
	},
	{
		displayName: 'Send Email Notifications',
		name: 'sendEmailNotif',
		type: 'boolean',
		default: true,
		description: 'Whether the contact gets email notifications',
		routing: { send: { type: 'body', property: 'sendEmailNotif' } },
	},
	{
		displayName: 'Email Notification Language',
		name: 'sendEmailNotifLang',
		type: 'options',
		options: [
			{ name: 'Arabic', value: 'ARABIC' },
			{ name: 'English', value: 'ENGLISH' },
			{ name: 'English and Arabic', value: 'ENGLISH_ARABIC' },
		],
		default: 'ENGLISH',
		routing: { send: { type: 'body', property: 'sendEmailNotifLang' } },
	},
	{
		displayName: 'Send SMS Notifications',
		name: 'sendSmsNotif',
		type: 'boolean',
		default: false,
		description: 'Whether the contact gets SMS notifications',
		routing: { send: { type: 'body', property: 'sendSmsNotif' } },
	},
	{
		displayName: 'SMS Notification Language',
		name: 'sendSmsNotifLang',
		type: 'options',
		options: [
			{ name: 'Arabic', value: 'ARABIC' },
			{ name: 'English', value: 'ENGLISH' },
		],
		default: 'ENGLISH',
		routing: { send: { type: 'body', property: 'sendSmsNotifLang' } },
	},
	text('Street', 'street'),
	text('Street (Arabic)', 'streetAr'),
	text('VAT Number', 'vatNumber'),
];

export const parseContactCustomFields = parseJsonBody('customFields', 'Custom Fields (JSON)');

export function contactRules(required: boolean): FieldRule[] {
	return [
		{ label: 'Name', body: 'name', required, checks: [check.maxLength(255)] },
		{ label: 'Email', body: 'email', checks: [check.email] },
		{ label: 'Email Tone', body: 'emailTone', checks: [check.oneOf(EMAIL_TONES)] },
		{ label: 'Email Notification Language', body: 'sendEmailNotifLang', checks: [check.oneOf(EMAIL_LANGUAGES)] },
		{ label: 'SMS Notification Language', body: 'sendSmsNotifLang', checks: [check.oneOf(SMS_LANGUAGES)] },
		{ label: 'Custom Fields (JSON)', body: 'customFields', checks: [check.isArray] },
		...optionalContactFields
			.filter((field) => field.type === 'string')
			.map((field) => ({ label: field.displayName, body: field.name, checks: [check.maxLength(255)] })),
	];
}
