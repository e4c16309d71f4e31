/** The contact picker: a searchable list of Levers contacts, or a contact UUID. */
import type { INodeProperties } from 'n8n-workflow';

export const contactLocator: INodeProperties = {
	displayName: 'Contact',
	name: 'contact',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The contact (customer) the invoice belongs to',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchContacts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
		},
	],
};
