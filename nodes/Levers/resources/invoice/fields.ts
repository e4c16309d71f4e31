/** Invoice fields shared by Create, Update and Create or Update, and the checks that go with them. */
import { AMOUNT_GRAMMAR, bodyDateField } from '../../../shared/fields';
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

/**
 * The required Date of Create, Create or Update and Add Payment: one definition, so that the node
 * has one parameter entry named `date` for the three (n8n resolves a parameter once per entry with
 * its name, on every item; see mergeSharedFields). Update and Update Payment keep their own
 * (inside Update Fields).
 */
export const requiredDateField: INodeProperties = {
	...bodyDateField('Date', 'date', 'Invoice date (Create, Create or Update) or payment date (Add Payment)'),
	required: true,
};

export const dueDateField = bodyDateField('Due Date', 'dueDate', 'Date the invoice is due');

/** Text, so that nothing is sent unless the user gives an amount (a number field would send 0), and typed digits are kept. */
export const totalField: INodeProperties = {
	displayName: 'Total',
	name: 'total',
	type: 'string',
	default: '',
	placeholder: '1250.00',
	description: `Total invoice amount, in the currency of the contact or account. ${AMOUNT_GRAMMAR} Sent as a JSON number.`,
	routing: { send: { type: 'body', property: 'total' } },
};

/** Outstanding Amount, which Levers' create-or-update call requires (also checked as a rule: `outstandingAmountRule`). */
export const outstandingAmountField: INodeProperties = {
	displayName: 'Outstanding Amount',
	name: 'outstandingAmount',
	type: 'string',
	required: true,
	default: '',
	placeholder: '1250.00',
	description: `Amount still to be paid on the invoice (Levers' create-or-update call requires it). ${AMOUNT_GRAMMAR} Sent as a JSON number.`,
	routing: { send: { type: 'body', property: 'outstandingAmount' } },
};

/** Levers documents no minimum for it (nor for Total on create): negative amounts are Levers' to judge. */
export const outstandingAmountRule: FieldRule = { label: 'Outstanding Amount', body: 'outstandingAmount', required: true, format: 'number', checks: [check.number()] };

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

/**
 * Checks for the invoice body, as seeds 000 (create) and 001 (update) state them. `required`: Create
 * (and Create or Update, whose body is Create's); otherwise Update, where every field is optional and
 * a blank one is left out ("not set"): Update takes Number, Reference, Notes and Description of 1 to
 * 255 characters, so "" would be refused (422), and an empty Contact is no contact.
 * Create: Number 1 to 255 characters; Total any number; no length limit on the other texts.
 * Update: Total 0 or more.
 */
export function invoiceRules(required: boolean): FieldRule[] {
	const update = !required;
	const upTo255 = update ? [check.maxLength(255)] : [];
	return [
		{ label: 'Number', body: 'number', required, blankIsUnset: update, checks: [check.maxLength(255)] },
		{ label: 'Contact', body: 'contactUuid', required, blankIsUnset: update, checks: [check.uuid] },
		{ label: 'Date', body: 'date', required, blankIsUnset: update, format: 'date', checks: [check.isoDate] },
		{ label: 'Due Date', body: 'dueDate', required, blankIsUnset: update, format: 'date', checks: [check.isoDate] },
		{ label: 'Total', body: 'total', required, blankIsUnset: update, format: 'number', checks: [check.number(update ? { min: 0 } : {})] },
		{ label: 'Reference', body: 'reference', blankIsUnset: update, checks: upTo255 },
		{ label: 'Notes', body: 'notes', blankIsUnset: update, checks: upTo255 },
		{ label: 'Description', body: 'description', blankIsUnset: update, checks: upTo255 },
		{ label: 'Custom Fields (JSON)', body: 'customFields', checks: [check.isArray] },
	];
}

export const dueNotBeforeDate = notBefore('dueDate', 'Due Date', 'date', 'invoice date');
