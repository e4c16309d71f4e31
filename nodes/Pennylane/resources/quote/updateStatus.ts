/** Quote → Update Status: PUT /quotes/{id}/update_status with `{ status }` (the documented values). */
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun } from '../../../shared/pacing';
import { check, validateRequest } from '../../../shared/validation';
import { actionResult, billyUnlisted } from '../../assumptions';
import { QUOTE_STATUSES } from '../../constants';
import { quoteStatusOptions } from './fields';
import { QUOTE_PATH, quoteIdOf, quoteIdRule, quoteLocator } from './locator';

/** Pennylane answers 200 with the quote; an empty answer still says what was done. */
const run: PacedRun = async function (send, requestData) {
	const [answer] = await send(requestData.options);
	const body = requestData.options.body as { status?: string } | undefined;
	return [{ json: actionResult(answer?.json, quoteIdOf(this), { status: body?.status }) }];
};

export const updateStatus: OperationModule = {
	option: {
		name: 'Update Status',
		value: 'updateStatus',
		action: 'Update the status of a quote',
		description: billyUnlisted('Mark a quote as pending, accepted, denied, invoiced or expired'),
		routing: {
			request: { method: 'PUT' },
			send: {
				preSend: [validateRequest([quoteIdRule, { label: 'Status', body: 'status', required: true, checks: [check.oneOf(QUOTE_STATUSES)] }])],
			},
		},
	},
	run,
	fields: [
		quoteLocator({ request: { url: `${QUOTE_PATH}/update_status` } }),
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			required: true,
			options: quoteStatusOptions,
			// No default: the new status is the user's decision (required, checked before sending).
			default: '',
			description: 'The new status of the quote',
			routing: { send: { type: 'body', property: 'status' } },
		},
	],
};
