/**
 * Shaping of field values on their way into a request. `FieldRule.format` (./validation.ts)
 * applies `normalize` in the preSend step, in plain code: cheaper than an n8n expression per item.
 * A value that cannot be shaped is left as it is, for the rule's checks to refuse by name.
 */

import { isDecimal, toDecimalNumber } from './decimal';

export type ValueFormat = 'date' | 'number' | 'id';

const DATE_ONLY = /^(\d{4}-\d{2}-\d{2})$/;
/** A date-time as n8n's date picker and ISO 8601 write it; a zone (Z or ±HH:MM) is optional. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(instant: number, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
	const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The instant (ms since the epoch) of a JavaScript Date or a Luxon DateTime, or undefined. */
export function instantOf(value: unknown): number | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
	if (value !== null && typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		const millis = (value as { toMillis: () => number }).toMillis();
		return Number.isFinite(millis) ? millis : undefined;
	}
	return undefined;
}

/**
 * The date (YYYY-MM-DD) a date field sends, from what an expression or the date picker gives:
 * - "2026-12-05" is sent as it is;
 * - a date-time without a zone ("2026-12-05T00:00:00", what n8n's date picker gives) is a wall-clock
 *   time: its own date is sent;
 * - an instant (a date-time with Z or an offset, a JavaScript Date such as `{{ new Date() }}`, a Luxon
 *   DateTime such as `{{ $now }}`) is sent as its calendar date in the workflow's time zone
 *   (Workflow Settings → Timezone, else the n8n instance's);
 * - anything else (trailing text such as "2026-12-05xyz", other formats) is left for validation to refuse.
 */
function toDate(value: unknown, timeZone: string): unknown {
	const instant = instantOf(value);
	if (instant !== undefined) return dateInZone(instant, timeZone);
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (DATE_ONLY.test(text)) return text;
	const match = DATE_TIME.exec(text);
	if (!match || Number(match[2]) > 23 || Number(match[3]) > 59 || Number(match[4] ?? 0) > 59) return value;
	if (!match[5]) return match[1];
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? value : dateInZone(parsed, timeZone);
}

/**
 * 'date': see `toDate`. 'number': an amount or number in the grammar and bound of ./decimal.ts, as a
 * JSON number (float noise such as 0.30000000000000004 is read as 0.3; no arithmetic is done).
 * 'id': an ID written with digits only ("42") as a number.
 */
export function normalize(value: unknown, format: ValueFormat, timeZone = 'UTC'): unknown {
	if (value === undefined || value === null || value === '') return value;
	if (format === 'date') return toDate(value, timeZone);
	if (format === 'id') {
		const text = typeof value === 'string' ? value.trim() : undefined;
		return text !== undefined && /^[1-9]\d*$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : value;
	}
	if (typeof value !== 'number' && typeof value !== 'string') return value;
	return isDecimal(value) ? toDecimalNumber(value) : value;
}

/** A comma-separated list (or an array from an expression) as an array of trimmed, non-empty strings. */
export function toList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(',');
	return entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}
