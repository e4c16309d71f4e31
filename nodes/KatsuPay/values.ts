/**
 * Shaping of Katsu Pay request values before validation: resource-locator values, numbers typed
 * in as text, lists of integer codes, multi-value fixedCollection lines and date-times.
 * Anything that cannot be shaped is left as it is, for validation to name.
 */
import type { IDataObject } from 'n8n-workflow';
import { type Check, check, isBlank, isIsoDate } from '../shared/validation';
import { normalize } from '../shared/values';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The value of a resource locator (`{ __rl, mode, value }`), or the value itself. */
export function locatorValue(value: unknown): unknown {
	if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'value' in value) {
		return (value as IDataObject).value;
	}
	return value;
}

/** Numeric text ("120.50", " 3 ") as a number; anything else unchanged. */
export function toNumber(value: unknown): unknown {
	return normalize(value, 'number');
}

/**
 * A list of numbers from a multi-value number field, an array from an expression (nested arrays
 * are flattened) or comma-separated text. Blank entries are dropped.
 */
export function numberList(value: unknown): unknown[] {
	const flat: unknown[] = [];
	const visit = (entry: unknown) => {
		if (Array.isArray(entry)) entry.forEach(visit);
		else if (typeof entry === 'string' && entry.includes(',')) entry.split(',').forEach(visit);
		else if (!isBlank(entry)) flat.push(toNumber(typeof entry === 'string' ? entry.trim() : entry));
	};
	visit(value);
	return flat;
}

/** The lines of a multi-value fixedCollection (`{ line: [...] }`), or of a list given by an expression. */
export function collectionLines(value: unknown, key: string): IDataObject[] {
	if (Array.isArray(value)) return value as IDataObject[];
	if (value === null || typeof value !== 'object') return [];
	const lines = (value as IDataObject)[key];
	if (Array.isArray(lines)) return lines as IDataObject[];
	return lines !== null && typeof lines === 'object' ? [lines as IDataObject] : [];
}

/** The `value` of each entry of a one-number multi-value fixedCollection (plain values pass through). */
export function collectionValues(value: unknown, key: string): unknown[] {
	const entries = Array.isArray(value) ? value : collectionLines(value, key);
	return entries.map((entry) =>
		entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as IDataObject).value : entry,
	);
}

/**
 * A date-time as Katsu Pay's `<dateTime>` fields take it (ISO 8601): a real date alone becomes
 * midnight, Date and Luxon values become ISO text, anything else is left as typed for validation.
 */
export function toDateTime(value: unknown): unknown {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? value : value.toISOString();
	if (value !== null && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return (value as { toISO: () => string }).toISO();
	}
	if (typeof value !== 'string') return value;
	const text = value.trim();
	return DATE_ONLY.test(text) && isIsoDate(text) ? `${text}T00:00:00` : text;
}

function describe(value: unknown): string {
	return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

/** An ISO 8601 date-time with a real calendar date (YYYY-MM-DD, optionally THH:mm[:ss][zone]). */
export const dateTimeCheck: Check = (value) => {
	const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
	const date = typeof value === 'string' && DATE_ONLY.test(value) ? value : match?.[1];
	const [hours, minutes, seconds] = match ? [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)] : [0, 0, 0];
	if (date && isIsoDate(date) && hours < 24 && minutes < 60 && seconds < 60) return undefined;
	return `must be a date-time such as 2025-01-31 or 2025-01-31T09:30:00, got ${describe(value)}`;
};

/** Honest wording for Katsu Pay's integer enums, whose meanings are not published. */
export const CODE_NOTE = 'Integer code as defined by Katsu Pay; the meaning of each code is not published';

/** An integer code of one of Katsu Pay's unpublished enums. */
export const codeCheck: Check = check.number({ integer: true, min: 0 });
