/**
 * Quote → Create Invoice: POST /customer_invoices/create_from_quote with `{ quote_id, draft }` and
 * optionally `external_reference` and `customer_invoice_template_id`. Pennylane answers 201 with the
 * invoice, which inherits the quote's customer and lines and carries `quote: { id }`. Offered on the
 * Quote resource, where a user with a quote looks for it; the output is a customer invoice.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { parameter } from '../../../shared/parameters';
import { assertValid, check, validateRequest } from '../../../shared/validation';
import { billyUnlisted, QUOTE_ACCEPTANCE_NOTE } from '../../assumptions';
import { ID_CHECK } from '../customer/locator';
import { optionalHeaderFields, simplifyField, simplifyItems } from '../customerInvoice/fields';
import { quoteLocator } from './locator';

/** Draft or finalized: which one is the user's decision, so the field has no default (required, checked before sending). */
const INVOICE_STATE_OPTIONS = [
	{ name: 'Draft', value: 'draft', description: 'An editable draft, to check before finalizing' },
	{ name: 'Finalized', value: 'finalized', description: 'A numbered invoice that can no longer be edited (only corrected by a credit note)' },
];
const INVOICE_STATES = INVOICE_STATE_OPTIONS.map((option) => option.value);

/** preSend: Invoice State → `draft` (required, no default: a finalized invoice gets its number and cannot be edited). */
async function draftFromState(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const state = parameter(this, 'invoiceState', '');
	assertValid(this, { url: '', body: { state } }, [{ label: 'Invoice State', body: 'state', required: true, checks: [check.oneOf(INVOICE_STATES)] }]);
	request.body = { ...((request.body as IDataObject) ?? {}), draft: state === 'draft' };
	return request;
}

const run: PacedRun = async function (send, requestData) {
	return simplifyItems(this, await send(requestData.options));
};

/** The invoice's own External Reference and Invoice Template ID fields (same entries as Customer Invoice → Create). */
const invoiceOptions = optionalHeaderFields.filter((field) => ['customer_invoice_template_id', 'external_reference'].includes(field.name));

export const createInvoice: OperationModule = {
	option: {
		name: 'Create Invoice',
		value: 'createInvoice',
		action: 'Create an invoice from a quote',
		description: billyUnlisted(`Create a customer invoice from a quote (customer and lines come from the quote). ${QUOTE_ACCEPTANCE_NOTE.replace(/\.$/, '')}`),
		routing: {
			request: { method: 'POST', url: '/customer_invoices/create_from_quote' },
			send: {
				preSend: [
					validateRequest([
						{ label: 'Quote', body: 'quote_id', required: true, format: 'id', checks: [ID_CHECK] },
						{ label: 'Invoice Template ID', body: 'customer_invoice_template_id', format: 'id', checks: [ID_CHECK] },
					]),
					draftFromState,
				],
			},
		},
	},
	run,
	fields: [
		quoteLocator({ send: { type: 'body', property: 'quote_id' } }),
		{
			displayName: 'Invoice State',
			name: 'invoiceState',
			type: 'options',
			required: true,
			options: INVOICE_STATE_OPTIONS,
			// No default: whether the invoice is final is the user's decision (sent as `draft`, which Pennylane requires).
			default: '',
			description: 'Whether to create the invoice as a draft or finalized',
		},
		{
			// Not "additionalFields": its options are the invoice's, and one collection of that name could
			// not show them for this operation alone (see mergeSharedFields), which would cost n8n more work per item.
			displayName: 'Additional Fields',
			name: 'invoiceFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: invoiceOptions,
		},
		simplifyField,
	],
};
