/**
 * Turns a provider's error answer into a NodeApiError that says, in words, what happened and
 * carries the provider's own message and the HTTP code.
 *
 * Nodes send their requests with `ignoreHttpStatusErrors` (except 401, which n8n itself handles so
 * that expired tokens get refreshed), and put `providerErrors(format)` first in each operation's
 * postReceive list.
 */
import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export interface ProviderErrorFormat {
	/** The provider's name as users know it. */
	provider: string;
	/** Pulls the provider's own message and per-field details out of an error body. */
	parse(body: unknown): { message?: string; details?: string[] };
	/** For APIs that can report failure with a 2xx status (an envelope flag). */
	isFailure?(body: unknown): boolean;
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

export function buildProviderError(
	context: IExecuteSingleFunctions,
	format: ProviderErrorFormat,
	status: number,
	body: unknown,
): NodeApiError {
	const { message, details = [] } = format.parse(body);
	const fieldText = details.length ? details.join('; ') : undefined;
	const summary = status === 422 && fieldText ? fieldText : message;
	const errorBody: JsonObject =
		body !== null && typeof body === 'object' && !Array.isArray(body)
			? (body as JsonObject)
			: { body: typeof body === 'string' ? body : JSON.stringify(body ?? null) };
	return new NodeApiError(context.getNode(), errorBody, {
		message: summary ? `${headline(format.provider, status)}: ${summary}` : headline(format.provider, status),
		description: [message, fieldText].filter((part, i, all) => part && all.indexOf(part) === i).join(' | ') || undefined,
		httpCode: String(status),
		itemIndex: context.getItemIndex(),
	});
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
		return items;
	};
}
