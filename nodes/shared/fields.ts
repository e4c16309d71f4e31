/** Field descriptions that several nodes share. */
import type { INodeProperties } from 'n8n-workflow';

/** How a date field reads a date-time (see ./values.ts, `normalize` 'date'), for field descriptions. */
export const DATE_MAPPING =
	"A date-time without a time zone (what the date picker gives) keeps its own date; an instant (with Z or an offset, or a date from an expression such as {{ $now }} or {{ new Date() }}) is sent as its date in the workflow's time zone.";

/** How money fields read their value (see ./decimal.ts), for field descriptions. */
export const AMOUNT_GRAMMAR =
	'A decimal number such as 1250.50: digits, an optional sign and decimal point, no exponent or thousands separator, at most 15 digits in all. Never rounded.';
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
		description: `${description}. Sent as YYYY-MM-DD. ${DATE_MAPPING}`,
		routing: { send: { type: 'body', property: name } },
	};
}

/** A text field whose value goes into the JSON body at `property` (dots for nested objects); `extra` adds to it (required, rows, …). */
export function bodyTextField(displayName: string, name: string, property: string, description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName, name, type: 'string', default: '', description, routing: { send: { type: 'body', property } }, ...extra } as INodeProperties;
}
