'use strict';
const { setupLevers, rl, apiRequests, CLIENT, ACCESS_TOKEN } = require('./setup');

describe('Levers credentials', () => {
	const ctx = setupLevers();
	let contact;
	beforeAll(() => {
		contact = ctx.sandbox.seedContact({ name: 'Initech' });
	});
	const getContact = (credentials, authentication) =>
		ctx.run({ authentication, resource: 'contact', operation: 'get', contact: rl(contact.uuid) }, { credentials });
	const exchanges = () => ctx.sandbox.server.requestsTo('POST', '/auth/v1/api-key/auth');

	test('Client ID & Secret: exchanged once for a token that is kept and reused', async () => {
		const credentials = ctx.harness.credential('leversInvoicingApi', { host: ctx.sandbox.baseUrl, ...CLIENT, sessionToken: '' });
		const first = await getContact(credentials, 'clientCredentials');
		expect(first.error).toBeUndefined();
		expect(exchanges()).toHaveLength(1);
		expect(exchanges()[0].body).toEqual({ clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret });
		const token = ctx.harness.store.get(credentials.leversInvoicingApi.id).data.sessionToken;
		expect(token).toMatch(/^levers-jwt-/);

		await getContact(credentials, 'clientCredentials');
		await getContact(credentials, 'clientCredentials');
		expect(exchanges()).toHaveLength(1);
		expect(apiRequests(ctx.sandbox).map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${token}`));
	});

	test('An expired token is rejected with 401, replaced, and the request retried once', async () => {
		const credentials = ctx.harness.credential('leversInvoicingApi', { host: ctx.sandbox.baseUrl, ...CLIENT, sessionToken: '' });
		await getContact(credentials, 'clientCredentials');
		const oldToken = ctx.harness.store.get(credentials.leversInvoicingApi.id).data.sessionToken;
		ctx.sandbox.expireIssuedTokens();
		ctx.sandbox.server.clearLog();

		const result = await getContact(credentials, 'clientCredentials');
		expect(result.error).toBeUndefined();
		expect(result.json[0].uuid).toBe(contact.uuid);
		const newToken = ctx.harness.store.get(credentials.leversInvoicingApi.id).data.sessionToken;
		expect(newToken).not.toBe(oldToken);
		expect(ctx.sandbox.server.requests.map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', `/api-service/v1/contact/${contact.uuid}`, 401],
			['POST', '/auth/v1/api-key/auth', 200],
			['GET', `/api-service/v1/contact/${contact.uuid}`, 200],
		]);
	});

	test('A wrong client secret fails with an authorization error and no secret in it', async () => {
		const credentials = ctx.harness.credential('leversInvoicingApi', { host: ctx.sandbox.baseUrl, clientId: CLIENT.clientId, clientSecret: 'wrong-secret-value', sessionToken: '' });
		const result = await getContact(credentials, 'clientCredentials');
		expect(result.error).toBeDefined();
		expect(result.error.name).toBe('NodeApiError');
		expect(String(result.error.httpCode)).toBe('401');
		expect(JSON.stringify(result.error)).not.toContain('wrong-secret-value');
		expect(apiRequests(ctx.sandbox)).toHaveLength(0);
	});

	test('Access Token credential sends the token as a bearer header', async () => {
		const result = await getContact(ctx.tokenCredentials, 'accessToken');
		expect(result.error).toBeUndefined();
		expect(apiRequests(ctx.sandbox)[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
		expect(exchanges()).toHaveLength(0);
	});

	test('A wrong access token is reported as a credential problem (401)', async () => {
		const credentials = ctx.harness.credential('leversAccessTokenInvoicingApi', { host: ctx.sandbox.baseUrl, accessToken: 'not-a-real-token' });
		const result = await getContact(credentials, 'accessToken');
		expect(result.error.name).toBe('NodeApiError');
		expect(String(result.error.httpCode)).toBe('401');
		expect(result.error.message).toMatch(/credentials/i);
	});

	describe('Test button', () => {
		test('Client ID & Secret: OK with the right keys, an error with wrong ones', async () => {
			const good = ctx.harness.credential('leversInvoicingApi', { host: ctx.sandbox.baseUrl, ...CLIENT, sessionToken: '' });
			expect(await ctx.harness.testCredential('leversInvoicingApi', good.leversInvoicingApi)).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(apiRequests(ctx.sandbox).at(-1)).toMatchObject({ method: 'GET', path: '/api-service/v1/contact', query: { page: '1', size: '1' } });
			const bad = ctx.harness.credential('leversInvoicingApi', { host: ctx.sandbox.baseUrl, clientId: 'nobody', clientSecret: 'nothing', sessionToken: '' });
			const verdict = await ctx.harness.testCredential('leversInvoicingApi', bad.leversInvoicingApi);
			expect(verdict.status).toBe('Error');
		});

		test('Access Token: OK with a valid token, an error with an invalid one', async () => {
			expect((await ctx.harness.testCredential('leversAccessTokenInvoicingApi', ctx.tokenCredentials.leversAccessTokenInvoicingApi)).status).toBe('OK');
			const bad = ctx.harness.credential('leversAccessTokenInvoicingApi', { host: ctx.sandbox.baseUrl, accessToken: 'expired' });
			expect((await ctx.harness.testCredential('leversAccessTokenInvoicingApi', bad.leversAccessTokenInvoicingApi)).status).toBe('Error');
		});

		test('A host with a trailing slash still reaches the API', async () => {
			const credentials = ctx.harness.credential('leversAccessTokenInvoicingApi', { host: `${ctx.sandbox.baseUrl}/`, accessToken: ACCESS_TOKEN });
			expect((await ctx.harness.testCredential('leversAccessTokenInvoicingApi', credentials.leversAccessTokenInvoicingApi)).status).toBe('OK');
		});
	});
});
