/**
 * Turns a provider's error answer into a NodeApiError that says, in words, what happened and
 * carries the provider's own message and the HTTP code.
 *
 * Nodes send their requests with `ignoreHttpStatusErrors` (except 401, which n8n itself handles so
 * that expired tokens get refreshed), and put `providerErrors(format)` first in each operation's
 * postReceive list.
 */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export interface ProviderErrorFormat {
	/** The provider's name as users know it. */
	provider: string;
	/** Pulls the provider's own message and per-field details out of an error body. */
	parse(body: unknown): { message?: string; details?: string[] };
	/** For APIs that can report failure with a 2xx status (an envelope flag). */
	isFailure?(body: unknown): boolean;
	/** For APIs whose every 2xx answer has one shape (an envelope): whether this body has it. */
	isReadable?(body: unknown): boolean;
}

const HEADLINES: Record<number, string> = {
	400: 'rejected the request as invalid',
	401: 'did not accept the credentials: check the credential set on this node',
	403: 'refused access: the credential lacks permission for this action',
	404: 'could not find the requested record',
	409: 'reported a conflict with the current state of the record',
	422: 'rejected some of the fields',
	429: 'is rate limiting requests: too many requests in a short time',
};

export function headline(provider: string, status: number): string {
	if (HEADLINES[status]) return `${provider} ${HEADLINES[status]}`;
	// A 2xx reaches here only through `isFailure` (an envelope flag such as `succeeded: false`).
	if (status >= 200 && status < 300) return `${provider} reported that the request failed (HTTP ${status})`;
	if (status >= 500) return `${provider} had a server error (HTTP ${status}); try again later`;
	return `${provider} answered with HTTP ${status}`;
}

/** The answer each worded error came from, so that the pacer can add the request to it. */
const answers = new WeakMap<NodeApiError, { status: number; body: unknown }>();

/** The provider's answer behind an error this module built, if it built it. */
export function providerAnswerOf(error: unknown): { status: number; body: unknown } | undefined {
	return error instanceof NodeApiError ? answers.get(error) : undefined;
}

/**
 * "METHOD /path?query (record ID)" of a request (no host, no headers: nothing secret), for error messages.
 * The query is kept because some APIs take the record's ID there (`getbyId?InvoiceId=...`).
 */
export function describeRequest(options: { method?: string; url?: string; baseURL?: string; qs?: IDataObject; body?: unknown }): string {
	const method = String(options.method ?? 'GET').toUpperCase();
	const url = String(options.url ?? '');
	const full = /^https?:\/\//i.test(url) ? url : `${String(options.baseURL ?? '').replace(/\/+$/, '')}${url}`;
	let path: string;
	let query: URLSearchParams;
	try {
		const parsed = new URL(full, 'http://host.invalid');
		path = parsed.pathname;
		query = parsed.searchParams;
	} catch {
		path = full.replace(/[?#].*$/, '');
		query = new URLSearchParams();
	}
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined && value !== null && typeof value !== 'object') query.set(key, String(value));
	}
	const text = query.toString();
	// APIs that take the record's ID in the body (`PUT /invoice` with `uuid`) name it here.
	const body = options.body as IDataObject | undefined;
	const id = body && typeof body === 'object' ? (body.uuid ?? body.id) : undefined;
	const record = typeof id === 'string' || typeof id === 'number' ? ` (record ${id})` : '';
	return `${method} ${path}${text ? `?${text}` : ''}${record}`;
}

export interface RequestFacts {
	/** "METHOD /path" (see describeRequest): named in a 404's message and in every description. */
	request?: string;
	/** Attempts made, when more than one. */
	attempts?: number;
}

export function buildProviderError(
	context: IExecuteSingleFunctions | ILoadOptionsFunctions,
	format: ProviderErrorFormat,
	status: number,
	body: unknown,
	facts: RequestFacts = {},
): NodeApiError {
	const { message, details = [] } = format.parse(body);
	const fieldText = details.length ? details.join('; ') : undefined;
	const summary = status === 422 && fieldText ? fieldText : message;
	const errorBody: JsonObject =
		body !== null && typeof body === 'object' && !Array.isArray(body)
			? (body as JsonObject)
			: { body: typeof body === 'string' ? body : JSON.stringify(body ?? null) };
	// "which record": a 404 names the request that found nothing.
	const where = status === 404 && facts.request ? ` at ${facts.request}` : '';
	const tried = facts.attempts && facts.attempts > 1 ? ` (gave up after ${facts.attempts} attempts)` : '';
	const head = `${headline(format.provider, status)}${where}`;
	const description = [message, fieldText, facts.request ? `Request: ${facts.request}` : undefined]
		.filter((part, i, all) => part && all.indexOf(part) === i)
		.join(' | ');
	const error = new NodeApiError(context.getNode(), errorBody, {
		message: `${summary ? `${head}: ${summary}` : head}${tried}`,
		description: description || undefined,
		httpCode: String(status),
		itemIndex: 'getItemIndex' in context ? context.getItemIndex() : undefined,
	});
	answers.set(error, { status, body });
	return error;
}

/** postReceive step: throws for error answers, passes successful ones through unchanged. */
export function providerErrors(format: ProviderErrorFormat) {
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const status = response.statusCode;
		if (status >= 400) throw buildProviderError(this, format, status, response.body);
		if (format.isFailure?.(response.body)) throw buildProviderError(this, format, status, response.body);
		assertReadable(this, format, response);
		return items;
	};
}

/**
 * Whether a 2xx body is JSON the node can read: nothing at all (204), an object, an array or a
 * JSON scalar. Text (an HTML error page from a proxy, "OK") or bytes are not; n8n hands a body it
 * could not parse as JSON over as its text.
 */
export function isReadableBody(body: unknown): boolean {
	if (body === undefined || body === null) return true;
	if (typeof body === 'string') return body.trim() === '';
	if (typeof body === 'object') return !(body instanceof ArrayBuffer) && !ArrayBuffer.isView(body);
	return true;
}

/** Errors for answers that could not be read, and the kind of answer each was (for the request's words). */
const unreadable = new WeakMap<NodeApiError, { provider: string; status: number; kind: string }>();

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** "text/html, 118 characters" of an answer (never its content: it may echo the request). */
function kindOf(body: unknown, contentType?: unknown): string {
	const type = typeof contentType === 'string' && contentType ? contentType.split(';')[0].trim() : undefined;
	const size = typeof body === 'string' ? `${body.length} characters` : typeof body;
	return [type, size].filter(Boolean).join(', ');
}

/**
 * A 2xx answer the node cannot read (not JSON, or not the JSON the operation expects): an error,
 * never "nothing found". With the request (`method`, "METHOD /path"), a request that changes
 * something says it may have been processed.
 */
export function unreadableAnswer(
	context: IExecuteSingleFunctions | ILoadOptionsFunctions,
	provider: string,
	status: number,
	kind: string,
	request?: { method?: string; description?: string },
): NodeApiError {
	const message = `${provider} sent an answer that could not be read (HTTP ${status}, ${kind})`;
	const method = String(request?.method ?? 'GET').toUpperCase();
	const unsure = request && !SAFE_METHODS.includes(method)
		? `The request may have been processed by ${provider} even though its answer could not be read: check there before running this item again.`
		: undefined;
	const error = new NodeApiError(
		context.getNode(),
		{ message },
		{
			message,
			description: [unsure, 'Expected JSON from the API; a proxy or gateway may have answered instead.', request?.description ? `Request: ${request.description}` : undefined]
				.filter(Boolean)
				.join(' | '),
			itemIndex: 'getItemIndex' in context ? context.getItemIndex() : undefined,
		},
	);
	error.message = message;
	unreadable.set(error, { provider, status, kind });
	return error;
}

/** Error step part: a 2xx answer that is not JSON (or not the format's `isReadable`) throws unreadableAnswer. */
export function assertReadable(context: IExecuteSingleFunctions, format: ProviderErrorFormat, response: IN8nHttpFullResponse): void {
	const { statusCode: status, body } = response;
	if (status >= 400) return;
	const readable = isReadableBody(body) && (format.isReadable?.(body) ?? true);
	if (!readable) {
		const kind = isReadableBody(body) ? 'not the JSON expected' : kindOf(body, response.headers?.['content-type']);
		throw unreadableAnswer(context, format.provider, status, kind);
	}
}

/** The same error naming the request (method and path), if `error` is one for an unreadable answer. */
export function unreadableWithRequest(
	context: IExecuteSingleFunctions | ILoadOptionsFunctions,
	error: unknown,
	request: { method?: string; url?: string; baseURL?: string; qs?: IDataObject; body?: unknown },
): NodeApiError | undefined {
	const facts = error instanceof NodeApiError ? unreadable.get(error) : undefined;
	if (!facts) return undefined;
	return unreadableAnswer(context, facts.provider, facts.status, facts.kind, { method: request.method, description: describeRequest(request) });
}
