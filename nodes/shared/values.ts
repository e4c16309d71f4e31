/**
 * Expressions used in `routing.send.value` to shape a field's value on its way into a request.
 * Validation (./validation.ts) then checks exactly what is about to be sent.
 */

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
