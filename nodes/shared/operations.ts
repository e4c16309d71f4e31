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
import { baseUrlStep, type BaseUrlSource } from './credentials';
import type { PacedRun, Pacer } from './pacing';
import { parameter } from './parameters';
import { fieldRequest } from './request';
import { check, failure } from './validation';

export interface OperationModule {
	option: INodePropertyOptions;
	fields: INodeProperties[];
	/** Request logic for operations that need more than one request (pages, look-ups); see ./pacing.ts. */
	run?: PacedRun;
}

/**
 * What every operation of a provider shares, applied by `resourceOperations` to each operation:
 * its base URL comes from the credential (first preSend step, no expression: see ./credentials.ts),
 * its requests go through the pacer (rate limit, safe retries, worded failures), `preSend` steps
 * run before the operation's own checks, `postReceive` steps (the error step) before its output steps.
 */
export interface Provider {
	pacer: Pacer;
	/** The credential in use and the API base URL it gives (the node sets no `requestDefaults.baseURL`). */
	baseUrl: BaseUrlSource;
	preSend?: PreSendAction[];
	postReceive: PostReceiveAction[];
}

type Routing = NonNullable<INodePropertyOptions['routing']>;

/**
 * An operation's routing as n8n gets it: the base URL from the credential, the request built from the fields (./request.ts), the
 * Limit check (operations with a Limit), the provider's checks, the operation's own, the
 * provider's error step, the operation's output steps, all requests through the pacer (`run` for
 * operations that need more than one request).
 */
function providerRouting(
	provider: Provider,
	routing: Routing,
	run: PacedRun | undefined,
	withLimit: boolean,
	build: PreSendAction | undefined,
): Routing {
	const preSend = [baseUrlStep(provider.baseUrl), ...(build ? [build] : []), ...(withLimit ? [checkLimit] : []), ...(provider.preSend ?? []), ...(routing.send?.preSend ?? [])];
	const postReceive = [...provider.postReceive, ...(routing.output?.postReceive ?? [])];
	return provider.pacer.route(
		{ ...routing, send: { ...routing.send, preSend }, output: { ...routing.output, postReceive } },
		withLimit ? limited(run) : run,
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
	const built = operations.map((operation) => ({
		...operation,
		...fieldRequest(operation.fields, `${resource} › ${String(operation.option.value)}`),
	}));
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: built
			.map(({ option, run, fields, build }) => ({ ...option, routing: providerRouting(provider, option.routing ?? {}, run, hasLimit(fields), build) }))
			.sort((a, b) => String(a.name).localeCompare(String(b.name))),
		default: defaultOperation,
	};
	const fields = built.flatMap((operation) => operation.fields.map((field) => scope(field, resource, String(operation.option.value))));
	return mergeSharedFields([selector, ...fields]);
}

/** Deep equality where functions (preSend, postReceive, checks) are equal only to themselves. */
function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	// A key set to undefined is the same as no key (a field without routing may say `routing: undefined`).
	const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
	const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((key) => key in b && same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const listOf = (field: INodeProperties, key: string) => (field.displayOptions?.show?.[key] ?? []) as string[];

/** The (resource, operation) pairs an operation field is shown for, as "resource/operation". */
const pairsOf = (field: INodeProperties) => listOf(field, 'resource').flatMap((resource) => listOf(field, 'operation').map((operation) => `${resource}/${operation}`));

function withoutPairs(field: INodeProperties): INodeProperties {
	const show = { ...field.displayOptions?.show };
	delete show.resource;
	delete show.operation;
	return { ...field, displayOptions: { ...field.displayOptions, show } };
}

/** Every (resource, operation) pair of a node, from its Operation selectors. */
function allPairs(properties: INodeProperties[]): Set<string> {
	return new Set(
		properties
			.filter((property) => property.name === 'operation')
			.flatMap((selector) => listOf(selector, 'resource').flatMap((resource) => (selector.options ?? []).map((option) => `${resource}/${String((option as INodePropertyOptions).value)}`))),
	);
}

/**
 * One parameter entry for a field that several operations define identically (Invoice in Get,
 * Update, Finalize…; Return All in the Get Many of two resources), shown for all of them. Same for
 * the user, cheaper for n8n: its engine resolves a parameter's value once per entry with that name,
 * twice per item, whichever entry is displayed, so duplicated entries multiply the expression
 * evaluations of every item. Two entries are merged when:
 * - their resources × operations are exactly the pairs they were shown for (displayOptions cannot
 *   say "invoice Create or contact Get"), and
 * - the entries can still be ordered so that every operation shows its fields in its own order
 *   (and everything else, such as the Resource and Operation selectors, stays before what followed it).
 * Operation fields are those shown by resource and operation; anything else is left as it is.
 */
export function mergeSharedFields(properties: INodeProperties[]): INodeProperties[] {
	const pairs = allPairs(properties);
	/** Entry of each property (an index into `entries`), and each entry's merged field. */
	const entryOf: number[] = [];
	const entries: INodeProperties[] = [];
	for (const [index, field] of properties.entries()) {
		const mine = pairsOf(field);
		entryOf.push(entries.length);
		entries.push(field);
		if (!mine.length) continue;
		for (const [candidate, earlier] of entries.entries()) {
			if (candidate === entries.length - 1 || earlier.name !== field.name || !pairsOf(earlier).length) continue;
			const joined = same(withoutPairs(earlier), withoutPairs(field)) ? join(earlier, field) : joinCollections(earlier, field, pairs);
			if (!joined) continue;
			const wanted = new Set([...pairsOf(earlier), ...mine]);
			if (!pairsOf(joined).every((pair) => wanted.has(pair) || !pairs.has(pair))) continue;
			entryOf[index] = candidate;
			if (order(properties, entryOf, entries.length - 1)) {
				entries.pop();
				entries[candidate] = joined;
				break;
			}
			entryOf[index] = entries.length - 1;
		}
	}
	return (order(properties, entryOf, entries.length) ?? []).map((entry) => entries[entry]);
}

/** Pairs ("resource/operation") an option of a merged collection is shown for: its own '/resource' × '/operation', or its collection's. */
function optionPairs(option: INodeProperties, collection: INodeProperties): string[] {
	const show = option.displayOptions?.show ?? {};
	if (!show['/resource'] || !show['/operation']) return pairsOf(collection);
	return (show['/resource'] as string[]).flatMap((resource) => (show['/operation'] as string[]).map((operation) => `${resource}/${operation}`));
}

function withoutRootPairs(option: INodeProperties): INodeProperties {
	const show = { ...option.displayOptions?.show };
	delete show['/resource'];
	delete show['/operation'];
	const displayOptions = Object.keys(show).length || option.displayOptions?.hide ? { ...option.displayOptions, show } : undefined;
	return { ...option, displayOptions };
}

/**
 * Two collections of the same name with different options (Additional Fields of two operations)
 * as one entry: every option of either, each shown only for the operations that have it (nested
 * displayOptions on the root's Resource and Operation, as n8n reads them), identical options once.
 * Undefined when the two differ otherwise, or an option's pairs cannot be said that way.
 */
function joinCollections(earlier: INodeProperties, field: INodeProperties, pairs: Set<string>): INodeProperties | undefined {
	if (earlier.type !== 'collection' || field.type !== 'collection') return undefined;
	if (!same({ ...withoutPairs(earlier), options: [] }, { ...withoutPairs(field), options: [] })) return undefined;
	const joined = join(earlier, field);
	const options: Array<{ option: INodeProperties; pairs: Set<string> }> = [];
	for (const [collection, list] of [[earlier, earlier.options], [field, field.options]] as const) {
		for (const option of (list ?? []) as INodeProperties[]) {
			const plain = withoutRootPairs(option);
			const known = options.find((entry) => same(entry.option, plain));
			const shownFor = optionPairs(option, collection);
			if (known) shownFor.forEach((pair) => known.pairs.add(pair));
			else options.push({ option: plain, pairs: new Set(shownFor) });
		}
	}
	const everywhere = pairsOf(joined);
	const result: INodeProperties[] = [];
	for (const { option, pairs: wanted } of options) {
		if (everywhere.every((pair) => wanted.has(pair))) {
			result.push(option);
			continue;
		}
		const resources = [...new Set([...wanted].map((pair) => pair.split('/')[0]))];
		const operations = [...new Set([...wanted].map((pair) => pair.split('/')[1]))];
		const exact = resources.every((resource) => operations.every((operation) => wanted.has(`${resource}/${operation}`) || !pairs.has(`${resource}/${operation}`)));
		if (!exact) return undefined;
		const show = { ...option.displayOptions?.show, '/resource': resources, '/operation': operations };
		result.push({ ...option, displayOptions: { ...option.displayOptions, show } });
	}
	result.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { ...joined, options: result };
}

function join(earlier: INodeProperties, field: INodeProperties): INodeProperties {
	const resources = [...new Set([...listOf(earlier, 'resource'), ...listOf(field, 'resource')])];
	const operations = [...new Set([...listOf(earlier, 'operation'), ...listOf(field, 'operation')])];
	return { ...earlier, displayOptions: { ...earlier.displayOptions, show: { ...earlier.displayOptions?.show, resource: resources, operation: operations } } };
}

/**
 * An order of the entries (0 to count - 1) that keeps every operation's fields in their order and
 * puts every non-operation property before all that followed it, or undefined when there is none.
 * Ties go to the entry whose first property came first.
 */
function order(properties: INodeProperties[], entryOf: number[], count: number): number[] | undefined {
	const after = Array.from({ length: count }, () => new Set<number>());
	const sequences = new Map<string, number>();
	for (const [index, property] of properties.entries()) {
		const entry = entryOf[index];
		const fieldPairs = pairsOf(property);
		if (!fieldPairs.length) {
			for (const later of entryOf.slice(index + 1)) if (later !== entry) after[entry].add(later);
		}
		for (const pair of fieldPairs) {
			const previous = sequences.get(pair);
			if (previous !== undefined && previous !== entry) after[previous].add(entry);
			sequences.set(pair, entry);
		}
	}
	const first = Array.from({ length: count }, (_, entry) => entryOf.indexOf(entry));
	const waiting = Array.from({ length: count }, () => 0);
	for (const targets of after) for (const target of targets) waiting[target]++;
	const ready = first.map((_, entry) => entry).filter((entry) => waiting[entry] === 0);
	const result: number[] = [];
	while (ready.length) {
		ready.sort((a, b) => first[a] - first[b]);
		const entry = ready.shift() as number;
		result.push(entry);
		for (const target of after[entry]) if (--waiting[target] === 0) ready.push(target);
	}
	return result.length === count ? result : undefined;
}

const LIMIT_CHECK = check.number({ min: 1, integer: true });

/** preSend step of operations with a Limit: a whole number of 1 or more, unless Return All is on. */
async function checkLimit(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	if (parameter(this, 'returnAll', false) === true) return requestOptions;
	const problem = LIMIT_CHECK(parameter(this, 'limit', 50));
	if (problem) throw failure(this, 'Limit', problem, false);
	return requestOptions;
}

function hasLimit(fields: INodeProperties[]): boolean {
	return fields.some((field) => field.name === 'limit') && fields.some((field) => field.name === 'returnAll');
}

/**
 * The `run` of an operation with a Limit: unless Return All is on, the Limit is the result cap
 * (`maxResults`, which the lists read and n8n applies to the output), read once with the check.
 */
function limited(run: PacedRun | undefined): PacedRun {
	return async function (send, requestData) {
		if (parameter(this, 'returnAll', false) !== true) requestData.maxResults = parameter(this, 'limit', 50) as number;
		return run ? await run.call(this, send, requestData) : await send(requestData.options);
	};
}

/** "Return All" and "Limit" for a Get Many operation (the Limit becomes the result cap, see `limited`; checked before sending). */
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
		},
	];
}
