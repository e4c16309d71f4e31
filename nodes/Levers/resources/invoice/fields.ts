/** Invoice fields shared by Create, Update and Create or Update, and the checks that go with them. */
import { bodyDateField } from '../../../shared/fields';
import type { INodeProperties } from 'n8n-workflow';
import { check, notBefore, parseJsonBody, type FieldRule } from '../../../shared/validation';
import { contactLocator } from '../contact/locator';

export const numberField: INodeProperties = {
	displayName: 'Number',
	name: 'number',
	type: 'string',
	default: '',
	placeholder: 'INV-2025-001',
	description: 'Invoice number, 1 to 255 characters',
	routing: { send: { type: 'body', property: 'number' } },
};

export const dateField = bodyDateField('Date', 'date', 'Invoice date');

export const dueDateField = bodyDateField('Due Date', 'dueDate', 'Date the invoice is due');

export const totalField: INodeProperties = {
	displayName: 'Total',
	name: 'total',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description: 'Total invoice amount, in the currency of the contact or account',
	routing: { send: { type: 'body', property: 'total' } },
};

/** Outstanding Amount, which Levers' create-or-update call requires (also checked as a rule: `outstandingAmountRule`). */
export const outstandingAmountField: INodeProperties = {
	displayName: 'Outstanding Amount',
	name: 'outstandingAmount',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	required: true,
	default: 0,
	description: "Amount still to be paid on the invoice (Levers' create-or-update call requires it)",
	routing: { send: { type: 'body', property: 'outstandingAmount' } },
};

export const outstandingAmountRule: FieldRule = { label: 'Outstanding Amount', body: 'outstandingAmount', required: true, format: 'number', checks: [check.number({ min: 0 })] };

export const contactField: INodeProperties = {
	...contactLocator,
	routing: { send: { type: 'body', property: 'contactUuid' } },
};

function textField(displayName: string, name: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		description,
		routing: { send: { type: 'body', property: name } },
	};
}

/** Optional fields, in the order of the API reference. */
export const optionalInvoiceFields: INodeProperties[] = [
	textField('Reference', 'reference', 'Reference number'),
	{ ...textField('Notes', 'notes', 'Additional notes'), typeOptions: { rows: 3 } },
	{ ...textField('Description', 'description', 'Invoice description'), typeOptions: { rows: 3 } },
	{
		displayName: 'Reminders Enabled',
		name: 'remindersEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether Levers sends payment reminders for this invoice',
		routing: { send: { type: 'body', property: 'remindersEnabled' } },
	},
	textField('Purchase Order', 'purchaseOrder', 'Purchase order number'),
	{
		displayName: 'Custom Fields (JSON)',
		name: 'customFields',
		type: 'json',
		default: '[]',
		description:
			'Custom fields as a JSON list. Levers documents this as a list but not the shape of its entries.',
		routing: { send: { type: 'body', property: 'customFields' } },
	},
	textField('External Platform ID', 'extPlatformId', 'ID of this invoice in another system (your CRM or ERP)'),
];

export const parseCustomFields = parseJsonBody('customFields', 'Custom Fields (JSON)');

/** Checks for the invoice body; `required` marks the fields Create needs. */
export function invoiceRules(required: boolean): FieldRule[] {
	return [
		{ label: 'Number', body: 'number', required, checks: [check.maxLength(255)] },
		{ label: 'Contact', body: 'contactUuid', required, checks: [check.uuid] },
		{ label: 'Date', body: 'date', required, format: 'date', checks: [check.isoDate] },
		{ label: 'Due Date', body: 'dueDate', required, format: 'date', checks: [check.isoDate] },
		{ label: 'Total', body: 'total', required, format: 'number', checks: [check.number({ min: 0 })] },
		{ label: 'Reference', body: 'reference', checks: [check.maxLength(255)] },
		{ label: 'Notes', body: 'notes', checks: [check.maxLength(255)] },
		{ label: 'Description', body: 'description', checks: [check.maxLength(255)] },
		{ label: 'Purchase Order', body: 'purchaseOrder', checks: [check.maxLength(255)] },
		{ label: 'Custom Fields (JSON)', body: 'customFields', checks: [check.isArray] },
	];
}

export const dueNotBeforeDate = notBefore('dueDate', 'Due Date', 'date', 'invoice date');
