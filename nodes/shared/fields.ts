/** Field descriptions that several nodes share. */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_TIMEOUT_MS } from './pacing';

/** Node-wide request settings, shown under every operation (read by ./pacing.ts). */
export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description:
				'Time in milliseconds to wait for an answer. A read or update that gets none is retried (3 attempts in all); a create is not, as it may have been processed.',
		},
	],
};

/**
 * A date picker whose value goes into the JSON body under `name`. Pair it with a validation rule
 * `{ body: name, format: 'date', checks: [check.isoDate] }`, which sends the YYYY-MM-DD part.
 */
export function bodyDateField(displayName: string, name: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'dateTime',
		default: '',
		description: `${description}. Sent as YYYY-MM-DD.`,
		routing: { send: { type: 'body', property: name } },
	};
}
