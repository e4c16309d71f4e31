/**
 * Shaping of field values on their way into a request. `FieldRule.format` (./validation.ts)
 * applies `normalize` in the preSend step, in plain code: cheaper than an n8n expression per item.
 */

import { toDecimalNumber } from './decimal';

export type ValueFormat = 'date' | 'number';

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * 'date': the YYYY-MM-DD part of a date or date-time; 'number': a number, or numeric text, as a JSON
 * number read to its reliable digits (./decimal.ts), so float noise from upstream arithmetic
 * (0.1 + 0.2 = 0.30000000000000004) is not sent: 0.3 is. No arithmetic is done on the value.
 */
export function normalize(value: unknown, format: ValueFormat): unknown {
	if (value === undefined || value === null || value === '') return value;
	if (format === 'date') {
		if (typeof value === 'string') return value.slice(0, 10);
		const iso = (value as { toISO?: () => string }).toISO?.();
		return typeof iso === 'string' ? iso.slice(0, 10) : value;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? (toDecimalNumber(value) ?? value) : value;
	return typeof value === 'string' && NUMERIC_TEXT.test(value.trim()) ? (toDecimalNumber(value.trim()) ?? value) : value;
}

/** A comma-separated list (or an array from an expression) as an array of trimmed, non-empty strings. */
export function toList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(',');
	return entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}
