import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { BASE_URL_EXPRESSION, DEFAULT_HOST, EXCHANGE_ENDPOINT } from '../nodes/Levers/constants';

/** Levers client ID and secret, exchanged for a bearer token that n8n keeps and renews on 401. */
export class LeversInvoicingApi implements ICredentialType {
	name = 'leversInvoicingApi';

	displayName = 'Levers API';

	icon: Icon = { light: 'file:../nodes/Levers/levers.svg', dark: 'file:../nodes/Levers/levers.dark.svg' };

	documentationUrl = 'https://docs.uselevers.com/api-reference/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: DEFAULT_HOST,
			required: true,
			description:
				'Levers API host. The documented host is the development one (api.dev.uselevers.com); Levers has not published its production host, so ask Levers for it.',
		},
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
		const { access_token } = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${host}${EXCHANGE_ENDPOINT}`,
			body: { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
			json: true,
		})) as { access_token: string };
		return { sessionToken: access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: BASE_URL_EXPRESSION, url: '/contact', qs: { page: 1, size: 1 } },
	};
}
