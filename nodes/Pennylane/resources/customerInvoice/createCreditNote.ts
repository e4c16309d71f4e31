/**
 * Customer Invoice → Create Credit Note, for an existing finalized invoice (providers.md §3.12.2):
 * 1. GET the invoice (and, for the whole invoice or chosen lines, its lines);
 * 2. POST /customer_invoices with negative amounts (Pennylane's dedicated credit-note endpoints are
 *    deprecated; which line field carries the minus is CREDIT_NOTE_NEGATIVE_FIELD, unconfirmed);
 * 3. PUT /customer_invoices/{credit note}/finalize (option, on by default: pko's create → finalize → link);
 * 4. POST /customer_invoices/{invoice}/link_credit_note with { credit_note_id };
 * 5. GET the invoice again for its remaining amount, added to the output.
 * Once the credit note exists, any failure names it, so that a re-run does not create a second one;
 * with an External Reference, a re-run finds it and resumes (finalize, link) instead of creating.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { walkCursor } from '../../../shared/cursor';
import { decimalCheck, toDecimalNumber, toDecimalString } from '../../../shared/decimal';
import type { OperationModule } from '../../../shared/operations';
import type { PacedRun, Send } from '../../../shared/pacing';
import { listName } from '../../../shared/pagination';
import { parameter } from '../../../shared/parameters';
import { assertValid, check, isBlank, validateRequest, type FieldRule } from '../../../shared/validation';
import { dateInZone, normalize } from '../../../shared/values';
import {
	AMOUNT_DECIMALS,
	CREDIT_NOTE_FINALIZE_DEFAULT,
	CREDIT_NOTE_NEGATIVE_FIELD,
	QUANTITY_AS_NUMBER,
	QUANTITY_DECIMALS,
	VAT_CODE_PATTERN,
} from '../../assumptions';
import { MAX_PAGE_SIZE } from '../../constants';
import { errorFormatOf } from '../../transport';
import { ID_CHECK } from '../customer/locator';
import { vatRateOptions } from './lines';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';

type CreditKind = 'full' | 'lines' | 'amount';
const KINDS: CreditKind[] = ['full', 'lines', 'amount'];

const positiveQuantity = decimalCheck({ maxDecimals: QUANTITY_DECIMALS, positive: true });
const positiveAmount = decimalCheck({ maxDecimals: AMOUNT_DECIMALS, positive: true });
const vatCode = (value: unknown) =>
	typeof value === 'string' && VAT_CODE_PATTERN.test(value) ? undefined : `must be a Pennylane VAT code such as FR_200 (20 %), got ${JSON.stringify(value)}`;

/** The minus sign of a decimal text flipped ("12.5" → "-12.5", "-3" → "3", "0" → "0"). */
export function negate(text: string): string {
	if (text.startsWith('-')) return text.slice(1);
	return /^0(\.0*)?$/.test(text) ? text : `-${text}`;
}

interface Chosen {
	lineId: number;
	quantity?: string;
}

function chosenLines(context: IExecuteSingleFunctions): Chosen[] {
	const collection = parameter(context, 'linesToCredit', {}) as IDataObject;
	const entries = Array.isArray(collection.lines) ? (collection.lines as IDataObject[]) : [];
	return entries.map((entry, index) => {
		const where = `Lines to Credit › Line ${index + 1}`;
		const line = { id: normalize(entry.lineId, 'id'), quantity: entry.quantity };
		assertValid(context, { url: '', body: line }, [
			{ label: `${where} › Line ID`, body: 'id', required: true, checks: [ID_CHECK] },
			{ label: `${where} › Quantity`, body: 'quantity', checks: [positiveQuantity] },
		]);
		return { lineId: Number(line.id), quantity: isBlank(line.quantity) ? undefined : toDecimalString(line.quantity) };
	});
}

/** preSend: every parameter checked before the first request. */
async function checkParameters(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const kind = parameter(this, 'creditType', 'full');
	assertValid(this, { url: '', body: { kind } }, [{ label: 'Credit', body: 'kind', required: true, checks: [check.oneOf(KINDS)] }]);
	if (kind === 'lines') {
		const lines = chosenLines(this);
		assertValid(this, { url: '', body: { lines: lines.length ? lines : undefined } }, [{ label: 'Lines to Credit', body: 'lines', required: true }]);
		const ids = lines.map((line) => line.lineId);
		const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
		if (repeated !== undefined)
			assertValid(this, { url: '', body: { id: repeated } }, [{ label: 'Lines to Credit › Line ID', body: 'id', checks: [(id) => `lists line ${String(id)} twice`] }]);
	}
	if (kind === 'amount') {
		const values = { amount: parameter(this, 'amount', ''), label: parameter(this, 'creditLabel', ''), vat: parameter(this, 'creditVatRate', '') };
		assertValid(this, { url: '', body: values }, [
			{ label: 'Amount (Excl. Tax)', body: 'amount', required: true, checks: [positiveAmount] },
			{ label: 'Label', body: 'label', required: true, checks: [check.maxLength(2000)] },
			{ label: 'VAT Rate', body: 'vat', required: true, checks: [vatCode] },
		]);
	}
	const options = parameter(this, 'options', {}) as IDataObject;
	const values = { date: normalize(options.date, 'date', this.getTimezone()), reference: options.externalReference };
	const rules: FieldRule[] = [
		{ label: 'Options › Date', body: 'date', checks: [check.isoDate] },
		{ label: 'Options › External Reference', body: 'reference', checks: [(v) => (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? undefined : `must be text, got ${JSON.stringify(v)}`)] },
	];
	assertValid(this, { url: '', body: values }, rules);
	return request;
}

/** A line of the invoice (as Pennylane answers it) as a credit-note line: same values, the amount negative. */
function creditLine(context: IExecuteSingleFunctions, line: IDataObject, quantity?: string): IDataObject {
	const price = toDecimalString(line.raw_currency_unit_price);
	const lineQuantity = quantity ?? toDecimalString(line.quantity);
	if (price === undefined || lineQuantity === undefined || typeof line.vat_rate !== 'string') {
		throw new NodeOperationError(
			context.getNode(),
			`Line ${String(line.id)} of the invoice has no readable unit price, quantity or VAT rate in ${errorFormatOf(context).provider}'s answer, so it cannot be credited; nothing was created`,
			{ itemIndex: context.getItemIndex() },
		);
	}
	const negativeQuantity = CREDIT_NOTE_NEGATIVE_FIELD === 'quantity';
	const sentQuantity = negativeQuantity ? negate(lineQuantity) : lineQuantity;
	const out: IDataObject = {
		label: typeof line.label === 'string' && line.label ? line.label : `Line ${String(line.id)}`,
		quantity: QUANTITY_AS_NUMBER ? toDecimalNumber(sentQuantity) : sentQuantity,
		unit: typeof line.unit === 'string' && line.unit ? line.unit : 'piece',
		raw_currency_unit_price: negativeQuantity ? price : negate(price),
		vat_rate: line.vat_rate,
	};
	if (typeof line.description === 'string' && line.description) out.description = line.description;
	const product = line.product as IDataObject | null | undefined;
	if (product && typeof product === 'object' && Number.isSafeInteger(product.id)) out.product_id = product.id;
	const discount = line.discount as IDataObject | null | undefined;
	if (discount && typeof discount === 'object' && !isBlank(discount.value)) out.discount = { type: discount.type, value: toDecimalString(discount.value) };
	return out;
}

/** The credit-note lines the parameters ask for, from the invoice's lines. */
async function buildLines(this: IExecuteSingleFunctions, kind: CreditKind, invoiceLines: () => Promise<IDataObject[]>): Promise<IDataObject[]> {
	if (kind === 'amount') {
		const amount = toDecimalString(parameter(this, 'amount', '')) as string;
		const negativeQuantity = CREDIT_NOTE_NEGATIVE_FIELD === 'quantity';
		return [
			{
				label: String(parameter(this, 'creditLabel', '')),
				quantity: QUANTITY_AS_NUMBER ? (negativeQuantity ? -1 : 1) : negativeQuantity ? '-1' : '1',
				unit: 'piece',
				raw_currency_unit_price: negativeQuantity ? amount : negate(amount),
				vat_rate: String(parameter(this, 'creditVatRate', '')),
			},
		];
	}
	const lines = await invoiceLines();
	if (kind === 'full') {
		if (!lines.length) throw new NodeOperationError(this.getNode(), 'The invoice has no lines to credit; nothing was created', { itemIndex: this.getItemIndex() });
		return lines.map((line) => creditLine(this, line));
	}
	return chosenLines(this).map((chosen, index) => {
		const line = lines.find((candidate) => Number(candidate.id) === chosen.lineId);
		if (!line) {
			throw new NodeOperationError(
				this.getNode(),
				`Invalid value for "Lines to Credit › Line ${index + 1} › Line ID": line ${chosen.lineId} is not a line of invoice ${invoiceIdOf(this)}, in item ${this.getItemIndex()}`,
				{ itemIndex: this.getItemIndex(), description: `Lines of this invoice: ${lines.map((l) => String(l.id)).join(', ') || 'none'}. Nothing was created.` },
			);
		}
		return creditLine(this, line, chosen.quantity);
	});
}

/** The error of a step after the credit note was created, naming it, so that a re-run creates no second one. */
function afterCreation(error: unknown, creditNote: IDataObject, step: string, hasReference: boolean): unknown {
	if (!(error instanceof Error)) return error;
	const id = String(creditNote.id);
	const number = creditNote.invoice_number ? ` (number ${String(creditNote.invoice_number)})` : '';
	const prefix = `Credit note ${id}${number} was created, but ${step} failed: `;
	error.message = `${prefix}${error.message}`;
	const advice = hasReference
		? `Running this item again with the same External Reference resumes with credit note ${id} instead of creating another.`
		: `Do not run this item again as it is: it would create a second credit note. Finish credit note ${id} in Pennylane (finalize, link), or delete it if it is still a draft.`;
	const withDescription = error as Error & { description?: string };
	withDescription.description = [advice, withDescription.description].filter(Boolean).join(' | ');
	return error;
}

function findByReference(send: Send, reference: string, options: IDataObject, context: IExecuteSingleFunctions) {
	const filter = JSON.stringify([{ field: 'external_reference', operator: 'eq', value: reference }]);
	const url = '/customer_invoices';
	return walkCursor(
		context,
		async (cursor, pageSize) => {
			const qs = { filter, limit: pageSize, ...(cursor ? { cursor } : {}) };
			const [page] = await send({ ...options, method: 'GET', url, qs, body: undefined }, { raw: true });
			return page?.json;
		},
		{
			what: listName(errorFormatOf(context).provider, { method: 'GET', url }),
			pageSize: MAX_PAGE_SIZE,
			// A proxy may drop the filter: only the record with exactly this reference counts.
			find: (record) => record.external_reference === reference,
		},
	);
}

const run: PacedRun = async function (send, requestData) {
	const base = requestData.options as unknown as IDataObject;
	const raw = async (options: IDataObject) => (await send({ ...requestData.options, qs: undefined, body: undefined, ...options }, { raw: true }))[0]?.json ?? {};
	const invoiceId = invoiceIdOf(this);
	const invoicePath = `/customer_invoices/${invoiceId}`;
	const kind = parameter(this, 'creditType', 'full') as CreditKind;
	const options = parameter(this, 'options', {}) as IDataObject;
	const finalize = options.finalize === undefined ? CREDIT_NOTE_FINALIZE_DEFAULT : options.finalize === true;
	// A refund ID may come from an expression as a number: the reference is its text.
	const referenceText = typeof options.externalReference === 'number' ? String(options.externalReference) : options.externalReference;
	const reference = typeof referenceText === 'string' && referenceText.trim() ? referenceText : undefined;

	const invoice = await raw({ method: 'GET', url: invoicePath });
	const stop = (problem: string) => {
		throw new NodeOperationError(this.getNode(), `Invoice ${invoiceId} ${problem}, in item ${this.getItemIndex()}`, {
			itemIndex: this.getItemIndex(),
			description: 'Nothing was created.',
		});
	};
	// Pennylane documents these rules for the credited invoice of an import (§3.12.2); a credit note for
	// a draft makes no sense (the draft can be edited or deleted), nor one for a credit note.
	if (invoice.draft === true || invoice.status === 'draft') stop('is a draft: only a finalized invoice can be credited (edit or delete the draft instead)');
	if (invoice.status === 'credit_note') stop('is itself a credit note and cannot be credited');

	let creditNote: IDataObject | undefined;
	if (reference) {
		const [found] = await findByReference(send, reference, base, this);
		if (found) {
			const linkedTo = (found.credited_invoice as IDataObject | null | undefined)?.id;
			if (found.status !== 'credit_note' && found.draft !== true) {
				throw new NodeOperationError(this.getNode(), `External Reference "${reference}" belongs to invoice ${String(found.id)}, which is not a credit note, in item ${this.getItemIndex()}`, {
					itemIndex: this.getItemIndex(),
					description: 'Nothing was created. Use another External Reference for the credit note.',
				});
			}
			if (linkedTo !== undefined && linkedTo !== null && Number(linkedTo) !== invoiceId) {
				throw new NodeOperationError(this.getNode(), `Credit note ${String(found.id)} (External Reference "${reference}") is already linked to invoice ${String(linkedTo)}, not ${invoiceId}, in item ${this.getItemIndex()}`, {
					itemIndex: this.getItemIndex(),
					description: 'Nothing was created. Use another External Reference for a credit note of this invoice.',
				});
			}
			creditNote = found;
		}
	}

	if (!creditNote) {
		const lines = await buildLines.call(this, kind, async () =>
			await walkCursor(
				this,
				async (cursor, pageSize) => (await raw({ method: 'GET', url: `${invoicePath}/invoice_lines`, qs: { limit: pageSize, ...(cursor ? { cursor } : {}) } })) as unknown,
				{ what: listName(errorFormatOf(this).provider, { method: 'GET', url: `${invoicePath}/invoice_lines` }), pageSize: MAX_PAGE_SIZE },
			),
		);
		const discount = invoice.discount as IDataObject | null | undefined;
		if (kind !== 'amount' && discount && typeof discount === 'object' && discount.type !== 'relative' && !isBlank(discount.value)) {
			stop(`has an invoice-wide discount of type ${String(discount.type)}: its share of a credit note cannot be worked out exactly; use Credit "Amount" instead`);
		}
		const customer = invoice.customer as IDataObject | null | undefined;
		const template = invoice.customer_invoice_template as IDataObject | null | undefined;
		const date = (normalize(options.date, 'date', this.getTimezone()) as string | undefined) || dateInZone(Date.now(), this.getTimezone());
		const body: IDataObject = {
			draft: true,
			customer_id: customer && typeof customer === 'object' ? customer.id : undefined,
			date,
			deadline: date,
			invoice_lines: lines,
		};
		if (typeof invoice.currency === 'string') body.currency = invoice.currency;
		if (typeof invoice.language === 'string') body.language = invoice.language;
		if (template && typeof template === 'object' && template.id) body.customer_invoice_template_id = template.id;
		if (kind !== 'amount' && discount && typeof discount === 'object' && discount.type === 'relative') body.discount = { type: 'relative', value: toDecimalString(discount.value) };
		if (reference) body.external_reference = reference;
		creditNote = await raw({ method: 'POST', url: '/customer_invoices', body });
	}

	const created = creditNote;
	let step = 'finalizing it';
	try {
		if (finalize && (created.draft === true || created.status === 'draft')) {
			const finalized = await raw({ method: 'PUT', url: `/customer_invoices/${String(created.id)}/finalize` });
			if (finalized && Object.keys(finalized).length) creditNote = finalized;
		}
		step = `linking it to invoice ${invoiceId}`;
		const linked = (created.credited_invoice as IDataObject | null | undefined)?.id;
		if (linked === undefined || linked === null) {
			const answer = await raw({ method: 'POST', url: `${invoicePath}/link_credit_note`, body: { credit_note_id: Number(created.id) } });
			if (answer && Object.keys(answer).length) creditNote = answer;
		}
		step = `reading invoice ${invoiceId} again`;
		const after = await raw({ method: 'GET', url: invoicePath });
		return [
			{
				json: {
					...creditNote,
					credited_invoice_status: after.status,
					credited_invoice_remaining_amount_with_tax: after.remaining_amount_with_tax,
					credited_invoice_remaining_amount_without_tax: after.remaining_amount_without_tax,
				},
			},
		];
	} catch (error) {
		throw afterCreation(error, created, step, reference !== undefined);
	}
};

const VAT_RATE_FIELD: INodeProperties = {
	displayName: 'VAT Rate',
	name: 'creditVatRate',
	type: 'options',
	options: vatRateOptions,
	default: '',
	required: true,
	description: 'Pennylane VAT code of the credited amount (FR_200 is 20 %); no default',
	displayOptions: { show: { creditType: ['amount'] } },
};

export const createCreditNote: OperationModule = {
	option: {
		name: 'Create Credit Note',
		value: 'createCreditNote',
		action: 'Create a credit note for a customer invoice',
		description:
			'Credit a finalized invoice in full, some of its lines, or an amount: creates the credit note (negative amounts), finalizes it and links it to the invoice; outputs the credit note and the invoice\'s remaining amount',
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([invoiceIdRule]), checkParameters] },
		},
	},
	run,
	fields: [
		invoiceLocator({ request: { url: INVOICE_PATH } }),
		{
			displayName: 'Credit',
			name: 'creditType',
			type: 'options',
			options: [
				{ name: 'Whole Invoice', value: 'full', description: 'Every line of the invoice, negated' },
				{ name: 'Chosen Lines', value: 'lines', description: 'Some lines of the invoice, each in full or for a quantity' },
				{ name: 'Amount', value: 'amount', description: 'One line with an amount excluding tax, a label and a VAT rate' },
			],
			default: 'full',
			description: 'What the credit note cancels',
		},
		{
			displayName: 'Lines to Credit',
			name: 'linesToCredit',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Line',
			default: {},
			displayOptions: { show: { creditType: ['lines'] } },
			options: [
				{
					displayName: 'Line',
					name: 'lines',
					values: [
						{ displayName: 'Line ID', name: 'lineId', type: 'string', default: '', required: true, description: 'ID of the invoice line (Get with Include Lines shows them)' },
						{
							displayName: 'Quantity',
							name: 'quantity',
							type: 'string',
							default: '',
							placeholder: '1',
							description: "Quantity to credit; leave empty to credit the line's whole quantity",
						},
					],
				},
			],
		},
		{
			displayName: 'Amount (Excl. Tax)',
			name: 'amount',
			type: 'string',
			default: '',
			required: true,
			placeholder: '49.90',
			description: `Amount to credit, excluding tax, positive (the node sends it negative). At most ${AMOUNT_DECIMALS} decimals; sent as exact decimal text. Sent as one line: quantity 1, unit "piece".`,
			displayOptions: { show: { creditType: ['amount'] } },
		},
		{
			displayName: 'Label',
			name: 'creditLabel',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Refund: damaged item',
			description: 'Label of the credited line',
			displayOptions: { show: { creditType: ['amount'] } },
		},
		VAT_RATE_FIELD,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Date',
					name: 'date',
					type: 'dateTime',
					default: '',
					description: "Date of the credit note (also its deadline). Default: today in the workflow's time zone.",
				},
				{
					displayName: 'External Reference',
					name: 'externalReference',
					type: 'string',
					default: '',
					description:
						'Your ID for the credit note (unique in Pennylane). Recommended: when a run fails after the credit note was created, running the item again finds it by this reference and finishes it instead of creating a second one.',
				},
				{
					displayName: 'Finalize Credit Note',
					name: 'finalize',
					type: 'boolean',
					default: true,
					// CREDIT_NOTE_FINALIZE_DEFAULT (the linter wants a literal here; the run reads the constant when unset).
					description:
						'Whether to finalize the credit note before linking it (it gets its number and can no longer be edited). Whether Pennylane links a draft credit note is not documented (unconfirmed); finalizing first is the order a tested third-party client uses.',
				},
			],
		},
	],
};
