'use strict';
// Issue #5, bad input: for every operation of every node, each required field missing or empty and
// each kind of wrong value its fields can take is refused before anything is sent, per item, with
// a NodeOperationError that names the field, the problem and the item.
//
// The cases are generated from the built node descriptions (./bad-input-cases.js): a new operation
// or field is covered without editing this file, and an operation without a valid parameter set
// in ./bad-input-providers.js fails the suite. Known validation gaps (./bad-input-gaps.js) run as
// `test.failing`, so they turn green here the day the node is fixed, and the suite then asks for
// the entry to be removed.
//
// Each case runs the node on two input items with Continue On Fail: both items must carry the
// error with their own item index, and the sandbox must have received no request at all.
const { PROVIDERS } = require('./bad-input-providers');
const { casesFor, applyMutations, operationsOf, loadDescription } = require('./bad-input-cases');
const { GAPS, caseId } = require('./bad-input-gaps');

const ITEMS = 2;
const MESSAGE = /^(Missing|Invalid) value for "(.+)" in item (\d+): (.*)$/s;

/** What an item's error says, in a form that compares field by field. */
function reading(error) {
	const match = MESSAGE.exec(String(error?.message ?? ''));
	return {
		class: error?.constructor?.name,
		wording: match?.[1],
		label: match?.[2],
		item: match ? Number(match[3]) : undefined,
		problem: match?.[4],
		itemIndex: error?.context?.itemIndex,
		description: error?.description,
		message: error?.message,
	};
}

const expected = (entry, index) => ({
	class: 'NodeOperationError',
	wording: entry.missing === null ? expect.stringMatching(/^(Missing|Invalid)$/) : entry.missing ? 'Missing' : 'Invalid',
	label: expect.stringMatching(entry.label),
	item: index,
	problem: expect.stringMatching(entry.problem),
	itemIndex: index,
	description: expect.stringMatching(/Nothing was sent/),
	message: expect.any(String),
});

let caseCount = 0;

for (const provider of PROVIDERS) {
	const operations = casesFor(provider);

	describe(`${provider.title}: bad input is refused per item, before anything is sent`, () => {
		const ctx = provider.setup();
		let fx;
		beforeAll(() => {
			fx = provider.fixture(ctx);
		});

		const run = ({ parameters, items, continueOnFail }) =>
			ctx.harness.runNode({
				type: provider.type,
				credentials: ctx.credentials,
				parameters: { ...(provider.baseParameters?.(ctx) ?? {}), ...parameters },
				items,
				continueOnFail,
			});
		const requests = () => provider.apiRequests(ctx).map((r) => `${r.method} ${r.path}`);

		test('every operation in the node description has a valid parameter set (and no stale ones are kept)', () => {
			const described = operationsOf(loadDescription(provider.file));
			expect(described.filter((key) => !provider.valid[key])).toEqual([]);
			expect(Object.keys(provider.valid).filter((key) => !described.includes(key))).toEqual([]);
		});

		for (const operation of operations.filter((entry) => entry.valid)) {
			const { key, valid, cases } = operation;
			const itemOf = valid.item ?? (() => ({ json: {} }));

			describe(key, () => {
				test('baseline: the valid parameter set runs and reaches the API', async () => {
					const result = await run({ parameters: valid.parameters(fx), items: [itemOf()] });
					expect(result.error).toBeUndefined();
					expect(requests().length).toBeGreaterThan(0);
				});

				test('has bad-input cases', () => {
					expect(cases.length).toBeGreaterThan(0);
				});

				for (const entry of cases) {
					const id = caseId(provider.key, key, entry);
					const gap = GAPS[id];
					caseCount++;
					const title = `${entry.kind}: ${entry.field} = ${entry.input}${gap ? ` [GAP: ${gap}]` : ''}`;
					(gap ? test.failing : test)(title, async () => {
						const parameters = applyMutations(valid.parameters(fx), entry.mutate);
						const result = await run({ parameters, items: Array.from({ length: ITEMS }, itemOf), continueOnFail: true });
						expect(result.error).toBeUndefined();
						expect(result.items).toHaveLength(ITEMS);
						result.items.forEach((item, index) => expect(reading(item.error)).toEqual(expected(entry, index)));
						expect(requests()).toEqual([]);
					});
				}
			});
		}

		describe('a run of three items whose middle one is bad', () => {
			const { batch } = provider;
			const createsFor = (tag) =>
				provider
					.apiRequests(ctx)
					.filter(batch.isCreate)
					.map(batch.markerOf)
					.filter((marker) => String(marker).startsWith(`${tag}-`))
					.sort();

			test('Continue On Fail: items 0 and 2 are created (one request each), item 1 carries its error', async () => {
				const tag = `BAD-INPUT-COF-${process.pid}`;
				const items = batch.input.map((json) => ({ json }));
				const result = await run({ parameters: batch.parameters(fx, tag), items, continueOnFail: true });
				expect(result.error).toBeUndefined();
				expect(result.items).toHaveLength(3);
				expect(result.items[0].error).toBeUndefined();
				expect(result.items[2].error).toBeUndefined();
				expect(reading(result.items[1].error)).toEqual({
					class: 'NodeOperationError',
					wording: 'Invalid',
					label: batch.bad.label,
					item: 1,
					problem: batch.bad.problem,
					itemIndex: 1,
					description: expect.stringMatching(/Nothing was sent/),
					message: `Invalid value for "${batch.bad.label}" in item 1: ${batch.bad.problem}`,
				});
				expect(createsFor(tag)).toEqual([`${tag}-0`, `${tag}-2`]);
			});

			test('without Continue On Fail: the node fails with the bad item\'s message and index; nothing is sent for it', async () => {
				const tag = `BAD-INPUT-STOP-${process.pid}`;
				const items = batch.input.map((json) => ({ json }));
				const result = await run({ parameters: batch.parameters(fx, tag), items });
				// n8n-core's RoutingNode wraps the preSend NodeOperationError (in a NodeApiError) keeping its message
				expect(result.error).toBeDefined();
				expect(result.error.message).toBe(`Invalid value for "${batch.bad.label}" in item 1: ${batch.bad.problem}`);
				expect(result.error.context.itemIndex).toBe(1);
				expect(createsFor(tag)).not.toContain(`${tag}-1`);
			});
		});
	});
}

describe('bad-input suite bookkeeping', () => {
	test(`${caseCount} generated bad-input cases, one test each; every known gap names one of them`, () => {
		const ids = new Set(PROVIDERS.flatMap((provider) => casesFor(provider).flatMap((op) => op.cases.map((entry) => caseId(provider.key, op.key, entry)))));
		expect(Object.keys(GAPS).filter((id) => !ids.has(id))).toEqual([]);
		expect(caseCount).toBe(ids.size);
	});
});
