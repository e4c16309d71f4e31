/** Contact → Update: PUT /contact with the contact UUID in the body. Only the fields set are sent. */
import type { OperationModule } from '../../../shared/operations';
import { check, someBodyField, validateRequest } from '../../../shared/validation';
import { contactRules, nameField, optionalContactFields, parseContactCustomFields } from './fields';
import { contactLocator } from './locator';

const updatable = [nameField, ...optionalContactFields];

export const update: OperationModule = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a contact',
		description: 'Change fields of an existing contact',
		routing: {
			request: { method: 'PUT', url: '/contact' },
			send: {
				preSend: [
					parseContactCustomFields,
					validateRequest(
						[{ label: 'Contact', body: 'uuid', required: true, checks: [check.uuid] }, ...contactRules(false)],
						[someBodyField(updatable.map((field) => field.name), 'Update Fields')],
					),
				],
			},
		},
	},
	fields: [
		{ ...contactLocator, description: 'The contact', routing: { send: { type: 'body', property: 'uuid' } } },
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: updatable,
		},
	],
};
