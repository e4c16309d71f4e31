/**
 * What every Katsu Pay operation shares: the response envelope `{succeeded, message, errors[], data}`
 * (error step, output step, paging) and the base URL (from the credential, see ../shared/credentials.ts).
 */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	ILoadOptionsFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { providerErrors, type ProviderErrorFormat } from '../shared/errors';
import type { Provider } from '../shared/operations';
import { createPacer, type PacedRun } from '../shared/pacing';
import { moreByNumber, pageNumberPagination, type PageNumberOptions, type PageReader } from '../shared/pagination';
import { limiterKey, UNDOCUMENTED_RATE_LIMIT } from '../shared/rateLimiter';
import { readErrorBody, updateResult } from './assumptions';
import { apiBaseUrl } from './constants';
import { credentialsOf, type BaseUrlSource } from '../shared/credentials';
import { parameter } from '../shared/parameters';

export const CREDENTIAL_TYPE = 'katsuPayInvoicingApi';


function isEnvelope(body: unknown): body is IDataObject {
	return body !== null && typeof body === 'object' && !Array.isArray(body) && 'succeeded' in body;
}

/** Katsu Pay answers `{succeeded, message, errors[], data}`; `succeeded: false` is a failure even with HTTP 200. */
export const katsuPayErrorFormat: ProviderErrorFormat = {
	provider: 'Katsu Pay',
	parse: readErrorBody,
	isFailure: (body) => isEnvelope(body) && body.succeeded === false,
	// Every Katsu Pay answer is the envelope: anything else (`"OK"`, an HTML page) cannot be read.
	isReadable: isEnvelope,
};

/** postReceive step: throws a NodeApiError for error answers and for `succeeded: false`. */
export const katsuPayErrors = providerErrors(katsuPayErrorFormat);

/**
 * Every Katsu Pay request: paced per credential (no documented rate limit, so only its answers set
 * a pace), retried where that is safe, and worded.
 */
export const pacer = createPacer({
	defaults: UNDOCUMENTED_RATE_LIMIT,
	format: () => katsuPayErrorFormat,
	async keyOf(context) {
		const credentials = await credentialsOf(context, CREDENTIAL_TYPE);
		return limiterKey(CREDENTIAL_TYPE, String(credentials.baseUrl ?? ''), String(credentials.accessToken ?? ''));
	},
});

/** The one credential type, and the API base URL of its base URL. */
export const katsuPayBaseUrl: BaseUrlSource = { credentialType: () => CREDENTIAL_TYPE, baseUrl: apiBaseUrl };

/** What every Katsu Pay operation shares (see resourceOperations): the base URL, the pacer and the error step. */
export const katsuPayProvider: Provider = { pacer, baseUrl: katsuPayBaseUrl, postReceive: [katsuPayErrors] };

/** postReceive step: outputs the envelope's `data`, one item per record when it is a list. */
export async function outputData(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = response.body;
	const data = isEnvelope(body) ? body.data : body;
	if (Array.isArray(data)) return data.map((json) => ({ json: json as IDataObject }));
	if (data !== null && typeof data === 'object') return [{ json: data as IDataObject }];
	const json: IDataObject = {};
	if (isEnvelope(body)) {
		json.succeeded = body.succeeded;
		if (body.message) json.message = body.message;
		if (data !== undefined && data !== null) json.data = data;
	}
	return [{ json }];
}

/**
 * One page of Katsu Pay's paged envelope `{pageNumber, pageSize, total, data[]}`, or undefined when
 * the answer is not one. More follow while `pageNumber × pageSize` (the page size the server
 * reports, so a server-side cap below the size asked for does not end the walk early) is below
 * `total`; without a `total`, while pages are full (see ../shared/pagination.ts for the rest).
 */
export const readEnvelopePage: PageReader = (body, { page, size }) => {
	if (!isEnvelope(body) || !Array.isArray(body.data)) return undefined;
	return { items: body.data as IDataObject[], more: moreByNumber({ page, size, total: body.total, served: body.pageSize }) };
};

/** As for pageNumberPagination (../shared/pagination.ts), the provider and the reader set here. */
export type EnvelopePaginationOptions = Omit<PageNumberOptions, 'provider' | 'read'>;

/**
 * Page-number pagination over Katsu Pay's paged envelope, with the shared stop rules. The
 * operation's postReceive must leave the envelope whole (error step only).
 */
export function envelopePagination(options: EnvelopePaginationOptions): PacedRun {
	return pageNumberPagination({ ...options, provider: katsuPayErrorFormat.provider, read: readEnvelopePage });
}

/** A Katsu Pay GET from code (list searches), paced, retried and worded like the operations: the answer's body. */
export async function katsuPayGet(this: ILoadOptionsFunctions, path: string, qs: IDataObject): Promise<unknown> {
	const credentials = await credentialsOf(this, CREDENTIAL_TYPE);
	return await pacer.get(this, CREDENTIAL_TYPE, { method: 'GET', url: `${apiBaseUrl(credentials)}${path}`, qs });
}

/** Output step of the update operations: the record from `data`, or a confirmation naming the record. */
export function updateOutput(idParameter: string) {
	return async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const body = (response.body ?? {}) as { data?: unknown; message?: unknown };
		const id = parameter(this, idParameter, undefined, { extractValue: true });
		return [{ json: updateResult(body.data, id, body.message) }];
	};
}
