/** Contact → Get: GET /contact/{uuid} */
import type { OperationModule } from '../../../shared/operations';
import { check, validateRequest } from '../../../shared/validation';
import { contactLocator } from './locator';

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a contact',
		description: 'Get a contact with its balances, risk and payment behaviour',
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([{ label: 'Contact', parameter: 'contact', required: true, checks: [check.uuid] }])] },
		},
	},
	fields: [{ ...contactLocator, description: 'The contact', routing: { request: { url: '=/contact/{{ $value }}' } } }],
};
