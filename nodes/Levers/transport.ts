/**
 * What every Levers operation shares: its error format and the postReceive step that applies it,
 * and the pacer every request goes through.
 */
import type { IDataObject, IExecuteSingleFunctions, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { providerErrors, type ProviderErrorFormat } from '../shared/errors';
import type { Provider } from '../shared/operations';
import { createPacer } from '../shared/pacing';
import { limiterKey, UNDOCUMENTED_RATE_LIMIT } from '../shared/rateLimiter';
import { apiBaseUrl } from './constants';
import { credentialsOf, type BaseUrlSource } from '../shared/credentials';
import { parameter } from '../shared/parameters';

/** Levers runs on FastAPI: `{"detail": "text"}` or, for 422, `{"detail": [{loc, msg, type}]}`. */
export const leversErrorFormat: ProviderErrorFormat = {
	provider: 'Levers',
	parse(body) {
		const detail = (body as IDataObject | null)?.detail;
		if (typeof detail === 'string') return { message: detail };
		if (Array.isArray(detail)) {
			const details = detail.map((entry) => {
				const { loc, msg } = entry as { loc?: unknown[]; msg?: string };
				const field = Array.isArray(loc) ? loc.filter((part) => part !== 'body').join('.') : '';
				return field ? `${field}: ${msg ?? 'invalid'}` : String(msg ?? 'invalid');
			});
			return { message: 'Validation error', details };
		}
		if (typeof body === 'string' && body) return { message: body };
		return {};
	},
};

export const leversErrors = providerErrors(leversErrorFormat);

/** Credential type for each choice of the node's "Authentication" parameter. */
export const CREDENTIAL_BY_AUTHENTICATION: Record<string, string> = {
	clientCredentials: 'leversInvoicingApi',
	accessToken: 'leversAccessTokenInvoicingApi',
};

export function credentialTypeOf(context: IExecuteSingleFunctions | ILoadOptionsFunctions): string {
	const authentication = parameter(context, 'authentication', 'clientCredentials') as string;
	return CREDENTIAL_BY_AUTHENTICATION[authentication] ?? 'leversInvoicingApi';
}

/**
 * Every Levers request: paced per credential (Levers documents no rate limit, so only its answers
 * set a pace: 429 with `retry-after`, `ratelimit-*` headers), retried where that is safe, and worded.
 */
export const pacer = createPacer({
	defaults: UNDOCUMENTED_RATE_LIMIT,
	format: () => leversErrorFormat,
	async keyOf(context) {
		const type = credentialTypeOf(context);
		const credentials = await credentialsOf(context, type);
		return limiterKey(type, String(credentials.host ?? ''), String(credentials.clientId ?? credentials.accessToken ?? ''));
	},
});

/** The credential in use (the Authentication choice) and the API base URL of its host. */
export const leversBaseUrl: BaseUrlSource = { credentialType: credentialTypeOf, baseUrl: apiBaseUrl };

/** What every Levers operation shares (see resourceOperations): the base URL, the pacer and the error step. */
export const leversProvider: Provider = { pacer, baseUrl: leversBaseUrl, postReceive: [leversErrors] };

/**
 * The "Authentication" choices. Each sets which error statuses n8n hands to the operation's error
 * step (a fixed value on the option, so nothing is evaluated per item): all of them with a pasted
 * access token, which cannot be renewed, so its 401 is worded at once instead of being sent again;
 * all but 401 with client ID & secret, so that n8n fetches a new token and retries once.
 */
export const AUTHENTICATION_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Client ID & Secret', value: 'clientCredentials', routing: { request: { ignoreHttpStatusErrors: { ignore: true, except: [401] } } } },
	{ name: 'Access Token', value: 'accessToken', routing: { request: { ignoreHttpStatusErrors: true } } },
];


/** A Levers GET from code (list searches), paced, retried and worded like the operations. */
export async function leversGet(this: ILoadOptionsFunctions, path: string, qs: IDataObject): Promise<unknown> {
	const credentialType = credentialTypeOf(this);
	const credentials = await credentialsOf(this, credentialType);
	return await pacer.get(this, credentialType, {
		method: 'GET',
		url: `${apiBaseUrl(credentials)}${path}`,
		qs,
		headers: { Accept: 'application/json' },
	});
}
