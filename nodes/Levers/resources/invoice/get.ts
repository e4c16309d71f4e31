/** Invoice → Get: GET /invoice/{uuid}, with history, payments and risk. */
import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { invoiceIdRule, invoiceLocator } from './locator';
import { parameter } from '../../../shared/parameters';

/** The fields a compact view keeps; Simplify is what an AI agent or a quick workflow usually wants. */
const SIMPLE_FIELDS = [
	'uuid', 'number', 'status', 'level', 'date', 'dueDate', 'total', 'totalPaid', 'outstandingAmount',
	'currencyCode', 'reference', 'daysUntilDue', 'customerRisk',
];

async function simplify(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (!parameter(this, 'simplify', false)) return items;
	return items.map((item) => {
		const json: IDataObject = {};
		for (const key of SIMPLE_FIELDS) if (item.json[key] !== undefined) json[key] = item.json[key];
		const contact = item.json.contact as IDataObject | undefined;
		if (contact) json.contact = { uuid: contact.uuid, name: contact.name };
		return { json };
	});
}

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get an invoice',
		description: 'Get an invoice with its history, payments and risk',
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([invoiceIdRule])] },
			output: { postReceive: [simplify] },
		},
	},
	fields: [
		invoiceLocator({ request: { url: '=/invoice/{{ $value }}' } }),
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: false,
			description:
				'Whether to return a compact version of the invoice (status, amounts, dates, contact) instead of the full record with history and payments',
		},
	],
};
