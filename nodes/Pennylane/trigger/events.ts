/**
 * The Pennylane Trigger's events: which change feed each reads, which of its items count, and how
 * an item becomes an event (the record fetched, the paid transition, or the deletion itself).
 */
import type { INodePropertyOptions } from 'n8n-workflow';

/** Feeds the trigger reads: GET /changelogs/<resource>, records at GET /<resource>/{id}. */
export type FeedResource = 'customer_invoices' | 'customers';

export type FeedOperation = 'insert' | 'update' | 'delete';

/**
 * - record: the changed record, fetched once per poll;
 * - paid: the invoice, fetched, when it became paid (once per invoice);
 * - deletion: `{ id, operation: 'delete', processed_at }` (a deleted record cannot be fetched).
 */
export type EventKind = 'record' | 'paid' | 'deletion';

export interface TriggerEvent {
	name: string;
	description: string;
	resource: FeedResource;
	/** Feed operations that can make this event. */
	operations: FeedOperation[];
	kind: EventKind;
	/** What the event is about, in messages ("customer invoice"). */
	noun: string;
}

export const TRIGGER_EVENTS: Record<string, TriggerEvent> = {
	customerInvoiceCreated: {
		name: 'Customer Invoice Created',
		description: 'A customer invoice (draft or finalized) was created: outputs the invoice',
		resource: 'customer_invoices',
		operations: ['insert'],
		kind: 'record',
		noun: 'customer invoice',
	},
	customerInvoiceUpdated: {
		name: 'Customer Invoice Updated',
		description: 'A customer invoice was changed (finalized, edited, paid...): outputs the invoice as it is now, once per poll',
		resource: 'customer_invoices',
		operations: ['update'],
		kind: 'record',
		noun: 'customer invoice',
	},
	customerInvoicePaid: {
		name: 'Customer Invoice Paid',
		description: 'A customer invoice became paid: outputs the invoice, once per invoice (not again on later changes)',
		resource: 'customer_invoices',
		operations: ['insert', 'update'],
		kind: 'paid',
		noun: 'customer invoice',
	},
	customerInvoiceDeleted: {
		name: 'Customer Invoice Deleted',
		description: 'A customer invoice was deleted: outputs its ID and when Pennylane recorded the deletion',
		resource: 'customer_invoices',
		operations: ['delete'],
		kind: 'deletion',
		noun: 'customer invoice',
	},
	customerCreated: {
		name: 'Customer Created',
		description: 'A customer (company or individual) was created: outputs the customer',
		resource: 'customers',
		operations: ['insert'],
		kind: 'record',
		noun: 'customer',
	},
	customerUpdated: {
		name: 'Customer Updated',
		description: 'A customer was changed: outputs the customer as it is now, once per poll',
		resource: 'customers',
		operations: ['update'],
		kind: 'record',
		noun: 'customer',
	},
};

export const EVENT_OPTIONS: INodePropertyOptions[] = Object.entries(TRIGGER_EVENTS)
	.map(([value, event]) => ({ name: event.name, value, description: event.description }))
	.sort((a, b) => a.name.localeCompare(b.name));
