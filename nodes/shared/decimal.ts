/**
 * Exact decimal handling for money and quantities.
 *
 * Values arrive as JavaScript numbers (from number fields, or computed by an upstream expression)
 * or as text ("19.90"), and leave as canonical decimal strings ("19.9"). No binary floating-point
 * arithmetic is ever done on an amount: numbers are turned into their digits once, then every step
 * (rounding, trimming) works on those digits as text.
 *
 * How a number is read: a double carries 15 to 17 significant digits, of which only the first 15
 * are reliable. Results of float arithmetic such as 0.1 + 0.2 = 0.30000000000000004 differ from
 * the intended value only after the 15th significant digit, so a number is first cut to 15
 * significant digits ("0.300000000000000"), then rounded (half away from zero) to the number of
 * decimals the field allows, then trailing zeros are dropped: 0.1 + 0.2 is sent as "0.3", and
 * 1.005 (stored as 1.00499999999999989...) is read as the 1.005 the user typed. Text input is kept
 * digit for digit, only rounded to the field's decimals and trimmed. A number with more than 15
 * significant digits cannot be passed exactly as a number: pass it as text.
 */
import type { Check } from './validation';

export interface DecimalOptions {
	/** Decimals kept; more are rounded half away from zero. Default: no rounding. */
	maxDecimals?: number;
	/** Whether values below zero are accepted (default true). */
	allowNegative?: boolean;
	/** Smallest accepted value, as decimal text or a safe number (checked on the rounded value). */
	min?: string | number;
	/** Largest accepted value (checked on the rounded value). */
	max?: string | number;
}

/** The significant digits of a double that are always reliable. */
export const RELIABLE_DIGITS = 15;

interface Decimal {
	negative: boolean;
	/** Integer digits without leading zeros ("" for zero). */
	whole: string;
	/** Fraction digits without trailing zeros. */
	fraction: string;
}

const PLAIN_TEXT = /^([+-])?(\d*)(?:\.(\d*))?$/;
const EXPONENT_FORM = /^(-)?(\d+)(?:\.(\d+))?e([+-]\d+)$/i;

function make(negative: boolean, whole: string, fraction: string): Decimal {
	const w = whole.replace(/^0+/, '');
	const f = fraction.replace(/0+$/, '');
	return { negative: negative && (w !== '' || f !== ''), whole: w, fraction: f };
}

function fromText(text: string): Decimal | undefined {
	const match = PLAIN_TEXT.exec(text.trim());
	if (!match) return undefined;
	const [, sign, whole = '', fraction = ''] = match;
	if (whole === '' && fraction === '') return undefined;
	return make(sign === '-', whole, fraction);
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

/** Adds one to a string of digits ("199" → "200", "" → "1"). */
function increment(digits: string): string {
	const out = digits.split('');
	for (let i = out.length - 1; i >= 0; i--) {
		if (out[i] !== '9') {
			out[i] = String(Number(out[i]) + 1);
			return out.join('');
		}
		out[i] = '0';
	}
	return '1' + out.join('');
}

/** Rounds half away from zero to `decimals` fraction digits. */
function round(value: Decimal, decimals: number): Decimal {
	if (value.fraction.length <= decimals) return value;
	const kept = value.fraction.slice(0, decimals);
	const roundUp = Number(value.fraction[decimals]) >= 5;
	if (!roundUp) return make(value.negative, value.whole, kept);
	const raised = increment(value.whole + kept);
	const split = raised.length - decimals;
	return make(value.negative, raised.slice(0, split), raised.slice(split));
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
	return String(value);
}

/** What is wrong with `value` as a decimal for these options, or undefined when it is fine. */
export function decimalProblem(value: unknown, options: DecimalOptions = {}): string | undefined {
	const parsed = read(value);
	if (!parsed) {
		if (typeof value === 'string' && /^\s*[+-]?\d+,\d+\s*$/.test(value))
			return `must use a dot as decimal separator, got ${describe(value)}`;
		return `must be a decimal number such as 12.5, got ${describe(value)}`;
	}
	const rounded = options.maxDecimals === undefined ? parsed : round(parsed, options.maxDecimals);
	if (rounded.negative && options.allowNegative === false) return `must not be negative, got ${describe(value)}`;
	if (options.min !== undefined && compare(rounded, read(options.min)!) < 0)
		return `must be ${String(options.min)} or more, got ${describe(value)}`;
	if (options.max !== undefined && compare(rounded, read(options.max)!) > 0)
		return `must be ${String(options.max)} or less, got ${describe(value)}`;
	return undefined;
}

/**
 * The canonical decimal text of a number or decimal string ("19.90" → "19.9", 0.1 + 0.2 → "0.3"),
 * rounded half away from zero to `maxDecimals`; undefined when the value is not a decimal.
 */
export function toDecimalString(value: unknown, options: DecimalOptions = {}): string | undefined {
	const parsed = read(value);
	if (!parsed) return undefined;
	return format(options.maxDecimals === undefined ? parsed : round(parsed, options.maxDecimals));
}

/** The same value as a JSON number, for APIs that take a number (quantities): exact up to 15 digits. */
export function toDecimalNumber(value: unknown, options: DecimalOptions = {}): number | undefined {
	const text = toDecimalString(value, options);
	return text === undefined ? undefined : Number(text);
}

/** A validation check (see ./validation.ts) for a decimal value. */
export function decimalCheck(options: DecimalOptions = {}): Check {
	return (value) => decimalProblem(value, options);
}
