'use strict';
// n8n reads a credential from its database and decrypts it on every getCredentials call (and once
// more for each authenticated request). The node reads it once per node run, at the first item's
// first step (nodes/shared/credentials.ts), as n8n's declarative engine reads `$credentials`; the
// pacer's list of secrets to redact starts from that read, and only an error reads it again (a token
// exchange may have changed it meanwhile).
const { setupPennylane, rl } = require('../pennylane/setup');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');

jest.setTimeout(60000);

const ctx = setupPennylane('pennylane');

/** Decrypted credential reads while `run` runs. */
async function countReads(run) {
	const helper = ctx.harness.credentialsHelper;
	const original = helper.getDecrypted;
	let reads = 0;
	helper.getDecrypted = async function (...args) {
		reads++;
		return await original.apply(this, args);
	};
	try {
		return { result: await run(), reads };
	} finally {
		helper.getDecrypted = original;
	}
}

/** Runs Customer → Get on `items` items: the reads counted, after checking the run. */
async function readsFor(items, parameters = {}) {
	const customer = ctx.sandbox.seedCustomer({ name: 'Reads SAS' });
	ctx.sandbox.server.clearLog();
	const { result, reads } = await countReads(() =>
		ctx.run({ resource: 'customer', operation: 'get', customer: rl(customer.id), ...parameters }, { input: Array.from({ length: items }, (_, i) => ({ i })) }),
	);
	expect(result.error).toBeUndefined();
	expect(result.json).toHaveLength(items);
	expect(ctx.requests()).toHaveLength(items);
	return reads;
}

test('a one-request operation reads the credential once per item (n8n, to authenticate the request) and the node once per run', async () => {
	// n8n's RoutingNode also reads it once per node run, whatever the number of items: compare 1 and 5 items.
	const one = await readsFor(1);
	const five = await readsFor(5);
	expect(five - one).toBe(4);
	// Per run, not per process: the next run reads it again (1 item: n8n's run read, ours, the request's).
	expect(one).toBe(3);
	expect(await readsFor(1)).toBe(3);
});

test('a credential changed between runs is what the next run uses', async () => {
	const customer = ctx.sandbox.seedCustomer({ name: 'Between Runs SAS' });
	const parameters = { resource: 'customer', operation: 'get', customer: rl(customer.id) };
	expect((await ctx.run(parameters)).error).toBeUndefined();
	// The user edits the same credential: another base URL, where a second sandbox answers.
	const other = createPennylaneSandbox({ mode: 'pennylane', tokens: ['pl-company-token-4f9a2c'] });
	await other.start();
	const entry = ctx.harness.store.get(Object.values(ctx.credentials)[0].id);
	const saved = entry.data;
	try {
		entry.data = { ...saved, baseUrl: other.baseUrl };
		const elsewhere = other.seedCustomer({ name: 'Elsewhere SAS' });
		const result = await ctx.run({ ...parameters, customer: rl(elsewhere.id) });
		expect(result.error).toBeUndefined();
		expect(result.json[0].name).toBe('Elsewhere SAS');
		expect(other.apiRequests()).toHaveLength(1);
		expect(ctx.requests()).toHaveLength(1);
	} finally {
		entry.data = saved;
		await other.stop();
	}
});

test('an error reads the credential afresh to redact it, and the answer holds no secret', async () => {
	ctx.sandbox.server.setHostile({ echo: true });
	try {
		const { result, reads } = await countReads(() => ctx.run({ resource: 'customer', operation: 'get', customer: rl('999999') }, { continueOnFail: true }));
		expect(result.items[0].error.message).toMatch(/could not find/);
		expect(JSON.stringify(result.items)).not.toContain('pl-company-token-4f9a2c');
		// More than a successful item (twice, plus the RoutingNode's one read per run): the error's
		// secrets are read again, as they are now.
		expect(reads).toBeGreaterThan(3);
	} finally {
		ctx.sandbox.server.setHostile({});
	}
});
