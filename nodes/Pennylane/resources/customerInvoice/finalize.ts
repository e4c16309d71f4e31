/** Customer Invoice → Finalize: PUT /customer_invoices/{id}/finalize (draft → finalized, numbered). */
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { validateRequest } from '../../../shared/validation';
import { actionResult } from '../../assumptions';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';

const run: PacedRun = async function (send, requestData) {
	const [answer] = await send(requestData.options);
	return [{ json: actionResult(answer?.json, invoiceIdOf(this), { finalized: true }) }];
};

export const finalize: OperationModule = {
	option: {
		name: 'Finalize',
		value: 'finalize',
		action: 'Finalize a customer invoice',
		description: 'Turn a draft into a numbered invoice that can no longer be edited',
		routing: {
			request: { method: 'PUT' },
			send: { preSend: [validateRequest([invoiceIdRule])] },
		},
	},
	run: run,
	fields: [invoiceLocator({ request: { url: `${INVOICE_PATH}/finalize` } })],
};
