/** The invoice picker. Levers documents no invoice list endpoint, so invoices are chosen by UUID. */
import type { INodeProperties } from 'n8n-workflow';
import { check, type FieldRule } from '../../../shared/validation';

export function invoiceLocator(routing: INodeProperties['routing']): INodeProperties {
	return {
		displayName: 'Invoice',
		name: 'invoiceId',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description: 'The invoice, by its Levers UUID (for example from the output of Create)',
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
			},
		],
		routing,
	};
}

export const invoiceIdRule: FieldRule = { label: 'Invoice', parameter: 'invoiceId', required: true, checks: [check.uuid] };
