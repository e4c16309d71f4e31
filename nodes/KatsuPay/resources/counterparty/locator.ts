/**
 * The counterparty picker. Katsu Pay publishes no endpoint that lists all counterparties (only
 * get-by-ID, group searches and per-counterparty sub-resources), so counterparties are chosen by UUID.
 */
import type { INodeProperties } from 'n8n-workflow';
import { check, type FieldRule } from '../../../shared/validation';

export const counterpartyLocator: INodeProperties = {
	displayName: 'Counterparty',
	name: 'counterpartyId',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description:
		'The counterparty (customer), by its Katsu Pay UUID, for example from the output of Counterparty → Create. Katsu Pay publishes no endpoint that lists all counterparties, so there is no list to pick from.',
	modes: [
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
		},
	],
};

export const counterpartyIdRule = (where: Pick<FieldRule, 'body' | 'parameter'>): FieldRule => ({
	label: 'Counterparty',
	...where,
	required: true,
	checks: [check.uuid],
});
