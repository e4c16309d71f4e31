/** Product → Get: GET /products/{id}. */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { productIdRule, productLocator } from './locator';

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a product',
		description: billyUnlisted('Get a product by ID'),
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([productIdRule])] },
		},
	},
	fields: [productLocator],
};
