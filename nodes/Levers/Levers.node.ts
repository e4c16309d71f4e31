import { mergeSharedFields } from '../shared/operations';
import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { searchContacts } from './listSearch';
import { contactDescription } from './resources/contact';
import { invoiceDescription } from './resources/invoice';
import { AUTHENTICATION_OPTIONS } from './transport';

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
			{ name: 'leversInvoicingApi', required: true, displayOptions: { show: { authentication: ['clientCredentials'] } } },
			{ name: 'leversAccessTokenInvoicingApi', required: true, displayOptions: { show: { authentication: ['accessToken'] } } },
		],
		requestDefaults: {
			// No baseURL: n8n would evaluate an expression for it twice per item. Each operation's first
			// step sets it from the credential (nodes/shared/credentials.ts).
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			// Error answers reach the operation's error step, which words them; which ones (401 or
			// not) depends on the Authentication choice, see AUTHENTICATION_OPTIONS.
		},
		// Fields that several resources define identically: one entry (see mergeSharedFields).
		properties: mergeSharedFields([
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: AUTHENTICATION_OPTIONS,
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
		]),
	};

	methods = { listSearch: { searchContacts } };
}
