/** Invoice → Add Payment: POST /invoice/{uuid}/payment */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { invoiceIdRule, invoiceLocator } from './locator';
import { requiredDateField } from './fields';
import { amountField, notesField, paymentRules, referenceField } from './payment';

export const addPayment: OperationModule = {
	option: {
		name: 'Add Payment',
		value: 'addPayment',
		action: 'Add a payment to an invoice',
		description: 'Record a payment against an invoice',
		routing: {
			request: { method: 'POST' },
			send: { preSend: [validateRequest([invoiceIdRule, ...paymentRules(true)])] },
		},
	},
	fields: [
		invoiceLocator({ request: { url: '=/invoice/{{ $value }}/payment' } }),
		{ ...amountField, required: true },
		requiredDateField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				referenceField,
				notesField,
				{
					displayName: 'Payment Type',
					name: 'paymentType',
					type: 'options',
					options: [
						{ name: 'Credit Memo', value: 'CREDIT_MEMO' },
						{ name: 'Journal Entry', value: 'JOURNAL_ENTRY' },
						{ name: 'Other Payment', value: 'OTHER_PAYMENT' },
						{ name: 'Payment', value: 'PAYMENT' },
					],
					default: 'PAYMENT',
					routing: { send: { type: 'body', property: 'paymentType' } },
				},
				{
					displayName: 'External Platform ID',
					name: 'extPlatformId',
					type: 'string',
					default: '',
					description: 'ID of this payment in another system',
					routing: { send: { type: 'body', property: 'extPlatformId' } },
				},
				{
					displayName: 'External Invoice ID',
					name: 'extInvoiceId',
					type: 'string',
					default: '',
					description: 'ID of the invoice in another system',
					routing: { send: { type: 'body', property: 'extInvoiceId' } },
				},
			],
		},
	],
};
