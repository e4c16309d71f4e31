/** Invoice → Create: POST /api/v1/Invoice/Create */
import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { INVOICE_CREATE_REQUIRED } from '../../assumptions';
import { katsuPayErrors, outputData } from '../../transport';
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

const requiredOnCreate = (field: INodeProperties): INodeProperties => ({
	...field,
	required: (INVOICE_CREATE_REQUIRED as readonly string[]).includes(field.routing?.send?.property as string),
});

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create an invoice',
		description: 'Create an invoice for a counterparty',
		routing: {
			request: { method: 'POST', url: '/Invoice/Create' },
			send: {
				preSend: [shapeInvoiceBody, validateRequest(invoiceRules(INVOICE_CREATE_REQUIRED), [productsNotEmpty, discountComplete])],
			},
			output: { postReceive: [katsuPayErrors, outputData] },
		},
	},
	fields: [
		...[counterpartyField, receivingAccountField, dueDateField, currencyField, productsField].map(requiredOnCreate),
		taxesField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optionalInvoiceFields,
		},
	],
};
