/** The invoice picker: a searchable list of recent invoices, or an invoice ID. */
import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import type { FieldRule } from '../../../shared/validation';
import { ID_CHECK } from '../customer/locator';
import { parameter } from '../../../shared/parameters';

/**
 * The same entry in every operation (only its routing differs, which ../../../shared/request.ts
 * takes off), so that n8n has one "invoiceId" parameter to resolve (see mergeSharedFields).
 */
export function invoiceLocator(routing: INodeProperties['routing']): INodeProperties {
	return {
		displayName: 'Invoice',
		name: 'invoiceId',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description: 'The customer invoice',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchInvoices', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '12345',
			},
		],
		routing,
	};
}

/** The invoice's path, as used in the operations' URLs. */
export const INVOICE_PATH = '=/customer_invoices/{{ encodeURIComponent(String($value).trim()) }}';

export const invoiceIdRule: FieldRule = { label: 'Invoice', parameter: 'invoiceId', required: true, checks: [ID_CHECK] };

/** The invoice ID of the current item, as a number. */
export function invoiceIdOf(context: IExecuteSingleFunctions): number {
	return Number(String(parameter(context, 'invoiceId', undefined, { extractValue: true })).trim());
}
