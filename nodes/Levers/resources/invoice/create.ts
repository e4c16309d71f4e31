/** Invoice → Create: POST /invoice */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { leversErrors } from '../../transport';
import {
	contactField,
	dateField,
	dueDateField,
	dueNotBeforeDate,
	invoiceRules,
	numberField,
	optionalInvoiceFields,
	parseCustomFields,
	totalField,
} from './fields';

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create an invoice',
		description: 'Create an invoice for a contact',
		routing: {
			request: { method: 'POST', url: '/invoice' },
			send: { preSend: [parseCustomFields, validateRequest(invoiceRules(true), [dueNotBeforeDate])] },
			output: { postReceive: [leversErrors] },
		},
	},
	fields: [
		{ ...numberField, required: true },
		contactField,
		{ ...dateField, required: true },
		{ ...dueDateField, required: true },
		{ ...totalField, required: true },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optionalInvoiceFields,
		},
	],
};
