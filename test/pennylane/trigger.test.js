'use strict';
/* global fetch */
// The Pennylane Trigger through n8n-core: active polls with n8n's PollContext and static data kept
// between polls (harness `poller`), Fetch Test Event through n8n's WorkflowExecute (manual mode),
// against the sandbox's change feed (test/sandboxes/pennylane-changelog.js).
const { createHarness } = require('../harness/engine');
const { setupPennylane, credentialFor, rl, TOKEN, NODE, CREDENTIALS } = require('./setup');

const TRIGGER = 'dist/nodes/Pennylane/PennylaneTrigger.node.js';
/** Waits until the clock has passed `ms` (changes recorded ahead of the clock must not reach the next test's trigger). */
const until = async (ms) => {
	while (Date.now() <= ms) await new Promise((resolve) => setTimeout(resolve, Math.max(1, ms + 1 - Date.now())));
};
const WEEK = 7 * 24 * 3600 * 1000;
const DAY = 24 * 3600 * 1000;

/** The sandbox and a harness with the Pennylane node and its trigger. */
function setupTrigger() {
	const ctx = setupPennylane('pennylane');
	beforeAll(() => {
		ctx.harness = createHarness({ nodes: [NODE, TRIGGER], credentials: CREDENTIALS });
		ctx.credentials = credentialFor(ctx.harness, ctx.sandbox);
		ctx.customer = ctx.sandbox.seedCustomer({ name: 'Acme SAS', emails: ['billing@acme.test'] });
		/** An active trigger for `event`, activated now (its first poll done). */
		ctx.activate = async (event) => {
			const trigger = ctx.harness.poller({ type: 'pennylaneTrigger', parameters: { event }, credentials: ctx.credentials });
			expect(await trigger.poll()).toBeNull();
			return trigger;
		};
		ctx.invoice = (fields = {}) =>
			ctx.sandbox.seedInvoice({
				customer_id: ctx.customer.id,
				date: '2026-11-02',
				deadline: '2026-12-02',
				draft: false,
				invoice_lines: [{ label: 'Consulting', quantity: 2, unit: 'day', raw_currency_unit_price: '800', vat_rate: 'FR_200' }],
				...fields,
			});
		ctx.feedRequests = () => ctx.sandbox.server.requests.filter((r) => r.path.startsWith(ctx.path('/changelogs/')));
		ctx.recordRequests = (resource) => ctx.sandbox.server.requests.filter((r) => new RegExp(`^${ctx.path(`/${resource}/`)}\\d+$`).test(r.path));
	});
	afterEach(() => ctx.sandbox.server.setHostile({}));
	return ctx;
}

describe('Pennylane Trigger: active polls', () => {
	const ctx = setupTrigger();

	test('the first poll emits nothing old and sends no request; the watermark is now', async () => {
		ctx.invoice();
		ctx.sandbox.recordChange('customer_invoices', 5001, 'update', new Date(Date.now() - DAY));
		// A change in the very millisecond of activation counts as new (the feed's instants are all the
		// trigger can compare): the old changes here are at least a few milliseconds older.
		await new Promise((resolve) => setTimeout(resolve, 5));
		const before = Date.now();
		const trigger = await ctx.activate('customerInvoiceCreated');
		expect(ctx.feedRequests()).toHaveLength(0);
		const { watermark, event } = trigger.state;
		expect(event).toBe('customerInvoiceCreated');
		expect(Date.parse(watermark)).toBeGreaterThanOrEqual(before);
		// The next poll asks from the watermark and still emits nothing: the old invoice is not new.
		expect(await trigger.poll()).toBeNull();
		expect(ctx.feedRequests()[0].query).toEqual({ start_date: watermark, limit: '100' });
	});

	test('Customer Invoice Created: each new invoice once, fetched once, never again on later polls', async () => {
		const trigger = await ctx.activate('customerInvoiceCreated');
		const first = ctx.invoice({ external_reference: 'DEAL-1' });
		const second = ctx.invoice({ external_reference: 'DEAL-2' });
		ctx.sandbox.server.clearLog();
		const events = await trigger.poll();
		expect(events.map((e) => e.id)).toEqual([first.id, second.id]);
		expect(events[0]).toMatchObject({ id: first.id, external_reference: 'DEAL-1', draft: false, paid: false, invoice_number: expect.any(String) });
		expect(ctx.recordRequests('customer_invoices').map((r) => r.path)).toEqual([ctx.path(`/customer_invoices/${first.id}`), ctx.path(`/customer_invoices/${second.id}`)]);
		expect(ctx.recordRequests('customer_invoices')[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		// The sandbox's start_date is inclusive: the next poll gets the last change again and drops it.
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		const third = ctx.invoice();
		expect((await trigger.poll()).map((e) => e.id)).toEqual([third.id]);
	});

	test('no duplicates at the watermark instant: a change arriving later with the same processed_at is emitted, the ones seen are not', async () => {
		const trigger = await ctx.activate('customerInvoiceCreated');
		const a = ctx.invoice();
		const b = ctx.invoice();
		const c = ctx.invoice();
		// a and b recorded at one instant; c arrives after the next poll with that same instant.
		const at = new Date(Date.now() + 5).toISOString();
		ctx.sandbox.state.changes = ctx.sandbox.state.changes.filter((change) => ![a.id, b.id, c.id].includes(change.id));
		ctx.sandbox.recordChange('customer_invoices', a.id, 'insert', at);
		ctx.sandbox.recordChange('customer_invoices', b.id, 'insert', at);
		expect((await trigger.poll()).map((e) => e.id)).toEqual([a.id, b.id]);
		expect(trigger.state.watermark).toBe(at);
		expect(trigger.state.seen).toHaveLength(2);
		ctx.sandbox.recordChange('customer_invoices', c.id, 'insert', at);
		expect((await trigger.poll()).map((e) => e.id)).toEqual([c.id]);
		expect(await trigger.poll()).toBeNull();
		await until(Date.parse(at));
	});

	test('an exclusive start_date (the other reading of the undocumented rule) loses nothing and repeats nothing', async () => {
		ctx.sandbox.setFeedStartInclusive(false);
		try {
			const trigger = await ctx.activate('customerInvoiceCreated');
			await new Promise((resolve) => setTimeout(resolve, 5));
			const a = ctx.invoice();
			expect((await trigger.poll()).map((e) => e.id)).toEqual([a.id]);
			expect(await trigger.poll()).toBeNull();
			await new Promise((resolve) => setTimeout(resolve, 5));
			const b = ctx.invoice();
			expect((await trigger.poll()).map((e) => e.id)).toEqual([b.id]);
		} finally {
			ctx.sandbox.setFeedStartInclusive(true);
		}
	});

	test('Customer Invoice Updated: an invoice changed twice between polls is fetched once and emitted once, as it is now', async () => {
		const draft = ctx.invoice({ draft: true });
		const trigger = await ctx.activate('customerInvoiceUpdated');
		await ctx.run({ resource: 'customerInvoice', operation: 'update', invoiceId: rl(draft.id), updateFields: { pdf_invoice_subject: 'First' } });
		expect(ctx.sandbox.invoiceView(draft.id).pdf_invoice_subject).toBe('First');
		await ctx.run({ resource: 'customerInvoice', operation: 'update', invoiceId: rl(draft.id), updateFields: { pdf_invoice_subject: 'Second' } });
		ctx.sandbox.server.clearLog();
		const events = await trigger.poll();
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ id: draft.id, pdf_invoice_subject: 'Second' });
		expect(ctx.recordRequests('customer_invoices')).toHaveLength(1);
		expect(await trigger.poll()).toBeNull();
	});

	test('Customer Invoice Paid fires once on the transition to paid, not on later updates nor on other invoices', async () => {
		const invoice = ctx.invoice();
		const unpaid = ctx.invoice();
		const trigger = await ctx.activate('customerInvoicePaid');
		ctx.sandbox.recordChange('customer_invoices', unpaid.id, 'update');
		expect(await trigger.poll()).toBeNull();
		const paid = await ctx.run({ resource: 'customerInvoice', operation: 'markAsPaid', invoiceId: rl(invoice.id) });
		expect(paid.error).toBeUndefined();
		const events = await trigger.poll();
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ id: invoice.id, paid: true, status: 'paid' });
		expect(trigger.state.paid).toEqual({ [String(invoice.id)]: expect.any(Number) });
		// Later changes of the paid invoice: no new event.
		ctx.sandbox.recordChange('customer_invoices', invoice.id, 'update');
		expect(await trigger.poll()).toBeNull();
		ctx.sandbox.recordChange('customer_invoices', invoice.id, 'update');
		ctx.sandbox.recordChange('customer_invoices', unpaid.id, 'update');
		expect(await trigger.poll()).toBeNull();
	});

	test('Customer Invoice Paid: an invoice created and paid between two polls fires once', async () => {
		const trigger = await ctx.activate('customerInvoicePaid');
		const invoice = ctx.invoice();
		await ctx.run({ resource: 'customerInvoice', operation: 'markAsPaid', invoiceId: rl(invoice.id) });
		ctx.sandbox.server.clearLog();
		const events = await trigger.poll();
		expect(events.map((e) => e.id)).toEqual([invoice.id]);
		// insert + update of one invoice: one fetch.
		expect(ctx.recordRequests('customer_invoices')).toHaveLength(1);
		expect(await trigger.poll()).toBeNull();
	});

	test('Customer Invoice Paid: an invoice whose payment is removed and made again fires again (a new transition)', async () => {
		const invoice = ctx.invoice();
		const trigger = await ctx.activate('customerInvoicePaid');
		await ctx.run({ resource: 'customerInvoice', operation: 'markAsPaid', invoiceId: rl(invoice.id) });
		expect((await trigger.poll()).map((e) => e.id)).toEqual([invoice.id]);
		ctx.sandbox.state.invoices.get(invoice.id).paid = false;
		ctx.sandbox.recordChange('customer_invoices', invoice.id, 'update');
		expect(await trigger.poll()).toBeNull();
		expect(trigger.state.paid).toEqual({});
		ctx.sandbox.state.invoices.get(invoice.id).paid = true;
		ctx.sandbox.recordChange('customer_invoices', invoice.id, 'update');
		expect((await trigger.poll()).map((e) => e.id)).toEqual([invoice.id]);
	});

	test('Customer Invoice Deleted emits { id, operation, processed_at } without fetching the deleted invoice', async () => {
		const draft = ctx.invoice({ draft: true });
		const trigger = await ctx.activate('customerInvoiceDeleted');
		const deleted = await ctx.run({ resource: 'customerInvoice', operation: 'delete', invoiceId: rl(draft.id) });
		expect(deleted.error).toBeUndefined();
		ctx.sandbox.server.clearLog();
		const events = await trigger.poll();
		const change = ctx.sandbox.state.changes.find((c) => c.id === draft.id && c.operation === 'delete');
		expect(events).toEqual([{ id: draft.id, operation: 'delete', processed_at: change.processed_at }]);
		expect(ctx.recordRequests('customer_invoices')).toHaveLength(0);
		expect(await trigger.poll()).toBeNull();
	});

	test('a record deleted before the poll fetched it (404) is skipped, the poll goes on and does not ask again', async () => {
		const trigger = await ctx.activate('customerInvoiceCreated');
		const gone = ctx.invoice({ draft: true });
		const kept = ctx.invoice();
		await ctx.run({ resource: 'customerInvoice', operation: 'delete', invoiceId: rl(gone.id) });
		ctx.sandbox.server.clearLog();
		expect((await trigger.poll()).map((e) => e.id)).toEqual([kept.id]);
		expect(ctx.recordRequests('customer_invoices').map((r) => r.path)).toEqual([ctx.path(`/customer_invoices/${gone.id}`), ctx.path(`/customer_invoices/${kept.id}`)]);
		ctx.sandbox.server.clearLog();
		expect(await trigger.poll()).toBeNull();
		expect(ctx.recordRequests('customer_invoices')).toHaveLength(0);
	});

	test('Customer Created and Customer Updated read the customers feed and fetch GET /customers/{id}', async () => {
		const created = await ctx.activate('customerCreated');
		const updated = await ctx.activate('customerUpdated');
		const customer = ctx.sandbox.seedCustomer({ name: 'Initech SA' });
		ctx.sandbox.recordChange('customers', ctx.customer.id, 'update');
		expect((await created.poll()).map((e) => [e.id, e.name])).toEqual([[customer.id, 'Initech SA']]);
		expect((await updated.poll()).map((e) => [e.id, e.name])).toEqual([[ctx.customer.id, 'Acme SAS']]);
		expect(ctx.feedRequests().every((r) => r.path === ctx.path('/changelogs/customers'))).toBe(true);
	});

	test('after a long deactivation the start is clamped inside the 4 weeks the feed keeps: no 422, the kept changes are emitted', async () => {
		const trigger = await ctx.activate('customerUpdated');
		const old = ctx.sandbox.seedCustomer({ name: 'Old change' });
		const recent = ctx.sandbox.seedCustomer({ name: 'Recent change' });
		ctx.sandbox.recordChange('customers', old.id, 'update', new Date(Date.now() - 5 * WEEK));
		ctx.sandbox.recordChange('customers', recent.id, 'update', new Date(Date.now() - 3 * WEEK));
		trigger.state = { ...trigger.state, watermark: new Date(Date.now() - 6 * WEEK).toISOString(), seen: [] };
		ctx.sandbox.server.clearLog();
		const events = await trigger.poll();
		const names = events.map((e) => e.name);
		expect(names).toContain('Recent change');
		expect(names).not.toContain('Old change');
		const [request] = ctx.feedRequests();
		const start = Date.parse(request.query.start_date);
		expect(start).toBeGreaterThan(Date.now() - 4 * WEEK);
		expect(start).toBeLessThan(Date.now() - 4 * WEEK + 2 * 3600 * 1000);
		expect(ctx.sandbox.server.requests.some((r) => r.status === 422)).toBe(false);
	});

	test('the sandbox refuses what the document refuses: start_date older than 4 weeks (422), start_date with cursor (400)', async () => {
		const trigger = await ctx.activate('customerUpdated');
		ctx.sandbox.recordChange('customers', ctx.customer.id, 'update');
		const token = { Authorization: `Bearer ${TOKEN}` };
		const old = await fetch(`${ctx.sandbox.baseUrl}/changelogs/customers?start_date=${encodeURIComponent(new Date(Date.now() - 5 * WEEK).toISOString())}`, { headers: token });
		expect(old.status).toBe(422);
		const both = await fetch(`${ctx.sandbox.baseUrl}/changelogs/customers?start_date=${encodeURIComponent(new Date().toISOString())}&cursor=abc`, { headers: token });
		expect(both.status).toBe(400);
		expect((await trigger.poll()).map((e) => e.id)).toEqual([ctx.customer.id]);
	});

	test('pages: start_date on the first page only, then cursor and limit; at most 100 records per poll, the rest on the next poll, none twice', async () => {
		const trigger = await ctx.activate('customerCreated');
		// 120 changes that are not creations first (pages without a record to fetch), then 130 customers,
		// each change at its own millisecond (changes sharing an instant are covered above).
		const base = Date.parse(trigger.state.watermark) + 1;
		for (let i = 0; i < 120; i++) ctx.sandbox.recordChange('customers', ctx.customer.id, 'update', new Date(base + i));
		const customers = Array.from({ length: 130 }, (_, i) => ctx.sandbox.seedCustomer({ name: `Customer ${i}` }));
		ctx.sandbox.state.changes = ctx.sandbox.state.changes.filter((c) => !customers.some((customer) => customer.id === c.id));
		customers.forEach((customer, i) => ctx.sandbox.recordChange('customers', customer.id, 'insert', new Date(base + 120 + i)));
		ctx.sandbox.server.clearLog();
		const first = await trigger.poll();
		const requests = ctx.feedRequests();
		expect(requests.length).toBeGreaterThan(1);
		expect(Object.keys(requests[0].query).sort()).toEqual(['limit', 'start_date']);
		for (const request of requests.slice(1)) expect(Object.keys(request.query).sort()).toEqual(['cursor', 'limit']);
		// The 101st creation waits for the next poll.
		expect(first.map((e) => e.id)).toEqual(customers.slice(0, 100).map((c) => c.id));
		const rest = [];
		for (let i = 0; i < 5; i++) rest.push(...((await trigger.poll()) ?? []));
		const ids = [...first, ...rest].map((e) => e.id);
		expect(ids).toEqual(customers.map((c) => c.id));
		await until(base + 250);
	});

	test('more than 100 records changed at one instant: 100 now, the rest on the next poll, none twice', async () => {
		const trigger = await ctx.activate('customerCreated');
		const at = new Date(Date.parse(trigger.state.watermark) + 1);
		const customers = Array.from({ length: 120 }, (_, i) => ctx.sandbox.seedCustomer({ name: `Same instant ${i}` }));
		ctx.sandbox.state.changes = ctx.sandbox.state.changes.filter((c) => !customers.some((customer) => customer.id === c.id));
		for (const customer of customers) ctx.sandbox.recordChange('customers', customer.id, 'insert', at);
		const first = await trigger.poll();
		expect(first).toHaveLength(100);
		const second = await trigger.poll();
		expect([...first, ...second].map((e) => e.id)).toEqual(customers.map((c) => c.id));
		expect(await trigger.poll()).toBeNull();
		await until(at.getTime() + 1);
	});

	test('an answer that is not JSON is an error, not "no changes", and the state stays where it was', async () => {
		const trigger = await ctx.activate('customerInvoiceCreated');
		const invoice = ctx.invoice();
		const before = trigger.state;
		ctx.sandbox.server.setHostile({ nonJson: true, match: { path: ctx.path('/changelogs/customer_invoices') } });
		await expect(trigger.poll()).rejects.toThrow(/Pennylane sent an answer that could not be read \(HTTP 200/);
		expect(trigger.state).toEqual(before);
		ctx.sandbox.server.setHostile({ nonJson: true, match: { path: ctx.path(`/customer_invoices/${invoice.id}`) } });
		await expect(trigger.poll()).rejects.toThrow(/could not be read/);
		expect(trigger.state).toEqual(before);
		ctx.sandbox.server.setHostile({});
		expect((await trigger.poll()).map((e) => e.id)).toEqual([invoice.id]);
	});

	test('a feed page without its documented fields is an error', async () => {
		const trigger = await ctx.activate('customerInvoiceCreated');
		for (const body of [{ data: [] }, { items: [{ id: 1, operation: 'insert' }], has_more: false, next_cursor: null }, { items: [], has_more: true, next_cursor: null }]) {
			ctx.sandbox.server.inject({ match: { path: ctx.path('/changelogs/customer_invoices') }, status: 200, body });
			await expect(trigger.poll()).rejects.toThrow(/could not be read.*not the JSON expected/);
		}
	});

	test("a provider error is worded, names the request, and carries none of the credential's secrets", async () => {
		const trigger = await ctx.activate('customerInvoiceCreated');
		ctx.sandbox.server.setHostile({ echo: true });
		ctx.sandbox.server.inject({ match: { path: ctx.path('/changelogs/customer_invoices') }, status: 400, body: { error: 'Bad request', status: 400 } });
		const error = await trigger.poll().then(
			() => undefined,
			(e) => e,
		);
		expect(error).toBeDefined();
		expect(error.message).toMatch(/Pennylane rejected the request as invalid/);
		expect(error.description).toMatch(/GET \/api\/external\/v2\/changelogs\/customer_invoices/);
		const everything = JSON.stringify({ message: error.message, description: error.description, ...error });
		expect(everything).not.toContain(TOKEN);
	});
});

describe('Pennylane Trigger: Fetch Test Event (manual mode, through WorkflowExecute)', () => {
	const ctx = setupTrigger();
	const fetchTestEvent = (event) => ctx.harness.runNode({ type: 'pennylaneTrigger', parameters: { event }, credentials: ctx.credentials });

	test('no such event in the 4 weeks: a clear error', async () => {
		const result = await fetchTestEvent('customerInvoiceDeleted');
		expect(result.error?.message).toBe('No "Customer Invoice Deleted" event found in the last 4 weeks of Pennylane\'s change feed');
	});

	test('outputs the most recent real event of the kind, looking back up to 4 weeks, without moving an active trigger', async () => {
		const trigger = await ctx.activate('customerInvoicePaid');
		const state = trigger.state;
		const older = ctx.invoice({ external_reference: 'OLDER' });
		const newer = ctx.invoice({ external_reference: 'NEWER' });
		const unpaid = ctx.invoice({ external_reference: 'UNPAID' });
		await ctx.run({ resource: 'customerInvoice', operation: 'markAsPaid', invoiceId: rl(older.id) });
		await ctx.run({ resource: 'customerInvoice', operation: 'markAsPaid', invoiceId: rl(newer.id) });
		ctx.sandbox.recordChange('customer_invoices', unpaid.id, 'update');
		// Weeks ago: the 1-day and 7-day windows are empty, the 4-week one has them.
		ctx.sandbox.backdateChanges(2 * WEEK);
		const paid = await fetchTestEvent('customerInvoicePaid');
		expect(paid.error).toBeUndefined();
		expect(paid.json).toHaveLength(1);
		expect(paid.json[0]).toMatchObject({ id: newer.id, external_reference: 'NEWER', paid: true });
		const created = await fetchTestEvent('customerInvoiceCreated');
		expect(created.json.map((e) => e.external_reference)).toEqual(['UNPAID']);
		const customer = await fetchTestEvent('customerCreated');
		expect(customer.json[0]).toMatchObject({ id: ctx.customer.id, name: 'Acme SAS' });
		expect(trigger.state).toEqual(state);
		const starts = ctx.feedRequests().filter((r) => r.query.start_date).map((r) => Date.parse(r.query.start_date));
		for (const start of starts) expect(start).toBeGreaterThan(Date.now() - 4 * WEEK);
	});

	test('a non-JSON answer fails the test event with the unreadable-answer error', async () => {
		ctx.sandbox.server.setHostile({ nonJson: true, match: { path: ctx.path('/changelogs/customers') } });
		const result = await fetchTestEvent('customerCreated');
		expect(result.error?.message).toMatch(/Pennylane sent an answer that could not be read \(HTTP 200/);
	});
});
