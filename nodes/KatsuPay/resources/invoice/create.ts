/** Invoice → Create: POST /api/v1/Invoice/Create, with the duplicate check by Description. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { guardedCreate, onExistingField, type DuplicateGuard } from '../../../shared/duplicates';
import type { OperationModule } from '../../../shared/operations';
import { listName, walkList } from '../../../shared/pagination';
import { validateRequest } from '../../../shared/validation';
import {
	DUPLICATE_SEARCH,
	INVOICE_CREATE_REQUIRED,
	INVOICE_LIST_PATH,
	INVOICE_UPDATE_ID_KEY,
	INVOICE_UPDATE_PATH,
	LIST_PAGE_SIZE,
	sameCounterparty,
} from '../../assumptions';
import { katsuPayErrorFormat, outputData, pacer, readEnvelopePage } from '../../transport';
import {
	counterpartyField,
	currencyField,
	discountComplete,
	dueDateField,
	invoiceRules,
	optionalInvoiceFields,
	productsField,
	productsNotEmpty,
	receivingAccountField,
	shapeInvoiceBody,
	taxesField,
} from './fields';

/** Same Description, same counterparty (see DUPLICATE_SEARCH); Update goes through the invoice update call. */
const guard: DuplicateGuard = {
	referenceLabel: 'Description',
	referenceOf: (body) => (typeof body.description === 'string' && body.description.trim() ? body.description : undefined),
	// Exactly this Description for exactly this counterparty: the list's search (DUPLICATE_SEARCH) is
	// not trusted to filter (undocumented, and a proxy may drop it).
	matches: (record, reference, identity) =>
		record.description === reference && sameCounterparty(record, { id: identity.counterPartyId, name: identity.counterPartyName }),
	async identify(send, requestData) {
		const id = String((requestData.options.body as IDataObject).counterPartyId ?? '');
		const [first] = await send({ ...requestData.options, method: 'GET', url: `/Counterparties/get/${id}`, qs: {}, body: undefined }, { raw: true });
		const data = (first?.json as IDataObject).data as IDataObject | null;
		return { counterPartyId: id, counterPartyName: data && typeof data === 'object' ? data.name : undefined };
	},
	async find(send, reference, requestData, isSame) {
		const body = requestData.options.body as IDataObject;
		const filters = { [DUPLICATE_SEARCH.searchParameter]: reference, [DUPLICATE_SEARCH.counterpartyParameter]: body.counterPartyId };
		const [found] = await walkList(
			this,
			async ({ page, size }) => {
				const qs = { ...filters, PageNumber: page, PageSize: size };
				const [first] = await send({ ...requestData.options, method: 'GET', url: INVOICE_LIST_PATH, qs, body: undefined }, { raw: true });
				return first?.json;
			},
			readEnvelopePage,
			{ what: listName(katsuPayErrorFormat.provider, { method: 'GET', url: INVOICE_LIST_PATH }), pageSize: LIST_PAGE_SIZE, find: isSame },
		);
		return found;
	},
	async update(send, existing, requestData) {
		const body = { ...(requestData.options.body as IDataObject), [INVOICE_UPDATE_ID_KEY]: existing.id };
		return await send({ ...requestData.options, method: 'PUT', url: INVOICE_UPDATE_PATH, body });
	},
	describe: (existing) => `ID ${String(existing.id)}${existing.invoiceId ? `, number ${String(existing.invoiceId)}` : ''}`,
};

const requiredOnCreate = (field: INodeProperties): INodeProperties => ({
	...field,
	required: (INVOICE_CREATE_REQUIRED as readonly string[]).includes(field.routing?.send?.property as string),
});

export const create: OperationModule = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create an invoice',
		description: 'Create an invoice for a counterparty',
		routing: {
			request: { method: 'POST', url: '/Invoice/Create' },
			send: {
				preSend: [shapeInvoiceBody, validateRequest(invoiceRules(INVOICE_CREATE_REQUIRED), [productsNotEmpty, discountComplete])],
			},
			output: { postReceive: [outputData] },
		},
	},
	run: guardedCreate(pacer, guard),
	fields: [
		...[counterpartyField, receivingAccountField, dueDateField, currencyField, productsField].map(requiredOnCreate),
		taxesField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optionalInvoiceFields,
		},
		onExistingField(
			['create', 'error', 'returnExisting', 'update'],
			'create',
			"Katsu Pay invoices have no external reference, so the check looks for an invoice of the same counterparty with exactly this Description (Additional Fields), through the invoice list's search. That search is not described by Katsu Pay's docs (unconfirmed): see docs/katsu-pay.md, Unconfirmed API facts.",
		),
	],
};
