/** Customer → Get: GET /customers/{id} (company or individual). */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { CUSTOMER_DESCRIPTION, customerIdRule, customerLocator } from './locator';

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a customer',
		description: 'Get a company or individual customer',
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([customerIdRule])] },
		},
	},
	fields: [
		{
			...customerLocator,
			description: CUSTOMER_DESCRIPTION,
			routing: { request: { url: '=/customers/{{ encodeURIComponent(String($value).trim()) }}' } },
		},
	],
};
