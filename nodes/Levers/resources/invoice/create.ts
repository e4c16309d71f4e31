/** Invoice → Create: POST /invoice, or POST /invoice/create-update when an existing invoice is to be updated. */
import type { IDataObject } from 'n8n-workflow';
import { guardedCreate, onExistingField, type DuplicateGuard } from '../../../shared/duplicates';
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { UPSERT_MATCH_KEYS } from '../../assumptions';
import { pacer } from '../../transport';
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

/** Levers has no invoice search: its create-or-update call is the only check it offers (see UPSERT_MATCH_KEYS). */
const guard: DuplicateGuard = {
	referenceLabel: 'Number',
	referenceOf(body) {
		const key = UPSERT_MATCH_KEYS.find((name) => typeof body[name] === 'string' && body[name] !== '');
		return key ? `${key}:${String(body[key])}` : undefined;
	},
	async upsert(send, requestData) {
		return await send({ ...requestData.options, url: '/invoice/create-update', body: requestData.options.body as IDataObject });
	},
	describe: (existing) => `UUID ${String(existing.uuid)}`,
};

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create an invoice',
		description: 'Create an invoice for a contact',
		routing: {
			request: { method: 'POST', url: '/invoice' },
			send: {
				preSend: [
					parseCustomFields,
					validateRequest(
						[
							...invoiceRules(true),
							// Only sent (and required) with If Invoice Already Exists → Update.
							{ ...outstandingAmountRule, required: false },
						],
						[dueNotBeforeDate],
					),
				],
			},
		},
	},
	run: guardedCreate(pacer, guard),
	fields: [
		{ ...numberField, required: true },
		contactField,
		requiredDateField,
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
		onExistingField(
			['create', 'update'],
			'create',
			"Levers has no invoice search. Update sends the invoice through Levers' create-or-update call, which updates the invoice with the same External Platform ID (or, without one, the same Number) instead of adding one. That matching rule is not documented by Levers (unconfirmed): see docs/levers.md, Unconfirmed API facts.",
		),
		{ ...outstandingAmountField, displayOptions: { show: { onExisting: ['update'] } } },
	],
};
