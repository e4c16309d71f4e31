/**
 * Customer Invoice → Send to E-Invoicing Platform: POST /customer_invoices/{id}/send_to_pa, no body
 * (providers.md §3.12.4). 204 means submitted (delivery is asynchronous: Get shows `e_invoicing`);
 * 409 while an e-invoice import of the invoice is still being processed (nothing was sent, so the
 * node waits and tries again, for at most Max Wait); 422 when it was already sent or is not eligible.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { parameter } from '../../../shared/parameters';
import { assertValid, check, validateRequest } from '../../../shared/validation';
import { actionResult, billyUnlisted, PDF_RETRY } from '../../assumptions';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';

/** What each documented refusal means, added to the provider's own message. */
export const SEND_TO_PA_HINTS: Record<string, string> = {
	'409':
		'An e-invoice import of this invoice is still being processed by Pennylane: nothing was sent. Try again in a few seconds (or raise Options › Max Wait).',
	'422':
		'The invoice was already sent to the e-invoicing platform, or it is not eligible: it must be finalized and eligible for e-invoicing (an eligible invoice sent by email can no longer be transmitted to the platform).',
};

async function checkOptions(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const options = parameter(this, 'options', {}) as IDataObject;
	assertValid(this, { url: '', body: { wait: options.maxWaitSeconds } }, [
		{ label: 'Options › Max Wait (Seconds)', body: 'wait', checks: [check.number({ min: 0 })] },
	]);
	delete request.body;
	return request;
}

const run: PacedRun = async function (send, requestData) {
	const options = parameter(this, 'options', {}) as IDataObject;
	const maxWaitMs = Number(options.maxWaitSeconds ?? PDF_RETRY.defaultMaxWaitSeconds) * 1000;
	let waited = 0;
	try {
		const [answer] = await send(requestData.options, {
			retry(status, attempt) {
				if (status !== 409) return undefined;
				const delay = Math.min(PDF_RETRY.firstDelayMs * 2 ** (attempt - 1), PDF_RETRY.maxDelayMs);
				if (waited + delay > maxWaitMs) return undefined;
				waited += delay;
				return delay;
			},
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
				{
					displayName: 'Max Wait (Seconds)',
					name: 'maxWaitSeconds',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 30, // PDF_RETRY.defaultMaxWaitSeconds (the linter wants a literal)
					description: `How long to keep trying while Pennylane is still processing an e-invoice import of this invoice (answer 409). Default ${PDF_RETRY.defaultMaxWaitSeconds}.`,
				},
			],
		},
	],
};
