import { mergeSharedFields } from '../shared/operations';
import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { searchProducts } from './listSearch';
import { counterpartyDescription } from './resources/counterparty';
import { invoiceDescription } from './resources/invoice';
import { productDescription } from './resources/product';
import { CREDENTIAL_TYPE } from './transport';

export class KatsuPay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Katsu Pay',
		name: 'katsuPay',
		icon: { light: 'file:katsupay.svg', dark: 'file:katsupay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create, read and update invoices and counterparties, and list products, in Katsu Pay',
		defaults: { name: 'Katsu Pay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		requestDefaults: {
			// No baseURL: n8n would evaluate an expression for it twice per item. Each operation's first
			// step sets it from the credential (nodes/shared/credentials.ts).
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			// Every error answer (and `succeeded: false` ones) reaches each operation's error step, which
			// words it with Katsu Pay's own message. 401 too: n8n would otherwise send the request a
			// second time, which only helps a credential that can renew its token (this one cannot).
			ignoreHttpStatusErrors: true,
		},
		// Fields that several resources define identically: one entry (see mergeSharedFields).
		properties: mergeSharedFields([
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Counterparty', value: 'counterparty' },
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Product', value: 'product' },
				],
				default: 'invoice',
			},
			...invoiceDescription,
			...counterpartyDescription,
			...productDescription,
		]),
	};

	methods = { listSearch: { searchProducts } };
}
