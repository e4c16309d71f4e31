/** Customer Invoice → Create: POST /customer_invoices, with the duplicate check by External Reference. */
import type { IDataObject } from 'n8n-workflow';
import { walkCursor } from '../../../shared/cursor';
import { guardedCreate, onExistingField, type DuplicateGuard } from '../../../shared/duplicates';
import type { OperationModule } from '../../../shared/operations';
import { listName } from '../../../shared/pagination';
import { validateRequest } from '../../../shared/validation';
import { MAX_PAGE_SIZE } from '../../constants';
import { errorFormatOf, pacer } from '../../transport';
import {
	customerField,
	dateField,
	deadlineField,
	deadlineNotBeforeDate,
	checkLanguage,
	discountAsText,
	headerRules,
	optionalHeaderFields,
} from './fields';
import { buildInvoiceLines, invoiceLinesField, lineSourceField, linesJsonField } from './lines';
import { UPDATABLE_KEYS } from './update';

/**
 * Pennylane's `external_reference` is unique per company and filterable (`external_reference eq`),
 * so it identifies the invoice. Update replaces the draft's header fields and all of its lines,
 * then finalizes it when Draft is off; Pennylane refuses to update a finalized invoice (422).
 */
const guard: DuplicateGuard = {
	referenceLabel: 'External Reference',
	referenceOf: (body) => (typeof body.external_reference === 'string' && body.external_reference.trim() ? body.external_reference : undefined),
	// Only an invoice whose reference is exactly the one asked for counts: a proxy (Billy) may not
	// apply the filter, and Pennylane's list would then start with unrelated invoices.
	matches: (record, reference) => record.external_reference === reference,
	async find(send, reference, requestData, isSame) {
		const filter = JSON.stringify([{ field: 'external_reference', operator: 'eq', value: reference }]);
		const url = '/customer_invoices';
		const [found] = await walkCursor(
			this,
			async (cursor, pageSize) => {
				const qs = { filter, limit: pageSize, ...(cursor ? { cursor } : {}) };
				const [page] = await send({ ...requestData.options, method: 'GET', url, qs, body: undefined }, { raw: true });
				return page?.json;
			},
			{ what: listName(errorFormatOf(this).provider, { method: 'GET', url }), pageSize: MAX_PAGE_SIZE, find: isSame },
		);
		return found;
	},
	async update(send, existing, requestData) {
		const body = requestData.options.body as IDataObject;
		const path = `/customer_invoices/${String(existing.id)}`;
		const linesUrl = `${path}/invoice_lines`;
		const oldLines = await walkCursor(
			this,
			async (cursor, pageSize) => {
				const qs = { limit: pageSize, ...(cursor ? { cursor } : {}) };
				const [page] = await send({ ...requestData.options, method: 'GET', url: linesUrl, qs, body: undefined }, { raw: true });
				return page?.json;
			},
			{ what: listName(errorFormatOf(this).provider, { method: 'GET', url: linesUrl }), pageSize: MAX_PAGE_SIZE },
		);
		const changes: IDataObject = Object.fromEntries(UPDATABLE_KEYS.filter((key) => key !== 'invoice_lines' && body[key] !== undefined).map((key) => [key, body[key]]));
		changes.invoice_lines = { delete: oldLines.map((line) => ({ id: line.id })), create: body.invoice_lines };
		let items = await send({ ...requestData.options, method: 'PUT', url: path, body: changes });
		if (body.draft === false && (existing.draft === true || existing.status === 'draft')) {
			items = await send({ ...requestData.options, method: 'PUT', url: `${path}/finalize`, body: undefined });
		}
		return items;
	},
	describe: (existing) => `ID ${String(existing.id)}${existing.invoice_number ? `, number ${String(existing.invoice_number)}` : ''}`,
};

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a customer invoice',
		description: 'Create a draft or finalized invoice for a customer',
		routing: {
			request: { method: 'POST', url: '/customer_invoices' },
			send: { preSend: [validateRequest(headerRules(true), [deadlineNotBeforeDate]), checkLanguage, discountAsText, buildInvoiceLines] },
		},
	},
	run: guardedCreate(pacer, guard),
	fields: [
		customerField,
		{ ...dateField, required: true },
		{ ...deadlineField, required: true },
		{
			displayName: 'Draft',
			name: 'draft',
			type: 'boolean',
			default: true,
			description:
				'Whether to create the invoice as an editable draft. Turn off to create a finalized invoice, which gets its number and can no longer be edited (only corrected by a credit note).',
			routing: { send: { type: 'body', property: 'draft' } },
		},
		lineSourceField,
		invoiceLinesField,
		linesJsonField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optionalHeaderFields,
		},
		onExistingField(
			['create', 'error', 'returnExisting', 'update'],
			'create',
			"Needs an External Reference (Additional Fields). Pennylane keeps references unique, so without a check a second invoice with the same reference is refused (HTTP 422). The other choices look the reference up first (one more request): useful for re-runs. Update works on drafts only and replaces all lines.",
		),
	],
};
