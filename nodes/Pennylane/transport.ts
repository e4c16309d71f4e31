/**
 * What every Pennylane operation shares: the credential in use, error wording, the per-token pacing
 * (shared rate limiter + safe retries), and the provider object every operation gets them from.
 */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { assertReadable, buildProviderError, type ProviderErrorFormat } from '../shared/errors';
import type { Provider } from '../shared/operations';
import { createPacer } from '../shared/pacing';
import { limiterKey } from '../shared/rateLimiter';
import { failure } from '../shared/validation';
import { errorParts } from './assumptions';
import { apiBaseUrl, billySourceSoftware, PENNYLANE_RATE_LIMIT } from './constants';
import { credentialsOf, type BaseUrlSource } from '../shared/credentials';
import { parameter } from '../shared/parameters';

/** Credential type for each choice of the node's "Authentication" parameter. */
export const CREDENTIAL_BY_AUTHENTICATION: Record<string, string> = {
	pennylaneInvoicingApi: 'pennylaneInvoicingApi',
	billyInvoicingApi: 'billyInvoicingApi',
};

export function credentialTypeOf(context: IExecuteSingleFunctions | ILoadOptionsFunctions): string {
	const authentication = parameter(context, 'authentication', 'pennylaneInvoicingApi') as string;
	return CREDENTIAL_BY_AUTHENTICATION[authentication] ?? 'pennylaneInvoicingApi';
}


export const pennylaneErrorFormat: ProviderErrorFormat = { provider: 'Pennylane', parse: errorParts };
export const billyErrorFormat: ProviderErrorFormat = { provider: 'Pennylane (through Billy)', parse: errorParts };

/** The error format (and the provider's name) for the credential in use. */
export function errorFormatOf(context: IExecuteSingleFunctions | ILoadOptionsFunctions): ProviderErrorFormat {
	return credentialTypeOf(context) === 'billyInvoicingApi' ? billyErrorFormat : pennylaneErrorFormat;
}

/** postReceive step: error answers become a NodeApiError with Pennylane's own message and the HTTP code. */
export async function pennylaneErrors(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const format = errorFormatOf(this);
	if (response.statusCode >= 400) throw buildProviderError(this, format, response.statusCode, response.body);
	assertReadable(this, format, response);
	return items;
}

/**
 * Per-token pacing: keyed by a hash of credential type, base URL and token (the token is never
 * logged or kept), starting from Pennylane's documented 25 requests per 5 seconds.
 */
export const pacer = createPacer({
	defaults: PENNYLANE_RATE_LIMIT,
	format: errorFormatOf,
	async keyOf(context) {
		const type = credentialTypeOf(context);
		const credentials = await credentialsOf(context, type);
		return limiterKey(type, String(credentials.baseUrl ?? ''), String(credentials.apiToken ?? credentials.accessToken ?? ''));
	},
});

/**
 * preSend step, first of every operation: through Billy, the credential's Source Software must be
 * one of Billy's values. It has no default (Billy requires the header and gives it none), so a
 * credential saved without a choice is refused here, naming the field, before any request.
 */
export async function checkBillySource(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const problem = await billySourceProblem(this);
	if (problem) throw failure(this, BILLY_SOURCE_LABEL, problem, false);
	return request;
}

const BILLY_SOURCE_LABEL = 'Billy API credential › Source Software';

/** What is wrong with the Billy credential's Source Software, if Billy is the access path in use. */
async function billySourceProblem(context: IExecuteSingleFunctions | ILoadOptionsFunctions): Promise<string | undefined> {
	if (credentialTypeOf(context) !== 'billyInvoicingApi') return undefined;
	const credentials = await credentialsOf(context, 'billyInvoicingApi');
	return billySourceSoftware(credentials.sourceSoftware).problem;
}

/** The credential in use (Pennylane or Billy) and the API base URL it holds. */
export const pennylaneBaseUrl: BaseUrlSource = { credentialType: credentialTypeOf, baseUrl: apiBaseUrl };

/**
 * What every Pennylane operation shares (see resourceOperations): the base URL, the pacer, the
 * Billy Source Software check first, Pennylane's error wording before the operation's output steps.
 */
export const pennylaneProvider: Provider = { pacer, baseUrl: pennylaneBaseUrl, preSend: [checkBillySource], postReceive: [pennylaneErrors] };

/** A Pennylane GET from code (list searches), paced, retried and worded like the operations: the answer's body. */
export async function pennylaneGet(this: ILoadOptionsFunctions, path: string, qs: IDataObject): Promise<unknown> {
	// The same check as the operations' (a list search has no item to name).
	const problem = await billySourceProblem(this);
	if (problem) throw new NodeOperationError(this.getNode(), `Invalid value for "${BILLY_SOURCE_LABEL}": ${problem}`);
	const credentialType = credentialTypeOf(this);
	const credentials = await credentialsOf(this, credentialType);
	return await pacer.get(this, credentialType, {
		method: 'GET' as IHttpRequestMethods,
		url: `${apiBaseUrl(credentials)}${path}`,
		qs,
		headers: { Accept: 'application/json' },
	});
}

/**
 * The same GET for the Pennylane Trigger's polls: paced on the token's limiter (shared with the
 * action node), retried and worded like the operations, the credential's values removed from any
 * error. The trigger offers the Pennylane credential only (Billy does not document the change feed).
 * The pacer reads from the context what a poll context has too: the node, its parameters and credentials
 * (read once per poll).
 */
export async function pennylanePollGet(this: IPollFunctions, path: string, qs: IDataObject): Promise<unknown> {
	// A trigger has no Authentication parameter: the Pennylane credential, and no Billy check.
	return await pennylaneGet.call(this as unknown as ILoadOptionsFunctions, path, qs);
}
