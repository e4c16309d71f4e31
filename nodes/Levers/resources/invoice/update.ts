/** Invoice → Update: PUT /invoice with the invoice UUID in the body. Only the fields set are sent. */
import type { OperationModule } from '../../../shared/operations';
import { someBodyField, validateRequest } from '../../../shared/validation';
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
import { invoiceIdRule, invoiceLocator } from './locator';

const updatable = [numberField, dateField, dueDateField, totalField, { ...contactField, required: false }, ...optionalInvoiceFields];

export const update: OperationModule = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update an invoice',
		description: 'Change fields of an existing invoice',
		routing: {
			request: { method: 'PUT', url: '/invoice' },
			send: {
				preSend: [
					parseCustomFields,
					validateRequest(
						[invoiceIdRule, ...invoiceRules(false)],
						[someBodyField(updatable.map((field) => field.routing!.send!.property as string), 'Update Fields'), dueNotBeforeDate],
					),
				],
			},
		},
	},
	fields: [
		invoiceLocator({ send: { type: 'body', property: 'uuid' } }),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: updatable,
		},
	],
};
