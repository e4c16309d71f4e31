import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { searchContacts } from './listSearch';
import { contactDescription } from './resources/contact';
import { invoiceDescription } from './resources/invoice';
import { BASE_URL_EXPRESSION, IGNORE_HTTP_STATUS_ERRORS } from './transport';

export class Levers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Levers',
		name: 'levers',
		icon: { light: 'file:levers.svg', dark: 'file:levers.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create and manage invoices, payments and contacts in Levers',
		defaults: { name: 'Levers' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'leversApi', required: true, displayOptions: { show: { authentication: ['clientCredentials'] } } },
			{ name: 'leversAccessTokenApi', required: true, displayOptions: { show: { authentication: ['accessToken'] } } },
		],
		requestDefaults: {
			baseURL: BASE_URL_EXPRESSION,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			// Error answers reach the operation's error step, which words them. With client ID & secret
			// a 401 stays with n8n, which fetches a new token and retries once; a pasted access token
			// cannot be renewed, so its 401 is worded at once instead of being sent a second time.
			ignoreHttpStatusErrors: IGNORE_HTTP_STATUS_ERRORS,
		},
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Client ID & Secret', value: 'clientCredentials' },
					{ name: 'Access Token', value: 'accessToken' },
				],
				default: 'clientCredentials',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Invoice', value: 'invoice' },
				],
				default: 'invoice',
			},
			...invoiceDescription,
			...contactDescription,
		],
	};

	methods = { listSearch: { searchContacts } };
}
