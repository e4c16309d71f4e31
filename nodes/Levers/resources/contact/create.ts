/** Contact → Create: POST /contact */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { contactRules, nameField, optionalContactFields, parseContactCustomFields } from './fields';

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a contact',
		description: 'Create a contact (a customer you invoice)',
		routing: {
			request: { method: 'POST', url: '/contact' },
			send: { preSend: [parseContactCustomFields, validateRequest(contactRules(true))] },
		},
	},
	fields: [
		{ ...nameField, required: true },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optionalContactFields,
		},
	],
};
