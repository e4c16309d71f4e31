/**
 * Invoice → Update: PUT /api/v1/Invoice/Update with the invoice UUID in the body. UNCONFIRMED:
 * Katsu Pay documents no invoice update endpoint; the path and the body key of the ID follow the
 * API's counterparty convention and live in ../../assumptions.ts. Only the fields set are sent.
 */
import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import { check, someBodyField, validateRequest } from '../../../shared/validation';
import { INVOICE_UPDATE_ID_KEY, INVOICE_UPDATE_PATH } from '../../assumptions';
import { updateOutput } from '../../transport';
import {
	counterpartyField,
	currencyField,
	discountComplete,
	dueDateField,
	invoiceRules,
	optionalInvoiceFields,
	productsField,
	productsNotEmpty,
	receivingAccountField,
	shapeInvoiceBody,
	taxesField,
} from './fields';
import { invoiceLocator } from './locator';

const updatable: INodeProperties[] = [
	{ ...counterpartyField, required: false },
	currencyField,
	dueDateField,
	productsField,
	receivingAccountField,
	taxesField,
	...optionalInvoiceFields,
].sort((a, b) => a.displayName.localeCompare(b.displayName));

const bodyKeys = updatable.map((field) => String(field.routing?.send?.property));

const output = updateOutput('invoiceId');

export const update: OperationModule = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update an invoice',
		description: 'Change fields of an invoice (unconfirmed endpoint: Katsu Pay documents no invoice update)',
		routing: {
			request: { method: 'PUT', url: INVOICE_UPDATE_PATH },
			send: {
				preSend: [
					shapeInvoiceBody,
					validateRequest(
						[{ label: 'Invoice', body: INVOICE_UPDATE_ID_KEY, required: true, checks: [check.uuid] }, ...invoiceRules([])],
						[productsNotEmpty, discountComplete, someBodyField(bodyKeys, 'Update Fields')],
					),
				],
			},
			output: { postReceive: [output] },
		},
	},
	fields: [
		{
			displayName:
				'Katsu Pay does not document an invoice update endpoint. This operation sends PUT /api/v1/Invoice/Update with the invoice ID in the body, following how Katsu Pay updates counterparties. Check with Katsu Pay that your account supports it.',
			name: 'updateNotice',
			type: 'notice',
			default: '',
		},
		invoiceLocator({ send: { type: 'body', property: INVOICE_UPDATE_ID_KEY } }),
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
