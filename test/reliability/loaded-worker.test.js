'use strict';
// A loaded n8n worker: n8n-workflow runs every regular expression of a node description (resource
// locator validation) in a vm with a 250 ms timeout, and fails the whole execution with "Regular
// expression execution timed out" when the machine is too busy to finish in time (seen in the
// queue-mode run: 1 of 300 executions). Here n8n's regex engine is made to time out on every call,
// as on a saturated worker: the nodes must still run, since they check IDs themselves.
const { setSafeRegexEngine, resetSafeRegexEngine } = require('n8n-workflow');
const { setupLevers, rl: leversRl } = require('../levers/setup');
const { setupKatsuPay, rl: katsuRl } = require('../katsupay/setup');
const { setupPennylane, rl: pennylaneRl } = require('../pennylane/setup');

function timingOut() {
	const fail = () => {
		throw new Error('Regular expression execution timed out');
	};
	return { exec: fail, test: fail, replace: fail, matchAll: fail, split: fail };
}

beforeAll(() => setSafeRegexEngine(timingOut()));
afterAll(() => resetSafeRegexEngine());

describe('Levers on a saturated worker', () => {
	const ctx = setupLevers();
	test('Get by ID runs', async () => {
		const contact = ctx.sandbox.seedContact({ name: 'Busy Co' });
		const invoice = ctx.sandbox.seedInvoice({ number: 'INV-B', date: '2025-01-01', dueDate: '2025-01-31', total: 10, contactUuid: contact.uuid });
		const result = await ctx.run({ resource: 'invoice', operation: 'get', invoiceId: leversRl(invoice.uuid) });
		expect(result.error).toBeUndefined();
		expect(result.json[0].uuid).toBe(invoice.uuid);
	});
});

describe('Katsu Pay on a saturated worker', () => {
	const ctx = setupKatsuPay();
	test('Get counterparty by ID runs', async () => {
		const counterparty = ctx.sandbox.seedCounterparty({ name: 'Busy Co' });
		const result = await ctx.run({ resource: 'counterparty', operation: 'get', counterpartyId: katsuRl(counterparty.id) });
		expect(result.error).toBeUndefined();
		expect(result.json[0].name).toBe('Busy Co');
	});
});

describe('Pennylane on a saturated worker', () => {
	const ctx = setupPennylane();
	test('Get customer by ID runs', async () => {
		const customer = ctx.sandbox.seedCustomer({ name: 'Busy SAS' });
		const result = await ctx.run({ resource: 'customer', operation: 'get', customer: pennylaneRl(customer.id) });
		expect(result.error).toBeUndefined();
		expect(result.json[0].name).toBe('Busy SAS');
	});
	test('a bad ID is still refused before sending, naming the field', async () => {
		const result = await ctx.run({ resource: 'customer', operation: 'get', customer: pennylaneRl('12x') });
		expect(result.error.message).toMatch(/^Invalid value for "Customer" in item 0: /);
		expect(ctx.sandbox.apiRequests()).toEqual([]);
	});
});
