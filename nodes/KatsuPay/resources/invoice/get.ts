/** Invoice → Get: GET /api/v1/Invoice/getbyId?InvoiceId= */
import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import { check, validateRequest } from '../../../shared/validation';
import { outputData } from '../../transport';
import { invoiceLocator } from './locator';
import { simplifyField, simplifyInvoice } from './simplify';
import { parameter } from '../../../shared/parameters';

async function simplify(this: IExecuteSingleFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (!parameter(this, 'simplify', false)) return items;
	return items.map((item) => ({ json: simplifyInvoice(item.json) }));
}

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get an invoice',
		description: 'Get an invoice by its ID',
		routing: {
			request: { method: 'GET', url: '/Invoice/getbyId' },
			send: { preSend: [validateRequest([{ label: 'Invoice', query: 'InvoiceId', required: true, checks: [check.uuid] }])] },
			output: { postReceive: [outputData, simplify] },
		},
	},
	fields: [invoiceLocator({ send: { type: 'query', property: 'InvoiceId' } }), simplifyField],
};
