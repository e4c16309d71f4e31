/** Customer → Create: POST /company_customers or POST /individual_customers (name and billing address required). */
import type { OperationModule } from '../../../shared/operations';
import { addressFields, createRequest, customerTypeField, emailsAsList, ledgerAccountField, nameFields, optionalCustomerFields } from './fields';

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a customer',
		description: 'Create a company or individual customer with its billing address',
		routing: {
			request: { method: 'POST', url: '/company_customers' },
			send: { preSend: [emailsAsList, createRequest] },
		},
	},
	fields: [
		customerTypeField,
		...nameFields(true),
		...addressFields(true),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [...optionalCustomerFields, ledgerAccountField].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	],
};
