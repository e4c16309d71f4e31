'use strict';
/* global fetch */
// The simulator holds to the documented contract the node is tested against.
const { createPennylaneSandbox } = require('../sandboxes/pennylane');

describe('Pennylane sandbox contract', () => {
	const TOKEN = 'contract-token';
	let pennylane;
	let billy;
	beforeAll(async () => {
		pennylane = createPennylaneSandbox({ tokens: [TOKEN], rateLimit: { limit: 3, windowMs: 400 } });
		billy = createPennylaneSandbox({ mode: 'billy', tokens: [TOKEN], rateLimit: null });
		await Promise.all([pennylane.start(), billy.start()]);
	});
	afterAll(async () => Promise.all([pennylane.stop(), billy.stop()]));

	const call = async (sandbox, method, path, { body, headers = {} } = {}) => {
		const response = await fetch(`${sandbox.baseUrl}${path}`, {
			method,
			headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, headers: Object.fromEntries(response.headers), body: text ? JSON.parse(text) : undefined };
	};
	const invoice = (customerId, lines) => ({ customer_id: customerId, date: '2025-01-01', deadline: '2025-01-31', draft: true, invoice_lines: lines });

	test('errors use {error, status}; a numeric amount is a 400; a mixed line is NotAnyOf', async () => {
		await new Promise((r) => setTimeout(r, 450));
		const customer = pennylane.seedCustomer();
		expect(await call(pennylane, 'GET', '/customers/1', { headers: { authorization: 'Bearer wrong' } })).toMatchObject({
			status: 401,
			body: { error: 'Access token is missing or invalid', status: 401 },
		});
		const numeric = await call(pennylane, 'POST', '/customer_invoices', {
			body: invoice(customer.id, [{ label: 'A', quantity: 1, unit: 'piece', raw_currency_unit_price: 10, vat_rate: 'FR_200' }]),
		});
		expect(numeric).toMatchObject({ status: 400, body: { status: 400, error: expect.stringMatching(/must be a string/) } });
		await new Promise((r) => setTimeout(r, 450));
		const mixed = await call(pennylane, 'POST', '/customer_invoices', { body: invoice(customer.id, [{ label: 'A', quantity: 1, vat_rate: 'FR_200' }]) });
		expect(mixed).toMatchObject({ status: 400, body: { error: 'invoice_lines[0] does not match any of the allowed schemas (NotAnyOf)' } });
	});

	test('rate limit: ratelimit-* headers on every answer, 429 with retry-after past the limit', async () => {
		await new Promise((r) => setTimeout(r, 450));
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push(await call(pennylane, 'GET', '/me'));
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
		expect(answers.map((a) => a.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
		expect(answers[0].headers['ratelimit-limit']).toBe('3');
		expect(answers[0].headers['ratelimit-reset']).toMatch(/^\d{10}$/);
		expect(answers[3].headers['retry-after']).toBe('1');
		expect(answers[3].body).toEqual({ error: 'Rate limit exceeded. Please retry in 1 seconds.', status: 429 });
	});

	test('cursor pages and the JSON filter', async () => {
		pennylane.setRateLimit(null);
		for (let i = 0; i < 5; i++) pennylane.seedCustomer({ name: `Page ${i}` });
		const first = await call(pennylane, 'GET', '/customers?limit=2');
		expect(first.body).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
		expect(first.body.items).toHaveLength(2);
		const second = await call(pennylane, 'GET', `/customers?limit=2&cursor=${first.body.next_cursor}`);
		expect(second.body.items[0].id).toBe(first.body.items[1].id + 1);
		const filter = encodeURIComponent(JSON.stringify([{ field: 'name', operator: 'eq', value: 'Page 3' }]));
		expect((await call(pennylane, 'GET', `/customers?filter=${filter}`)).body.items.map((c) => c.name)).toEqual(['Page 3']);
		expect((await call(pennylane, 'GET', '/customers?filter=nope')).status).toBe(400);
		expect((await call(pennylane, 'GET', '/customers?limit=101')).status).toBe(400);
	});

	test('Billy mode refuses requests without valid x-source headers', async () => {
		const customer = billy.seedCustomer();
		expect((await call(billy, 'GET', `/customers/${customer.id}`)).body).toEqual({ error: 'Header x-source is missing or invalid: expected "billy"', status: 400 });
		expect((await call(billy, 'GET', `/customers/${customer.id}`, { headers: { 'x-source': 'billy' } })).body).toEqual({
			error: 'Header x-source-software is missing or invalid: null',
			status: 400,
		});
		const ok = await call(billy, 'GET', `/customers/${customer.id}`, { headers: { 'x-source': 'billy', 'x-source-software': 'ODOO' } });
		expect(ok).toMatchObject({ status: 200, body: { id: customer.id, v2_id: customer.id } });
	});
});
