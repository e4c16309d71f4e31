/**
 * Quote → Send by Email: POST /quotes/{id}/send_by_email with optional `recipients`. Pennylane
 * answers 409 while the quote PDF is being generated; the node waits and tries again, for at most
 * Max Wait, exactly as Customer Invoice → Send by Email (shared: sendByEmailParts).
 */
import type { OperationModule } from '../../../shared/operations';
import { validateRequest } from '../../../shared/validation';
import { billyUnlisted } from '../../assumptions';
import { sendByEmailParts } from '../customerInvoice/sendByEmail';
import { QUOTE_PATH, quoteIdOf, quoteIdRule, quoteLocator } from './locator';

/** Pennylane's quote page documents `recipients` as unique e-mail addresses. */
const parts = sendByEmailParts('quote', quoteIdOf, { uniqueRecipients: true });

export const sendByEmail: OperationModule = {
	option: {
		name: 'Send by Email',
		value: 'sendByEmail',
		action: 'Send a quote by email',
		description: billyUnlisted('Email a quote to the customer (waits while the PDF is being generated)'),
		routing: {
			request: { method: 'POST' },
			send: { preSend: [validateRequest([quoteIdRule]), parts.checks] },
		},
	},
	run: parts.run,
	fields: [quoteLocator({ request: { url: `${QUOTE_PATH}/send_by_email` } }), parts.options],
};
