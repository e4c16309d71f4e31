/**
 * Customer Invoice → Send by Email: POST /customer_invoices/{id}/send_by_email. Right after an
 * invoice is finalized its PDF may not exist yet and Pennylane answers 409: the node waits and
 * tries again (nothing was sent, so trying again cannot send twice), for at most Max Wait.
 * The checks, the waiting and the Options field are shared with Quote → Send by Email
 * (`sendByEmailParts`), which Pennylane documents with the same 409.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties, PreSendAction } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { assertValid, check, validateRequest, type Check } from '../../../shared/validation';
import { toList } from '../../../shared/values';
import { actionResult, PDF_RETRY, SEND_BY_EMAIL_RECIPIENTS_KEY } from '../../assumptions';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';
import { parameter } from '../../../shared/parameters';

/** `unique`: refuse an address listed twice (Pennylane documents the quote's list as unique items). */
function recipientsCheck(unique: boolean): PreSendAction {
	return async function recipients(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const options = parameter(this, 'options', {}) as IDataObject;
		const list = toList(options.recipients);
		const twice: Check = (value) => {
			const seen = new Set<string>();
			for (const email of value as string[]) {
				if (seen.has(email)) return `lists ${email} twice`;
				seen.add(email);
			}
			return undefined;
		};
		assertValid(this, { url: '', body: { list } }, [{ label: 'Recipients', body: 'list', checks: [check.each(check.email), ...(unique ? [twice] : [])] }]);
		assertValid(this, { url: '', body: { wait: options.maxWaitSeconds } }, [
			{ label: 'Max Wait (Seconds)', body: 'wait', checks: [check.number({ min: 0 })] },
		]);
		if (list.length) request.body = { ...((request.body as IDataObject) ?? {}), [SEND_BY_EMAIL_RECIPIENTS_KEY]: list };
		return request;
	};
}

/**
 * The checks (a preSend step), the run (send, waiting while the answer is 409, then a short
 * confirmation naming the document) and the Options field of a Send by Email operation.
 * `noun` names the document in the field descriptions ("invoice", "quote"); `uniqueRecipients`
 * refuses an address listed twice.
 */
export function sendByEmailParts(
	noun: string,
	idOf: (context: IExecuteSingleFunctions) => number,
	{ uniqueRecipients = false } = {},
): { checks: PreSendAction; run: PacedRun; options: INodeProperties } {
	const run: PacedRun = async function (send, requestData) {
		const options = parameter(this, 'options', {}) as IDataObject;
		const waitForPdf = options.waitForPdf !== false;
		const maxWaitMs = Number(options.maxWaitSeconds ?? PDF_RETRY.defaultMaxWaitSeconds) * 1000;
		let waited = 0;
		const [answer] = await send(requestData.options, {
			retry(status, attempt) {
				if (status !== 409 || !waitForPdf) return undefined;
				const delay = Math.min(PDF_RETRY.firstDelayMs * 2 ** (attempt - 1), PDF_RETRY.maxDelayMs);
				if (waited + delay > maxWaitMs) return undefined;
				waited += delay;
				return delay;
			},
		});
		const sentTo = toList(options.recipients);
		return [{ json: actionResult(answer?.json, idOf(this), { sent: true, ...(sentTo.length ? { recipients: sentTo } : {}) }) }];
	};
	const options: INodeProperties = {
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
				default: 30,
				description: 'How long to keep trying while Pennylane is still generating the PDF (answer 409). Default 30.',
			},
			{
				displayName: 'Recipients',
				name: 'recipients',
				type: 'string',
				default: '',
				placeholder: 'e.g. nathan@example.com, billing@example.com',
				description: 'Comma-separated email addresses. Leave empty to use the customer\'s emails.',
			},
			{
				displayName: 'Wait for PDF',
				name: 'waitForPdf',
				type: 'boolean',
				default: true,
				description: `Whether to wait and try again while the ${noun} PDF is not ready yet`,
			},
		],
	};
	return { checks: recipientsCheck(uniqueRecipients), run, options };
}

const parts = sendByEmailParts('invoice', invoiceIdOf);

export const sendByEmail: OperationModule = {
	option: {
		name: 'Send by Email',
		value: 'sendByEmail',
		action: 'Send a customer invoice by email',
		description:
			'Email a finalized invoice to the customer (waits while the PDF is being generated). Sending an invoice eligible for e-invoicing by email prevents its later transmission to the e-invoicing platform.',
		routing: {
			request: { method: 'POST' },
			send: { preSend: [validateRequest([invoiceIdRule]), parts.checks] },
		},
	},
	run: parts.run,
	fields: [invoiceLocator({ request: { url: `${INVOICE_PATH}/send_by_email` } }), parts.options],
};
