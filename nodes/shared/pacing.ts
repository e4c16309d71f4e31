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
 */
import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { buildProviderError, describeRequest, providerAnswerOf, providerErrors, type ProviderErrorFormat } from './errors';
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
	 * words as the others; and a missing answer in words, without n8n's raw request in it.
	 */
	function explain(
		context: IExecuteSingleFunctions | ILoadOptionsFunctions,
		failure: unknown,
		status: number | undefined,
		requestOptions: DeclarativeRestApiSettings.HttpRequestOptions,
		attempts: number,
	): unknown {
		const format = options.format(context);
		const facts = { request: describeRequest(requestOptions), attempts };
		const worded = providerAnswerOf(failure);
		if (worded) return buildProviderError(context, format, worded.status, worded.body, facts);
		if (status !== undefined) {
			// n8n threw it itself (a 401 it keeps to renew a token): the same words as the other answers.
			const response = (failure as { cause?: { response?: { body?: unknown; data?: unknown } } } | undefined)?.cause?.response;
			return buildProviderError(context, format, status, response?.body ?? response?.data ?? null, facts);
		}
		const method = String(requestOptions.method ?? 'GET').toUpperCase();
		const code = networkCode(failure);
		const timedOut = isTimeout(failure, code);
		const what = timedOut
			? `${format.provider} did not answer within ${Number(requestOptions.timeout)} ms`
			: code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
				? `Could not reach ${format.provider} (${code}): check the host or base URL in the credential`
				: `${format.provider} closed the connection before answering${code ? ` (${code})` : ''}`;
		const tried = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
		const unsure = IDEMPOTENT_METHODS.includes(method)
			? undefined
			: `The request may have been processed by ${format.provider} even though no answer came back: check there before running this item again.`;
		// No `code` in the error body: n8n would read it as the HTTP code and put its stock text in
		// place of this message. The network code is in the message itself.
		const error = new NodeApiError(
			context.getNode(),
			{ message: what },
			{
				message: `${what}${tried}`,
				description: [unsure, `Request: ${facts.request}`].filter(Boolean).join(' | '),
				itemIndex: 'getItemIndex' in context ? context.getItemIndex() : undefined,
			},
		);
		error.message = `${what}${tried}`;
		return error;
	}

	/** The `routing.operations.pagination` function of an operation (`run` defaults to one request). */
	function paginate(run?: PacedRun) {
		return async function (
			this: IExecutePaginationFunctions,
			requestData: DeclarativeRestApiSettings.ResultOptions,
		): Promise<INodeExecutionData[]> {
			const limiter = limiterFor(await options.keyOf(this), options.defaults);
			const signal = this.getExecutionCancelSignal?.();
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
						requestData.postReceive = outputSteps;
					}
					// Widened again: the postReceive step above may have set it during the request.
					const answer = latest.answer as IN8nHttpFullResponse | undefined;
					note(limiter, ticket, answer, latest.at);
					if (items) return items;
					const status = answer?.statusCode ?? thrownStatus(failure);
					const delay = retryDelay(limiter, status, method, attempt, extra);
					if (delay === undefined) throw explain(this, failure, status, options, attempt);
					if (delay > 0) await sleep(delay, signal);
				}
			};

			if (run) return await run.call(this, send, requestData);
			return await send(requestData.options);
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
		const limiter = limiterFor(await options.keyOf(context), options.defaults);
		const timeout = timeoutOf(context);
		const method = String(requestOptions.method ?? 'GET').toUpperCase();
		const format = options.format(context);
		for (let attempt = 1; ; attempt++) {
			const ticket = await acquire(context, limiter, requestOptions);
			let answer = undefined as IN8nHttpFullResponse | undefined;
			let failure: unknown;
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
				note(limiter, ticket, answer);
			}
			const status = answer?.statusCode ?? thrownStatus(failure);
			const failed = status === undefined || status >= 400 || (answer !== undefined && format.isFailure?.(answer.body));
			if (!failed && answer) return answer.body;
			const delay = retryDelay(limiter, status, method, attempt);
			if (delay === undefined) {
				if (answer) throw buildProviderError(context, format, answer.statusCode, answer.body, { request: describeRequest(requestOptions), attempts: attempt });
				throw explain(context, failure, status, { ...requestOptions, timeout }, attempt);
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
