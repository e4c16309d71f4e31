/** Invoice → Get Many: GET /api/v1/Invoice/getAll?PageNumber=&PageSize= with the documented filters. */
import type { IDataObject, IExecutePaginationFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit, type OperationModule } from '../../../shared/operations';
import type { ListCondition } from '../../../shared/pagination';
import { check, validateRequest } from '../../../shared/validation';
import { INVOICE_LIST_PATH, LIST_PAGE_SIZE } from '../../assumptions';
import { envelopePagination } from '../../transport';
import { CODE_NOTE, codeCheck } from '../../values';
import { simplifyField, simplifyInvoice } from './simplify';
import { parameter } from '../../../shared/parameters';

function simplifyAll(this: IExecutePaginationFunctions, records: IDataObject[]): IDataObject[] {
	return parameter(this, 'simplify', false) ? records.map(simplifyInvoice) : records;
}

const contains = (actual: unknown, wanted: unknown) => String(actual).toLowerCase().includes(String(wanted).toLowerCase());

/**
 * The filters whose effect shows on a record (the others, GlobalSearch and DueInvoices, are not
 * described well enough to check), checked on every record returned: a proxy may drop them.
 */
const CHECKED_FILTERS: Array<{ query: string; record: string; same: (actual: unknown, wanted: unknown) => boolean }> = [
	{ query: 'CounterpartyId', record: 'counterPartyId', same: (actual, wanted) => String(actual).toLowerCase() === String(wanted).toLowerCase() },
	{ query: 'Counterparty', record: 'counterPartyName', same: contains },
	{ query: 'AccountName', record: 'accountName', same: contains },
	{ query: 'InvoiceStatus', record: 'invoiceStatus', same: (actual, wanted) => String(actual) === String(wanted) },
	{ query: 'RecuringInvoice', record: 'recuringInvoice', same: (actual, wanted) => String(actual) === String(wanted) },
];

function conditions(qs: IDataObject): ListCondition[] {
	return CHECKED_FILTERS.filter(({ query }) => qs[query] !== undefined && qs[query] !== '').map(({ query, record, same }) => ({
		label: `${query}=${String(qs[query])}`,
		holds: (invoice: IDataObject) => (invoice[record] === undefined || invoice[record] === null ? undefined : same(invoice[record], qs[query])),
	}));
}

function filter(displayName: string, name: string, property: string, type: 'string' | 'boolean' | 'number', description: string): INodeProperties {
	const defaults = { string: '', boolean: false, number: 0 };
	return {
		displayName,
		name,
		type,
		default: defaults[type],
		description,
		...(type === 'number' ? { typeOptions: { minValue: 0, numberPrecision: 0 } } : {}),
		routing: { send: { type: 'query', property } },
	};
}

export const getAll: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many invoices',
		description: 'List invoices, page by page, optionally filtered',
		routing: {
			request: { method: 'GET', url: INVOICE_LIST_PATH },
			send: {
				preSend: [
					validateRequest([
						{ label: 'Counterparty ID', query: 'CounterpartyId', checks: [check.uuid] },
						{ label: 'Invoice Status', query: 'InvoiceStatus', checks: [codeCheck] },
					]),
				],
			},
		},
	},
	run: envelopePagination({
		pageParameter: 'PageNumber',
		sizeParameter: 'PageSize',
		pageSize: LIST_PAGE_SIZE,
		transform: simplifyAll,
		conditions,
	}),
	fields: [
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				filter('Account Name', 'accountName', 'AccountName', 'string', 'Only invoices with this account name'),
				filter('Counterparty ID', 'counterpartyId', 'CounterpartyId', 'string', 'Only invoices of the counterparty with this UUID'),
				filter('Counterparty Name', 'counterparty', 'Counterparty', 'string', "Katsu Pay's Counterparty filter: only invoices of this counterparty (by name)"),
				filter('Due Invoices Only', 'dueInvoices', 'DueInvoices', 'boolean', 'Whether to return only invoices that are due'),
				filter('Global Search', 'globalSearch', 'GlobalSearch', 'string', 'Free-text search across invoices'),
				filter('Invoice Status', 'invoiceStatus', 'InvoiceStatus', 'number', `${CODE_NOTE} (the same code Get returns as invoiceStatus)`),
				filter('Recurring Invoice', 'recuringInvoice', 'RecuringInvoice', 'boolean', 'Whether to return recurring invoices (true) or one-off invoices (false)'),
			],
		},
		simplifyField,
	],
};
