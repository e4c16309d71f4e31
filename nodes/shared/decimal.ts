/**
 * Exact decimal handling for money and quantities: one grammar and one bound for every amount of
 * the three nodes (Levers, Katsu Pay, Pennylane).
 *
 * Grammar. An amount is either
 * - text: optional spaces, an optional sign (`+` or `-`), then digits with an optional decimal point
 *   (`.`) and decimals, at least one digit in all, then optional spaces. So "12", "12.50", "-3",
 *   "+5", ".5" and "5." are amounts (".5" is 0.5, "5." is 5); "1e21", "1,5", "1 000", "0x10",
 *   "NaN", "Infinity" and "" are not. No exponent, no thousands separator, no comma; or
 * - a JavaScript number (from a number field, or computed by an expression) that is finite. NaN and
 *   ±Infinity are refused in words. A number is read to its 15 reliable significant digits: float
 *   noise such as 0.1 + 0.2 = 0.30000000000000004 is read as 0.3, and 1.005 (stored as
 *   1.00499999999999989...) as the 1.005 the user typed.
 *
 * Bound. At most 15 digits in all: the digits of the integer part (without leading zeros) plus the
 * decimals (without trailing zeros). So every amount is below 10^15 in size (1e21 is refused), and
 * every amount a node accepts is carried exactly by a JSON number (a decimal of at most 15
 * significant digits survives the trip through an IEEE double: printed back, it gives the same
 * digits). Levers and Katsu Pay take JSON numbers, and "12345678901234567.89" (19 digits) is refused instead of being sent as
 * 12345678901234568. Pennylane takes decimal text and gets the same bound, so one amount is valid
 * for all three nodes or for none.
 *
 * Nothing is rounded. A field that allows fewer decimals (Pennylane: see AMOUNT_DECIMALS) refuses
 * a value with more, naming the field, instead of rounding it (1e-7 is refused there, not sent as 0).
 * What is sent is the canonical text of the value: "+5" → "5", ".5" → "0.5", "19.90" → "19.9",
 * "-0" → "0"; as a JSON number where the API takes numbers.
 */
import type { Check } from './validation';

export interface DecimalOptions {
	/** Most decimals accepted (more are refused, never rounded). Default: the bound only. */
	maxDecimals?: number;
	/** Whether values below zero are accepted (default true). */
	allowNegative?: boolean;
	/** Whether the value must be a whole number. */
	integer?: boolean;
	/** Whether the value must be above zero. */
	positive?: boolean;
	/** Smallest accepted value, as decimal text or a safe number. */
	min?: string | number;
	/** Largest accepted value. */
	max?: string | number;
}

/** The significant digits of a double that are always reliable, and the bound on an amount's digits. */
export const RELIABLE_DIGITS = 15;
export const MAX_DIGITS = RELIABLE_DIGITS;

interface Decimal {
	negative: boolean;
	/** Integer digits without leading zeros ("" for zero). */
	whole: string;
	/** Fraction digits without trailing zeros. */
	fraction: string;
}

/** The text grammar (see the top of this file). */
const GRAMMAR = /^\s*([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))\s*$/;
const EXPONENT_FORM = /^(-)?(\d+)(?:\.(\d+))?e([+-]\d+)$/i;

function make(negative: boolean, whole: string, fraction: string): Decimal {
	const w = whole.replace(/^0+/, '');
	const f = fraction.replace(/0+$/, '');
	return { negative: negative && (w !== '' || f !== ''), whole: w, fraction: f };
}

function fromText(text: string): Decimal | undefined {
	const match = GRAMMAR.exec(text);
	if (!match) return undefined;
	const [, sign, whole = '', fraction = '', onlyFraction] = match;
	return onlyFraction !== undefined ? make(sign === '-', '', onlyFraction) : make(sign === '-', whole, fraction);
}

/** Digits of a finite number, cut to the reliable significant digits. */
function fromNumber(value: number): Decimal {
	const text = value.toPrecision(RELIABLE_DIGITS);
	const exponent = EXPONENT_FORM.exec(text);
	if (!exponent) return fromText(text)!;
	const [, sign, head, tail = '', power] = exponent;
	const digits = head + tail;
	const point = head.length + Number(power);
	if (point <= 0) return make(sign === '-', '', '0'.repeat(-point) + digits);
	if (point >= digits.length) return make(sign === '-', digits + '0'.repeat(point - digits.length), '');
	return make(sign === '-', digits.slice(0, point), digits.slice(point));
}

function format(value: Decimal): string {
	const text = (value.whole || '0') + (value.fraction ? `.${value.fraction}` : '');
	return value.negative ? `-${text}` : text;
}

/** Compares two decimals: -1, 0 or 1. */
function compare(a: Decimal, b: Decimal): number {
	if (a.negative !== b.negative) return a.negative ? -1 : 1;
	const sign = a.negative ? -1 : 1;
	if (a.whole.length !== b.whole.length) return a.whole.length > b.whole.length ? sign : -sign;
	if (a.whole !== b.whole) return a.whole > b.whole ? sign : -sign;
	const length = Math.max(a.fraction.length, b.fraction.length);
	const fa = a.fraction.padEnd(length, '0');
	const fb = b.fraction.padEnd(length, '0');
	if (fa === fb) return 0;
	return fa > fb ? sign : -sign;
}

function read(value: unknown): Decimal | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? fromNumber(value) : undefined;
	if (typeof value === 'string') return fromText(value);
	return undefined;
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 37) + '...' : value}"`;
	if (typeof value === 'number') return String(value);
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

const isZero = (value: Decimal) => value.whole === '' && value.fraction === '';

/** What is wrong with `value` as a decimal (grammar, bound, then `options`), or undefined when it is fine. */
export function decimalProblem(value: unknown, options: DecimalOptions = {}): string | undefined {
	if (typeof value === 'number' && !Number.isFinite(value))
		return `must be a finite number, got ${describe(value)} (NaN and Infinity are not amounts)`;
	const parsed = read(value);
	if (!parsed) {
		if (typeof value === 'string' && /^\s*[+-]?\d+,\d+\s*$/.test(value))
			return `must use a dot as decimal separator, got ${describe(value)}`;
		if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+\s*$/i.test(value))
			return `must be written without an exponent (such as 1500 or 0.0001), got ${describe(value)}`;
		return options.integer
			? `must be a whole number such as 2, got ${describe(value)}`
			: `must be a number such as 12.5 (digits, an optional sign and decimal point), got ${describe(value)}`;
	}
	const digits = parsed.whole.length + parsed.fraction.length;
	if (digits > MAX_DIGITS)
		return `has more than ${MAX_DIGITS} digits (integer part and decimals together), so it cannot be sent exactly, got ${describe(value)}`;
	if (options.integer && parsed.fraction !== '') return `must be a whole number, got ${describe(value)}`;
	if (options.maxDecimals !== undefined && parsed.fraction.length > options.maxDecimals)
		return `must have at most ${options.maxDecimals} decimals (it is not rounded), got ${describe(value)}`;
	if (options.positive && (parsed.negative || isZero(parsed))) return `must be greater than 0, got ${describe(value)}`;
	if (parsed.negative && options.allowNegative === false) return `must not be negative, got ${describe(value)}`;
	if (options.min !== undefined && compare(parsed, read(options.min)!) < 0)
		return `must be ${String(options.min)} or more, got ${describe(value)}`;
	if (options.max !== undefined && compare(parsed, read(options.max)!) > 0)
		return `must be ${String(options.max)} or less, got ${describe(value)}`;
	return undefined;
}

/** Whether `value` follows the grammar and the bound (the only values the converters below turn into amounts). */
export function isDecimal(value: unknown): boolean {
	const parsed = read(value);
	return parsed !== undefined && parsed.whole.length + parsed.fraction.length <= MAX_DIGITS;
}

/**
 * The canonical decimal text of a number or decimal string ("19.90" → "19.9", 0.1 + 0.2 → "0.3",
 * ".5" → "0.5"); undefined when the value is not an amount within the bound. Never rounds: check
 * `maxDecimals` with `decimalProblem` first.
 */
export function toDecimalString(value: unknown): string | undefined {
	if (!isDecimal(value)) return undefined;
	return format(read(value)!);
}

/** The same value as a JSON number, for APIs that take numbers: exact, as the bound allows no more digits than a double carries. */
export function toDecimalNumber(value: unknown): number | undefined {
	const text = toDecimalString(value);
	return text === undefined ? undefined : Number(text);
}

/** A validation check (see ./validation.ts) for a decimal value. */
export function decimalCheck(options: DecimalOptions = {}): Check {
	return (value) => decimalProblem(value, options);
}
