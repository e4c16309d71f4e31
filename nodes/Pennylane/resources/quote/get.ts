/** Quote → Get: GET /quotes/{id}, optionally with its lines (GET /quotes/{id}/invoice_lines). */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { simplifyField } from '../customerInvoice/fields';
import { getWithLines } from '../customerInvoice/get';
import { simplifyQuotes } from './fields';
import { QUOTE_PATH, quoteIdOf, quoteIdRule, quoteLocator } from './locator';

/** The quote answer links to its lines; with Include Lines they are read (all pages) and added as `lines`. */
const run = getWithLines((context) => `/quotes/${quoteIdOf(context)}/invoice_lines`, simplifyQuotes);

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
