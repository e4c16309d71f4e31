/**
 * Turns a provider's error answer into a NodeApiError that says, in words, what happened and
 * carries the provider's own message and the HTTP code.
 *
 * Nodes send their requests with `ignoreHttpStatusErrors` (except 401, which n8n itself handles so
 * that expired tokens get refreshed), and put `providerErrors(format)` first in each operation's
 * postReceive list.
 *
 * Secrets: a provider (a debug server, a FastAPI 422 with its `input` values) may echo the request's
 * Authorization header or body in its answer. Every error the pacer (./pacing.ts) lets out is built
 * from text with the credential's values removed (`Redactor`, `requestFailure`), and goes through `seal`
 * as it leaves: n8n keeps `{ ...error }` of a failed node in its execution data, `errorResponse` included.
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
import type { CredentialRequest } from './credentialRequests';
import { credentialsOf } from './credentials';

/**
 * Credential fields that hold secrets: every password field of this package's credentials (API
 * tokens, Levers' client secret and the session token its token exchange returns, Billy's access
 * token). test/reliability/hostile-secrets.test.js checks that the list covers them all.
 */
export const SECRET_CREDENTIAL_FIELDS: readonly string[] = ['accessToken', 'apiToken', 'clientSecret', 'sessionToken'];

/**
 * Values shorter than this are not looked for: a 1-3 character "secret" would match inside ordinary
 * words and numbers of every message (and is guessed in a moment anyway, so hiding it protects
 * nothing). Every credential of this package issues or expects far longer values.
 */
export const MIN_SECRET_LENGTH = 4;

/** What a removed secret is replaced with. */
export const REDACTED = '[redacted]';

/** Nesting depth past which values are dropped rather than searched (answers are shallow). */
const MAX_DEPTH = 12;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The string values of a credential's secret fields. */
export function secretsOf(credentials: IDataObject | undefined): string[] {
	if (!credentials) return [];
	return SECRET_CREDENTIAL_FIELDS.map((field) => credentials[field]).filter((value): value is string => typeof value === 'string');
}

/**
 * Removes given secrets from text and from any value: each secret in any letter case, as it is
 * (also inside "Bearer ..."), URL-encoded (a query string, a form body) and JSON-escaped (a body
 * quoted inside another body's text).
 */
export class Redactor {
	private readonly pattern?: RegExp;

	constructor(secrets: Iterable<unknown>) {
		const forms = new Set<string>();
		for (const secret of secrets) {
			if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
			forms.add(secret);
			forms.add(encodeURIComponent(secret));
			forms.add(JSON.stringify(secret).slice(1, -1));
		}
		// Longest first, so that a secret containing another is removed whole.
		const sorted = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
		if (sorted.length) this.pattern = new RegExp(sorted.join('|'), 'gi');
	}

	/** Whether there is anything to remove. */
	get empty(): boolean {
		return this.pattern === undefined;
	}

	text(text: string): string {
		return this.pattern ? text.replace(this.pattern, REDACTED) : text;
	}

	/**
	 * A copy of a value with every string (keys too) redacted. Plain objects and arrays are copied,
	 * errors redacted in place (`error`), anything else (sockets, request objects, binary data) is
	 * named instead of searched.
	 */
	value(value: unknown, seen = new Map<object, unknown>(), depth = 0): unknown {
		if (typeof value === 'string') return this.text(value);
		if (value === null || typeof value !== 'object') return value;
		if (seen.has(value)) return seen.get(value);
		if (depth > MAX_DEPTH) return '[nested too deep]';
		if (value instanceof Error) return this.error(value, seen, depth);
		if (Array.isArray(value)) {
			const copy: unknown[] = [];
			seen.set(value, copy);
			for (const entry of value) copy.push(this.value(entry, seen, depth + 1));
			return copy;
		}
		if (value instanceof Date) return value;
		const prototype = Object.getPrototypeOf(value);
		if (prototype !== Object.prototype && prototype !== null) return `[${String(prototype?.constructor?.name ?? 'object')}]`;
		const copy: IDataObject = {};
		seen.set(value, copy);
		for (const [key, entry] of Object.entries(value)) copy[this.text(key)] = this.value(entry, seen, depth + 1) as IDataObject[string];
		return copy;
	}

	/**
	 * Redacts an error in place: every own property (enumerable or not: `message`, `stack`, `cause`,
	 * `description`, `errorResponse`, `context`, `messages`...), the causes with it. `node` is the
	 * workflow's own node object (parameters, no credential values), left as it is.
	 */
	error<E>(error: E, seen = new Map<object, unknown>(), depth = 0): E {
		if (error === null || typeof error !== 'object') return error;
		const target = error as unknown as object;
		if (seen.has(target)) return error;
		seen.set(target, target);
		if (this.empty) return error;
		for (const key of Reflect.ownKeys(target)) {
			if (key === 'node' || typeof key === 'symbol') continue;
			const descriptor = Object.getOwnPropertyDescriptor(target, key);
			if (!descriptor || !('value' in descriptor)) continue;
			const value = this.value(descriptor.value, seen, depth + 1);
			if (descriptor.configurable) Object.defineProperty(target, key, { ...descriptor, value });
			else if (descriptor.writable) (target as Record<string, unknown>)[key] = value;
		}
		return error;
	}
}

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
	/**
	 * The credential's values: removed from the answer before anything is read from it. Errors built
	 * without them (the operations' postReceive steps) are rebuilt with them by the pacer.
	 */
	redactor?: Redactor;
	/**
	 * Set when the answer is the credential's token exchange's (`request` is then the exchange):
	 * the request that needed the token, which was not processed.
	 */
	exchangeFor?: string;
}

/** The words of a failed token exchange: what it means for the request that needed the token. */
export function exchangeFailure(provider: string, exchangeFor: string): { prefix: string; consequence: string } {
	return {
		prefix: `${provider} token exchange failed: `,
		consequence: `No access token could be obtained, so ${exchangeFor} was not processed by ${provider}: nothing was created or changed by it.`,
	};
}

export function buildProviderError(
	context: IExecuteSingleFunctions | ILoadOptionsFunctions,
	format: ProviderErrorFormat,
	status: number,
	answerBody: unknown,
	facts: RequestFacts = {},
): NodeApiError {
	const redactor = facts.redactor ?? new Redactor([]);
	// Everything below is read from the redacted answer: message, details, the body n8n keeps.
	const body = redactor.value(answerBody);
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
	const exchange = facts.exchangeFor ? exchangeFailure(format.provider, facts.exchangeFor) : undefined;
	const head = `${exchange?.prefix ?? ''}${headline(format.provider, status)}${where}`;
	const description = [exchange?.consequence, message, fieldText, facts.request ? `Request: ${facts.request}` : undefined]
		.filter((part, i, all) => part && all.indexOf(part) === i)
		.join(' | ');
	const error = new NodeApiError(context.getNode(), errorBody, {
		message: redactor.text(`${summary ? `${head}: ${summary}` : head}${tried}`),
		description: description ? redactor.text(description) : undefined,
		httpCode: String(status),
		itemIndex: 'getItemIndex' in context ? context.getItemIndex() : undefined,
	});
	answers.set(error, { status, body: answerBody });
	return redactor.error(error);
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

// ---- Failures of paced requests (./pacing.ts): what went wrong, in words, with the credential's values removed.

/** Methods whose repetition has the effect of one request (RFC 9110, 9.2.2). */
export const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

/** The HTTP status of an error n8n threw itself (for example a 401 it kept), if any. */
export function thrownStatus(error: unknown): number | undefined {
	const code = Number((error as { httpCode?: unknown } | null)?.httpCode);
	return Number.isInteger(code) && code >= 100 ? code : undefined;
}

/** The causes of an error, itself first (cycle-safe, bounded). */
export function causesOf(error: unknown): object[] {
	const chain: object[] = [];
	for (let current = error; current && typeof current === 'object' && chain.length < 10 && !chain.includes(current); ) {
		chain.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

/** The network error code (ECONNRESET, ECONNABORTED, ...) somewhere in an error's cause chain. */
export function networkCode(error: unknown): string | undefined {
	const code = causesOf(error)
		.slice(0, 5)
		.map((cause) => (cause as { code?: unknown }).code)
		.find((value) => typeof value === 'string' && /^E[A-Z_]+$/.test(value));
	return code as string | undefined;
}

export function isTimeout(error: unknown, code: string | undefined): boolean {
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return true;
	const text = String((error as { message?: unknown } | null)?.message ?? '');
	return /timeout/i.test(text) && /exceeded|timed out/i.test(text);
}

/** A missing answer in words: timeout, unreachable host, or a closed connection. */
function noAnswer(provider: string, code: string | undefined, timedOut: boolean, timeout: unknown): string {
	if (timedOut) return `${provider} did not answer within ${Number(timeout)} ms`;
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Could not reach ${provider} (${code}): check the host or base URL in the credential`;
	return `${provider} closed the connection before answering${code ? ` (${code})` : ''}`;
}

/** A wait in words: seconds up to two minutes, then minutes, then hours. */
function waitText(ms: number): string {
	const seconds = Math.max(1, Math.ceil(ms / 1000));
	if (seconds < 120) return `${seconds} s`;
	return seconds < 7200 ? `${Math.ceil(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

type Context = IExecuteSingleFunctions | ILoadOptionsFunctions;

/** A NodeApiError in words only (no `code` in its body: n8n would put its stock text in place of the message). */
function worded(context: Context, message: string, description?: string, httpCode?: string): NodeApiError {
	const itemIndex = 'getItemIndex' in context ? context.getItemIndex() : undefined;
	const error = new NodeApiError(context.getNode(), { message }, { message, description, httpCode, itemIndex });
	error.message = message;
	return error;
}

/**
 * A request not sent because the provider asked to wait longer than the node does (`ceilingMs`): when
 * it accepts requests again, that nothing was processed, and that requests fail so until then.
 */
export function refusalError(context: Context, provider: string, refusal: { until: number; waitMs: number }, ceilingMs: number, request: string): NodeApiError {
	const at = new Date(refusal.until).toISOString().replace(/\.\d+Z$/, 'Z');
	const ceiling = ceilingMs / 1000;
	const message = `${provider} will accept requests again at ${at} (in ${waitText(refusal.until - Date.now())}): it asked to wait ${waitText(refusal.waitMs)}, longer than the ${ceiling} s this node waits`;
	return worded(context, message, [
		`Nothing was processed: run the item again after ${at}.`,
		`Until then, requests with this credential fail the same way without being sent, except one every ${ceiling} s that checks whether ${provider} accepts requests again.`,
		`Request: ${request}`,
	].join(' | '), '429');
}

/**
 * The error for a paced request that finally failed, built from redacted text: an unreadable answer
 * naming the request; the provider's answer as its error step worded it (a 401 n8n kept to renew a
 * token in the same words), with the request and the attempts; a failed token exchange (`exchange`)
 * as such, naming the request that needed the token; a missing answer in words, without n8n's raw
 * request, warning when a request that is not idempotent may have been processed.
 */
export function requestFailure(
	context: Context,
	format: ProviderErrorFormat,
	failure: unknown,
	status: number | undefined,
	requestOptions: { method?: string; url?: string; baseURL?: string; qs?: IDataObject; body?: unknown; timeout?: number },
	attempts: number,
	redactor: Redactor,
	exchange?: CredentialRequest,
): unknown {
	const unreadableError = unreadableWithRequest(context, failure, requestOptions);
	if (unreadableError) return unreadableError;
	const request = describeRequest(requestOptions);
	const tried = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
	const say = (message: string, description: string) => worded(context, redactor.text(message), redactor.text(description));
	if (exchange) {
		const { prefix, consequence } = exchangeFailure(format.provider, request);
		const answer = exchange.failure;
		if (answer?.status !== undefined) return buildProviderError(context, format, answer.status, answer.body ?? null, { request: exchange.request, attempts, redactor, exchangeFor: request });
		// No failure: the credential's request answered, then the credential refused the answer (no token in it).
		const messages = causesOf(failure).map((cause) => (cause as { message?: unknown }).message).filter(Boolean);
		const what = answer ? noAnswer(format.provider, answer.code, answer.timedOut, answer.timeout) : String(messages.pop() ?? 'no access token in the answer');
		return say(`${prefix}${what}${tried}`, `${consequence} | Request: ${exchange.request}`);
	}
	const answered = providerAnswerOf(failure);
	// Else n8n threw it itself (a 401 it keeps to renew a token): the same words as the other answers.
	const response = (failure as { cause?: { response?: { body?: unknown; data?: unknown } } } | undefined)?.cause?.response;
	const answer = answered ?? (status !== undefined ? { status, body: response?.body ?? response?.data ?? null } : undefined);
	if (answer) return buildProviderError(context, format, answer.status, answer.body, { request, attempts, redactor });
	const code = networkCode(failure);
	const unsure = IDEMPOTENT_METHODS.includes(String(requestOptions.method ?? 'GET').toUpperCase())
		? []
		: [`The request may have been processed by ${format.provider} even though no answer came back: check there before running this item again.`];
	return say(`${noAnswer(format.provider, code, isTimeout(failure, code), requestOptions.timeout)}${tried}`, [...unsure, `Request: ${request}`].join(' | '));
}

/**
 * The secret values of the credentials set on a node, undefined when none could be read: as they are
 * now (a stored session token included), or with `atRunStart` as the node run's first step read them
 * (./credentials.ts: one read per run instead of one more database read and decryption per item).
 */
export async function credentialSecrets(context: Context, atRunStart = false): Promise<string[] | undefined> {
	let values: string[] | undefined;
	for (const type of Object.keys(context.getNode().credentials ?? {})) {
		try {
			const read = atRunStart ? await credentialsOf(context, type) : await context.getCredentials(type);
			values = [...(values ?? []), ...secretsOf(read as IDataObject)];
		} catch {
			// A credential the node keeps but does not use with the current parameters.
		}
	}
	return values;
}

/**
 * The last step of every error leaving the pacer: the values of the node's credentials as they are now
 * and `extra` values removed from all of it, or, when no credential can be read to know them, an error
 * with no provider text in it.
 */
export async function seal(context: Context, provider: string, error: unknown, extra: string[]): Promise<unknown> {
	const values = await credentialSecrets(context);
	if (values) return new Redactor([...extra, ...values]).error(error);
	const text = `The ${provider} request failed; its details are not shown because the credential could not be read to remove its secrets from them`;
	return worded(context, text);
}
