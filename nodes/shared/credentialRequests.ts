/**
 * Token exchanges: n8n runs a credential's `preAuthentication` (Levers' token exchange) with the
 * helpers of the context that sends the request. While a request of the node is in flight, the
 * pacer (./pacing.ts) watches the credential's own requests through those helpers: they get the
 * node's timeout (Request Options → Timeout; the credential's own when that is shorter) and the
 * execution's cancel signal, the tokens they return are noted (removed from errors like the stored
 * ones), and a failure is kept in facts (no answer text in the error thrown) so that it is worded as
 * the token exchange's (./errors.ts) and the request that needed the token is retried as a read.
 */
import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { causesOf, describeRequest, isTimeout, networkCode, thrownStatus } from './errors';

/** What a request the credential made itself (a token exchange) ran into. */
export interface CredentialRequest {
	/** "METHOD /path" of the credential's request. */
	request: string;
	/** Its failure: the answer's status and body, or the network code / timeout. */
	failure?: { status?: number; body?: unknown; headers?: IDataObject; code?: string; timedOut: boolean; timeout?: number };
}

/** One request in flight whose credential requests are watched; `values`: the tokens they returned. */
export interface Watch {
	timeout: number;
	signal?: AbortSignal;
	requests: CredentialRequest[];
	values: string[];
}

type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/** The helpers objects whose `httpRequest` is wrapped now, with the original and the watches. */
const watchedHelpers = new WeakMap<object, { original: HttpRequest; watches: Set<Watch> }>();

/** The error the wrapper throws in place of a failed credential request. */
const credentialFailures = new WeakMap<object, CredentialRequest>();

/** Keys of a token answer whose values are secrets (access_token, refresh_token, id_token...). */
const TOKEN_KEY = /token|secret|password|key/i;

/**
 * Watches the requests a credential makes through `helpers.httpRequest` while a request of the node
 * is in flight (the nodes' own code never calls `httpRequest`). Returns the function that stops it.
 */
export function watchCredentialRequests(helpers: unknown, watch: Watch): () => void {
	const target = helpers as { httpRequest?: HttpRequest } | undefined;
	if (!target || typeof target.httpRequest !== 'function') return () => {};
	let state = watchedHelpers.get(target);
	if (!state) {
		const shared = { original: target.httpRequest, watches: new Set<Watch>() };
		const wrapper = async function (this: unknown, requestOptions: IHttpRequestOptions) {
			const [current] = shared.watches;
			const own = Number(requestOptions.timeout) > 0 ? Number(requestOptions.timeout) : Infinity;
			const options: IHttpRequestOptions = current
				? { ...requestOptions, timeout: Math.min(current.timeout, own), abortSignal: requestOptions.abortSignal ?? current.signal }
				: requestOptions;
			const record: CredentialRequest = { request: describeRequest(options) };
			for (const watching of shared.watches) watching.requests.push(record);
			try {
				const answer = await shared.original.call(this, options);
				const values = Object.entries(answer !== null && typeof answer === 'object' ? (answer as IDataObject) : {})
					.filter(([key, value]) => TOKEN_KEY.test(key) && typeof value === 'string')
					.map(([, value]) => value as string);
				for (const watching of shared.watches) watching.values.push(...values);
				return answer;
			} catch (error) {
				const response = (error as { response?: { status?: unknown; data?: unknown; body?: unknown; headers?: IDataObject } }).response;
				const code = networkCode(error);
				const status = Number(response?.status) >= 100 ? Number(response?.status) : thrownStatus(error);
				record.failure = { status, body: response?.data ?? response?.body, headers: response?.headers, code, timedOut: isTimeout(error, code), timeout: options.timeout };
				const marker = new Error(`${record.request} failed`);
				credentialFailures.set(marker, record);
				throw marker;
			}
		};
		try {
			target.httpRequest = wrapper;
		} catch {
			// Helpers that cannot be changed (frozen) keep the credential's own timeout and n8n's wording.
		}
		if (target.httpRequest !== wrapper) return () => {};
		state = shared;
		watchedHelpers.set(target, shared);
	}
	state.watches.add(watch);
	const watching = state;
	return () => {
		watching.watches.delete(watch);
		if (watching.watches.size === 0 && watchedHelpers.get(target) === watching) {
			target.httpRequest = watching.original;
			watchedHelpers.delete(target);
		}
	};
}

/**
 * The credential request behind a failure: one that failed itself, or (the credential threw after its
 * request answered, for example an answer without a token) the last one made, when the node's request
 * got no answer and no network error explains it.
 */
export function credentialRequestBehind(failure: unknown, watch: Watch, answered: boolean): CredentialRequest | undefined {
	for (const cause of causesOf(failure)) {
		const record = credentialFailures.get(cause);
		if (record) return record;
	}
	if (failure === undefined || answered || watch.requests.length === 0 || thrownStatus(failure) !== undefined) return undefined;
	const code = networkCode(failure);
	return code || isTimeout(failure, code) ? undefined : watch.requests[watch.requests.length - 1];
}

/** A token exchange's 429, for the limiter to wait as the provider asked. */
export function exchangeAnswer(exchange: CredentialRequest | undefined): IN8nHttpFullResponse | undefined {
	const failure = exchange?.failure;
	return failure?.status === 429 ? ({ statusCode: 429, headers: failure.headers ?? {}, body: null } as IN8nHttpFullResponse) : undefined;
}
