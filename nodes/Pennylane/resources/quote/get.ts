/** Quote → Get: GET /quotes/{id}, optionally with its lines (GET /quotes/{id}/invoice_lines). */
import type { IDataObject } from 'n8n-workflow';
import { walkCursor } from '../../../shared/cursor';
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { listName } from '../../../shared/pagination';
import { parameter } from '../../../shared/parameters';
import { validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { MAX_PAGE_SIZE } from '../../constants';
import { errorFormatOf } from '../../transport';
import { simplifyField } from '../customerInvoice/fields';
import { simplifyQuotes } from './fields';
import { QUOTE_PATH, quoteIdOf, quoteIdRule, quoteLocator } from './locator';

/** The quote answer links to its lines; with Include Lines they are read (all pages) and added as `lines`. */
const run: PacedRun = async function (send, requestData) {
	const items = await send(requestData.options);
	if (parameter(this, 'includeLines', false) && items[0]) {
		const url = `/quotes/${quoteIdOf(this)}/invoice_lines`;
		items[0].json.lines = (await walkCursor(
			this,
			async (cursor, pageSize) => {
				const [page] = await send({ ...requestData.options, url, qs: { limit: pageSize, ...(cursor ? { cursor } : {}) } });
				return page?.json;
			},
			{ what: listName(errorFormatOf(this).provider, { method: 'GET', url }), pageSize: MAX_PAGE_SIZE },
		)) as IDataObject[];
	}
	return simplifyQuotes(this, items);
};

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a quote',
		description: billyUnlisted('Get a quote, optionally with its lines'),
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([quoteIdRule])] },
		},
	},
	run,
	fields: [
		quoteLocator({ request: { url: QUOTE_PATH } }),
		{
			displayName: 'Include Lines',
			name: 'includeLines',
			type: 'boolean',
			default: false,
			description: 'Whether to also read the lines and add them to the output as "lines"',
		},
		simplifyField,
	],
};
