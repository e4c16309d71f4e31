/** Product → Get Many: GET /products, cursor by cursor, with filters and sort. */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { walkCursor } from '../../../shared/cursor';
import { returnAllAndLimit, type OperationModule } from '../../../shared/operations';
import { listName, type ListCondition } from '../../../shared/pagination';
import type { PacedRun } from '../../../shared/pacing';
import { parameter } from '../../../shared/parameters';
import { assertValid, check } from '../../../shared/validation';
import { toList } from '../../../shared/values';
import { billyUnlisted } from '../../assumptions';
import { MAX_PAGE_SIZE } from '../../constants';
import { errorFormatOf } from '../../transport';
import { ID_CHECK } from '../customer/locator';
import { simplifyField } from '../customerInvoice/fields';
import { simplifyProducts } from './fields';

/** Sort: `id`, either direction (the only sortable field). */
const SORT_OPTIONS = [
	{ name: 'ID (Newest First)', value: '-id' },
	{ name: 'ID (Oldest First)', value: 'id' },
];
const SORTS = SORT_OPTIONS.map((option) => option.value);

interface Condition {
	field: string;
	operator: 'eq' | 'in';
	value: unknown;
}

/** Filters → the conditions of Pennylane's JSON `filter` (id: in; label, reference, external_reference: eq). */
function conditionsOf(context: IExecuteSingleFunctions): Condition[] {
	const filters = parameter(context, 'filters', {}) as IDataObject;
	const ids = filters.ids === undefined || filters.ids === '' ? [] : toList(filters.ids);
	assertValid(context, { url: '', body: { ids } }, [{ label: 'Filters › IDs', body: 'ids', checks: [check.each(ID_CHECK)] }]);
	const conditions: Condition[] = [];
	if (ids.length) conditions.push({ field: 'id', operator: 'in', value: ids.map((id) => Number(String(id).trim())) });
	for (const [name, field] of [['label', 'label'], ['reference', 'reference'], ['externalReference', 'external_reference']]) {
		if (filters[name] !== undefined && filters[name] !== '') conditions.push({ field, operator: 'eq', value: filters[name] });
	}
	return conditions;
}

/** preSend: Filters → `filter`; Sort → `sort`. */
async function buildFilter(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const conditions = conditionsOf(this);
	request.qs = { ...(request.qs ?? {}) };
	if (conditions.length) request.qs.filter = JSON.stringify(conditions);
	const sort = (parameter(this, 'options', {}) as IDataObject).sort;
	if (sort) {
		assertValid(this, request, [{ label: 'Options › Sort', parameter: 'options.sort', checks: [check.oneOf(SORTS)] }]);
		request.qs.sort = sort;
	}
	return request;
}

/**
 * The filter as conditions checked on every record returned: Billy's support of this endpoint is
 * unconfirmed, and a proxy that dropped the filter would otherwise output unrelated products.
 */
const FILTER_LABELS: Record<string, string> = { id: 'IDs', label: 'Label', reference: 'Reference', external_reference: 'External Reference' };

function listConditions(filter: unknown): ListCondition[] {
	if (typeof filter !== 'string') return [];
	return (JSON.parse(filter) as Condition[]).map(({ field, operator, value }) => ({
		label: operator === 'in' ? `${FILTER_LABELS[field]} in ${(value as unknown[]).join(', ')}` : `${FILTER_LABELS[field]} = ${String(value)}`,
		holds(record: IDataObject) {
			if (!(field in record)) return undefined;
			if (operator === 'in') return (value as unknown[]).includes(record[field]);
			return String(record[field]) === String(value);
		},
	}));
}

const run: PacedRun = async function (send, requestData) {
	const results = await walkCursor(
		this,
		async (cursor, pageSize) => {
			const [page] = await send({ ...requestData.options, qs: { ...requestData.options.qs, limit: pageSize, ...(cursor ? { cursor } : {}) } });
			return page?.json;
		},
		{
			what: listName(errorFormatOf(this).provider, requestData.options),
			maxResults: Number(requestData.maxResults) || undefined,
			pageSize: MAX_PAGE_SIZE,
			conditions: listConditions(requestData.options.qs?.filter),
		},
	);
	return simplifyProducts(this, results.map((json) => ({ json })));
};

export const getAll: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many products',
		description: billyUnlisted('List products, newest first, with optional filters'),
		routing: {
			request: { method: 'GET', url: '/products' },
			send: { preSend: [buildFilter] },
		},
	},
	run,
	fields: [
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'External Reference', name: 'externalReference', type: 'string', default: '', description: 'Only the product with this external reference' },
				{ displayName: 'IDs', name: 'ids', type: 'string', default: '', placeholder: '2001, 2002', description: 'Only these products: comma-separated product IDs' },
				{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'Only products with exactly this label' },
				{ displayName: 'Reference', name: 'reference', type: 'string', default: '', description: 'Only products with exactly this reference' },
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
