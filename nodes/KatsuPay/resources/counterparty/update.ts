/** Counterparty → Update: PUT /api/v1/Counterparties/update with the counterparty UUID in the body. Only the fields set are sent. */
import type { OperationModule } from '../../../shared/operations';
import { someBodyField, validateRequest } from '../../../shared/validation';
import { updateOutput } from '../../transport';
import { counterpartyRules, nameField, optionalCounterpartyFields, shapeCounterpartyBody } from './fields';
import { counterpartyIdRule, counterpartyLocator } from './locator';

const updatable = [nameField, ...optionalCounterpartyFields].sort((a, b) => a.displayName.localeCompare(b.displayName));

const output = updateOutput('counterpartyId');

export const update: OperationModule = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a counterparty',
		description: 'Change fields of a counterparty',
		routing: {
			request: { method: 'PUT', url: '/Counterparties/update' },
			send: {
				preSend: [
					shapeCounterpartyBody,
					validateRequest(
						[counterpartyIdRule({ body: 'id' }), ...counterpartyRules([])],
						[someBodyField(updatable.map((field) => field.name), 'Update Fields')],
					),
				],
			},
			output: { postReceive: [output] },
		},
	},
	fields: [
		{ ...counterpartyLocator, routing: { send: { type: 'body', property: 'id' } } },
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
