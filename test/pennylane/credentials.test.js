'use strict';
// The credential Test buttons, what each credential sends, and their descriptions.
const { createPennylaneSandbox } = require('../sandboxes/pennylane');
const { createPennylaneHarness, TOKEN, BILLY_TOKEN } = require('./setup');

describe('Pennylane and Billy credentials', () => {
	const sandboxes = {};
	let harness;
	beforeAll(async () => {
		sandboxes.pennylane = createPennylaneSandbox({ mode: 'pennylane', tokens: [TOKEN] });
		sandboxes.billy = createPennylaneSandbox({ mode: 'billy', tokens: [BILLY_TOKEN] });
		await Promise.all(Object.values(sandboxes).map((s) => s.start()));
		harness = createPennylaneHarness();
	});
	afterAll(async () => Promise.all(Object.values(sandboxes).map((s) => s.stop())));
	beforeEach(() => Object.values(sandboxes).forEach((s) => s.server.clearLog()));

	const test_ = (type, data) => {
		const reference = harness.credential(type, data)[type];
		return harness.testCredential(type, reference);
	};

	test('Pennylane: Test calls GET /me with the bearer token and no x-source header', async () => {
		const result = await test_('pennylaneInvoicingApi', { apiToken: TOKEN, baseUrl: `${sandboxes.pennylane.baseUrl}/` });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = sandboxes.pennylane.apiRequests();
		expect([request.method, request.path]).toEqual(['GET', '/api/external/v2/me']);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.headers['x-source']).toBeUndefined();
		expect(request.headers['x-source-software']).toBeUndefined();
	});

	test('Pennylane: a wrong token fails the test with a clear message', async () => {
		const result = await test_('pennylaneInvoicingApi', { apiToken: 'wrong', baseUrl: sandboxes.pennylane.baseUrl });
		expect(result).toEqual({ status: 'Error', message: 'Pennylane did not accept the API token (missing, invalid or expired)' });
	});

	test('Billy: Test lists one invoice with the bearer token and both x-source headers', async () => {
		const result = await test_('billyInvoicingApi', { accessToken: BILLY_TOKEN, baseUrl: sandboxes.billy.baseUrl, sourceSoftware: 'SHOPIFY' });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = sandboxes.billy.apiRequests();
		expect([request.method, request.path, request.query]).toEqual(['GET', '/billy/customer_invoices', { limit: '1' }]);
		expect(request.headers).toMatchObject({ authorization: `Bearer ${BILLY_TOKEN}`, 'x-source': 'billy', 'x-source-software': 'SHOPIFY' });
	});

	test('Billy: a wrong token or an unknown source software fails the test', async () => {
		expect(await test_('billyInvoicingApi', { accessToken: 'nope', baseUrl: sandboxes.billy.baseUrl, sourceSoftware: 'SHOPIFY' })).toEqual({
			status: 'Error',
			message: 'Billy did not accept the access token',
		});
		expect(await test_('billyInvoicingApi', { accessToken: BILLY_TOKEN, baseUrl: sandboxes.billy.baseUrl, sourceSoftware: 'EXCEL' })).toEqual({
			status: 'Error',
			message: expect.stringContaining('"Source Software" must be one of Billy\'s values, got "EXCEL"'),
		});
		// no silent default: a credential saved without a choice fails the test, naming the field
		expect(await test_('billyInvoicingApi', { accessToken: BILLY_TOKEN, baseUrl: sandboxes.billy.baseUrl, sourceSoftware: '' })).toEqual({
			status: 'Error',
			message: expect.stringContaining('choose the "Source Software"'),
		});
	});

	test('descriptions: secrets are passwords; Billy has no default base URL and offers exactly its documented source softwares', async () => {
		const { SOURCE_SOFTWARES } = require('../sandboxes/pennylane');
		const pennylane = harness.credentialTypes.pennylaneInvoicingApi;
		const billy = harness.credentialTypes.billyInvoicingApi;
		expect(pennylane.properties.find((p) => p.name === 'apiToken').typeOptions.password).toBe(true);
		expect(pennylane.properties.find((p) => p.name === 'baseUrl').default).toBe('https://app.pennylane.com/api/external/v2');
		expect(billy.properties.find((p) => p.name === 'accessToken').typeOptions.password).toBe(true);
		const baseUrl = billy.properties.find((p) => p.name === 'baseUrl');
		expect(baseUrl).toMatchObject({ default: '', required: true });
		const software = billy.properties.find((p) => p.name === 'sourceSoftware');
		expect(software.options.map((o) => o.value).sort()).toEqual([...SOURCE_SOFTWARES].sort());
		for (const option of software.options) expect(option.name).toBe(option.value);
		// required, and no default: the user must choose (seed 004 gives x-source-software no default)
		expect(software).toMatchObject({ required: true, default: '' });
		// A function (no expression for n8n to evaluate on every request): the token as a bearer, the request's other headers kept.
		const signed = await pennylane.authenticate({ apiToken: 'tok-1', baseUrl: 'https://app.pennylane.com/api/external/v2' }, { url: '/me', headers: { Accept: 'application/json' } });
		expect(signed).toEqual({ url: '/me', headers: { Accept: 'application/json', Authorization: 'Bearer tok-1' } });
	});

	test('the node offers both credentials under Authentication', () => {
		const node = harness.nodeTypes['n8n-nodes-invoicing.pennylane'].description;
		expect(node.credentials).toEqual([
			{ name: 'pennylaneInvoicingApi', required: true, displayOptions: { show: { authentication: ['pennylaneInvoicingApi'] } } },
			{ name: 'billyInvoicingApi', required: true, displayOptions: { show: { authentication: ['billyInvoicingApi'] } } },
		]);
		const authentication = node.properties.find((p) => p.name === 'authentication');
		expect(authentication.options.map((o) => o.value)).toEqual(['billyInvoicingApi', 'pennylaneInvoicingApi']);
		expect(authentication.default).toBe('pennylaneInvoicingApi');
		expect(node.usableAsTool).toBe(true);
	});
});
