/** The customer picker: a searchable list of Pennylane customers, or a customer ID. */
import type { INodeProperties } from 'n8n-workflow';
import { check, type FieldRule } from '../../../shared/validation';

export const customerLocator: INodeProperties = {
	displayName: 'Customer',
	name: 'customer',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The customer (company or individual) the invoice is addressed to',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '12345',
			validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter a numeric customer ID' } }],
		},
	],
};

/** Checks for an ID that goes into a URL or a body: a whole number above zero. */
export const ID_CHECK = check.number({ integer: true, positive: true });

export const customerIdRule: FieldRule = { label: 'Customer', parameter: 'customer', required: true, checks: [ID_CHECK] };
