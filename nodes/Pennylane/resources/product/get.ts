/** Product → Get: GET /products/{id}. */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { simplifyField } from '../customerInvoice/fields';
import { simplifyProducts } from './fields';
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
			output: {
				postReceive: [
					async function (items) {
						return simplifyProducts(this, items);
					},
				],
			},
		},
	},
	fields: [productLocator, simplifyField],
};
