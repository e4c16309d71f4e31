import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';
import { BASE_URL_EXPRESSION, PENNYLANE_BASE_URL } from '../nodes/Pennylane/constants';

/** A Pennylane company (or firm) API token, sent as a bearer token to Pennylane's API v2. */
export class PennylaneInvoicingApi implements ICredentialType {
	name = 'pennylaneInvoicingApi';

	displayName = 'Pennylane API';

	icon: Icon = { light: 'file:../nodes/Pennylane/pennylane.svg', dark: 'file:../nodes/Pennylane/pennylane.dark.svg' };

	documentationUrl = 'https://pennylane.readme.io/docs/generating-my-api-token';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Company API token: in Pennylane, Settings → Connectivity → Developers → Generate an API token (admin user, Essential plan or higher). Give it read and write access to customer invoices, customers and products.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: PENNYLANE_BASE_URL,
			required: true,
			description:
				'Pennylane API v2 address. Keep the default: a sandbox company uses the same address with a token generated inside the sandbox.',
		},
	];

	/**
	 * Authorization: Bearer <API token>, set in code: n8n evaluates a generic `authenticate` expression on
	 * every request, which a function does not need.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.apiToken ?? '')}` } };
	}

	test: ICredentialTestRequest = {
		request: { baseURL: BASE_URL_EXPRESSION, url: '/me' },
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Pennylane did not accept the API token (missing, invalid or expired)' } },
			{ type: 'responseCode', properties: { value: 403, message: 'The API token lacks permission to read the user profile' } },
		],
	};
}
