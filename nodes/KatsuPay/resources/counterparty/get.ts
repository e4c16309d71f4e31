/** Counterparty → Get: GET /api/v1/Counterparties/get/{counterpartyId} */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { outputData } from '../../transport';
import { counterpartyIdRule, counterpartyLocator } from './locator';

export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a counterparty',
		description: 'Get a counterparty by its ID',
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([counterpartyIdRule({ parameter: 'counterpartyId' })])] },
			output: { postReceive: [outputData] },
		},
	},
	fields: [{ ...counterpartyLocator, routing: { request: { url: '=/Counterparties/get/{{ $value }}' } } }],
};
