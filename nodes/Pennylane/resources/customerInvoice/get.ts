/** Customer Invoice → Get: GET /customer_invoices/{id}, optionally with its lines. */
import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { walkCursor } from '../../../shared/cursor';
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { listName } from '../../../shared/pagination';
import { validateRequest } from '../../../shared/validation';
import { MAX_PAGE_SIZE } from '../../constants';
import { errorFormatOf } from '../../transport';
import { simplifyField, simplifyItems } from './fields';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';
import { parameter } from '../../../shared/parameters';

/**
 * Get with Include Lines, for a document whose answer carries only a link to its lines (invoices,
 * quotes): the document, then with Include Lines every page of GET <linesPath> added as `lines`.
 */
export function getWithLines(linesPath: (context: IExecuteSingleFunctions) => string, simplify: (context: IExecuteSingleFunctions, items: INodeExecutionData[]) => INodeExecutionData[]): PacedRun {
	return async function (send, requestData) {
		const items = await send(requestData.options);
		if (parameter(this, 'includeLines', false) && items[0]) {
			const url = linesPath(this);
			items[0].json.lines = (await walkCursor(
				this,
				async (cursor, pageSize) => {
					const [page] = await send({ ...requestData.options, url, qs: { limit: pageSize, ...(cursor ? { cursor } : {}) } });
					return page?.json;
				},
				{ what: listName(errorFormatOf(this).provider, { method: 'GET', url }), pageSize: MAX_PAGE_SIZE },
			)) as IDataObject[];
		}
		return simplify(this, items);
	};
}

const run = getWithLines((context) => `/customer_invoices/${invoiceIdOf(context)}/invoice_lines`, simplifyItems);

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a customer invoice',
		description: 'Get an invoice, optionally with its lines',
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([invoiceIdRule])] },
		},
	},
	run: run,
	fields: [
		invoiceLocator({ request: { url: INVOICE_PATH } }),
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
