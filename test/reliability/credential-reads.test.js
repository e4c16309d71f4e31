'use strict';
// n8n reads a credential from its database and decrypts it on every getCredentials call (and once
// more for each authenticated request). The node reads it once per item, at the item's first step
// (nodes/shared/credentials.ts); the pacer's list of secrets to redact starts from that read, and only
// an error reads it again (a token exchange may have changed it meanwhile).
const { setupPennylane, rl } = require('../pennylane/setup');

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

test('a one-request operation reads the credential twice per item: the node once, n8n once to authenticate the request', async () => {
	// n8n's RoutingNode also reads it once per node run, whatever the number of items: compare 1 and 5 items.
	const one = await readsFor(1);
	const five = await readsFor(5);
	expect(five - one).toBe(2 * 4);
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
