/**
 * Shaping of field values on their way into a request. `FieldRule.format` (./validation.ts)
 * applies `normalize` in the preSend step, in plain code: cheaper than an n8n expression per item.
 * The expression forms below do the same inside `routing.send.value`.
 */

export type ValueFormat = 'date' | 'number';

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/** 'date': the YYYY-MM-DD part of a date or date-time; 'number': numeric text as a JSON number. */
export function normalize(value: unknown, format: ValueFormat): unknown {
	if (value === undefined || value === null || value === '') return value;
	if (format === 'date') {
		if (typeof value === 'string') return value.slice(0, 10);
		const iso = (value as { toISO?: () => string }).toISO?.();
		return typeof iso === 'string' ? iso.slice(0, 10) : value;
	}
	return typeof value === 'string' && NUMERIC_TEXT.test(value.trim()) ? Number(value) : value;
}

/** Keeps the YYYY-MM-DD part of a date or date-time (n8n date pickers give "2025-01-31T00:00:00"). */
export const DATE_ONLY =
	'={{ $value === undefined || $value === null || $value === "" ? $value : String($value).slice(0, 10) }}';

/** Sends numeric text from expressions ("120.50") as a JSON number; anything else is left for validation to report. */
export const AS_NUMBER =
	'={{ typeof $value === "string" && /^-?\\d+(\\.\\d+)?$/.test($value.trim()) ? Number($value) : $value }}';

/** A comma-separated list (or an array from an expression) as an array of trimmed, non-empty strings. */
export function toList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(',');
	return entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}
