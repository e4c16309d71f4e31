'use strict';
const { setupKatsuPay, rl, requests, ACCESS_TOKEN } = require('./setup');

describe('Katsu Pay credential', () => {
	const ctx = setupKatsuPay();

	test('describes a base URL without default and a bearer token kept as a password', async () => {
		const type = ctx.harness.credentialTypes.katsuPayInvoicingApi;
		expect(type.displayName).toBe('Katsu Pay API');
		const [baseUrl, token] = type.properties;
		expect(baseUrl).toMatchObject({ name: 'baseUrl', required: true, default: '' });
		expect(token).toMatchObject({ name: 'accessToken', required: true, typeOptions: { password: true } });
		// A function (no expression for n8n to evaluate on every request): the token as a bearer, the request's other headers kept.
		const signed = await type.authenticate({ baseUrl: 'https://katsu.example', accessToken: 'tok-1' }, { url: '/Products', headers: { Accept: 'application/json' } });
		expect(signed).toEqual({ url: '/Products', headers: { Accept: 'application/json', Authorization: 'Bearer tok-1' } });
		expect(type.documentationUrl).toMatch(/^https:\/\/sabi-docs\.netlify\.app\//);
		expect(type.icon).toEqual({ light: 'file:../nodes/KatsuPay/katsupay.svg', dark: 'file:../nodes/KatsuPay/katsupay.dark.svg' });
	});

	describe('Test button', () => {
		test('OK with a good token, after one cheap read of the products', async () => {
			const verdict = await ctx.harness.testCredential('katsuPayInvoicingApi', ctx.credentials.katsuPayInvoicingApi);
			expect(verdict).toEqual({ status: 'OK', message: 'Connection successful!' });
			const all = requests(ctx.sandbox);
			expect(all).toHaveLength(1);
			expect(all[0]).toMatchObject({ method: 'GET', path: '/api/v1/Products', query: { pageNumber: '1', pageSize: '1' } });
			expect(all[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
		});

		test('an authorization error with a bad token', async () => {
			const bad = ctx.harness.credential('katsuPayInvoicingApi', { baseUrl: ctx.sandbox.baseUrl, accessToken: 'expired-or-wrong' });
			const verdict = await ctx.harness.testCredential('katsuPayInvoicingApi', bad.katsuPayInvoicingApi);
			expect(verdict.status).toBe('Error');
			expect(verdict.message).toMatch(/Authorization failed - please check your credentials/);
			expect(verdict.message).not.toContain('expired-or-wrong');
			expect(requests(ctx.sandbox)[0].headers.authorization).toBe('Bearer expired-or-wrong');
		});

		test('an error when Katsu Pay answers the test request with succeeded:false inside an HTTP 200', async () => {
			ctx.sandbox.failWith200({ method: 'GET', path: '/api/v1/Products' }, 'User has no tenant');
			expect(await ctx.harness.testCredential('katsuPayInvoicingApi', ctx.credentials.katsuPayInvoicingApi)).toEqual({
				status: 'Error',
				message: 'Katsu Pay answered the test request with succeeded: false; check the access token and the base URL',
			});
			expect(requests(ctx.sandbox)[0].status).toBe(200);
		});

		test('an error when the base URL does not point at a Katsu Pay API', async () => {
			const wrong = ctx.harness.credential('katsuPayInvoicingApi', { baseUrl: `${ctx.sandbox.baseUrl}/not-katsu`, accessToken: ACCESS_TOKEN });
			const verdict = await ctx.harness.testCredential('katsuPayInvoicingApi', wrong.katsuPayInvoicingApi);
			expect(verdict.status).toBe('Error');
		});

		test('a base URL with a trailing slash or with /api/v1 pasted along still works', async () => {
			for (const baseUrl of [`${ctx.sandbox.baseUrl}/`, `${ctx.sandbox.baseUrl}/api/v1`, `${ctx.sandbox.baseUrl}/api/v1/`, ` ${ctx.sandbox.baseUrl} `]) {
				const credentials = ctx.harness.credential('katsuPayInvoicingApi', { baseUrl, accessToken: ACCESS_TOKEN });
				expect((await ctx.harness.testCredential('katsuPayInvoicingApi', credentials.katsuPayInvoicingApi)).status).toBe('OK');
			}
			expect(requests(ctx.sandbox).map((r) => r.path)).toEqual(Array(4).fill('/api/v1/Products'));
		});
	});

	test('every operation sends the token as a bearer header, with the same base URL handling', async () => {
		const counterparty = ctx.sandbox.seedCounterparty({ name: 'Bearer Co' });
		const credentials = ctx.harness.credential('katsuPayInvoicingApi', { baseUrl: `${ctx.sandbox.baseUrl}/api/v1/`, accessToken: ACCESS_TOKEN });
		const result = await ctx.run({ resource: 'counterparty', operation: 'get', counterpartyId: rl(counterparty.id) }, { credentials });
		expect(result.error).toBeUndefined();
		expect(requests(ctx.sandbox)[0]).toMatchObject({ path: `/api/v1/Counterparties/get/${counterparty.id}`, headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });
	});
});
