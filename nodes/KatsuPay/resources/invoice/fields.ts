/**
 * Invoice fields shared by Create and Update (the body of POST /api/v1/Invoice/Create), the step
 * that shapes them into the documented body, and their checks.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { AMOUNT_GRAMMAR } from '../../../shared/fields';
import { check, type CrossCheck, type FieldRule, isBlank } from '../../../shared/validation';
import { CODE_NOTE, codeCheck, collectionLines, collectionValues, dateTimeCheck, locatorValue, numberList, toDateTime, toNumber } from '../../values';
import { counterpartyLocator } from '../counterparty/locator';
import { productLocator } from '../product/locator';

export const counterpartyField: INodeProperties = {
	...counterpartyLocator,
	name: 'counterPartyId',
	description:
		'The counterparty (customer) to invoice, by its Katsu Pay UUID. Katsu Pay publishes no endpoint that lists all counterparties, so there is no list to pick from: use the ID from Counterparty → Create or from your records.',
	routing: { send: { type: 'body', property: 'counterPartyId' } },
};

export const receivingAccountField: INodeProperties = {
	displayName: 'Receiving Account ID',
	name: 'receivingAccountId',
	type: 'string',
	default: '',
	placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
	description:
		'UUID of your account that receives the payment. Katsu Pay documents no endpoint that lists these accounts, so enter the ID.',
	routing: { send: { type: 'body', property: 'receivingAccountId' } },
};

export const dueDateField: INodeProperties = {
	displayName: 'Due Date',
	name: 'dueDate',
	type: 'dateTime',
	default: '',
	description:
		'Date the invoice is due. Sent as a UTC instant such as 2025-06-30T00:00:00.000Z (the form of Katsu Pay\'s example): a date alone is midnight UTC of that date, a date-time without a time zone is read as UTC, one with Z or an offset (±HH:mm, such as +03:00) is converted to UTC, and a date from an expression ({{ $now }}, {{ new Date() }}) is sent as its instant.',
	routing: { send: { type: 'body', property: 'dueDate' } },
};

/** Text with no default: Katsu Pay's currency codes are unpublished, so nothing is sent unless the user gives one. */
export const currencyField: INodeProperties = {
	displayName: 'Currency',
	name: 'currency',
	type: 'string',
	default: '',
	placeholder: '2',
	description: `${CODE_NOTE} (the documentation's example uses 2). A whole number; there is no default: enter the code of your invoice currency.`,
	routing: { send: { type: 'body', property: 'currency' } },
};

export const productsField: INodeProperties = {
	displayName: 'Products',
	name: 'products',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Product',
	default: {},
	description: 'The invoice lines: a product, its quantity and its unit price',
	options: [
		{
			displayName: 'Product',
			name: 'product',
			values: [
				productLocator,
				{
					displayName: 'Quantity',
					name: 'quantity',
					type: 'number',
					typeOptions: { minValue: 1, numberPrecision: 0 },
					default: 1,
					description: 'Whole number of units',
				},
				{
					displayName: 'Unit Price',
					name: 'unitPrice',
					type: 'string',
					default: '',
					placeholder: '120.50',
					description: `Price of one unit, in the invoice currency. ${AMOUNT_GRAMMAR} Sent as a JSON number.`,
				},
			],
		},
	],
	routing: { send: { type: 'body', property: 'products' } },
};

export const taxesField: INodeProperties = {
	displayName: 'Taxes',
	name: 'taxes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Tax',
	default: {},
	description: 'Taxes applied to the invoice',
	options: [
		{
			displayName: 'Tax',
			name: 'tax',
			values: [
				{
					displayName: 'Tax ID',
					name: 'taxId',
					type: 'string',
					default: '',
					placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
					description: 'UUID of the tax in Katsu Pay. Katsu Pay documents no endpoint that lists taxes, so enter the ID.',
				},
				{
					displayName: 'Percentage',
					name: 'taxPercentageValue',
					type: 'string',
					default: '',
					placeholder: '7.5',
					description: 'Tax rate in percent, for example 7.5. Required on a tax line; no default.',
				},
			],
		},
	],
	routing: { send: { type: 'body', property: 'taxes' } },
};

function text(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', description, routing: { send: { type: 'body', property: name } } };
}

function code(displayName: string, name: string, property: string, description = CODE_NOTE): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 0,
		description,
		routing: { send: { type: 'body', property } },
	};
}

/** A list of whole numbers, as a multi-value fixedCollection with one number per entry. */
function numbers(displayName: string, name: string, description: string, entry: { key: string; label: string }): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${entry.label}`,
		default: {},
		description,
		options: [
			{
				displayName: entry.label,
				name: entry.key,
				values: [
					{
						displayName: entry.label,
						name: 'value',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 0 },
						default: 0,
					},
				],
			},
		],
		routing: { send: { type: 'body', property: name } },
	};
}

function flag(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'boolean', default: false, description, routing: { send: { type: 'body', property: name } } };
}

/** Optional fields (Additional Fields on Create), alphabetical as n8n lists collection options. */
export const optionalInvoiceFields: INodeProperties[] = [
	text('Account Name', 'accountName', 'Account name stored on the invoice (returned by Get, filterable in Get Many)'),
	code('Billing Cycle', 'billingCycle', 'billingCycle', `${CODE_NOTE} (the documentation's example uses 7)`),
	text('Counterparty Name', 'counterPartyName', 'Counterparty name stored on the invoice (returned by Get, filterable in Get Many)'),
	{ ...text('Description', 'description', 'Description of the invoice'), typeOptions: { rows: 3 } },
	code('Discount Type', 'discountType', 'discount.discountType', `${CODE_NOTE} (the documentation's example uses 1). Set together with Discount Value.`),
	{
		displayName: 'Discount Value',
		name: 'discountValue',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: 'Discount amount or rate, as the Discount Type defines it. Set together with Discount Type.',
		routing: { send: { type: 'body', property: 'discount.discountValue' } },
	},
	numbers('Notification Channels', 'notification', `${CODE_NOTE} (one code per channel)`, { key: 'channel', label: 'Channel Code' }),
	numbers('Payment Methods', 'paymentMethods', `${CODE_NOTE} (one code per accepted payment method)`, { key: 'method', label: 'Payment Method Code' }),
	flag('Recurring Invoice', 'recuringInvoice', 'Whether the invoice recurs on its Billing Cycle'),
	flag('Remind On Due Date', 'onDueDate', 'Whether a reminder goes out on the due date'),
	numbers('Reminder Days After Due Date', 'afterDueDates', 'Days after the due date on which reminders go out', { key: 'day', label: 'Day' }),
	numbers('Reminder Days Before Due Date', 'beforeDueDates', 'Days before the due date on which reminders go out', { key: 'day', label: 'Day' }),
	flag('Send Invoice', 'sendInvoice', 'Whether Katsu Pay sends the invoice to the counterparty'),
];

/** Body key → entry key of the number-list fixedCollections. */
const LIST_FIELDS: Record<string, string> = { notification: 'channel', paymentMethods: 'method', beforeDueDates: 'day', afterDueDates: 'day' };

/**
 * preSend step: turns the form's values into the documented body: product and tax lines out of
 * their fixedCollections, product locators to UUIDs, numeric text in lines and code lists to
 * numbers, a date to a date-time. Empty optional lists are not sent. (Single numeric fields are
 * shaped by their validation rule's `format`.)
 */
export async function shapeInvoiceBody(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const body = (request.body ?? {}) as IDataObject;
	if ('products' in body) {
		body.products = collectionLines(body.products, 'product').map((line) => ({
			productId: locatorValue(line.productId),
			quantity: toNumber(line.quantity),
			unitPrice: toNumber(line.unitPrice),
		})) as IDataObject[];
	}
	if ('taxes' in body) {
		const taxes = collectionLines(body.taxes, 'tax').map((line) => ({
			taxId: typeof line.taxId === 'string' ? line.taxId.trim() : line.taxId,
			taxPercentageValue: toNumber(line.taxPercentageValue),
		}));
		if (taxes.length) body.taxes = taxes as IDataObject[];
		else delete body.taxes;
	}
	for (const [key, entry] of Object.entries(LIST_FIELDS)) {
		if (!(key in body)) continue;
		const list = numberList(collectionValues(body[key], entry));
		if (list.length) body[key] = list as number[];
		else delete body[key];
	}
	if ('dueDate' in body) body.dueDate = toDateTime(body.dueDate) as string;
	if (typeof body.counterPartyId === 'string') body.counterPartyId = body.counterPartyId.trim();
	if (typeof body.receivingAccountId === 'string') body.receivingAccountId = body.receivingAccountId.trim();
	request.body = body;
	return request;
}

/** Checks for the invoice body; `required` lists the body fields that must be set. */
export function invoiceRules(required: readonly string[]): FieldRule[] {
	const needed = (key: string) => required.includes(key);
	const codes = { checks: [check.each(codeCheck)] };
	return [
		{ label: 'Counterparty', body: 'counterPartyId', required: needed('counterPartyId'), checks: [check.uuid] },
		{ label: 'Receiving Account ID', body: 'receivingAccountId', required: needed('receivingAccountId'), checks: [check.uuid] },
		{ label: 'Due Date', body: 'dueDate', required: needed('dueDate'), blankIsUnset: true, checks: [dateTimeCheck] },
		{ label: 'Currency', body: 'currency', format: 'number', required: needed('currency'), blankIsUnset: true, checks: [codeCheck] },
		{
			label: 'Products',
			body: 'products',
			required: needed('products'),
			checks: [check.isArray],
			each: [
				{ key: 'productId', label: 'Product', required: true, checks: [check.uuid] },
				{ key: 'quantity', label: 'Quantity', required: true, checks: [check.number({ integer: true, positive: true })] },
				{ key: 'unitPrice', label: 'Unit Price', required: true, checks: [check.number({ min: 0 })] },
			],
		},
		{
			label: 'Taxes',
			body: 'taxes',
			checks: [check.isArray],
			each: [
				{ key: 'taxId', label: 'Tax ID', required: true, checks: [check.uuid] },
				{ key: 'taxPercentageValue', label: 'Percentage', required: true, checks: [check.number({ min: 0 })] },
			],
		},
		{ label: 'Discount Type', body: 'discount.discountType', format: 'number', checks: [codeCheck] },
		{ label: 'Discount Value', body: 'discount.discountValue', format: 'number', checks: [check.number({ min: 0 })] },
		{ label: 'Billing Cycle', body: 'billingCycle', format: 'number', checks: [codeCheck] },
		{ label: 'Notification Channels', body: 'notification', ...codes },
		{ label: 'Payment Methods', body: 'paymentMethods', ...codes },
		{ label: 'Reminder Days Before Due Date', body: 'beforeDueDates', ...codes },
		{ label: 'Reminder Days After Due Date', body: 'afterDueDates', ...codes },
		{ label: 'Recurring Invoice', body: 'recuringInvoice', checks: [isBoolean] },
		{ label: 'Remind On Due Date', body: 'onDueDate', checks: [isBoolean] },
		{ label: 'Send Invoice', body: 'sendInvoice', checks: [isBoolean] },
	];
}

function isBoolean(value: unknown): string | undefined {
	return typeof value === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(value)}`;
}

/** Cross check: a Products list that is present must hold at least one line. */
export const productsNotEmpty: CrossCheck = (request) => {
	const products = (request.body as IDataObject | undefined)?.products;
	return Array.isArray(products) && products.length === 0
		? { label: 'Products', problem: 'add at least one product line' }
		: undefined;
};

/** Cross check: Discount Type and Discount Value go together. */
export const discountComplete: CrossCheck = (request) => {
	const discount = (request.body as IDataObject | undefined)?.discount as IDataObject | undefined;
	if (!discount) return undefined;
	const type = !isBlank(discount.discountType);
	const value = !isBlank(discount.discountValue);
	if (type && !value) return { label: 'Discount Value', problem: 'is needed when Discount Type is set' };
	if (value && !type) return { label: 'Discount Type', problem: 'is needed when Discount Value is set' };
	return undefined;
};
