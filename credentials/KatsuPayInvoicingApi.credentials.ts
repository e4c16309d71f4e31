import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';
import { BASE_URL_EXPRESSION } from '../nodes/KatsuPay/constants';

/**
 * Katsu Pay (Sabi) base URL and bearer access token. The API's documentation publishes no host and
 * no token endpoint; its request playground and Sabi's sibling APIs use `Authorization: Bearer`.
 */
export class KatsuPayInvoicingApi implements ICredentialType {
	name = 'katsuPayInvoicingApi';

	displayName = 'Katsu Pay API';

	icon: Icon = { light: 'file:../nodes/KatsuPay/katsupay.svg', dark: 'file:../nodes/KatsuPay/katsupay.dark.svg' };

	documentationUrl = 'https://sabi-docs.netlify.app/api/Katsu%20Pay/Invoice/invoice_create';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.your-katsu-host.com',
			description:
				'Address of your Katsu Pay API, without /api/v1. Katsu Pay publishes no public host, so ask Katsu Pay (Sabi) for yours.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Bearer access token of your Katsu Pay user (sent as Authorization: Bearer)',
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
		request: { baseURL: BASE_URL_EXPRESSION, url: '/Products', qs: { pageNumber: 1, pageSize: 1 } },
		rules: [
			{
				// Katsu Pay can report a failure inside an HTTP 200 answer (a 401 fails the test by itself).
				type: 'responseSuccessBody',
				properties: {
					key: 'succeeded',
					value: false,
					message: 'Katsu Pay answered the test request with succeeded: false; check the access token and the base URL',
				},
			},
		],
	};
}
