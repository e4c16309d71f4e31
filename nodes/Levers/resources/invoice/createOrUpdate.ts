/** Invoice → Create or Update: POST /invoice/create-update (updates when an invoice UUID is given). */
import type { OperationModule } from '../../../shared/operations';
import { check, validateRequest } from '../../../shared/validation';
import {
	contactField,
	requiredDateField,
	dueDateField,
	dueNotBeforeDate,
	invoiceRules,
	numberField,
	optionalInvoiceFields,
	outstandingAmountField,
	outstandingAmountRule,
	parseCustomFields,
	totalField,
} from './fields';

export const createOrUpdate: OperationModule = {
	option: {
		name: 'Create or Update',
		value: 'createOrUpdate',
		action: 'Create or update an invoice',
		description: 'Create an invoice, or update it when its UUID is given',
		routing: {
			request: { method: 'POST', url: '/invoice/create-update' },
			send: {
				preSend: [
					parseCustomFields,
					validateRequest(
						[
							...invoiceRules(true),
							outstandingAmountRule,
							{ label: 'Invoice UUID', body: 'uuid', checks: [check.uuid] },
						],
						[dueNotBeforeDate],
					),
				],
			},
		},
	},
	fields: [
		{ ...numberField, required: true },
		contactField,
		requiredDateField,
		{ ...dueDateField, required: true },
		{ ...totalField, required: true },
		outstandingAmountField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Invoice UUID',
					name: 'uuid',
					type: 'string',
					default: '',
					description: 'UUID of the invoice to update. Leave empty to create a new invoice.',
					routing: { send: { type: 'body', property: 'uuid' } },
				},
				...optionalInvoiceFields,
			],
		},
	],
};
