import { NodeConnectionTypes, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';
import { EVENT_OPTIONS } from './trigger/events';
import { pollPennylane } from './trigger/poll';

/**
 * Starts a workflow on changes in Pennylane, read from Pennylane's change feed at the node's Poll
 * Times (see ./trigger/poll.ts). Pennylane credential only: Billy's API reference does not show
 * its change-feed entries (docs/pennylane.md, "Pennylane Trigger").
 */
export class PennylaneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pennylane Trigger',
		name: 'pennylaneTrigger',
		icon: { light: 'file:pennylane.svg', dark: 'file:pennylane.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description: 'Starts the workflow when customer invoices or customers change in Pennylane (polls its change feed)',
		defaults: { name: 'Pennylane Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pennylaneInvoicingApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				required: true,
				options: EVENT_OPTIONS,
				default: 'customerInvoicePaid',
				description: 'Which change starts the workflow. Pennylane keeps changes for 4 weeks; the first poll after activation starts from that moment.',
			},
			{
				displayName:
					'Polls Pennylane\'s change feed (GET /changelogs/...). Direct Pennylane API token only: Billy does not document the change feed. Fetch Test Event outputs the most recent such event of the last 4 weeks.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollPennylane.call(this);
	}
}
