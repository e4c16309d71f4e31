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
 *   a duplicate. Waits for `retry-after` (every request on the token waits with it). Bounded.
 * - No answer at all, or 502/503/504: only for GET/HEAD/OPTIONS, which change nothing. A POST that
 *   got no answer may have been processed, so it is never resent.
 * - Whatever an operation adds through `send(options, { retry })` (for example a 409 that means
 *   "not ready yet").
 */
import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { limiterFor, readRateLimitHeaders, type RateLimitPolicy, type RateLimiter } from './rateLimiter';

export interface PacingOptions {
	/** The provider's documented limit, used until its answers say otherwise. */
	defaults: RateLimitPolicy;
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
}

export type Send = (options: DeclarativeRestApiSettings.HttpRequestOptions, extra?: SendOptions) => Promise<INodeExecutionData[]>;

/** An operation's request logic: `send` as often as it needs and return the output items. */
export type PacedRun = (
	this: IExecutePaginationFunctions,
	send: Send,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];
const TRANSIENT_STATUSES = [502, 503, 504];

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
		if (status === 429) return attempt < rateLimitedAttempts ? 0 : undefined;
		if (status !== undefined && status < 400) return undefined;
		if (status !== undefined && extra?.retry) {
			const delay = extra.retry(status, attempt);
			if (delay !== undefined) return delay;
		}
		const transient = status === undefined || TRANSIENT_STATUSES.includes(status);
		if (transient && SAFE_METHODS.includes(method) && attempt < transientAttempts) {
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
		if (answer) {
			limiter.observe(ticket, readRateLimitHeaders(answer.headers, receivedAt), {
				rateLimited: answer.statusCode === 429,
				receivedAt,
			});
		}
		limiter.release(ticket);
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
				const method = String(requestOptions.method ?? 'GET').toUpperCase();
				for (let attempt = 1; ; attempt++) {
					const ticket = await limiter.acquire(signal);
					latest.answer = undefined;
					let items: INodeExecutionData[] | undefined;
					let failure: unknown;
					try {
						items = await this.makeRoutingRequest({ ...requestData, options: { ...requestOptions } });
					} catch (error) {
						failure = error;
					}
					// Widened again: the postReceive step above may have set it during the request.
					const answer = latest.answer as IN8nHttpFullResponse | undefined;
					note(limiter, ticket, answer, latest.at);
					if (items) return items;
					const delay = retryDelay(limiter, answer?.statusCode, method, attempt, extra);
					if (delay === undefined) throw failure;
					if (delay > 0) await sleep(delay, signal);
				}
			};

			if (run) return await run.call(this, send, requestData);
			return await send(requestData.options);
		};
	}

	/**
	 * One request from code (list searches, look-ups), paced and retried like the rest. Answers
	 * with the full response whatever its status; the caller words errors.
	 */
	async function request(
		context: IExecuteSingleFunctions | ILoadOptionsFunctions,
		credentialType: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IN8nHttpFullResponse> {
		const limiter = limiterFor(await options.keyOf(context), options.defaults);
		const method = String(requestOptions.method ?? 'GET').toUpperCase();
		for (let attempt = 1; ; attempt++) {
			const ticket = await limiter.acquire();
			let answer = undefined as IN8nHttpFullResponse | undefined;
			let failure: unknown;
			try {
				answer = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, {
					json: true,
					...requestOptions,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				})) as IN8nHttpFullResponse;
			} catch (error) {
				failure = error;
			} finally {
				note(limiter, ticket, answer);
			}
			const delay = retryDelay(limiter, answer?.statusCode, method, attempt);
			if (delay === undefined) {
				if (answer) return answer;
				throw failure;
			}
			if (delay > 0) await sleep(delay);
		}
	}

	return { paginate, request };
}
