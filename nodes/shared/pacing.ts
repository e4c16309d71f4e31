/**
 * Puts every request of a declarative node through the token's rate limiter (./rateLimiter.ts)
 * and retries what is safe to retry, without the user configuring batching.
 *
 * How it hooks into n8n's declarative routing: each operation sets `send: { paginate: true }` and
 * `operations: { pagination: pacer.paginate(run) }`. n8n then hands the prepared request (after
 * the preSend checks) to that function, which sends it, and any further request the operation
 * needs (next pages, sub-resources), with `send()`: wait for a slot, send through
 * `makeRoutingRequest` (so credentials, the operation's postReceive steps and its error wording
 * all apply), read the rate-limit headers of the answer, retry if allowed.
 *
 * What is retried:
 * - 429 (any method): the server did not process the request, so sending it again cannot create
 *   a duplicate. Waits for `retry-after` (every request on the token waits with it). Bounded; a
 *   wait above RETRY_AFTER_CEILING_MS (60 s) fails the item at once, saying when to run it again.
 * - No answer at all (timeout, dropped connection), or 502/503/504: only for idempotent methods
 *   (GET/HEAD/OPTIONS/PUT/DELETE), where sending twice has the effect of sending once. A POST or
 *   PATCH that got no answer may have been processed, so it is never resent.
 * - Whatever an operation adds through `send(options, { retry })` (for example a 409 that means
 *   "not ready yet").
 *
 * What a failure looks like: the operation's error step words provider answers (./errors.ts);
 * the pacer adds the request (method and path) to them, the number of attempts when it retried,
 * and turns a missing answer into a NodeApiError in words (timeout, closed connection), warning
 * when a POST may have been processed. Nothing of the request's headers reaches the error.
 *
 * Secrets: every error that leaves `send`, an operation's run or `get` has the credential's values
 * (./errors.ts, `Redactor`) removed from every string of every own property, whichever path built
 * it; when the credential cannot be read to know them, the error keeps no provider text at all.
 *
 * Token exchanges: n8n runs a credential's `preAuthentication` (Levers' token exchange) with the
 * helpers of the context that sends the request. While a request is in flight, the pacer gives the
 * credential's own requests the node's timeout (Request Options → Timeout; the credential's own
 * timeout when that is shorter) and the execution's cancel signal, notes the tokens they return (removed from errors too), and words their failures
 * as token-exchange failures: the request that needed the token was not processed, so it is
 * retried as a read is (502/503/504/no answer: 3 attempts; 429: 6), whatever its method.
 */
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import {
	buildProviderError,
	describeRequest,
	exchangeFailure,
	providerAnswerOf,
	providerErrors,
	Redactor,
	secretsOf,
	unreadableWithRequest,
	type ProviderErrorFormat,
} from './errors';
import { limiterFor, readRateLimitHeaders, type RateLimitPolicy, type RateLimiter } from './rateLimiter';
import { RateLimitRefusal, RETRY_AFTER_CEILING_MS } from './rateLimiter';

/**
 * Time a request may take before it counts as unanswered: n8n's own default for declarative nodes,
 * which the node's "Request Options → Timeout" (added to every declarative node by n8n) overrides.
 */
export const DEFAULT_TIMEOUT_MS = 300_000;

export interface PacingOptions {
	/** The provider's documented limit, used until its answers say otherwise. */
	defaults: RateLimitPolicy;
	/** The provider's error format (its name, how to read its error bodies) for the credential in use. */
	format(context: IExecuteSingleFunctions | ILoadOptionsFunctions): ProviderErrorFormat;
	/** The limiter key of the credential in use: a hash from `limiterKey`, never the token. */
	keyOf(context: IExecuteSingleFunctions | ILoadOptionsFunctions): Promise<string>;
	/** Attempts (the first included) for a request answered with 429. Default 6. */
	rateLimitedAttempts?: number;
	/** Attempts for a read that got no answer or a 502/503/504. Default 3. */
	transientAttempts?: number;
	/** First pause before re-sending such a read, doubled each time. Default 500 ms. */
	transientBackoffMs?: number;
}

export interface SendOptions {
	/**
	 * Extra retry rule for this request: given an error status and the attempt number (1 for the
	 * first), the pause in ms before sending again, or undefined to give up.
	 */
	retry?: (status: number, attempt: number) => number | undefined;
	/**
	 * Skip the operation's own output steps: the answer's body comes back as one item, error
	 * answers still fail (a look-up made on the way, such as the duplicate check).
	 */
	raw?: boolean;
}

export type Send = (options: DeclarativeRestApiSettings.HttpRequestOptions, extra?: SendOptions) => Promise<INodeExecutionData[]>;

/** An operation's request logic: `send` as often as it needs and return the output items. */
export type PacedRun = (
	this: IExecutePaginationFunctions,
	send: Send,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/** Methods whose repetition has the effect of one request (RFC 9110, 9.2.2). */
const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];
const TRANSIENT_STATUSES = [502, 503, 504];

/** The HTTP status of an error n8n threw itself (for example a 401 it kept), if any. */
function thrownStatus(error: unknown): number | undefined {
	const code = Number((error as { httpCode?: unknown } | null)?.httpCode);
	return Number.isInteger(code) && code >= 100 ? code : undefined;
}

/** The network error code (ECONNRESET, ECONNABORTED, ...) somewhere in an error's cause chain. */
function networkCode(error: unknown): string | undefined {
	for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
		current = current.cause as typeof current;
	}
	return undefined;
}

/** A wait in words: seconds up to two minutes, then minutes, then hours. */
function waitText(seconds: number): string {
	if (seconds < 120) return `${seconds} s`;
	return seconds < 7200 ? `${Math.ceil(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/** The node's Request Options → Timeout (n8n's own option of declarative nodes), or the default. */
function timeoutOf(context: IExecuteSingleFunctions | ILoadOptionsFunctions): number {
	const value = Number(context.getNodeParameter('requestOptions.timeout', DEFAULT_TIMEOUT_MS));
	return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

function isTimeout(error: unknown, code: string | undefined): boolean {
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return true;
	const text = String((error as { message?: unknown } | null)?.message ?? '');
	return /timeout/i.test(text) && /exceeded|timed out/i.test(text);
}

/** What a request the credential made itself (a token exchange) ran into. */
interface CredentialRequest {
	/** "METHOD /path" of the credential's request. */
	request: string;
	/** Its failure: the answer's status and body, or the network code / timeout. */
	failure?: { status?: number; body?: unknown; headers?: IDataObject; code?: string; timedOut: boolean; timeout?: number };
}

/** One request in flight whose credential requests are watched. */
interface Watch {
	timeout: number;
	signal?: AbortSignal;
	requests: CredentialRequest[];
	/** Token values the credential's requests returned (removed from errors like the stored ones). */
	values: string[];
}

type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/** The helpers objects whose `httpRequest` is wrapped now, with the original and the watches. */
const watchedHelpers = new WeakMap<object, { original: HttpRequest; watches: Set<Watch> }>();

/** The error the wrapper throws in place of a failed credential request (no answer text in it). */
const credentialFailures = new WeakMap<object, CredentialRequest>();

/** Keys of a token answer whose values are secrets (access_token, refresh_token, id_token...). */
const TOKEN_KEY = /token|secret|password|key/i;

function tokenValues(answer: unknown): string[] {
	if (answer === null || typeof answer !== 'object') return [];
	return Object.entries(answer as IDataObject)
		.filter(([key, value]) => TOKEN_KEY.test(key) && typeof value === 'string')
		.map(([, value]) => value as string);
}

/**
 * Watches the requests a credential makes itself through `helpers.httpRequest` while a request
 * of the node is in flight (n8n hands the requesting context's helpers to `preAuthentication`;
 * the nodes' own code never calls `httpRequest`). Returns the function that stops watching.
 */
function watchCredentialRequests(helpers: { httpRequest: HttpRequest } | undefined, watch: Watch): () => void {
	if (!helpers || typeof helpers.httpRequest !== 'function') return () => {};
	let state = watchedHelpers.get(helpers);
	if (!state) {
		const shared = { original: helpers.httpRequest, watches: new Set<Watch>() };
		const wrapper = async function (this: unknown, requestOptions: IHttpRequestOptions) {
			const [current] = shared.watches;
			// The node's timeout, or the credential's own bound when that is shorter.
			const own = Number(requestOptions.timeout) > 0 ? Number(requestOptions.timeout) : Infinity;
			const options: IHttpRequestOptions = current
				? { ...requestOptions, timeout: Math.min(current.timeout, own), abortSignal: requestOptions.abortSignal ?? current.signal }
				: requestOptions;
			const record: CredentialRequest = { request: describeRequest(options) };
			for (const watching of shared.watches) watching.requests.push(record);
			try {
				const answer = await shared.original.call(this, options);
				const values = tokenValues(answer);
				for (const watching of shared.watches) watching.values.push(...values);
				return answer;
			} catch (error) {
				const response = (error as { response?: { status?: unknown; data?: unknown; body?: unknown; headers?: IDataObject } }).response;
				const status = Number(response?.status ?? (error as { httpCode?: unknown }).httpCode);
				const code = networkCode(error);
				record.failure = {
					status: Number.isInteger(status) && status >= 100 ? status : undefined,
					body: response?.data ?? response?.body,
					headers: response?.headers,
					code,
					timedOut: isTimeout(error, code),
					timeout: options.timeout,
				};
				const marker = new Error(`${record.request} failed`);
				credentialFailures.set(marker, record);
				throw marker;
			}
		};
		try {
			helpers.httpRequest = wrapper;
		} catch {
			// Helpers that cannot be changed (frozen) keep the credential's own timeout and n8n's wording.
		}
		if (helpers.httpRequest !== wrapper) return () => {};
		state = shared;
		watchedHelpers.set(helpers, shared);
	}
	state.watches.add(watch);
	const watching = state;
	return () => {
		watching.watches.delete(watch);
		if (watching.watches.size === 0 && watchedHelpers.get(helpers) === watching) {
			helpers.httpRequest = watching.original;
			watchedHelpers.delete(helpers);
		}
	};
}

/** The causes of an error, itself first (cycle-safe, bounded). */
function causesOf(error: unknown): object[] {
	const chain: object[] = [];
	for (let current = error; current && typeof current === 'object' && chain.length < 10 && !chain.includes(current); ) {
		chain.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

/**
 * The credential request behind a failure: one that failed itself, or (the credential threw after
 * its request answered, for example an answer without a token) the last one made, when the request
 * got no answer and no network error explains it.
 */
function credentialRequestBehind(failure: unknown, watch: Watch, answered: boolean): CredentialRequest | undefined {
	for (const cause of causesOf(failure)) {
		const record = credentialFailures.get(cause);
		if (record) return record;
	}
	if (failure === undefined || answered || watch.requests.length === 0 || thrownStatus(failure) !== undefined) return undefined;
	const code = networkCode(failure);
	if (code || isTimeout(failure, code)) return undefined;
	return watch.requests[watch.requests.length - 1];
}

/**
 * The secret values of the credentials set on a node, as they are now (the session token a token
 * exchange stored included); `read` is false when none could be read.
 */
async function readSecrets(context: IExecuteSingleFunctions | ILoadOptionsFunctions): Promise<{ values: string[]; read: boolean }> {
	const values: string[] = [];
	let read = false;
	for (const type of Object.keys(context.getNode().credentials ?? {})) {
		try {
			values.push(...secretsOf((await context.getCredentials(type)) as IDataObject));
			read = true;
		} catch {
			// A credential the node keeps but does not use with the current parameters.
		}
	}
	return { values, read };
}

/**
 * The redactor for the credential values of a node, as they are now, and `extra` values. Undefined
 * when no credential can be read: the caller must then show no provider text.
 */
async function redactorFor(context: IExecuteSingleFunctions | ILoadOptionsFunctions, extra: string[]): Promise<Redactor | undefined> {
	const { values, read } = await readSecrets(context);
	return read ? new Redactor([...extra, ...values]) : undefined;
}

/**
 * The last step of every error leaving the pacer: the credential's values removed from all of it,
 * or, when they cannot be known, an error with no provider text in it.
 */
function seal(
	context: IExecuteSingleFunctions | ILoadOptionsFunctions,
	provider: string,
	error: unknown,
	redactor: Redactor | undefined,
): unknown {
	if (redactor) return redactor.error(error);
	const text = `The ${provider} request failed; its details are not shown because the credential could not be read to remove its secrets from them`;
	return new NodeApiError(context.getNode(), { message: text }, {
		message: text,
		itemIndex: 'getItemIndex' in context ? context.getItemIndex() : undefined,
	});
}

/** A token exchange's 429, for the limiter to wait as the provider asked. */
function exchangeAnswer(exchange: CredentialRequest | undefined): IN8nHttpFullResponse | undefined {
	const failure = exchange?.failure;
	if (failure?.status !== 429) return undefined;
	return { statusCode: 429, headers: failure.headers ?? {}, body: null } as IN8nHttpFullResponse;
}

/** A missing answer in words: timeout, unreachable host, or a closed connection. */
function noAnswer(provider: string, code: string | undefined, timedOut: boolean, timeout: number | undefined): string {
	if (timedOut) return `${provider} did not answer within ${Number(timeout)} ms`;
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return `Could not reach ${provider} (${code}): check the host or base URL in the credential`;
	}
	return `${provider} closed the connection before answering${code ? ` (${code})` : ''}`;
}

export function createPacer(options: PacingOptions) {
	const rateLimitedAttempts = options.rateLimitedAttempts ?? 6;
	const transientAttempts = options.transientAttempts ?? 3;
	const transientBackoffMs = options.transientBackoffMs ?? 500;

	/** Pause before the next attempt (0: the limiter does the waiting), or undefined to give up. */
	function retryDelay(
		limiter: RateLimiter,
		status: number | undefined,
		method: string,
		attempt: number,
		extra?: SendOptions,
	): number | undefined {
		// A refusal (a wait above the ceiling): the next `acquire` fails the item in words, at once.
		if (status === 429) return attempt < rateLimitedAttempts || limiter.refused() ? 0 : undefined;
		if (status !== undefined && status < 400) return undefined;
		if (status !== undefined && extra?.retry) {
			const delay = extra.retry(status, attempt);
			if (delay !== undefined) return delay;
		}
		const transient = status === undefined || TRANSIENT_STATUSES.includes(status);
		if (transient && IDEMPOTENT_METHODS.includes(method) && attempt < transientAttempts) {
			const delay = transientBackoffMs * 2 ** (attempt - 1);
			limiter.block(delay);
			return 0;
		}
		return undefined;
	}

	function note(
		limiter: RateLimiter,
		ticket: Parameters<RateLimiter['release']>[0],
		answer?: IN8nHttpFullResponse,
		receivedAt = Date.now(),
	): void {
		if (answer) limiter.observe(ticket, readRateLimitHeaders(answer.headers, receivedAt), { rateLimited: answer.statusCode === 429, receivedAt });
		limiter.release(ticket);
	}

	/**
	 * A slot for the next request. When the provider asked to wait longer than the ceiling, the item
	 * fails at once, in words that say when the provider accepts requests again (nothing was processed).
	 */
	async function acquire(
		context: IExecuteSingleFunctions | ILoadOptionsFunctions,
		limiter: RateLimiter,
		requestOptions: { method?: string; url?: string; baseURL?: string },
		signal?: AbortSignal,
	): Promise<Parameters<RateLimiter['release']>[0]> {
		return await limiter
			.acquire(signal)
			.catch(async (error: unknown) => await Promise.reject(error instanceof RateLimitRefusal ? refusalError(context, error, requestOptions) : error));
	}

	function refusalError(
		context: IExecuteSingleFunctions | ILoadOptionsFunctions,
		refusal: RateLimitRefusal,
		requestOptions: { method?: string; url?: string; baseURL?: string },
	): NodeApiError {
		const provider = options.format(context).provider;
		const at = new Date(refusal.until).toISOString().replace(/\.\d+Z$/, 'Z');
		const left = waitText(Math.max(1, Math.ceil((refusal.until - Date.now()) / 1000)));
		const ceiling = RETRY_AFTER_CEILING_MS / 1000;
		const message = `${provider} will accept requests again at ${at} (in ${left}): it asked to wait ${waitText(Math.ceil(refusal.waitMs / 1000))}, longer than the ${ceiling} s this node waits`;
		const description = [
			`Nothing was processed: run the item again after ${at}.`,
			`Until then, requests with this credential fail the same way without being sent, except one every ${ceiling} s that checks whether ${provider} accepts requests again.`,
			`Request: ${describeRequest(requestOptions)}`,
		].join(' | ');
		const itemIndex = 'getItemIndex' in context ? context.getItemIndex() : undefined;
		const error = new NodeApiError(context.getNode(), { message }, { message, description, httpCode: '429', itemIndex });
		error.message = message;
		return error;
	}

	/**
	 * The error to show for a request that finally failed: the provider's answer as its error step
	 * worded it, with the request and the attempts; a 401 n8n kept (to renew a token) in the same
	 * words as the others; a missing answer in words, without n8n's raw request in it; and a failed
	 * token exchange as such, naming the request that needed the token. Built from redacted text.
	 */
	function explain(
		context: IExecuteSingleFunctions | ILoadOptionsFunctions,
		failure: unknown,
		status: number | undefined,
		requestOptions: DeclarativeRestApiSettings.HttpRequestOptions,
		attempts: number,
		redactor: Redactor,
		exchange?: CredentialRequest,
	): unknown {
		const format = options.format(context);
		const request = describeRequest(requestOptions);
		const tried = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
		const itemIndex = 'getItemIndex' in context ? context.getItemIndex() : undefined;
		/** An error in words only (no `code` in its body: n8n would put its stock text in place of the message). */
		const worded = (message: string, description: string) => {
			const text = redactor.text(message);
			const error = new NodeApiError(context.getNode(), { message: text }, { message: text, description: redactor.text(description), itemIndex });
			error.message = text;
			return error;
		};
		if (exchange) {
			const { prefix, consequence } = exchangeFailure(format.provider, request);
			const facts = { request: exchange.request, attempts, redactor, exchangeFor: request };
			const answer = exchange.failure;
			if (answer?.status !== undefined) return buildProviderError(context, format, answer.status, answer.body ?? null, facts);
			const what = !answer
				? // The credential's request answered, then the credential refused the answer (no token in it).
					String(causesOf(failure).map((cause) => (cause as { message?: unknown }).message).filter(Boolean).pop() ?? 'no access token in the answer')
				: noAnswer(format.provider, answer.code, answer.timedOut, answer.timeout);
			return worded(`${prefix}${what}${tried}`, `${consequence} | Request: ${exchange.request}`);
		}
		const facts = { request, attempts, redactor };
		const answered = providerAnswerOf(failure);
		if (answered) return buildProviderError(context, format, answered.status, answered.body, facts);
		if (status !== undefined) {
			// n8n threw it itself (a 401 it keeps to renew a token): the same words as the other answers.
			const response = (failure as { cause?: { response?: { body?: unknown; data?: unknown } } } | undefined)?.cause?.response;
			return buildProviderError(context, format, status, response?.body ?? response?.data ?? null, facts);
		}
		const method = String(requestOptions.method ?? 'GET').toUpperCase();
		const code = networkCode(failure);
		const what = noAnswer(format.provider, code, isTimeout(failure, code), Number(requestOptions.timeout));
		const unsure = IDEMPOTENT_METHODS.includes(method)
			? undefined
			: `The request may have been processed by ${format.provider} even though no answer came back: check there before running this item again.`;
		return worded(`${what}${tried}`, [unsure, `Request: ${request}`].filter(Boolean).join(' | '));
	}

	/** The `routing.operations.pagination` function of an operation (`run` defaults to one request). */
	function paginate(run?: PacedRun) {
		return async function (
			this: IExecutePaginationFunctions,
			requestData: DeclarativeRestApiSettings.ResultOptions,
		): Promise<INodeExecutionData[]> {
			const limiter = limiterFor(await options.keyOf(this), options.defaults);
			const signal = this.getExecutionCancelSignal?.();
			// The credential's values when the item started (another item may renew the session token
			// while this one's request is in flight) and the tokens its own token exchanges returned.
			const known = (await readSecrets(this)).values;
			const issued: string[] = [];
			// The first postReceive step keeps the raw answer (status, headers) of the latest attempt;
			// the operation's own steps (error wording, shaping) run after it unchanged.
			const latest: { answer?: IN8nHttpFullResponse; at?: number } = {};
			const format = options.format(this);
			requestData.postReceive.unshift({
				data: { parameterValue: undefined },
				actions: [
					async function (items: INodeExecutionData[], response: IN8nHttpFullResponse) {
						latest.answer = response;
						latest.at = Date.now();
						return items;
					},
				],
			});

			const send: Send = async (requestOptions, extra) => {
				// n8n sets `timeout` from Request Options → Timeout (or its default) on the request it prepares.
				const options = { ...requestOptions, timeout: Number(requestOptions.timeout) > 0 ? Number(requestOptions.timeout) : timeoutOf(this) };
				const method = String(options.method ?? 'GET').toUpperCase();
				for (let attempt = 1; ; attempt++) {
					const ticket = await acquire(this, limiter, options, signal);
					latest.answer = undefined;
					let items: INodeExecutionData[] | undefined;
					let failure: unknown;
					const watch: Watch = { timeout: options.timeout, signal, requests: [], values: issued };
					const unwatch = watchCredentialRequests(this.helpers as unknown as { httpRequest: HttpRequest }, watch);
					// n8n applies the output steps of the `requestData` it gave the operation, whatever is
					// passed along: a raw request swaps them for the capture and error steps meanwhile
					// (an item's requests run one after the other, so nothing else sees the swap).
					const outputSteps = requestData.postReceive;
					if (extra?.raw) requestData.postReceive = [outputSteps[0], { data: { parameterValue: undefined }, actions: [providerErrors(format)] }];
					try {
						items = await this.makeRoutingRequest({ ...requestData, options: { ...options } });
					} catch (error) {
						failure = error;
					} finally {
						unwatch();
						requestData.postReceive = outputSteps;
					}
					// Widened again: the postReceive step above may have set it during the request.
					const answer = latest.answer as IN8nHttpFullResponse | undefined;
					const exchange = items ? undefined : credentialRequestBehind(failure, watch, answer !== undefined);
					note(limiter, ticket, answer ?? exchangeAnswer(exchange), latest.at);
					if (items) return items;
					const status = exchange ? exchange.failure?.status : (answer?.statusCode ?? thrownStatus(failure));
					// A failed token exchange: the request that needed the token was not processed, so it is
					// retried as a read is, whatever its method (and without the operation's own rule).
					const delay = exchange ? retryDelay(limiter, status, 'GET', attempt) : retryDelay(limiter, status, method, attempt, extra);
					if (delay === undefined) {
						const redactor = (await redactorFor(this, [...known, ...issued])) ?? new Redactor([]);
						throw unreadableWithRequest(this, failure, options) ?? explain(this, failure, status, options, attempt, redactor, exchange);
					}
					if (delay > 0) await sleep(delay, signal);
				}
			};

			try {
				if (run) return await run.call(this, send, requestData);
				return await send(requestData.options);
			} catch (error) {
				throw seal(this, format.provider, error, await redactorFor(this, [...known, ...issued]));
			}
		};
	}

	/**
	 * A GET from code (list searches, look-ups), paced, retried and worded like the operations'
	 * requests. Answers with the body; error answers (and 2xx answers the format calls failures)
	 * throw the same NodeApiError an operation would.
	 */
	async function get(
		context: IExecuteSingleFunctions | ILoadOptionsFunctions,
		credentialType: string,
		requestOptions: IHttpRequestOptions,
	): Promise<unknown> {
		// The credential's values now, and the tokens its own token exchanges return on the way.
		const known = (await readSecrets(context)).values;
		const issued: string[] = [];
		try {
			return await getPaced(context, credentialType, requestOptions, issued, known);
		} catch (error) {
			throw seal(context, options.format(context).provider, error, await redactorFor(context, [...known, ...issued]));
		}
	}

	/** `get`'s attempts. */
	async function getPaced(
		context: IExecuteSingleFunctions | ILoadOptionsFunctions,
		credentialType: string,
		requestOptions: IHttpRequestOptions,
		issued: string[],
		known: string[],
	): Promise<unknown> {
		const limiter = limiterFor(await options.keyOf(context), options.defaults);
		const timeout = timeoutOf(context);
		const method = String(requestOptions.method ?? 'GET').toUpperCase();
		const format = options.format(context);
		for (let attempt = 1; ; attempt++) {
			const ticket = await acquire(context, limiter, requestOptions);
			let answer = undefined as IN8nHttpFullResponse | undefined;
			let failure: unknown;
			let exchange: CredentialRequest | undefined;
			const watch: Watch = { timeout, requests: [], values: issued };
			const unwatch = watchCredentialRequests(context.helpers as unknown as { httpRequest: HttpRequest }, watch);
			try {
				answer = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, {
					json: true,
					timeout,
					...requestOptions,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				})) as IN8nHttpFullResponse;
			} catch (error) {
				failure = error;
			} finally {
				unwatch();
				exchange = answer ? undefined : credentialRequestBehind(failure, watch, false);
				note(limiter, ticket, answer ?? exchangeAnswer(exchange));
			}
			const status = exchange ? exchange.failure?.status : (answer?.statusCode ?? thrownStatus(failure));
			const failed = status === undefined || status >= 400 || (answer !== undefined && format.isFailure?.(answer.body));
			if (!failed && answer) return answer.body;
			// A failed token exchange is retried as a read is (see `send`).
			const delay = retryDelay(limiter, status, exchange ? 'GET' : method, attempt);
			if (delay === undefined) {
				const redactor = (await redactorFor(context, [...known, ...issued])) ?? new Redactor([]);
				if (answer) throw buildProviderError(context, format, answer.statusCode, answer.body, { request: describeRequest(requestOptions), attempts: attempt, redactor });
				throw explain(context, failure, status, { ...requestOptions, timeout }, attempt, redactor, exchange);
			}
			if (delay > 0) await sleep(delay);
		}
	}

	/** An operation's routing with every request through the pacer (`run` for operations needing more than one). */
	function route(routing: INodePropertyRouting, run?: PacedRun): INodePropertyRouting {
		return {
			...routing,
			send: { ...routing.send, paginate: true },
			operations: { ...routing.operations, pagination: paginate(run) },
		};
	}

	return { paginate, get, route, keyOf: options.keyOf };
}

export type Pacer = ReturnType<typeof createPacer>;
