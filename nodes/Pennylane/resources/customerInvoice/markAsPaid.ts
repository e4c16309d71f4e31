/** Customer Invoice → Mark as Paid: PUT /customer_invoices/{id}/mark_as_paid */
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { validateRequest } from '../../../shared/validation';
import { actionResult } from '../../assumptions';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';

const run: PacedRun = async function (send, requestData) {
	const [answer] = await send(requestData.options);
	return [{ json: actionResult(answer?.json, invoiceIdOf(this), { paid: true }) }];
};

export const markAsPaid: OperationModule = {
	option: {
		name: 'Mark as Paid',
		value: 'markAsPaid',
		action: 'Mark a customer invoice as paid',
		description: 'Record that a finalized invoice has been paid',
		routing: {
			request: { method: 'PUT' },
			send: { preSend: [validateRequest([invoiceIdRule])] },
		},
	},
	run: run,
	fields: [invoiceLocator({ request: { url: `${INVOICE_PATH}/mark_as_paid` } })],
};
