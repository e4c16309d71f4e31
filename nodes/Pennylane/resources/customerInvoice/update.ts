/** Customer Invoice → Update: PUT /customer_invoices/{id} (draft invoices). Only what is set is sent. */
import type { OperationModule } from '../../../shared/operations';
import { someBodyField, validateRequest } from '../../../shared/validation';
import {
	customerField,
	dateField,
	deadlineField,
	deadlineNotBeforeDate,
	checkLanguage,
	discountAsText,
	headerRules,
	optionalHeaderFields,
} from './fields';
import { buildLineChanges, lineChangesField } from './lines';
import { INVOICE_PATH, invoiceIdRule, invoiceLocator } from './locator';

const updatable = [{ ...customerField, required: false }, dateField, deadlineField, ...optionalHeaderFields].sort((a, b) =>
	a.displayName.localeCompare(b.displayName),
);

/** Body keys PUT /customer_invoices/{id} takes (also used when Create updates an existing invoice). */
export const UPDATABLE_KEYS = [
	'customer_id', 'date', 'deadline', 'currency', 'discount', 'external_reference', 'customer_invoice_template_id',
	'language', 'pdf_description', 'pdf_invoice_free_text', 'pdf_invoice_subject', 'special_mention', 'invoice_lines',
];

export const update: OperationModule = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a customer invoice',
		description: 'Change the header fields and lines of a draft invoice',
		routing: {
			request: { method: 'PUT' },
			send: { preSend: [
				validateRequest([invoiceIdRule, ...headerRules(false)], [deadlineNotBeforeDate]),
				checkLanguage,
				discountAsText,
				buildLineChanges,
				validateRequest([], [someBodyField(UPDATABLE_KEYS, 'Update Fields or Line Changes')]),
			] },
		},
	},
	fields: [
		invoiceLocator({ request: { url: INVOICE_PATH } }),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: updatable,
		},
		lineChangesField,
	],
};
