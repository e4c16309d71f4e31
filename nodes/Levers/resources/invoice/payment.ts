/** Payment fields shared by Add Payment and Update Payment. */
import { bodyDateField } from '../../../shared/fields';
import type { INodeProperties } from 'n8n-workflow';
import { check, type FieldRule } from '../../../shared/validation';

export const PAYMENT_TYPES = ['PAYMENT', 'CREDIT_MEMO', 'OTHER_PAYMENT', 'JOURNAL_ENTRY'] as const;

export const amountField: INodeProperties = {
	displayName: 'Amount',
	name: 'amount',
	type: 'number',
	typeOptions: { numberPrecision: 2 },
	default: 0,
	description: 'Amount paid',
	routing: { send: { type: 'body', property: 'amount' } },
};

export const paymentDateField = bodyDateField('Date', 'date', 'Date of the payment');

export const referenceField: INodeProperties = {
	displayName: 'Reference',
	name: 'reference',
	type: 'string',
	default: '',
	routing: { send: { type: 'body', property: 'reference' } },
};

export const notesField: INodeProperties = {
	displayName: 'Notes',
	name: 'notes',
	type: 'string',
	default: '',
	routing: { send: { type: 'body', property: 'notes' } },
};

export function paymentRules(required: boolean): FieldRule[] {
	return [
		{ label: 'Amount', body: 'amount', required, format: 'number', checks: [check.number({ positive: true })] },
		{ label: 'Date', body: 'date', required, format: 'date', checks: [check.isoDate] },
		// Levers' payment pages give Reference and Notes no length limit: none is added here.
		{ label: 'Reference', body: 'reference', checks: [] },
		{ label: 'Notes', body: 'notes', checks: [] },
		{ label: 'Payment Type', body: 'paymentType', checks: [check.oneOf(PAYMENT_TYPES)] },
	];
}
