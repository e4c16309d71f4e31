import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { BASE_URL_EXPRESSION, EXCHANGE_ENDPOINT, HOST_PROPERTY } from '../nodes/Levers/constants';

/**
 * Longest wait for the token exchange. In a node run the node's Request Options → Timeout applies
 * when it is shorter (nodes/shared/pacing.ts); the credential's Test button has only this bound.
 */
const EXCHANGE_TIMEOUT_MS = 30_000;

/** Levers client ID and secret, exchanged for a bearer token that n8n keeps and renews on 401. */
export class LeversInvoicingApi implements ICredentialType {
	name = 'leversInvoicingApi';

	displayName = 'Levers API';

	icon: Icon = { light: 'file:../nodes/Levers/levers.svg', dark: 'file:../nodes/Levers/levers.dark.svg' };

	documentationUrl = 'https://docs.uselevers.com/api-reference/introduction';

	properties: INodeProperties[] = [
		HOST_PROPERTY,
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From the settings page of your Levers account',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Access Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const host = String(credentials.host).replace(/\/+$/, '');
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${host}${EXCHANGE_ENDPOINT}`,
			body: { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
			json: true,
			timeout: EXCHANGE_TIMEOUT_MS,
		})) as { access_token?: unknown } | null;
		const token = answer !== null && typeof answer === 'object' ? answer.access_token : undefined;
		if (typeof token !== 'string' || token === '') {
			// Nothing of the answer is quoted: it may echo the client secret.
			throw new Error('Levers answered without an access token (no "access_token" text in its answer)');
		}
		return { sessionToken: token };
	}

	/**
	 * Authorization: Bearer <session token from the exchange>, set in code: n8n evaluates a generic `authenticate` expression on
	 * every request, which a function does not need.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.sessionToken ?? '')}` } };
	}

	test: ICredentialTestRequest = {
		request: { baseURL: BASE_URL_EXPRESSION, url: '/contact', qs: { page: 1, size: 1 } },
	};
}
