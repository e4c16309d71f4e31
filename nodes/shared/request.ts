/**
 * The request of an operation built from its fields by ONE preSend step, each field read once.
 *
 * Fields keep n8n's routing notation: `routing: { send: { type: 'body' | 'query', property } }`
 * (in a collection's or fixedCollection's options too) and `routing: { request: { url } }` with
 * `{{ $value }}` in the URL. Left to n8n, every field with routing is read two more times per item
 * than it needs (n8n-core's RoutingNode reads it once to find the base URL and once to build the
 * request, then the operation's checks read it again), and each `$value` template is one more
 * expression. `fieldRequest` takes that routing off the fields and returns the preSend step that
 * does the same: reads each displayed field once (see ./parameters.ts, which the later steps share)
 * and puts its value where its routing says, in the order n8n would.
 */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeParameters,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	PreSendAction,
} from 'n8n-workflow';
import { deepCopy, NodeHelpers } from 'n8n-workflow';
import { locatorValue, parameter } from './parameters';

type Option = INodeProperties | INodePropertyCollection | INodePropertyOptions;

/** Where one value goes. */
type Target = (request: IHttpRequestOptions, value: unknown) => void;

/** How to place one field's value (and its nested options' values). */
interface Placement {
	field: INodeProperties;
	targets: Target[];
	nested: Array<(request: IHttpRequestOptions, value: unknown, parameters: INodeParameters) => void>;
}

function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	const last = keys.pop() as string;
	let current = target;
	for (const key of keys) {
		if (current[key] === null || typeof current[key] !== 'object') current[key] = {};
		current = current[key] as IDataObject;
	}
	current[last] = (value !== null && typeof value === 'object' ? deepCopy(value as IDataObject) : value) as IDataObject[string];
}

const URL_VALUE = /\{\{\s*\$value\s*\}\}/g;
const URL_ENCODED_VALUE = /\{\{\s*encodeURIComponent\(String\(\$value\)\.trim\(\)\)\s*\}\}/g;

/** `{{ $value }}` as n8n writes a value into text. */
function asText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

/** A `routing.request.url` template with `$value` as a function of the value. */
function urlTemplate(template: string, where: string): (value: unknown) => string {
	if (!template.startsWith('=')) return () => template;
	const text = template.slice(1);
	const rest = text.replace(URL_VALUE, '').replace(URL_ENCODED_VALUE, '');
	if (rest.includes('{{')) throw new Error(`${where}: only {{ $value }} and {{ encodeURIComponent(String($value).trim()) }} are supported in a field's URL`);
	return (value) =>
		text.replace(URL_ENCODED_VALUE, () => encodeURIComponent(asText(value).trim())).replace(URL_VALUE, () => asText(value));
}

/** The targets of one field's own routing (nothing else of n8n's routing is used on fields). */
function targetsOf(option: Option, where: string): Target[] {
	const routing = 'routing' in option ? option.routing : undefined;
	if (!routing) return [];
	const { send, request, ...others } = routing;
	const { url, ...otherRequest } = request ?? {};
	const { type, property, ...otherSend } = send ?? {};
	if (Object.keys(others).length || Object.keys(otherRequest).length || Object.keys(otherSend).length) {
		throw new Error(`${where}: a field's routing may only set send.type, send.property and request.url`);
	}
	const targets: Target[] = [];
	if (property !== undefined) {
		targets.push((request, value) => {
			if (type === 'body') {
				if (request.body === null || typeof request.body !== 'object') request.body = {};
				setPath(request.body as IDataObject, property, value);
			} else {
				request.qs = request.qs ?? {};
				setPath(request.qs, property, value);
			}
		});
	}
	if (typeof url === 'string') {
		const build = urlTemplate(url, where);
		targets.push((request, value) => {
			request.url = build(value);
		});
	}
	return targets;
}

/** A field without its routing (and its nested options without theirs). */
function withoutRouting<T extends Option>(option: T): T {
	const copy = { ...option } as T & { routing?: unknown; options?: Option[]; values?: Option[] };
	delete copy.routing;
	if (Array.isArray(copy.options)) copy.options = copy.options.map((inner) => withoutRouting(inner));
	if (Array.isArray(copy.values)) copy.values = copy.values.map((inner) => withoutRouting(inner));
	return copy;
}

/** Where the values inside a collection / fixedCollection go, as n8n's RoutingNode walks them. */
function nestedOf(field: INodeProperties, where: string): Placement['nested'] {
	const options = (field.options ?? []) as Option[];
	if (field.type === 'collection') {
		const inner = (options as INodeProperties[]).map((option) => ({ option, targets: targetsOf(option, `${where}.${option.name}`), nested: nestedOf(option, `${where}.${option.name}`) }));
		if (!inner.some((entry) => entry.targets.length || entry.nested.length)) return [];
		return [
			(request, value, parameters) => {
				if (value === null || typeof value !== 'object') return;
				const keys = Object.keys(value);
				for (const { option, targets, nested } of inner) {
					if (!keys.includes(option.name) || !NodeHelpers.displayParameter(parameters, option, null, null, parameters)) continue;
					const own = option.type === 'resourceLocator' ? locatorValue((value as IDataObject)[option.name]) : (value as IDataObject)[option.name];
					for (const target of targets) target(request, own);
					for (const walk of nested) walk(request, (value as IDataObject)[option.name], parameters);
				}
			},
		];
	}
	if (field.type === 'fixedCollection') {
		const groups = (options as INodePropertyCollection[]).map((group) => ({
			group,
			values: (group.values as INodeProperties[]).map((option) => ({ option, targets: targetsOf(option, `${where}.${group.name}.${option.name}`) })),
		}));
		if (!groups.some((entry) => entry.values.some((inner) => inner.targets.length))) return [];
		for (const { group } of groups) {
			for (const option of group.values as INodeProperties[]) {
				if (option.type === 'collection' || option.type === 'fixedCollection') throw new Error(`${where}.${group.name}.${option.name}: nested collections with routing are not supported`);
			}
		}
		return [
			(request, value, parameters) => {
				if (value === null || typeof value !== 'object') return;
				for (const { group, values } of groups) {
					const raw = (value as IDataObject)[group.name];
					if (raw === undefined) continue;
					const entries = Array.isArray(raw) ? raw : [raw];
					for (const entry of entries) {
						for (const { option, targets } of values) {
							if (!NodeHelpers.displayParameter(parameters, option, null, null, parameters)) continue;
							const own = (entry as IDataObject | null)?.[option.name];
							for (const target of targets) target(request, option.type === 'resourceLocator' ? locatorValue(own) : own);
						}
					}
				}
			},
		];
	}
	for (const option of options as INodePropertyOptions[]) {
		if ('routing' in option && option.routing) throw new Error(`${where}: routing on the choices of a field is not supported`);
	}
	return [];
}

/**
 * The operation's fields without routing, and the preSend step that builds the request from them
 * (undefined when no field has routing).
 */
export function fieldRequest(fields: INodeProperties[], where: string): { fields: INodeProperties[]; build?: PreSendAction } {
	const placements: Placement[] = fields
		.map((field) => ({ field, targets: targetsOf(field, `${where} › ${field.name}`), nested: nestedOf(field, `${where} › ${field.name}`) }))
		.filter((placement) => placement.targets.length || placement.nested.length);
	const stripped = fields.map((field) => (placements.some((placement) => placement.field === field) ? withoutRouting(field) : field));
	if (!placements.length) return { fields: stripped };
	async function buildRequest(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const parameters = this.getNode().parameters;
		for (const { field, targets, nested } of placements) {
			if (!NodeHelpers.displayParameter(parameters, field, this.getNode(), null, parameters)) continue;
			const value = parameter(this, field.name);
			const own = field.type === 'resourceLocator' ? locatorValue(value) : value;
			for (const target of targets) target(request, own);
			for (const walk of nested) walk(request, value, parameters);
		}
		return request;
	}
	return { fields: stripped, build: buildRequest };
}
