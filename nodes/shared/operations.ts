/**
 * Assembles a resource's "Operation" selector and fields from one module per operation, so that
 * each operation lives in one file: its option (method, URL, checks, output handling) and its fields.
 */
import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';
import type { PacedRun, Pacer } from './pacing';
import { check, failure } from './validation';

export interface OperationModule {
	option: INodePropertyOptions;
	fields: INodeProperties[];
	/** Request logic for operations that need more than one request (pages, look-ups); see ./pacing.ts. */
	run?: PacedRun;
}

/**
 * What every operation of a provider shares, applied by `resourceOperations` to each operation:
 * its requests go through the pacer (rate limit, safe retries, worded failures), `preSend` steps
 * run before the operation's own checks, `postReceive` steps (the error step) before its output steps.
 */
export interface Provider {
	pacer: Pacer;
	preSend?: PreSendAction[];
	postReceive: PostReceiveAction[];
}

type Routing = NonNullable<INodePropertyOptions['routing']>;

/**
 * An operation's routing as n8n gets it: the Limit check (operations with a Limit), the provider's
 * checks, the operation's own, the provider's error step, the operation's output steps, all
 * requests through the pacer (`run` for operations that need more than one request).
 */
function providerRouting(provider: Provider, routing: Routing, run: PacedRun | undefined, withLimit: boolean): Routing {
	const preSend = [...(withLimit ? [checkLimit] : []), ...(provider.preSend ?? []), ...(routing.send?.preSend ?? [])];
	const postReceive = [...provider.postReceive, ...(routing.output?.postReceive ?? [])];
	return provider.pacer.route(
		{ ...routing, send: { ...routing.send, preSend }, output: { ...routing.output, postReceive } },
		run,
	);
}

/** Shows each field only for the given resource and operation (keeps other displayOptions). */
function scope(field: INodeProperties, resource: string, operation: string): INodeProperties {
	const show = field.displayOptions?.show ?? {};
	return {
		...field,
		displayOptions: {
			...field.displayOptions,
			show: { ...show, resource: [resource], operation: [operation] },
		},
	};
}

/** The "Operation" selector and fields of a resource, each operation with the provider's shared steps. */
export function resourceOperations(
	resource: string,
	operations: OperationModule[],
	defaultOperation: string,
	provider: Provider,
): INodeProperties[] {
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations
			.map(({ option, run, fields }) => ({ ...option, routing: providerRouting(provider, option.routing ?? {}, run, hasLimit(fields)) }))
			.sort((a, b) => String(a.name).localeCompare(String(b.name))),
		default: defaultOperation,
	};
	const fields = operations.flatMap((operation) =>
		operation.fields.map((field) => scope(field, resource, String(operation.option.value))),
	);
	return [selector, ...mergeSharedFields(fields)];
}

/** Deep equality where functions (preSend, postReceive, checks) are equal only to themselves. */
function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((key) => key in b && same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const operationsOf = (field: INodeProperties) => (field.displayOptions?.show?.operation ?? []) as string[];

function withoutOperation(field: INodeProperties): INodeProperties {
	const show = { ...field.displayOptions?.show };
	delete show.operation;
	return { ...field, displayOptions: { ...field.displayOptions, show } };
}

/**
 * One parameter entry for a field that several operations define identically (Number in Create and
 * Create or Update, Invoice in Get, Update, Finalize…), shown for all of them. Same for the user,
 * cheaper for n8n: its engine resolves a parameter's value once per entry with that name, twice per
 * item, so duplicated entries multiply the expression evaluations of every item. An entry is only
 * merged where the fields of the operation it joins keep their order.
 */
function mergeSharedFields(fields: INodeProperties[]): INodeProperties[] {
	const merged: INodeProperties[] = [];
	for (const field of fields) {
		const [operation] = operationsOf(field);
		const index = merged.findIndex((earlier) => earlier.name === field.name && same(withoutOperation(earlier), withoutOperation(field)));
		const keepsOrder = index >= 0 && !merged.slice(index + 1).some((later) => operationsOf(later).includes(operation));
		if (!keepsOrder) {
			merged.push(field);
			continue;
		}
		const earlier = merged[index];
		merged[index] = {
			...earlier,
			displayOptions: {
				...earlier.displayOptions,
				show: { ...earlier.displayOptions?.show, operation: [...operationsOf(earlier), operation] },
			},
		};
	}
	return merged;
}

const LIMIT_CHECK = check.number({ min: 1, integer: true });

/** preSend step of operations with a Limit: a whole number of 1 or more, unless Return All is on. */
async function checkLimit(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	if (this.getNodeParameter('returnAll', false) === true) return requestOptions;
	const problem = LIMIT_CHECK(this.getNodeParameter('limit', 50));
	if (problem) throw failure(this, 'Limit', problem, false);
	return requestOptions;
}

function hasLimit(fields: INodeProperties[]): boolean {
	return fields.some((field) => field.name === 'limit' && field.routing?.output?.maxResults !== undefined);
}

/** "Return All" and "Limit" for a Get Many operation (the Limit becomes the result cap; checked before sending). */
export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			routing: { output: { maxResults: '={{ $value }}' } },
		},
	];
}
