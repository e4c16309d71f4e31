/** Customer Invoice → Get Many: GET /customer_invoices, cursor by cursor, with filters. */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { walkCursor } from '../../../shared/cursor';
import { returnAllAndLimit, type OperationModule } from '../../../shared/operations';
import { listName, type ListCondition } from '../../../shared/pagination';
import type { PacedRun } from '../../../shared/pacing';
import { assertValid, check, isIsoDate } from '../../../shared/validation';
import { normalize } from '../../../shared/values';
import { MAX_PAGE_SIZE } from '../../constants';
import { errorFormatOf } from '../../transport';
import { customerLocator, ID_CHECK } from '../customer/locator';
import { simplifyField, simplifyItems } from './fields';
import { parameter } from '../../../shared/parameters';

/**
 * Pennylane's JSON `filter`, as conditions checked on every record returned: a proxy (Billy) whose
 * filter support is unconfirmed may drop it, and the node would then output unrelated records.
 * A record without the field is not checked.
 */
function filterConditions(filter: unknown): ListCondition[] {
	let conditions: unknown;
	try {
		conditions = JSON.parse(String(filter ?? '[]'));
	} catch {
		return [];
	}
	if (!Array.isArray(conditions)) return [];
	return (conditions as Array<{ field: string; operator: string; value: unknown }>).map(({ field, operator, value }) => ({
		label: `${field} ${operator} ${JSON.stringify(value)}`,
		holds(record: IDataObject) {
			const customer = record.customer as IDataObject | null | undefined;
			const actual = field === 'customer_id' && customer && typeof customer === 'object' ? customer.id : record[field];
			if (!(field in record) && actual === undefined) return undefined;
			const text = String(actual);
			if (operator === 'eq') return text === String(value);
			if (operator === 'gteq') return text.slice(0, 10) >= String(value);
			if (operator === 'lteq') return text.slice(0, 10) <= String(value);
			return undefined;
		},
	}));
}

/**
 * The run of a Get Many: reads every page (or up to Limit), sending the filter and sort again with
 * each page; `simplify` is the output step of the list's Simplify field (see ./fields.ts).
 */
export function listRunWith(simplify: (context: IExecuteSingleFunctions, items: INodeExecutionData[]) => INodeExecutionData[]): PacedRun {
	return async function (send, requestData) {
		const results = await walkCursor(
			this,
			async (cursor, pageSize) => {
				const [page] = await send({
					...requestData.options,
					qs: { ...requestData.options.qs, limit: pageSize, ...(cursor ? { cursor } : {}) },
				});
				return page?.json;
			},
			{
				what: listName(errorFormatOf(this).provider, requestData.options),
				maxResults: Number(requestData.maxResults) || undefined,
				pageSize: MAX_PAGE_SIZE,
				conditions: filterConditions(requestData.options.qs?.filter),
			},
		);
		return simplify(this, results.map((json) => ({ json })));
	};
}

/** Get Many of invoices (and of customers, which have no Simplify field). */
export const listRun: PacedRun = listRunWith(simplifyItems);

function dateOnly(value: unknown, timeZone: string): IDataObject[string] {
	return normalize(value, 'date', timeZone) as IDataObject[string];
}

/** The list's sortable fields (`sort`: id and date, either direction). */
const SORT_OPTIONS = [
	{ name: 'Date (Newest First)', value: '-date' },
	{ name: 'Date (Oldest First)', value: 'date' },
	{ name: 'ID (Newest First)', value: '-id' },
	{ name: 'ID (Oldest First)', value: 'id' },
];
const SORTS = SORT_OPTIONS.map((option) => option.value);

/** preSend: Filters → Pennylane's JSON `filter` parameter; Sort → `sort`. */
async function buildFilter(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const filters = parameter(this, 'filters', {}) as IDataObject;
	const options = parameter(this, 'options', {}) as IDataObject;
	const locator = filters.customer as IDataObject | string | undefined;
	const customer = locator && typeof locator === 'object' ? locator.value : locator;
	const values: IDataObject = {
		customer_id: typeof customer === 'string' ? customer.trim() : customer,
		date_from: dateOnly(filters.dateFrom, this.getTimezone()),
		date_to: dateOnly(filters.dateTo, this.getTimezone()),
		invoice_number: filters.invoiceNumber,
		external_reference: filters.externalReference,
		draft: filters.status,
	};
	assertValid(this, { url: '', body: values }, [
		{ label: 'Filters › Customer', body: 'customer_id', checks: [ID_CHECK] },
		{ label: 'Filters › Date From', body: 'date_from', checks: [check.isoDate] },
		{ label: 'Filters › Date To', body: 'date_to', checks: [check.isoDate] },
		{ label: 'Filters › Status', body: 'draft', checks: [check.oneOf(['draft', 'finalized'])] },
	], [
		() =>
			isIsoDate(values.date_from) && isIsoDate(values.date_to) && String(values.date_to) < String(values.date_from)
				? { label: 'Filters › Date To', problem: `${String(values.date_to)} is before Date From ${String(values.date_from)}` }
				: undefined,
	]);
	const filter: IDataObject[] = [];
	const add = (field: string, operator: string, value: unknown) => {
		if (value !== undefined && value !== null && value !== '') filter.push({ field, operator, value });
	};
	add('customer_id', 'eq', values.customer_id === undefined || values.customer_id === '' ? undefined : Number(values.customer_id));
	add('date', 'gteq', values.date_from);
	add('date', 'lteq', values.date_to);
	add('invoice_number', 'eq', values.invoice_number);
	add('external_reference', 'eq', values.external_reference);
	if (values.draft) add('draft', 'eq', values.draft === 'draft');
	request.qs = { ...(request.qs ?? {}) };
	if (filter.length) request.qs.filter = JSON.stringify(filter);
	if (options.sort) {
		assertValid(this, request, [{ label: 'Options › Sort', parameter: 'options.sort', checks: [check.oneOf(SORTS)] }]);
		request.qs.sort = options.sort;
	}
	return request;
}

const filtersField: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{ ...customerLocator, required: false, description: 'Only invoices of this customer' },
		{ displayName: 'Date From', name: 'dateFrom', type: 'dateTime', default: '', description: 'Only invoices dated on or after this day' },
		{ displayName: 'Date To', name: 'dateTo', type: 'dateTime', default: '', description: 'Only invoices dated on or before this day' },
		{ displayName: 'External Reference', name: 'externalReference', type: 'string', default: '', description: 'Only the invoice with this external reference' },
		{ displayName: 'Invoice Number', name: 'invoiceNumber', type: 'string', default: '', description: 'Only the invoice with this number' },
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Drafts Only', value: 'draft' },
				{ name: 'Finalized Only', value: 'finalized' },
			],
			default: 'draft',
		},
	],
};

export const getAll: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many customer invoices',
		description: 'List customer invoices, newest first, with optional filters',
		routing: {
			request: { method: 'GET', url: '/customer_invoices' },
			send: { preSend: [buildFilter] },
		},
	},
	run: listRun,
	fields: [
		...returnAllAndLimit(),
		filtersField,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'options',
					options: SORT_OPTIONS,
					default: '-id',
				},
			],
		},
		simplifyField,
	],
};
