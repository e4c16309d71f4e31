/** Customer → Update: PUT /company_customers/{id} or PUT /individual_customers/{id}. Only what is set is sent. */
import type { OperationModule } from '../../../shared/operations';
import { someBodyField, validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { addressFields, customerTypeField, emailsAsList, nameFields, optionalCustomerFields, UPDATABLE_KEYS, updateRequest } from './fields';
import { CUSTOMER_DESCRIPTION, customerLocator } from './locator';

export const update: OperationModule = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a customer',
		description: billyUnlisted("Change a company or individual customer's fields"),
		routing: {
			request: { method: 'PUT' },
			send: { preSend: [emailsAsList, updateRequest, validateRequest([], [someBodyField(UPDATABLE_KEYS, 'Update Fields')])] },
		},
	},
	fields: [
		customerTypeField,
		{ ...customerLocator, description: CUSTOMER_DESCRIPTION },
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [...nameFields(false), ...addressFields(false), ...optionalCustomerFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	],
};
