/** Field descriptions that several nodes share. */
import type { INodeProperties } from 'n8n-workflow';
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
