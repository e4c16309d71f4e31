/** Contact → Get Many: GET /contact?page=&size=, page by page. */
import { returnAllAndLimit, type OperationModule } from '../../../shared/operations';
import { pageNumberPagination } from '../../../shared/pagination';
import { CONTACT_PAGE_SIZE, readContactPage } from '../../assumptions';
import { leversErrorFormat } from '../../transport';

export const getAll: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many contacts',
		description: 'List contacts, page by page',
		routing: {
			request: { method: 'GET', url: '/contact' },
		},
	},
	run: pageNumberPagination({
		provider: leversErrorFormat.provider,
		pageParameter: 'page',
		sizeParameter: 'size',
		pageSize: CONTACT_PAGE_SIZE,
		read: readContactPage,
	}),
	fields: returnAllAndLimit(),
};
