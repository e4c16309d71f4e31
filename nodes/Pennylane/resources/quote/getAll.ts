/** Quote → Get Many: GET /quotes, cursor by cursor, filtered by customer and status. */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { returnAllAndLimit, type OperationModule } from '../../../shared/operations';
import { parameter } from '../../../shared/parameters';
import { assertValid, check } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { QUOTE_STATUSES } from '../../constants';
import { customerLocator, ID_CHECK } from '../customer/locator';
import { simplifyField } from '../customerInvoice/fields';
import { listRunWith } from '../customerInvoice/getAll';
import { quoteStatusOptions, simplifyQuotes } from './fields';

/** The list's sort: `id` only (Pennylane's reference), either direction. */
const SORT_OPTIONS = [
	{ name: 'ID (Newest First)', value: '-id' },
	{ name: 'ID (Oldest First)', value: 'id' },
];

/** preSend: Filters → Pennylane's JSON `filter` (customer_id eq, status eq); Sort → `sort`. */
async function buildFilter(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const filters = parameter(this, 'filters', {}) as IDataObject;
	const options = parameter(this, 'options', {}) as IDataObject;
	const locator = filters.customer as IDataObject | string | undefined;
	const customer = locator && typeof locator === 'object' ? locator.value : locator;
	const values: IDataObject = { customer_id: typeof customer === 'string' ? customer.trim() : customer, status: filters.status, sort: options.sort };
	assertValid(this, { url: '', body: values }, [
		{ label: 'Filters › Customer', body: 'customer_id', checks: [ID_CHECK] },
		{ label: 'Filters › Status', body: 'status', checks: [check.oneOf(QUOTE_STATUSES)] },
		{ label: 'Options › Sort', body: 'sort', checks: [check.oneOf(SORT_OPTIONS.map((option) => option.value))] },
	]);
	const filter: IDataObject[] = [];
	if (values.customer_id !== undefined && values.customer_id !== '') filter.push({ field: 'customer_id', operator: 'eq', value: Number(values.customer_id) });
	if (values.status) filter.push({ field: 'status', operator: 'eq', value: values.status });
	request.qs = { ...(request.qs ?? {}) };
	if (filter.length) request.qs.filter = JSON.stringify(filter);
	if (values.sort) request.qs.sort = values.sort;
	return request;
}

export const getAll: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many quotes',
		description: billyUnlisted('List quotes, newest first, by customer or status'),
		routing: {
			request: { method: 'GET', url: '/quotes' },
			send: { preSend: [buildFilter] },
		},
	},
	run: listRunWith(simplifyQuotes),
	fields: [
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ ...customerLocator, required: false, description: 'Only quotes of this customer' },
				{ displayName: 'Status', name: 'status', type: 'options', options: quoteStatusOptions, default: 'accepted', description: 'Only quotes with this status' },
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [{ displayName: 'Sort', name: 'sort', type: 'options', options: SORT_OPTIONS, default: '-id' }],
		},
		simplifyField,
	],
};
