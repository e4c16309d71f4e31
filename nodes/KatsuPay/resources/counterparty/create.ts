/** Counterparty → Create: POST /api/v1/Counterparties/save */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { COUNTERPARTY_CREATE_REQUIRED } from '../../assumptions';
import { outputData } from '../../transport';
import { bankAccountsField, counterpartyRules, nameField, optionalCounterpartyFields, shapeCounterpartyBody } from './fields';

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a counterparty',
		description: 'Create a counterparty (a customer you invoice), with its bank accounts',
		routing: {
			request: { method: 'POST', url: '/Counterparties/save' },
			send: { preSend: [shapeCounterpartyBody, validateRequest(counterpartyRules(COUNTERPARTY_CREATE_REQUIRED))] },
			output: { postReceive: [outputData] },
		},
	},
	fields: [
		{ ...nameField, required: true },
		bankAccountsField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optionalCounterpartyFields,
		},
	],
};
