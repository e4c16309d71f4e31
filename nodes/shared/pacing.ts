/**
 * Puts every request of a declarative node through the token's rate limiter (./rateLimiter.ts) and
 * retries what is safe to retry, without the user configuring batching. Operations use `route`: n8n
 * hands the prepared request (after the preSend steps) to a pagination function, which sends it and
 * any further request the operation's `run` needs with `send()`, through `makeRoutingRequest` (the
 * credential, the operation's postReceive steps and error wording apply). Code outside operations
 * uses `get`. Both go through `attempts`: wait for a slot, send, tell the limiter what the answer
 * said, retry if allowed, else throw the failure in words (./errors.ts `requestFailure`).
 *
 * Retried: a 429, any method (not processed, so no duplicate; a wait above RETRY_AFTER_CEILING_MS
 * fails at once instead); no answer or a 502/503/504 for idempotent methods only (a POST or PATCH
 * that got no answer may have been processed: never resent); what an operation adds with
 * `send(options, { retry })`; a failed token exchange (./credentialRequests.ts) as a read, whatever
 * the method (the request that needed the token was not sent). Every error that leaves `send`, a
 * run or `get` has the credential's values removed (./errors.ts `seal`), whichever path built it.
 */
import type { DeclarativeRestApiSettings, IExecutePaginationFunctions, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import type { IN8nHttpFullResponse, INodeExecutionData, INodePropertyRouting, ILoadOptionsFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { credentialRequestBehind, exchangeAnswer, watchCredentialRequests, type Watch } from './credentialRequests';
import { buildProviderError, credentialSecrets, describeRequest, IDEMPOTENT_METHODS, providerErrors, Redactor } from './errors';
import { refusalError, requestFailure, seal, thrownStatus, type ProviderErrorFormat } from './errors';
import { limiterFor, readRateLimitHeaders, RateLimitRefusal, RETRY_AFTER_CEILING_MS, type RateLimitPolicy, type RateLimiter } from './rateLimiter';

/** Time a request may take before it counts as unanswered: n8n's default for declarative nodes, which
 * their "Request Options → Timeout" (added to every declarative node by n8n) overrides. */
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
	/** Extra retry rule: given an error status and the attempt number (1 for the first), the pause
	 * in ms before sending again, or undefined to give up. */
	retry?: (status: number, attempt: number) => number | undefined;
	/** Skip the operation's own output steps: the answer's body comes back as one item, error answers
	 * still fail (a look-up made on the way, such as the duplicate check). */
	raw?: boolean;
}

export type Send = (options: DeclarativeRestApiSettings.HttpRequestOptions, extra?: SendOptions) => Promise<INodeExecutionData[]>;

/** An operation's request logic: `send` as often as it needs and return the output items. */
export type PacedRun = (this: IExecutePaginationFunctions, send: Send, requestData: DeclarativeRestApiSettings.ResultOptions) => Promise<INodeExecutionData[]>;

type Context = IExecuteSingleFunctions | ILoadOptionsFunctions;
type RequestOptions = DeclarativeRestApiSettings.HttpRequestOptions | IHttpRequestOptions;

/**
 * The requests of one item (or one `get`): their limiter, the raw answer of the latest attempt, the
 * credential's values when the node run started (an item may renew a session token while another
 * one's request is in flight; an error reads them again as they are now) and the tokens its own
 * token exchanges returned.
 */
type Session = { context: Context; format: ProviderErrorFormat; limiter: RateLimiter; signal?: AbortSignal; known: string[]; issued: string[]; latest: Latest };
type Latest = { answer?: IN8nHttpFullResponse; at?: number };

const TRANSIENT_STATUSES = [502, 503, 504];

export function createPacer(options: PacingOptions) {
	const rateLimitedAttempts = options.rateLimitedAttempts ?? 6;
	const transientAttempts = options.transientAttempts ?? 3;
	const transientBackoffMs = options.transientBackoffMs ?? 500;

	/** Pause before the next attempt (0: the limiter does the waiting), or undefined to give up. */
	function retryDelay(limiter: RateLimiter, status: number | undefined, method: string, attempt: number, extra?: SendOptions): number | undefined {
		// A refusal (a wait above the ceiling): the next `acquire` fails the item in words, at once.
		if (status === 429) return attempt < rateLimitedAttempts || limiter.refused() ? 0 : undefined;
		if (status !== undefined && status < 400) return undefined;
		const own = status !== undefined ? extra?.retry?.(status, attempt) : undefined;
		if (own !== undefined) return own;
		const transient = status === undefined || TRANSIENT_STATUSES.includes(status);
		if (!transient || !IDEMPOTENT_METHODS.includes(method) || attempt >= transientAttempts) return undefined;
		limiter.block(transientBackoffMs * 2 ** (attempt - 1));
		return 0;
	}

	/**
	 * One request's attempts: wait for a slot, `send` it (which notes its raw answer in `latest`) while
	 * the credential's own requests are watched, tell the limiter what the answer said, then retry or
	 * throw the failure in words.
	 */
	async function attempts<R extends RequestOptions, T>(session: Session, requestOptions: R, send: (request: R) => Promise<T>, extra?: SendOptions): Promise<T> {
		const { context, format, limiter, signal, latest } = session;
		// n8n sets `timeout` on the request it prepares; else the node's Request Options → Timeout, or the default.
		const timeout = Number(requestOptions.timeout) > 0 ? Number(requestOptions.timeout) : Number(context.getNodeParameter('requestOptions.timeout', 0));
		const request = { ...requestOptions, timeout: timeout > 0 && timeout < Infinity ? timeout : DEFAULT_TIMEOUT_MS };
		const method = String(request.method ?? 'GET').toUpperCase();
		for (let attempt = 1; ; attempt++) {
			const ticket = await limiter.acquire(signal).catch((error: unknown) => {
				throw error instanceof RateLimitRefusal ? refusalError(context, format.provider, error, RETRY_AFTER_CEILING_MS, describeRequest(request)) : error;
			});
			const watch: Watch = { timeout: request.timeout, signal, requests: [], values: session.issued };
			const unwatch = watchCredentialRequests(context.helpers, watch);
			[latest.answer, latest.at] = [undefined, undefined];
			let failure: unknown;
			const result = await send(request).then((value) => ({ value }), (error: unknown) => void (failure = error)).finally(unwatch);
			// Widened again: the send may have set it meanwhile.
			const answer = latest.answer as IN8nHttpFullResponse | undefined;
			const exchange = result ? undefined : credentialRequestBehind(failure, watch, answer !== undefined);
			const told = answer ?? exchangeAnswer(exchange);
			const at = latest.at ?? Date.now();
			if (told) limiter.observe(ticket, readRateLimitHeaders(told.headers, at), { rateLimited: told.statusCode === 429, receivedAt: at });
			limiter.release(ticket);
			if (result) return result.value;
			const status = exchange ? exchange.failure?.status : (answer?.statusCode ?? thrownStatus(failure));
			// A failed token exchange: the request that needed the token was not sent, so it is retried as a
			// read is, whatever its method (and without the operation's own rule).
			const delay = exchange ? retryDelay(limiter, status, 'GET', attempt) : retryDelay(limiter, status, method, attempt, extra);
			if (delay === undefined) {
				const redactor = new Redactor([...session.known, ...session.issued, ...((await credentialSecrets(context)) ?? [])]);
				throw requestFailure(context, format, failure, status, request, attempt, redactor, exchange);
			}
			if (delay > 0) await sleep(delay, signal);
		}
	}

	/** Runs an item's (or a `get`'s) requests, made by `task` in a session; every error leaving it is sealed. */
	async function paced<T>(context: Context, task: (session: Session) => Promise<T>): Promise<T> {
		// A credential that cannot be read fails here, in n8n's own words (they hold no credential value).
		const limiter = limiterFor(await options.keyOf(context), options.defaults);
		const signal = (context as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal?.();
		const format = options.format(context);
		const session = { context, format, limiter, signal, latest: {}, known: (await credentialSecrets(context, true)) ?? [], issued: [] as string[] };
		try {
			return await task(session);
		} catch (error) {
			throw await seal(context, format.provider, error, [...session.known, ...session.issued]);
		}
	}

	/** The `routing.operations.pagination` function of an operation (`run` defaults to one request). */
	function paginate(run?: PacedRun) {
		return async function (this: IExecutePaginationFunctions, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]> {
			return await paced(this, async (session) => {
				// A first postReceive step keeps the raw answer (status, headers) of the latest attempt; the
				// operation's own steps (error wording, shaping) run after it unchanged.
				const keep = async (items: INodeExecutionData[], response: IN8nHttpFullResponse) => {
					[session.latest.answer, session.latest.at] = [response, Date.now()];
					return items;
				};
				const capture = { data: { parameterValue: undefined }, actions: [keep] };
				requestData.postReceive.unshift(capture);
				const send: Send = async (requestOptions, extra) =>
					await attempts(session, requestOptions, async (request) => {
						// n8n applies the output steps of the `requestData` it gave the operation, whatever is
						// passed along: a raw request swaps them for the capture and error steps meanwhile (an
						// item's requests run one after the other, so nothing else sees the swap).
						const outputSteps = requestData.postReceive;
						if (extra?.raw) requestData.postReceive = [capture, { data: { parameterValue: undefined }, actions: [providerErrors(session.format)] }];
						try {
							return await this.makeRoutingRequest({ ...requestData, options: { ...request } });
						} finally {
							requestData.postReceive = outputSteps;
						}
					}, extra);
				return run ? await run.call(this, send, requestData) : await send(requestData.options);
			});
		};
	}

	/**
	 * A GET from code (list searches, look-ups), paced, retried and worded like the operations'
	 * requests. Answers with the body; error answers (and 2xx answers the format calls failures)
	 * throw the same NodeApiError an operation would.
	 */
	async function get(context: Context, credentialType: string, requestOptions: IHttpRequestOptions): Promise<unknown> {
		return await paced(context, async (session) =>
			await attempts(session, requestOptions, async (request) => {
				const options = { json: true, ...request, returnFullResponse: true, ignoreHttpStatusErrors: true };
				const answer = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, options)) as IN8nHttpFullResponse;
				[session.latest.answer, session.latest.at] = [answer, Date.now()];
				const failed = answer.statusCode >= 400 || session.format.isFailure?.(answer.body);
				if (failed) throw buildProviderError(context, session.format, answer.statusCode, answer.body);
				return answer.body;
			}),
		);
	}

	/** An operation's routing with every request through the pacer (`run` for operations needing more than one). */
	function route(routing: INodePropertyRouting, run?: PacedRun): INodePropertyRouting {
		return { ...routing, send: { ...routing.send, paginate: true }, operations: { ...routing.operations, pagination: paginate(run) } };
	}

	return { paginate, get, route, keyOf: options.keyOf };
}

export type Pacer = ReturnType<typeof createPacer>;
