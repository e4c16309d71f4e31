/** Customer Invoice → Create: POST /customer_invoices */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { pennylaneRouting } from '../../transport';
import {
	customerField,
	dateField,
	deadlineField,
	deadlineNotBeforeDate,
	discountAsText,
	headerRules,
	optionalHeaderFields,
} from './fields';
import { buildInvoiceLines, invoiceLinesField, lineSourceField, linesJsonField } from './lines';

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a customer invoice',
		description: 'Create a draft or finalized invoice for a customer',
		routing: pennylaneRouting({
			request: { method: 'POST', url: '/customer_invoices' },
			preSend: [validateRequest(headerRules(true), [deadlineNotBeforeDate]), discountAsText, buildInvoiceLines],
		}),
	},
	fields: [
		customerField,
		{ ...dateField, required: true },
		{ ...deadlineField, required: true },
		{
			displayName: 'Draft',
			name: 'draft',
			type: 'boolean',
			default: true,
			description:
				'Whether to create the invoice as an editable draft. Turn off to create a finalized invoice, which gets its number and can no longer be edited (only corrected by a credit note).',
			routing: { send: { type: 'body', property: 'draft' } },
		},
		lineSourceField,
		invoiceLinesField,
		linesJsonField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optionalHeaderFields,
		},
	],
};
