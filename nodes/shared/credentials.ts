/**
 * The credential of a node run read once, and the API base URL taken from it.
 *
 * n8n reads a credential again (from its database, decrypted) on every `getCredentials` call. The
 * steps that need the credential itself (the base URL, the rate limiter's key, Billy's Source
 * Software check) read it through `credentialsOf`, which keeps one read for every item of the node
 * run, as n8n's own declarative engine does for `$credentials` (read once per run, with the first
 * item). n8n still reads it once per request to authenticate it, so the request always carries the
 * credential as it is now (a renewed session token included). The pacer starts each item's list of
 * secrets to remove from errors from this read too, and reads the credential afresh when an error
 * leaves it, so a value changed during the run is removed as well.
 *
 * The base URL: a declarative node's `requestDefaults.baseURL` expression is evaluated twice per
 * item by n8n 2.x (once to build the request, once more in `resolveBaseUrl`, for its
 * allowed-domains check), whatever the operation. `baseUrlStep` sets the same URL from the
 * credential in the first preSend step instead, with no expression, and gives the API's host the
 * same place in the credential's "Allowed HTTP Request Domains" list that n8n gives a base URL
 * declared in `requestDefaults` (see `withOwnHost`).
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	PreSendAction,
} from 'n8n-workflow';
import { owner } from './parameters';

type Context = IExecuteSingleFunctions | ILoadOptionsFunctions;

const reads = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

/**
 * What a read is kept for: the node run. n8n hands every item context of one run the same execute
 * data object (a new one for each run); a context without it (a list search, a poll) keeps its own.
 */
function runOf(context: Context): object {
	const data = (context as Partial<IExecuteSingleFunctions>).getExecuteData?.();
	return data !== null && typeof data === 'object' ? data : owner(context);
}

/**
 * The run's credential of `type`, read from n8n on the run's first ask only. The read in progress is
 * shared (n8n starts every item's steps together); a failed read is not kept, so the next item asks again.
 */
export async function credentialsOf(context: Context, type: string): Promise<ICredentialDataDecryptedObject> {
	const key = runOf(context);
	const kept = reads.get(key) ?? new Map<string, Promise<ICredentialDataDecryptedObject>>();
	reads.set(key, kept);
	let read = kept.get(type);
	if (!read) {
		const asked = context.getCredentials(type);
		kept.set(type, asked);
		asked.catch(() => kept.get(type) === asked && kept.delete(type));
		read = asked;
	}
	return await read;
}

/** Lower-case host name of an absolute URL (no trailing dot), or undefined. */
function hostnameOf(url: string): string | undefined {
	try {
		return new URL(url).hostname.toLowerCase().replace(/\.$/, '') || undefined;
	} catch {
		return undefined;
	}
}

/** Whether `host` is in a comma-separated allowed-domains list (`*.example.com`: subdomains only), as n8n matches it. */
function listed(host: string, list: string): boolean {
	return list
		.split(',')
		.map((entry) => entry.trim().toLowerCase().replace(/\.$/, ''))
		.filter(Boolean)
		.some((entry) => (entry.startsWith('*.') ? entry.length > 2 && host.endsWith(`.${entry.slice(2)}`) : host === entry));
}

/**
 * The credential's "Allowed HTTP Request Domains" list as n8n 2.x sets it on a request whose base
 * URL the node declares (requestDefaults): the API's own host first, unless listed already. n8n
 * put the user's list on the request (Specific Domains only) before the preSend steps; without a
 * declared base URL it could not add the host itself.
 */
export function withOwnHost(allowedDomains: unknown, baseUrl: string): string | undefined {
	if (typeof allowedDomains !== 'string' || allowedDomains.trim() === '') return undefined;
	const host = hostnameOf(baseUrl);
	if (!host || host.includes(',') || listed(host, allowedDomains)) return allowedDomains;
	return `${host}, ${allowedDomains}`;
}

/** How a provider finds its API base URL: the credential type in use, and the URL from its data. */
export interface BaseUrlSource {
	credentialType(context: Context): string;
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
}

/** The API base URL for the item's credential. */
export async function baseUrlOf(context: Context, source: BaseUrlSource): Promise<string> {
	return source.baseUrl(await credentialsOf(context, source.credentialType(context)));
}

/** preSend step (first of every operation): the request's base URL from the credential, its host allowed as n8n allows a declared one. */
export function baseUrlStep(source: BaseUrlSource): PreSendAction {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const baseURL = await baseUrlOf(this, source);
		const allowedDomains = withOwnHost(request.allowedDomains, baseURL);
		return { ...request, baseURL, ...(allowedDomains !== undefined ? { allowedDomains } : {}) };
	};
}
