/** Customer Invoice → Delete: DELETE /customer_invoices/{id} (draft invoices only). */
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { validateRequest } from '../../../shared/validation';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';

const run: PacedRun = async function (send, requestData) {
	await send(requestData.options);
	return [{ json: { deleted: true, id: invoiceIdOf(this) } }];
};

export const deleteInvoice: OperationModule = {
	option: {
		name: 'Delete',
		value: 'delete',
		action: 'Delete a customer invoice',
		description: 'Delete a draft invoice (a finalized one can only be corrected by a credit note)',
		routing: {
			request: { method: 'DELETE' },
			send: { preSend: [validateRequest([invoiceIdRule])] },
		},
	},
	run: run,
	fields: [invoiceLocator({ request: { url: INVOICE_PATH } })],
};
