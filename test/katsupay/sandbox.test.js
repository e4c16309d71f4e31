'use strict';
// The Katsu Pay sandbox's own contract, spoken to directly over HTTP (no node involved).
const axios = require('axios');
const { createKatsuPaySandbox } = require('../sandboxes/katsupay');

const TOKEN = 'sandbox-token';

describe('Katsu Pay sandbox', () => {
	const sandbox = createKatsuPaySandbox({ accessTokens: [TOKEN] });
	let http;
	beforeAll(async () => {
		await sandbox.start();
		http = axios.create({ baseURL: `${sandbox.baseUrl}/api/v1`, headers: { Authorization: `Bearer ${TOKEN}` }, validateStatus: () => true });
	});
	afterAll(() => sandbox.stop());

	test('401 without or with a wrong bearer token, in the envelope, with WWW-Authenticate', async () => {
		const none = await axios.get(`${sandbox.baseUrl}/api/v1/Products`, { validateStatus: () => true });
		expect(none.status).toBe(401);
		expect(none.headers['www-authenticate']).toBe('Bearer');
		expect(none.data).toEqual({ succeeded: false, message: 'Unauthorized', errors: [], data: null });
		const wrong = await http.get('/Products', { headers: { Authorization: 'Bearer other' } });
		expect(wrong.status).toBe(401);
	});

	test('paged envelope with pageNumber, pageSize and total; query names in any casing', async () => {
		for (let i = 0; i < 12; i++) sandbox.seedProduct({ name: `P${i}` });
		const page = await http.get('/Products', { params: { PAGENUMBER: 2, pagesize: 5 } });
		expect(page.status).toBe(200);
		expect(page.data).toMatchObject({ pageNumber: 2, pageSize: 5, total: 12, succeeded: true, errors: [] });
		expect(page.data.data.map((p) => p.name)).toEqual(['P5', 'P6', 'P7', 'P8', 'P9']);
		const bad = await http.get('/Products', { params: { pageNumber: 0 } });
		expect(bad.status).toBe(400);
		expect(bad.data).toEqual({ succeeded: false, message: 'One or more validation errors occurred.', errors: ['pageNumber: must be a whole number of 1 or more'], data: null });
	});

	test('Create Invoice validates in the envelope format: types, required fields, unknown fields', async () => {
		const counterparty = sandbox.seedCounterparty({ name: 'C' });
		const response = await http.post('/Invoice/Create', {
			counterPartyId: counterparty.id,
			dueDate: 'soon',
			currency: '2',
			products: [{ productId: 'x', quantity: 1.5, unitPrice: -1 }],
			recurringInvoice: true,
		});
		expect(response.status).toBe(400);
		expect(response.data.succeeded).toBe(false);
		expect(response.data.errors).toEqual([
			'receivingAccountId: field required',
			'currency: value is not a valid integer',
			'products.0.productId: value is not a valid uuid',
			'products.0.quantity: value is not a valid integer',
			'products.0.unitPrice: ensure this value is greater than or equal to 0',
			'dueDate: The JSON value could not be converted to System.DateTime: "soon"',
			'recurringInvoice: is not a field of this request',
		]);
		expect(sandbox.state.invoices.size).toBe(0);
	});

	test('create → get → update → get is stateful; unknown ids are 404 envelopes', async () => {
		const counterparty = sandbox.seedCounterparty({ name: 'Stateful Ltd' });
		const product = sandbox.seedProduct({ name: 'Thing' });
		const created = await http.post('/Invoice/Create', {
			counterPartyId: counterparty.id, receivingAccountId: '3fa85f64-5717-4562-b3fc-2c963f66afa6', dueDate: '2025-01-31T00:00:00', currency: 2,
			products: [{ productId: product.id, quantity: 2, unitPrice: 5 }], taxes: [{ taxId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', taxPercentageValue: 10 }],
		});
		expect(created.data).toEqual({ succeeded: true, message: 'Invoice created successfully', errors: [], data: { invoiceId: expect.any(String), amount: 11 } });
		const id = created.data.data.invoiceId;
		expect((await http.get('/Invoice/getbyId', { params: { InvoiceId: id } })).data.data).toMatchObject({ id, amount: 11, counterPartyName: 'Stateful Ltd' });
		const updated = await http.put('/Invoice/Update', { id, description: 'changed' });
		expect(updated.data.data).toMatchObject({ id, description: 'changed' });
		expect((await http.get('/Invoice/getbyId', { params: { invoiceid: id } })).data.data.description).toBe('changed');
		const missing = await http.get('/Invoice/getbyId', { params: { InvoiceId: '00000000-0000-4000-8000-000000000000' } });
		expect(missing.status).toBe(404);
		expect(missing.data).toMatchObject({ succeeded: false, message: 'Invoice not found', data: null });
		const unknownCounterparty = await http.get('/Counterparties/get/00000000-0000-4000-8000-000000000000');
		expect(unknownCounterparty.status).toBe(404);
	});

	test('a failure inside an HTTP 200 can be injected for the next matching request', async () => {
		sandbox.failWith200({ method: 'GET', path: '/api/v1/Products' }, 'Tenant suspended', ['tenant: suspended']);
		const failed = await http.get('/Products');
		expect(failed.status).toBe(200);
		expect(failed.data).toEqual({ succeeded: false, message: 'Tenant suspended', errors: ['tenant: suspended'], data: null });
		expect((await http.get('/Products')).data.succeeded).toBe(true);
	});
});
