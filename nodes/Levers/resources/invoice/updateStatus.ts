/** Invoice → Update Status: PATCH /invoice/status, marks one or several invoices paid or unpaid. */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import { check, validateRequest } from '../../../shared/validation';
import { toList } from '../../../shared/values';
import { statusUpdateResult } from '../../assumptions';
import { parameter } from '../../../shared/parameters';

export const INVOICE_STATUSES = ['PAID', 'UNPAID'] as const;

async function sendIdsAsList(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = request.body as IDataObject;
	body.uuid = toList(body.uuid);
	return request;
}

async function reportResult(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const uuids = toList(parameter(this, 'invoiceIds'));
	return statusUpdateResult(response.body, String(parameter(this, 'status')), uuids).map((json) => ({ json }));
}

export const updateStatus: OperationModule = {
	option: {
		name: 'Update Status',
		value: 'updateStatus',
		action: 'Update the status of invoices',
		description: 'Mark one or several invoices as paid or unpaid',
		routing: {
			request: { method: 'PATCH', url: '/invoice/status' },
			send: {
				preSend: [
					sendIdsAsList,
					validateRequest([
						{ label: 'Status', body: 'status', required: true, checks: [check.oneOf(INVOICE_STATUSES)] },
						{ label: 'Invoice IDs', body: 'uuid', required: true, checks: [check.each(check.uuid)] },
					]),
				],
			},
			output: { postReceive: [reportResult] },
		},
	},
	fields: [
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			required: true,
			options: [
				{ name: 'Paid', value: 'PAID' },
				{ name: 'Unpaid', value: 'UNPAID' },
			],
			default: 'PAID',
			routing: { send: { type: 'body', property: 'status' } },
		},
		{
			displayName: 'Invoice IDs',
			name: 'invoiceIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: '3c90c3cc-0d44-4b50-8888-8dd25736052a, 5d1f0c1a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
			description: 'UUIDs of the invoices to update: comma-separated, or a list from an expression',
			routing: { send: { type: 'body', property: 'uuid' } },
		},
	],
};
