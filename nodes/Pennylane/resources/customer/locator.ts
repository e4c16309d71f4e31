/** The customer picker: a searchable list of Pennylane customers, or a customer ID. */
import type { INodeProperties } from 'n8n-workflow';
import { check, type FieldRule } from '../../../shared/validation';

export const customerLocator: INodeProperties = {
	displayName: 'Customer',
	name: 'customer',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The customer (company or individual) the invoice or quote is addressed to',
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
		},
	],
};

/**
 * Checks for an ID that goes into a URL or a body: digits only, no leading zero, a safe integer
 * above zero ("42" or 42; not "42.0", "0042", "1e21" or 1e21). Pair it with `format: 'id'` for body values.
 */
export const ID_CHECK = check.id;

/** The picker's description in the Customer resource's own operations (one entry for Get and Update). */
export const CUSTOMER_DESCRIPTION = 'The customer (company or individual)';

export const customerIdRule: FieldRule = { label: 'Customer', parameter: 'customer', required: true, checks: [ID_CHECK] };
