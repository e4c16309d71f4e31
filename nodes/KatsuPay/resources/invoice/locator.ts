/** The invoice picker: by the invoice's Katsu Pay UUID (the `invoiceId` Create outputs, the `id` Get outputs). */
import type { INodeProperties } from 'n8n-workflow';

export function invoiceLocator(routing: INodeProperties['routing']): INodeProperties {
	return {
		displayName: 'Invoice',
		name: 'invoiceId',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description:
			'The invoice, by its Katsu Pay UUID: the invoiceId output by Create, or the ID output by Get and Get Many',
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
			},
		],
		routing,
	};
}
