/** Contact → Get Many: GET /contact?page=&size=, page by page. */
import type { IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';
import { returnAllAndLimit, type OperationModule } from '../../../shared/operations';
import { pageNumberPagination } from '../../../shared/pagination';
import { CONTACT_PAGE_SIZE, contactListItems } from '../../assumptions';
import { leversErrors } from '../../transport';

async function listItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return contactListItems(response.body).map((json) => ({ json }));
}

export const getAll: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many contacts',
		description: 'List contacts, page by page',
		routing: {
			request: { method: 'GET', url: '/contact' },
			output: { postReceive: [leversErrors, listItems] },
		},
	},
	run: pageNumberPagination({ pageParameter: 'page', sizeParameter: 'size', pageSize: CONTACT_PAGE_SIZE }),
	fields: returnAllAndLimit(),
};
