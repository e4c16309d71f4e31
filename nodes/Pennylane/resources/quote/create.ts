/** Quote → Create: POST /quotes, with the invoice's line fields and checks. */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { customerField, dateField, deadlineField, discountAsText, headerOptions, headerRules } from '../customerInvoice/fields';
import { buildInvoiceLines, invoiceLinesField, lineSourceField, linesJsonField } from '../customerInvoice/lines';
import { QUOTE_HEADER, quoteDeadlineNotBeforeDate, quoteLanguageRule } from './fields';

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a quote',
		description: billyUnlisted('Create a quote for a customer, with product or free lines'),
		routing: {
			request: { method: 'POST', url: '/quotes' },
			send: {
				preSend: [
					validateRequest([...headerRules(true, QUOTE_HEADER), quoteLanguageRule], [quoteDeadlineNotBeforeDate]),
					discountAsText,
					buildInvoiceLines,
				],
			},
		},
	},
	fields: [
		// The invoice's Customer, Date and Deadline entries (same parameters; see mergeSharedFields).
		customerField,
		{ ...dateField, required: true },
		{ ...deadlineField, required: true },
		lineSourceField,
		invoiceLinesField,
		linesJsonField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: headerOptions(QUOTE_HEADER),
		},
	],
};
