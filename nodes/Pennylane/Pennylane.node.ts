import { mergeSharedFields } from '../shared/operations';
import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { searchCustomers, searchInvoices, searchProducts, searchQuotes } from './listSearch';
import { customerDescription } from './resources/customer';
import { customerInvoiceDescription } from './resources/customerInvoice';
import { productDescription } from './resources/product';
import { quoteDescription } from './resources/quote';

export class Pennylane implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pennylane',
		name: 'pennylane',
		icon: { light: 'file:pennylane.svg', dark: 'file:pennylane.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create, send and track customer invoices in Pennylane, directly or through Billy',
		defaults: { name: 'Pennylane' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'pennylaneInvoicingApi', required: true, displayOptions: { show: { authentication: ['pennylaneInvoicingApi'] } } },
			{ name: 'billyInvoicingApi', required: true, displayOptions: { show: { authentication: ['billyInvoicingApi'] } } },
		],
		requestDefaults: {
			// No baseURL: n8n would evaluate an expression for it twice per item. Each operation's first
			// step sets it from the credential (nodes/shared/credentials.ts).
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			// Every answer, errors included, reaches the operation's steps: the pacer reads the
			// rate-limit headers and retries 429s, then Pennylane's message is worded. 401 needs no
			// special path here: Pennylane tokens are static, there is nothing to refresh.
			ignoreHttpStatusErrors: true,
		},
		// Fields that several resources define identically: one entry (see mergeSharedFields).
		properties: mergeSharedFields([
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Billy', value: 'billyInvoicingApi', description: 'Through Billy, with its x-source headers' },
					{ name: 'Pennylane API Token', value: 'pennylaneInvoicingApi', description: 'Directly, with a Pennylane company API token' },
				],
				default: 'pennylaneInvoicingApi',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Customer', value: 'customer' },
					{ name: 'Customer Invoice', value: 'customerInvoice' },
					{ name: 'Product', value: 'product' },
					{ name: 'Quote', value: 'quote' },
				],
				default: 'customerInvoice',
			},
			...customerInvoiceDescription,
			...customerDescription,
			...productDescription,
			...quoteDescription,
		]),
	};

	methods = { listSearch: { searchCustomers, searchInvoices, searchProducts, searchQuotes } };
}
