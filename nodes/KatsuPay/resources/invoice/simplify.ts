/** The compact invoice view of Get and Get Many ("Simplify"). */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

const SIMPLE_FIELDS = [
	'id', 'invoiceId', 'counterPartyName', 'accountName', 'amount', 'paidAmount', 'currency', 'dueDate', 'invoiceStatus', 'created',
];

export function simplifyInvoice(invoice: IDataObject): IDataObject {
	const json: IDataObject = {};
	for (const key of SIMPLE_FIELDS) if (invoice[key] !== undefined) json[key] = invoice[key];
	return json;
}

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to return a compact version of the invoice (IDs, names, amounts, currency, due date, status) instead of the full record',
};
