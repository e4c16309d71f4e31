/**
 * Customer Invoice → Send to E-Invoicing Platform: POST /customer_invoices/{id}/send_to_pa, no body
 * (providers.md §3.12.4). 204 means submitted (delivery is asynchronous: Get shows `e_invoicing`);
 * 409 while an e-invoice import of the invoice is still being processed (nothing was sent, so the
 * node waits and tries again, for at most Max Wait); 422 when it was already sent or is not eligible.
 */
import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { validateRequest } from '../../../shared/validation';
import { actionResult, billyUnlisted } from '../../assumptions';
import { checkMaxWait, maxWaitOption, waitBudget } from '../../waiting';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';

/** What each documented refusal means, added to the provider's own message. */
export const SEND_TO_PA_HINTS: Record<string, string> = {
	'409':
		'An e-invoice import of this invoice is still being processed by Pennylane: nothing was sent. Try again in a few seconds (or raise Options › Max Wait).',
	'422':
		'The invoice was already sent to the e-invoicing platform, or it is not eligible: it must be finalized and eligible for e-invoicing (an eligible invoice sent by email can no longer be transmitted to the platform).',
};

async function checkOptions(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	checkMaxWait(this);
	delete request.body;
	return request;
}

const run: PacedRun = async function (send, requestData) {
	const budget = waitBudget(this);
	try {
		const [answer] = await send(requestData.options, {
			retry: (status, attempt) => (status === 409 ? budget.next(attempt) : undefined),
		});
		return [{ json: actionResult(answer?.json, invoiceIdOf(this), { submitted_to_e_invoicing: true }) }];
	} catch (error) {
		throw withHint(error);
	}
};

/** The provider's error with what a documented 409 or 422 means put first in its description. */
function withHint(error: unknown): unknown {
	const code = String((error as { httpCode?: unknown } | null)?.httpCode ?? '');
	const hint = SEND_TO_PA_HINTS[code];
	if (hint && error instanceof Error) {
		const worded = error as Error & { description?: string };
		worded.description = [hint, worded.description].filter(Boolean).join(' | ');
	}
	return error;
}

export const sendToEInvoicing: OperationModule = {
	option: {
		name: 'Send to E-Invoicing Platform',
		value: 'sendToEInvoicing',
		action: 'Send a customer invoice to the e-invoicing platform',
		description: billyUnlisted("Submit a finalized, eligible invoice to Pennylane's e-invoicing platform (PA); delivery is asynchronous, Get shows its e-invoicing status. Sending an eligible invoice by email first prevents this"),
		routing: {
			request: { method: 'POST' },
			send: { preSend: [validateRequest([invoiceIdRule]), checkOptions] },
		},
	},
	run,
	fields: [
		invoiceLocator({ request: { url: `${INVOICE_PATH}/send_to_pa` } }),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				maxWaitOption(`How long to keep trying while Pennylane is still processing an e-invoice import of this invoice (answer 409).`),
			],
		},
	],
};
