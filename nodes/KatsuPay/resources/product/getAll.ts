/** Product → Get Many: GET /api/v1/Products?pageNumber=&pageSize=, page by page. */
import { returnAllAndLimit, type OperationModule } from '../../../shared/operations';
import { LIST_PAGE_SIZE } from '../../assumptions';
import { envelopePagination } from '../../transport';

export const getAll: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many products',
		description: 'List products, page by page',
		routing: {
			request: { method: 'GET', url: '/Products' },
		},
	},
	run: envelopePagination({ pageParameter: 'pageNumber', sizeParameter: 'pageSize', pageSize: LIST_PAGE_SIZE }),
	fields: returnAllAndLimit(),
};
