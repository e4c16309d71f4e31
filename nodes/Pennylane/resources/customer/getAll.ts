/** Customer → Get Many: GET /customers (companies and individuals), cursor by cursor. */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { returnAllAndLimit, type OperationModule } from '../../../shared/operations';
import { listRun } from '../customerInvoice/getAll';
import { parameter } from '../../../shared/parameters';

/** preSend: Filters → Pennylane's JSON `filter` parameter (name and external reference, both exact). */
async function buildFilter(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const filters = parameter(this, 'filters', {}) as IDataObject;
	const filter: IDataObject[] = [];
	if (filters.name) filter.push({ field: 'name', operator: 'eq', value: filters.name });
	if (filters.externalReference) filter.push({ field: 'external_reference', operator: 'eq', value: filters.externalReference });
	request.qs = { ...(request.qs ?? {}) };
	if (filter.length) request.qs.filter = JSON.stringify(filter);
	return request;
}

export const getAll: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many customers',
		description: 'List company and individual customers',
		routing: {
			request: { method: 'GET', url: '/customers' },
			send: { preSend: [buildFilter] },
		},
	},
	run: listRun,
	fields: [
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'External Reference', name: 'externalReference', type: 'string', default: '', description: 'Only the customer with this external reference' },
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Only customers with exactly this name' },
			],
		},
	],
};
