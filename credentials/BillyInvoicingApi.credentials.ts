import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { BASE_URL_EXPRESSION, BILLY_SOURCE, BILLY_SOURCE_SOFTWARES, BILLY_TEST_REQUEST, billySourceSoftware } from '../nodes/Pennylane/constants';

/**
 * Billy, which exposes Pennylane's customer-invoice API for invoices synced from a source tool.
 * Every request carries `x-source: billy` and `x-source-software: <the source tool>`.
 */
export class BillyInvoicingApi implements ICredentialType {
	name = 'billyInvoicingApi';

	displayName = 'Billy API';

	icon: Icon = { light: 'file:../nodes/Pennylane/pennylane.svg', dark: 'file:../nodes/Pennylane/pennylane.dark.svg' };

	documentationUrl = 'https://docs.heybilly.io/billy-api-reference/customerinvoice/create-a-customer-invoice';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://billy.example.com/api',
			description:
				'Address of the Billy API, up to (not including) /customer_invoices. Billy has not published it: ask Billy for yours.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Bearer token Billy gave you',
		},
		{
			displayName: 'Source Software',
			name: 'sourceSoftware',
			type: 'options',
			options: [...BILLY_SOURCE_SOFTWARES]
				.sort((a, b) => a.localeCompare(b))
				.map((value) => ({ name: value, value })),
			// No default: Billy requires the header and gives it no default, and every invoice is labelled
			// with it. An empty choice is refused before any request (see `authenticate`).
			default: '',
			required: true,
			description:
				'The tool the invoices come from, sent as the x-source-software header on every request (x-source is always "billy"). Required, no default: choose yours.',
		},
	];

	/**
	 * Bearer token plus Billy's two headers. A Source Software that is not one of Billy's values
	 * (left empty, or from an older credential) stops the request before it is sent.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const { software, problem } = billySourceSoftware(credentials.sourceSoftware);
		if (problem) {
			throw new Error(
				software === ''
					? 'Billy API credential: choose the "Source Software" (sent as the x-source-software header; Billy requires it and it has no default). Nothing was sent.'
					: `Billy API credential: "Source Software" must be one of Billy's values, got "${software}". Nothing was sent.`,
			);
		}
		return {
			...requestOptions,
			headers: {
				...(requestOptions.headers ?? {}),
				Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
				'x-source': BILLY_SOURCE,
				'x-source-software': software,
			},
		};
	}

	test: ICredentialTestRequest = {
		request: { baseURL: BASE_URL_EXPRESSION, url: BILLY_TEST_REQUEST.url, qs: BILLY_TEST_REQUEST.qs },
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Billy did not accept the access token' } },
			{ type: 'responseCode', properties: { value: 400, message: 'Billy rejected the request: check the Source Software' } },
		],
	};
}
