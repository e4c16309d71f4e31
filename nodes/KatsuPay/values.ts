/**
 * Shaping of Katsu Pay request values before validation: resource-locator values, numbers typed
 * in as text, lists of integer codes, multi-value fixedCollection lines and date-times.
 * Anything that cannot be shaped is left as it is, for validation to name.
 */
import type { IDataObject } from 'n8n-workflow';
import { type Check, check, isBlank } from '../shared/validation';
import { instantOf, normalize } from '../shared/values';

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
 * ISO 8601 date-times as .NET's System.Text.Json reads a DateTime (the "extended profile" of
 * ISO 8601-1:2019 that ASP.NET uses to bind JSON bodies): YYYY-MM-DD, optionally followed by
 * THH:mm, THH:mm:ss or THH:mm:ss.fffffff (1 to 16 decimals of a second), then optionally Z or an
 * offset ±HH:mm. Upper-case T and Z only; no space for T; no offset without a colon (+0300) or
 * without minutes (+03). Years 0001 to 9999; offsets up to ±14:00.
 */
const NET_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,16}))?)?(Z|([+-])(\d{2}):(\d{2}))?)?$/;

/** The instant (ms since the epoch, UTC) of a date-time in .NET's grammar; a time without zone is read as UTC. */
export function netDateTimeInstant(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = NET_DATE_TIME.exec(value);
	if (!match) return undefined;
	const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, oh = '0', om = '0'] = match;
	const [year, month, day, hours, minutes, seconds] = [y, mo, d, h, mi, s].map(Number);
	const offset = Number(oh) * 60 + Number(om);
	if (year < 1 || hours > 23 || minutes > 59 || seconds > 59 || Number(om) > 59 || offset > 14 * 60) return undefined;
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
	date.setUTCHours(hours, minutes, seconds, Number(fraction.padEnd(3, '0').slice(0, 3)));
	return date.getTime() - (sign === '-' ? -1 : 1) * offset * 60_000;
}

/**
 * A due date as the node sends it: an unambiguous UTC instant in the form of the documentation's
 * example, `YYYY-MM-DDTHH:mm:ss.sssZ`. A date alone is midnight UTC of that date
 * ("2025-06-30" → "2025-06-30T00:00:00.000Z"); a date-time without a zone is read as UTC; one with
 * Z or an offset (±HH:mm) is converted to UTC; a JavaScript Date or a Luxon DateTime from an
 * expression is sent as its instant. Anything else (an offset such as +0300, which .NET refuses,
 * trailing text) is left as typed for validation to refuse. Decimals of a second beyond
 * milliseconds are dropped.
 */
export function toDateTime(value: unknown): unknown {
	const instant = instantOf(value) ?? netDateTimeInstant(typeof value === 'string' ? value.trim() : value);
	return instant === undefined ? value : new Date(instant).toISOString();
}

function describe(value: unknown): string {
	return typeof value === 'string' ? `"${value}"` : typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
}

/** A date-time that .NET's parser reads (see NET_DATE_TIME). */
export const dateTimeCheck: Check = (value) =>
	netDateTimeInstant(value) !== undefined
		? undefined
		: `must be a date-time such as 2025-01-31, 2025-01-31T09:30:00Z or 2025-01-31T09:30:00+01:00 (ISO 8601; a time zone is Z or ±HH:mm), got ${describe(value)}`;

/** Honest wording for Katsu Pay's integer enums, whose meanings are not published. */
export const CODE_NOTE = 'Integer code as defined by Katsu Pay; the meaning of each code is not published';

/** An integer code of one of Katsu Pay's unpublished enums. */
export const codeCheck: Check = check.number({ integer: true, min: 0 });
