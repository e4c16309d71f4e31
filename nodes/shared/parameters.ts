/**
 * Each node parameter read once per item, whichever step asks for it.
 *
 * n8n evaluates a parameter's expressions again on every `getNodeParameter` call. The steps of an
 * operation (the request built from the fields, its checks, `run`, the output steps) often need the
 * same parameter (an invoice ID for the URL, its check, the output naming it), so they read it
 * through `parameter()`, which keeps what the item's first read gave. n8n gives every item its own
 * context object (preSend and postReceive steps get it as `this`; `run` gets an object inheriting
 * from it), so what is kept belongs to one item and goes away with it.
 */
import type { IDataObject, IExecuteSingleFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

type Context = IExecuteSingleFunctions | ILoadOptionsFunctions;

const readings = new WeakMap<object, Map<string, unknown>>();

/** The item's own context: `run` gets an object made with Object.create(item context) plus makeRoutingRequest. */
export function owner(context: Context): object {
	return Object.prototype.hasOwnProperty.call(context, 'makeRoutingRequest') ? (Object.getPrototypeOf(context) as object) : context;
}

/** A resource locator's value as `extractValue` gives it (our locators have no extract rules: the value itself). */
export function locatorValue(value: unknown): unknown {
	return value !== null && typeof value === 'object' && 'mode' in value && 'value' in value ? (value as IDataObject).value : value;
}

/**
 * The parameter's value for the item (`fallback` when the node has no such parameter, as
 * `getNodeParameter`), evaluated on the item's first read only. `extractValue`: a resource
 * locator's value instead of the locator. Objects come back as copies (a step may change what it got).
 */
export function parameter(context: Context, name: string, fallback?: unknown, options: { extractValue?: boolean } = {}): unknown {
	const key = owner(context);
	let values = readings.get(key);
	if (!values) {
		values = new Map();
		readings.set(key, values);
	}
	let value: unknown;
	if (values.has(name)) {
		value = values.get(name);
	} else if (fallback !== undefined && !(name in (context.getNode().parameters ?? {}))) {
		// Not set on the node: the fallback, which another step may ask differently for.
		value = fallback;
	} else {
		value = context.getNodeParameter(name, fallback as never);
		values.set(name, value);
	}
	if (options.extractValue) value = locatorValue(value);
	return value !== null && typeof value === 'object' ? deepCopy(value as IDataObject) : value;
}
