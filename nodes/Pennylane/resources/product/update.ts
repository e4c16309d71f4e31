/** Product → Update: PUT /products/{id}. Only what is set is sent. */
import type { OperationModule } from '../../../shared/operations';
import { someBodyField, validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { labelField, optionalProductFields, priceAsText, priceField, PRODUCT_KEYS, productRules, vatRateField } from './fields';
import { productIdRule, productLocator } from './locator';

export const update: OperationModule = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a product',
		description: billyUnlisted("Change a product's label, price, VAT rate or other fields"),
		routing: {
			request: { method: 'PUT' },
			send: { preSend: [
				validateRequest([productIdRule, ...productRules(false)], [someBodyField(PRODUCT_KEYS, 'Update Fields')]),
				priceAsText,
			] },
		},
	},
	fields: [
		productLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [labelField, priceField, vatRateField, ...optionalProductFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	],
};
