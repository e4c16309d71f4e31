/** The product picker of an invoice line: a searchable list of Katsu Pay products, or a product UUID. */
import type { INodeProperties } from 'n8n-workflow';

export const productLocator: INodeProperties = {
	displayName: 'Product',
	name: 'productId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The product sold on this line',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchProducts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
		},
	],
};
