/**
 * Input checks that run before a request leaves n8n.
 *
 * Every operation declares its rules next to its fields; `validateRequest(rules)` turns them into a
 * `preSend` step. A failing rule throws a NodeOperationError that names the field, the problem
 * and the item, and the request for that item is never sent.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { decimalProblem } from './decimal';
import { normalize, type ValueFormat } from './values';
import { parameter } from './parameters';

/** Returns a sentence fragment describing what is wrong with the value, or undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

export interface FieldRule {
	/** The name the user sees in the node's form. */
	label: string;
	/** Where the value is read: a dot path into the JSON body about to be sent ... */
	body?: string;
	/** ... or into the query string ... */
	query?: string;
	/** ... or a node parameter (for values that go into the URL path). */
	parameter?: string;
	required?: boolean;
	checks?: Check[];
	/** Shapes a body value before it is checked and sent (see values.ts `normalize`). */
	format?: ValueFormat;
	/**
	 * A blank value (empty text, an empty locator) means "not set": the body key is left out of the
	 * request instead of being sent as "" (for fields the API refuses empty, such as Levers' texts on update).
	 */
	blankIsUnset?: boolean;
	/** For arrays of objects (line items): rules applied to each entry, keyed by the entry's property. */
	each?: Array<Omit<FieldRule, 'body' | 'query' | 'parameter' | 'each'> & { key: string }>;
}

/** A rule over several fields at once (for example "due date not before the invoice date"). */
export type CrossCheck = (request: IHttpRequestOptions) => { label: string; problem: string } | undefined;

export function isBlank(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(Array.isArray(value) && value.length === 0)
	);
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
	if (typeof value === 'number') return String(value);
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An ID as text: digits only, no leading zero. */
const ID_TEXT = /^[1-9]\d*$/;

export function isIsoDate(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const check = {
	isoDate: ((value) =>
		isIsoDate(value) ? undefined : `must be a real date in YYYY-MM-DD format, got ${describe(value)}`) as Check,

	uuid: ((value) =>
		typeof value === 'string' && UUID.test(value) ? undefined : `must be a UUID, got ${describe(value)}`) as Check,

	maxLength:
		(max: number): Check =>
		(value) =>
			String(value).length <= max ? undefined : `must be at most ${max} characters, got ${String(value).length}`,

	/**
	 * A finite number, or text holding one, in the one number grammar and bound of ./decimal.ts
	 * (digits, optional sign and decimal point, no exponent, at most 15 digits).
	 */
	number:
		(options: { min?: number; integer?: boolean; positive?: boolean } = {}): Check =>
		(value) =>
			decimalProblem(value, options),

	/**
	 * A numeric ID (Pennylane's): a whole number above 0 that is a safe integer, as a number or as
	 * digits only ("42"; not "42.0", "0042", "4.2e1" or 1e21).
	 */
	id: ((value) => {
		const text = typeof value === 'string' ? value.trim() : value;
		const ok =
			(typeof text === 'number' && Number.isSafeInteger(text) && text > 0) ||
			(typeof text === 'string' && ID_TEXT.test(text) && Number.isSafeInteger(Number(text)));
		return ok
			? undefined
			: `must be an ID: a whole number written with digits only, no leading zero, from 1 to ${Number.MAX_SAFE_INTEGER}, got ${describe(value)}`;
	}) as Check,

	oneOf:
		(allowed: readonly unknown[]): Check =>
		(value) =>
			allowed.includes(value)
				? undefined
				: `must be one of ${allowed.map((v) => describe(v)).join(', ')}, got ${describe(value)}`,

	each:
		(inner: Check): Check =>
		(value) => {
			if (!Array.isArray(value)) return `must be a list, got ${describe(value)}`;
			for (let i = 0; i < value.length; i++) {
				const problem = inner(value[i]);
				if (problem) return `entry ${i + 1} ${problem}`;
			}
			return undefined;
		},

	isArray: ((value) => (Array.isArray(value) ? undefined : `must be a list, got ${describe(value)}`)) as Check,

	email: ((value) =>
		typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
			? undefined
			: `must be an email address, got ${describe(value)}`) as Check,
};

function readPath(source: unknown, path: string): unknown {
	let current = source;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}

/** The error for a bad field: names the field, the problem and the item; nothing is sent. */
export function failure(
	context: IExecuteSingleFunctions,
	label: string,
	problem: string,
	missing: boolean,
): NodeOperationError {
	const itemIndex = context.getItemIndex();
	const message = missing
		? `Missing value for "${label}" in item ${itemIndex}: this field is required`
		: `Invalid value for "${label}" in item ${itemIndex}: ${problem}`;
	return new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: 'Nothing was sent to the provider for this item. Correct the field and run the node again.',
	});
}

function deletePath(target: unknown, path: string): void {
	const keys = path.split('.');
	const last = keys.pop() as string;
	const parent = keys.length ? readPath(target, keys.join('.')) : target;
	if (parent !== null && typeof parent === 'object') delete (parent as IDataObject)[last];
}

function runRule(
	context: IExecuteSingleFunctions,
	label: string,
	value: unknown,
	rule: Pick<FieldRule, 'required' | 'checks'>,
): void {
	if (isBlank(value)) {
		if (rule.required) throw failure(context, label, 'is required', true);
		return;
	}
	for (const run of rule.checks ?? []) {
		const problem = run(value);
		if (problem) throw failure(context, label, problem, false);
	}
}

function writePath(target: unknown, path: string, value: unknown): void {
	const keys = path.split('.');
	const last = keys.pop() as string;
	const parent = keys.length ? readPath(target, keys.join('.')) : target;
	if (parent !== null && typeof parent === 'object' && last in (parent as IDataObject)) {
		(parent as IDataObject)[last] = value as IDataObject[string];
	}
}

function readValue(context: IExecuteSingleFunctions, request: IHttpRequestOptions, rule: FieldRule): unknown {
	if (rule.body !== undefined) {
		const value = readPath(request.body, rule.body);
		if (rule.blankIsUnset && !rule.required && isBlank(value) && value !== undefined) {
			deletePath(request.body, rule.body);
			return undefined;
		}
		if (!rule.format) return value;
		const shaped = normalize(value, rule.format, context.getTimezone());
		if (shaped !== value) writePath(request.body, rule.body, shaped);
		return shaped;
	}
	if (rule.query !== undefined) return readPath(request.qs, rule.query);
	if (rule.parameter !== undefined) return parameter(context, rule.parameter, undefined, { extractValue: true });
	return undefined;
}

/** Shapes (see `FieldRule.format`) and checks one request's fields; throws the first problem found. */
export function assertValid(
	context: IExecuteSingleFunctions,
	request: IHttpRequestOptions,
	rules: FieldRule[],
	crossChecks: CrossCheck[] = [],
): void {
	for (const rule of rules) {
		const value = readValue(context, request, rule);
		runRule(context, rule.label, value, rule);
		if (rule.each && Array.isArray(value)) {
			value.forEach((entry, index) => {
				for (const inner of rule.each ?? []) {
					runRule(context, `${rule.label} › line ${index + 1} › ${inner.label}`, readPath(entry, inner.key), inner);
				}
			});
		}
	}
	for (const cross of crossChecks) {
		const result = cross(request);
		if (result) throw failure(context, result.label, result.problem, false);
	}
}

/** A preSend step that shapes and validates the request about to be sent. */
export function validateRequest(rules: FieldRule[], crossChecks: CrossCheck[] = []) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		assertValid(this, request, rules, crossChecks);
		return request;
	};
}

/** Cross check: the date at `laterPath` must not be before the one at `earlierPath` (both YYYY-MM-DD). */
export function notBefore(laterPath: string, laterLabel: string, earlierPath: string, earlierLabel: string): CrossCheck {
	return (request) => {
		const later = readPath(request.body, laterPath);
		const earlier = readPath(request.body, earlierPath);
		if (isIsoDate(later) && isIsoDate(earlier) && String(later) < String(earlier)) {
			return { label: laterLabel, problem: `${later} is before the ${earlierLabel} ${earlier}` };
		}
		return undefined;
	};
}

/** Cross check: at least one of the Update Fields must be set. */
export function someBodyField(paths: string[], label: string): CrossCheck {
	return (request) =>
		paths.some((path) => !isBlank(readPath(request.body, path)))
			? undefined
			: { label, problem: 'add at least one field to change' };
}

/**
 * A preSend step that turns a JSON-text body field (an n8n "JSON" parameter) into its value,
 * naming the field when the text is not valid JSON.
 */
export function parseJsonBody(path: string, label: string) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const body = request.body as IDataObject | undefined;
		const raw = body?.[path];
		if (typeof raw !== 'string') return request;
		if (raw.trim() === '') {
			delete body![path];
			return request;
		}
		try {
			body![path] = JSON.parse(raw);
		} catch (error) {
			throw failure(this, label, `is not valid JSON (${(error as Error).message})`, false);
		}
		return request;
	};
}
