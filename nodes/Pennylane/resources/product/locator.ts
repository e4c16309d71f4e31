/** The product picker: a searchable list of Pennylane products (label, reference, price), or a product ID. */
import type { INodeProperties } from 'n8n-workflow';
import type { FieldRule } from '../../../shared/validation';
import { ID_CHECK } from '../customer/locator';

/** The picker as invoice product lines and the Product resource both use it (named `product`). */
export const productLocatorField: INodeProperties = {
	displayName: 'Product',
	name: 'product',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Pennylane product',
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchProducts', searchable: true } },
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '12345' },
	],
};

/** The product's path, as used in the operations' URLs. */
export const PRODUCT_PATH = '=/products/{{ encodeURIComponent(String($value).trim()) }}';

/** The same entry in Get and Update (only its routing differs, which ../../../shared/request.ts takes off). */
export const productLocator: INodeProperties = { ...productLocatorField, routing: { request: { url: PRODUCT_PATH } } };

export const productIdRule: FieldRule = { label: 'Product', parameter: 'product', required: true, checks: [ID_CHECK] };
