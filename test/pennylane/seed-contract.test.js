'use strict';
// Issue 14 (defects 9, 15 and "The sandboxes"): Pennylane IDs are digits only and safe integers;
// invoice languages per access path (Pennylane directly: fr_FR, en_GB, de_DE; Billy, seed 004:
// fr_FR and en_GB only), in the node and in the sandbox.
const axios = require('axios');
const { setupPennylane, rl, BILLY_TOKEN, TOKEN, createPennylaneHarness } = require('./setup');

describe.each(['pennylane', 'billy'])('Pennylane IDs (%s): digits only, a safe integer', (mode) => {
	const ctx = setupPennylane(mode);
	let customer;
	let invoice;
	beforeAll(() => {
		customer = ctx.sandbox.seedCustomer({ name: 'Ids SAS' });
		invoice = ctx.sandbox.seedInvoice({
			customer_id: customer.id, date: '2025-01-01', deadline: '2025-01-31', draft: true,
			invoice_lines: [{ label: 'A', quantity: 1, unit: 'piece', raw_currency_unit_price: '10', vat_rate: 'FR_200' }],
		});
	});
	const problem = (got) => `must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got ${got}`;
	const create = (customerValue) => ({
		resource: 'customerInvoice', operation: 'create', customer: { __rl: true, mode: 'id', value: customerValue }, date: '2025-02-01', deadline: '2025-02-28',
		invoiceLines: { freeLines: [{ label: 'Item', quantity: 1, unit: 'piece', unitPrice: '10', vatRate: 'FR_200' }] },
	});

	test.each([
		['={{ 1e21 }}', '1e+21'],
		['={{ "1e21" }}', '"1e21"'],
		['={{ "1.0" }}', '"1.0"'],
		['={{ "0012" }}', '"0012"'],
		['={{ 9007199254740993 }}', '9007199254740992'],
		['={{ "9007199254740993" }}', '"9007199254740993"'],
	])('invoice %s is refused before any request (not sent as 1e%%2B21, 1 or 12)', async (value, got) => {
		for (const operation of ['get', 'finalize', 'delete']) {
			const result = await ctx.run({ resource: 'customerInvoice', operation, invoiceId: rl(value) });
			expect(result.error.message).toBe(`Invalid value for "Invoice" in item 0: ${problem(got)}`);
		}
		const result = await ctx.run(create(value));
		expect(result.error.message).toBe(`Invalid value for "Customer" in item 0: ${problem(got)}`);
		expect(ctx.requests()).toEqual([]);
	});

	test('a canonical ID, as text or number, still works', async () => {
		expect((await ctx.run({ resource: 'customerInvoice', operation: 'get', invoiceId: rl(` ${invoice.id} `) })).error).toBeUndefined();
		const created = await ctx.run(create(`={{ ${customer.id} }}`));
		expect(created.error).toBeUndefined();
		expect(ctx.requests().at(-1).body.customer_id).toBe(customer.id);
	});
});

describe.each([
	['pennylane', ['de_DE', 'en_GB', 'fr_FR']],
	['billy', ['en_GB', 'fr_FR']],
])('invoice languages through %s: exactly what its docs list', (mode, languages) => {
	const ctx = setupPennylane(mode);
	let customer;
	beforeAll(() => {
		customer = ctx.sandbox.seedCustomer({ name: 'Lang SAS' });
	});
	const create = (language) => ({
		resource: 'customerInvoice', operation: 'create', customer: rl(customer.id), date: '2025-02-01', deadline: '2025-02-28',
		invoiceLines: { freeLines: [{ label: 'Item', quantity: 1, unit: 'piece', unitPrice: '10', vatRate: 'FR_200' }] },
		additionalFields: { language },
	});

	test('the Language option offered for this access path lists exactly its languages', () => {
		const { description } = createPennylaneHarness().nodeTypes['n8n-nodes-invoicing.pennylane'];
		const additional = description.properties.find((p) => p.name === 'additionalFields' && p.displayOptions.show.operation.includes('create'));
		// The collection is shared with Quote → Create (see mergeSharedFields): its options say which resource shows them.
		const shownFor = (option, resource) => (option.displayOptions?.show?.['/resource'] ?? [resource]).includes(resource);
		const offered = additional.options.filter(
			(o) => o.name === 'language' && shownFor(o, 'customerInvoice') && (o.displayOptions?.show?.['/authentication'] ?? []).includes(ctx.authentication),
		);
		expect(offered).toHaveLength(1);
		expect(offered[0].options.map((o) => o.value)).toEqual(languages);
		// A quote offers Pennylane's three languages whichever the access path (Billy documents no quote endpoint).
		const quote = additional.options.filter((o) => o.name === 'language' && shownFor(o, 'quote') && !shownFor(o, 'customerInvoice'));
		expect(quote).toHaveLength(1);
		expect(quote[0].displayOptions.show['/authentication']).toBeUndefined();
		expect(quote[0].options.map((o) => o.value)).toEqual(['de_DE', 'en_GB', 'fr_FR']);
	});

	test.each(['de_DE', 'en_GB', 'fr_FR'])('%s', async (language) => {
		const result = await ctx.run(create(`={{ "${language}" }}`));
		if (languages.includes(language)) {
			expect(result.error).toBeUndefined();
			expect(ctx.requests()[0].body.language).toBe(language);
		} else {
			expect(result.error.message).toBe(`Invalid value for "Language" in item 0: must be one of ${languages.map((l) => `"${l}"`).join(', ')}, got "${language}"`);
			expect(ctx.requests()).toEqual([]);
		}
	});

	test('the sandbox accepts exactly these languages', async () => {
		const headers = { authorization: `Bearer ${mode === 'billy' ? BILLY_TOKEN : TOKEN}`, 'content-type': 'application/json' };
		if (mode === 'billy') Object.assign(headers, { 'x-source': 'billy', 'x-source-software': 'HUBSPOT' });
		for (const language of ['fr_FR', 'en_GB', 'de_DE', 'es_ES']) {
			const response = await axios.post(
				`${ctx.sandbox.baseUrl}/customer_invoices`,
				{
					customer_id: customer.id, date: '2025-02-01', deadline: '2025-02-28', draft: true, language,
					invoice_lines: [{ label: 'A', quantity: 1, unit: 'piece', raw_currency_unit_price: '1', vat_rate: 'FR_200' }],
				},
				{ headers, validateStatus: () => true },
			);
			expect([language, response.status]).toEqual([language, languages.includes(language) ? 201 : 400]);
		}
	});
});

describe('Pennylane: required line values have no silent default', () => {
	const ctx = setupPennylane('pennylane');
	let customer;
	beforeAll(() => {
		customer = ctx.sandbox.seedCustomer({ name: 'Defaults SAS' });
	});
	const create = (line) => ({
		resource: 'customerInvoice', operation: 'create', customer: rl(customer.id), date: '2025-02-01', deadline: '2025-02-28', invoiceLines: { freeLines: [line] },
	});

	test.each([
		['VAT Rate (it used to be FR_200)', { label: 'Item', quantity: 1, unit: 'piece', unitPrice: '10' }, 'VAT Rate'],
		['Unit Price (it used to be 0)', { label: 'Item', quantity: 1, unit: 'piece', vatRate: 'FR_200' }, 'Unit Price (Excl. Tax)'],
	])('a free line without %s is refused before sending', async (_case, line, label) => {
		const result = await ctx.run(create(line));
		expect(result.error.message).toMatch(new RegExp(`^(Missing value for "Invoice Lines › Free Line 1 › ${label.replace(/[()]/g, '\\$&')}" in item 0: this field is required|The 'Node' node has issues)`));
		expect(ctx.requests()).toEqual([]);
	});
});
