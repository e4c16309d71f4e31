/** Counterparty fields shared by Create and Update (POST Counterparties/save, PUT Counterparties/update), and their checks. */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { check, type FieldRule, isBlank } from '../../../shared/validation';
import { CODE_NOTE, codeCheck, collectionLines, toNumber } from '../../values';

function text(displayName: string, name: string, description?: string, placeholder?: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		...(description ? { description } : {}),
		...(placeholder ? { placeholder } : {}),
		routing: { send: { type: 'body', property: name } },
	};
}

export const nameField: INodeProperties = text('Name', 'name', 'Name of the counterparty (the customer or company you invoice)');

/** The documented optional fields, alphabetical as n8n lists collection options. */
export const optionalCounterpartyFields: INodeProperties[] = [
	text('Address', 'address', 'Street address'),
	text('City', 'city'),
	text('Country', 'country'),
	text('Email', 'email', undefined, 'name@email.com'),
	text('LEI', 'lei', 'Legal Entity Identifier (20 characters)'),
	text('Phone Code', 'phoneCode', 'International dialling code, for example +234', '+234'),
	text('Phone Number', 'phoneNumber'),
	text('Postal Code', 'postalCode'),
	text('State', 'state', 'State, province or region'),
];

function bankText(displayName: string, name: string, description?: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', ...(description ? { description } : {}) };
}

function bankCode(displayName: string, name: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 0,
		description: `${CODE_NOTE} (the field is named ${name})`,
	};
}

/**
 * Bank accounts of a new counterparty. The documented `counterpartyId` of each account is left out:
 * the counterparty does not exist yet when it is created.
 */
export const bankAccountsField: INodeProperties = {
	displayName: 'Bank Accounts',
	name: 'bankAccounts',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Bank Account',
	default: {},
	description: 'Bank accounts of the counterparty',
	options: [
		{
			displayName: 'Bank Account',
			name: 'bankAccount',
			values: [
				bankCode('Account', 'account'),
				bankText('Account Name', 'accountName', 'Name of the account holder'),
				bankText('Account Number', 'accountNumber'),
				bankCode('Account Type', 'accountType'),
				bankText('Bank Address', 'bankAddress'),
				bankText('Bank Code', 'bankCode'),
				bankText('Bank Name', 'bankName'),
				bankCode('Counterparty Type', 'counterpartyType'),
				bankText('IBAN', 'iban'),
				bankText('Routing Number', 'routingNumber'),
				bankText('SWIFT Code', 'swiftCode'),
			],
		},
	],
	routing: { send: { type: 'body', property: 'bankAccounts' } },
};

const BANK_CODES = ['account', 'counterpartyType', 'accountType'];

/** preSend step: bank account lines out of their fixedCollection, blank text left out, codes as numbers. */
export async function shapeCounterpartyBody(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = (request.body ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(body)) if (typeof value === 'string') body[key] = value.trim();
	if ('bankAccounts' in body) {
		const accounts = collectionLines(body.bankAccounts, 'bankAccount').map((line) => {
			const account: IDataObject = {};
			for (const [key, value] of Object.entries(line)) {
				if (BANK_CODES.includes(key)) account[key] = toNumber(value) as number;
				else if (!isBlank(value)) account[key] = typeof value === 'string' ? value.trim() : value;
			}
			return account;
		});
		if (accounts.length) body.bankAccounts = accounts;
		else delete body.bankAccounts;
	}
	request.body = body;
	return request;
}

export function counterpartyRules(required: readonly string[]): FieldRule[] {
	return [
		{ label: 'Name', body: 'name', required: required.includes('name') },
		{ label: 'Email', body: 'email', checks: [check.email] },
		{ label: 'LEI', body: 'lei', checks: [lei] },
		{
			label: 'Bank Accounts',
			body: 'bankAccounts',
			checks: [check.isArray],
			each: [
				{ key: 'account', label: 'Account', checks: [codeCheck] },
				{ key: 'accountType', label: 'Account Type', checks: [codeCheck] },
				{ key: 'counterpartyType', label: 'Counterparty Type', checks: [codeCheck] },
			],
		},
	];
}

/** ISO 17442: 20 characters, letters and digits. */
function lei(value: unknown): string | undefined {
	return typeof value === 'string' && /^[A-Z0-9]{20}$/i.test(value)
		? undefined
		: `must be a 20-character Legal Entity Identifier (letters and digits), got ${JSON.stringify(value)}`;
}
