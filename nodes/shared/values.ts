/**
 * Shaping of field values on their way into a request. `FieldRule.format` (./validation.ts)
 * applies `normalize` in the preSend step, in plain code: cheaper than an n8n expression per item.
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

/** A comma-separated list (or an array from an expression) as an array of trimmed, non-empty strings. */
export function toList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(',');
	return entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}
