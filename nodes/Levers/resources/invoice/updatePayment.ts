/** Invoice → Update Payment: PUT /invoice/payment/{payment uuid} */
import type { OperationModule } from '../../../shared/operations';
import { check, someBodyField, validateRequest } from '../../../shared/validation';
import { amountField, notesField, paymentDateField, paymentRules, referenceField } from './payment';

export const updatePayment: OperationModule = {
	option: {
		name: 'Update Payment',
		value: 'updatePayment',
		action: 'Update a payment of an invoice',
		description: 'Change the amount, date, reference or notes of a recorded payment',
		routing: {
			request: { method: 'PUT' },
			send: {
				preSend: [
					validateRequest(
						[{ label: 'Payment ID', parameter: 'paymentId', required: true, checks: [check.uuid] }, ...paymentRules(false)],
						[someBodyField(['amount', 'date', 'reference', 'notes'], 'Update Fields')],
					),
				],
			},
		},
	},
	fields: [
		{
			displayName: 'Payment ID',
			name: 'paymentId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
			description: 'UUID of the payment (from the output of Add Payment, or the payments of Get)',
			routing: { request: { url: '=/invoice/payment/{{ $value }}' } },
		},
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [amountField, paymentDateField, referenceField, notesField],
		},
	],
};
