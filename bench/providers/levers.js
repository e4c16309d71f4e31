'use strict';
// Levers in the benchmarks: its sandbox, a credential, and one create request per item, described
// once for the node (parameters) and once for the plain-HTTP baseline (the same request by hand).
// `ctx` is plain data, so a child process can use it against a sandbox run by the parent.
const { createLeversSandbox } = require('../../test/sandboxes/levers');

const TOKEN = 'bench-static-token';

module.exports = {
	title: 'Levers',
	type: 'levers',
	async start() {
		const sandbox = createLeversSandbox({ accessTokens: [TOKEN] });
		await sandbox.start();
		const contact = sandbox.seedContact({ name: 'Bench Customer' });
		return { sandbox, ctx: { baseUrl: sandbox.baseUrl, contactUuid: contact.uuid } };
	},
	credential: (harness, ctx) => harness.credential('leversAccessTokenInvoicingApi', { host: ctx.baseUrl, accessToken: TOKEN }),
	createParameters: (ctx) => ({
		authentication: 'accessToken', resource: 'invoice', operation: 'create',
		number: '={{ "B-" + $json.n }}', contact: { __rl: true, mode: 'id', value: ctx.contactUuid },
		date: '2025-01-01', dueDate: '2025-01-31', total: '={{ $json.amount }}',
	}),
	baselineRequest: (ctx, item) => ({
		method: 'POST', path: '/api-service/v1/invoice', headers: { authorization: `Bearer ${TOKEN}` },
		body: { number: `B-${item.n}`, contactUuid: ctx.contactUuid, date: '2025-01-01', dueDate: '2025-01-31', total: Number(item.amount) },
	}),
	createdCount: (sandbox) => sandbox.state.invoices.size,
	seedForList(sandbox, count) {
		for (let i = 0; i < count; i++) sandbox.seedContact({ name: `Contact ${i}` });
	},
	listParameters: () => ({ authentication: 'accessToken', resource: 'contact', operation: 'getAll', returnAll: true }),
};
