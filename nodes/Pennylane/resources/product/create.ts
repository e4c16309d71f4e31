/** Product → Create: POST /products (label, price excluding tax and VAT rate required). */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { labelField, optionalProductFields, priceAsText, priceField, productRules, vatRateField } from './fields';

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a product',
		description: billyUnlisted('Create a product with its price and VAT rate'),
		routing: {
			request: { method: 'POST', url: '/products' },
			send: { preSend: [validateRequest(productRules(true)), priceAsText] },
		},
	},
	fields: [
		{ ...labelField, required: true },
		{ ...priceField, required: true },
		{ ...vatRateField, required: true },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optionalProductFields,
		},
	],
};
