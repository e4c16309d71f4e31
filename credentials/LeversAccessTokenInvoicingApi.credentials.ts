import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';
import { BASE_URL_EXPRESSION, HOST_PROPERTY } from '../nodes/Levers/constants';

/** A Levers bearer access token pasted as is (for example one issued to a service account). */
export class LeversAccessTokenInvoicingApi implements ICredentialType {
	name = 'leversAccessTokenInvoicingApi';

	displayName = 'Levers Access Token API';

	icon: Icon = { light: 'file:../nodes/Levers/levers.svg', dark: 'file:../nodes/Levers/levers.dark.svg' };

	documentationUrl = 'https://docs.uselevers.com/api-reference/introduction';

	properties: INodeProperties[] = [
		HOST_PROPERTY,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A Levers bearer token (JWT)',
		},
	];

	/**
	 * Authorization: Bearer <access token>, set in code: n8n evaluates a generic `authenticate` expression on
	 * every request, which a function does not need.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.accessToken ?? '')}` } };
	}

	test: ICredentialTestRequest = {
		request: { baseURL: BASE_URL_EXPRESSION, url: '/contact', qs: { page: 1, size: 1 } },
	};
}
