/** Product → Get: GET /products/{id}. */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { BILLY_UNLISTED_NOTE } from '../../assumptions';
import { productIdRule, productLocator } from './locator';

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a product',
		description: ['Get a product by ID.', BILLY_UNLISTED_NOTE].join(' '),
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([productIdRule])] },
		},
	},
	fields: [productLocator],
};
