'use strict';
// The credential's "Allowed HTTP Request Domains" (n8n 2.x adds it to every credential with an
// `authenticate`) treats our nodes as n8n treats a node that declares its base URL in
// `requestDefaults`: the API's own host is allowed whatever the list says (a list written for the
// HTTP Request node does not stop the credential in its own node), "None" does not block the node.
// Our nodes set the base URL from the credential in their first preSend step instead (no expression
// per item, nodes/shared/credentials.ts), so they add the host themselves; n8n's engine then checks
// every request against the result. Run through n8n-core's RoutingNode (its allowed-domains logic
// and its request helpers' check) against the sandboxes on 127.0.0.1.
const { createHarness } = require('../harness/engine');
const { createLeversSandbox } = require('../sandboxes/levers');
const { createKatsuPaySandbox } = require('../sandboxes/katsupay');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');
const { withOwnHost } = require('../../dist/nodes/shared/credentials');

jest.setTimeout(60000);

const providers = [
	{
		title: 'Levers',
		type: 'levers',
		sandbox: () => createLeversSandbox({ accessTokens: ['domains-levers'] }),
		credential: (sandbox) => ['leversAccessTokenInvoicingApi', { host: sandbox.baseUrl, accessToken: 'domains-levers' }],
		parameters: { authentication: 'accessToken', resource: 'contact', operation: 'getAll', returnAll: false, limit: 5 },
		requests: (sandbox) => sandbox.server.requests.length,
	},
	{
		title: 'Katsu Pay',
		type: 'katsuPay',
		sandbox: () => createKatsuPaySandbox({ accessTokens: ['domains-katsu'] }),
		credential: (sandbox) => ['katsuPayInvoicingApi', { baseUrl: sandbox.baseUrl, accessToken: 'domains-katsu' }],
		parameters: { resource: 'product', operation: 'getAll', returnAll: false, limit: 5 },
		requests: (sandbox) => sandbox.server.requests.length,
	},
	{
		title: 'Pennylane',
		type: 'pennylane',
		sandbox: () => createPennylaneSandbox({ mode: 'pennylane', tokens: ['domains-pennylane'] }),
		credential: (sandbox) => ['pennylaneInvoicingApi', { baseUrl: sandbox.baseUrl, apiToken: 'domains-pennylane' }],
		parameters: { authentication: 'pennylaneInvoicingApi', resource: 'customer', operation: 'getAll', returnAll: false, limit: 5 },
		requests: (sandbox) => sandbox.apiRequests().length,
	},
];

describe('withOwnHost (the list n8n would set for a declared base URL)', () => {
	test('adds the API host in front of a list that lacks it', () => {
		expect(withOwnHost('example.com', 'http://127.0.0.1:3000/api')).toBe('127.0.0.1, example.com');
		expect(withOwnHost('*.example.com, other.test', 'https://App.Pennylane.com/api/external/v2')).toBe('app.pennylane.com, *.example.com, other.test');
	});
	test('keeps a list that already allows the host (exactly or by a wildcard)', () => {
		expect(withOwnHost('app.pennylane.com', 'https://app.pennylane.com/api/external/v2')).toBe('app.pennylane.com');
		expect(withOwnHost('*.pennylane.com', 'https://app.pennylane.com/api/external/v2')).toBe('*.pennylane.com');
	});
	test('no list (All, None) stays no list; an unreadable base URL adds nothing', () => {
		expect(withOwnHost(undefined, 'https://app.pennylane.com')).toBeUndefined();
		expect(withOwnHost('', 'https://app.pennylane.com')).toBeUndefined();
		expect(withOwnHost('example.com', 'not a url')).toBe('example.com');
	});
});

describe.each(providers.map((provider) => [provider.title, provider]))('%s', (_title, provider) => {
	let sandbox;
	let harness;
	beforeAll(async () => {
		sandbox = provider.sandbox();
		await sandbox.start();
		harness = createHarness();
	});
	afterAll(async () => sandbox?.stop());

	const run = async (restriction) => {
		const [type, data] = provider.credential(sandbox);
		const before = provider.requests(sandbox);
		const result = await harness.runNode({ type: provider.type, parameters: provider.parameters, credentials: harness.credential(type, { ...data, ...restriction }) });
		return { result, sent: provider.requests(sandbox) - before };
	};

	test.each([
		['All', { allowedHttpRequestDomains: 'all' }],
		['None (blocks the HTTP Request node, not the node the credential belongs to)', { allowedHttpRequestDomains: 'none' }],
		['Specific Domains without the API host', { allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com, *.example.org' }],
		['Specific Domains with the API host', { allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1' }],
	])('%s: the request reaches the API', async (_name, restriction) => {
		const { result, sent } = await run(restriction);
		expect(result.error?.message).toBeUndefined();
		expect(sent).toBe(1);
	});

	test('Specific Domains with an empty list: refused before any request, in n8n\'s words', async () => {
		const { result, sent } = await run({ allowedHttpRequestDomains: 'domains', allowedDomains: '' });
		expect(result.error?.message).toMatch(/No allowed domains specified/);
		expect(sent).toBe(0);
	});
});
