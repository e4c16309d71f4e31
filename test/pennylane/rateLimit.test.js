'use strict';
/* global fetch, AbortController */
// Rate limits: a bulk run under a tightened limit finishes with one invoice per item, no item
// failing with 429 and a wall time near the limit's minimum; 429 answers are honoured (retry-after)
// and retried a bounded number of times; the limiter also works from the headers alone.
const path = require('path');
const { createPennylaneSandbox } = require('../sandboxes/pennylane');
const { createPennylaneHarness, credentialFor, rl, TOKEN } = require('./setup');

const { RateLimiter, readRateLimitHeaders, limiterFor, rateLimiterSnapshots } = require(path.join(__dirname, '../../dist/nodes/shared/rateLimiter.js'));

async function withSandbox(options, fn) {
	const sandbox = createPennylaneSandbox({ tokens: [TOKEN], ...options });
	await sandbox.start();
	try {
		const harness = createPennylaneHarness();
		const customer = sandbox.seedCustomer({ name: 'Bulk Buyer' });
		return await fn({ sandbox, harness, customer, credentials: credentialFor(harness, sandbox) });
	} finally {
		await sandbox.stop();
	}
}

const createMany = ({ harness, credentials, customer }, count, prefix) =>
	harness.runNode({
		type: 'pennylane',
		credentials,
		input: Array.from({ length: count }, (_, i) => ({ deal: `${prefix}-${i}`, amount: (i % 7) + 0.1 + 0.2 })),
		parameters: {
			authentication: 'pennylaneInvoicingApi',
			resource: 'customerInvoice',
			operation: 'create',
			customer: rl(customer.id),
			date: '2025-06-30',
			deadline: '2025-07-31',
			invoiceLines: { freeLines: [{ label: '={{ "Deal " + $json.deal }}', quantity: 1, unit: 'piece', unitPrice: '={{ $json.amount }}', vatRate: 'FR_200' }] },
			additionalFields: { external_reference: '={{ $json.deal }}' },
		},
	});

function expectOneInvoicePerItem(result, sandbox, count, prefix) {
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(count);
	expect(result.items.filter((item) => item.error)).toEqual([]);
	expect(result.json.map((invoice) => invoice.external_reference)).toEqual(Array.from({ length: count }, (_, i) => `${prefix}-${i}`));
	const references = [...sandbox.state.invoices.values()].map((i) => i.external_reference).filter((r) => r.startsWith(`${prefix}-`));
	expect(references).toHaveLength(count);
	expect(new Set(references).size).toBe(count);
}

describe('Pennylane: rate-limit safe bulk runs', () => {
	test('120 items against 10 requests per 500 ms: every invoice created once, no 429 in the output, near the minimum time', async () => {
		await withSandbox({ rateLimit: { limit: 10, windowMs: 500, resetPrecision: 'milliseconds' } }, async (ctx) => {
			const started = Date.now();
			const result = await createMany(ctx, 120, 'bulk');
			const elapsed = Date.now() - started;
			expectOneInvoicePerItem(result, ctx.sandbox, 120, 'bulk');
			const requests = ctx.sandbox.apiRequests();
			expect(requests.filter((r) => r.status === 429)).toHaveLength(0);
			expect(requests).toHaveLength(120);
			// 12 windows: the last one opens 11 × 500 ms after the first. Generous upper bound only.
			const minimum = 11 * 500;
			expect(elapsed).toBeGreaterThanOrEqual(minimum);
			expect(elapsed).toBeLessThan(minimum * 2 + 3000);
			// amounts from float arithmetic went out exact
			expect(requests.map((r) => r.body.invoice_lines[0].raw_currency_unit_price).slice(0, 3)).toEqual(['0.3', '1.3', '2.3']);
		});
	});

	test("Pennylane's whole-second ratelimit-reset: 20 items against 10 per second still all succeed", async () => {
		await withSandbox({ rateLimit: { limit: 10, windowMs: 1000, resetPrecision: 'seconds' } }, async (ctx) => {
			const started = Date.now();
			const result = await createMany(ctx, 20, 'whole');
			expectOneInvoicePerItem(result, ctx.sandbox, 20, 'whole');
			expect(ctx.sandbox.apiRequests().filter((r) => r.status === 429)).toHaveLength(0);
			expect(Date.now() - started).toBeLessThan(1000 * 2 + 3000);
		});
	});

	test('Another program already used most of the window: the first answer says so and the node waits', async () => {
		await withSandbox({ rateLimit: { limit: 10, windowMs: 600, resetPrecision: 'milliseconds' } }, async (ctx) => {
			for (let i = 0; i < 8; i++) {
				await fetch(`${ctx.sandbox.baseUrl}/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
			}
			const result = await createMany(ctx, 12, 'shared');
			expectOneInvoicePerItem(result, ctx.sandbox, 12, 'shared');
			expect(ctx.sandbox.apiRequests().filter((r) => r.status === 429)).toHaveLength(0);
		});
	});

	test('Two runs at once on the same token share one pace', async () => {
		await withSandbox({ rateLimit: { limit: 10, windowMs: 400, resetPrecision: 'milliseconds' } }, async (ctx) => {
			const [a, b] = await Promise.all([createMany(ctx, 25, 'run-a'), createMany(ctx, 25, 'run-b')]);
			expectOneInvoicePerItem(a, ctx.sandbox, 25, 'run-a');
			expectOneInvoicePerItem(b, ctx.sandbox, 25, 'run-b');
			expect(ctx.sandbox.apiRequests().filter((r) => r.status === 429)).toHaveLength(0);
		});
	});
});

describe('Pennylane: 429 answers', () => {
	test('retry-after is honoured and the request is sent again, once', async () => {
		await withSandbox({ rateLimit: null }, async (ctx) => {
			ctx.sandbox.server.inject({
				match: { method: 'POST' },
				status: 429,
				body: { error: 'Rate limit exceeded. Please retry in 1 seconds.', status: 429 },
				headers: { 'retry-after': '1', 'ratelimit-limit': '25', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
			});
			const result = await createMany(ctx, 1, 'retry');
			expectOneInvoicePerItem(result, ctx.sandbox, 1, 'retry');
			const requests = ctx.sandbox.apiRequests();
			expect(requests.map((r) => r.status)).toEqual([429, 201]);
			expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(950);
			expect(requests[1].body).toEqual(JSON.parse(requests[0].rawBody));
		});
	});

	test('retries are bounded: after 6 answers of 429 the item fails with Pennylane\'s message', async () => {
		await withSandbox({ rateLimit: null }, async (ctx) => {
			ctx.sandbox.server.inject({ match: { method: 'GET' }, status: 429, times: 10, body: 'Rate limit exceeded. Please retry in 0 seconds.', headers: { 'retry-after': '0' } });
			const result = await ctx.harness.runNode({
				type: 'pennylane',
				credentials: ctx.credentials,
				parameters: { authentication: 'pennylaneInvoicingApi', resource: 'customer', operation: 'get', customer: rl(ctx.customer.id) },
				continueOnFail: true,
			});
			expect(result.items[0].error.httpCode).toBe('429');
			expect(result.items[0].error.message).toBe('Pennylane is rate limiting requests: too many requests in a short time: Rate limit exceeded. Please retry in 0 seconds. (gave up after 6 attempts)');
			expect(ctx.sandbox.apiRequests()).toHaveLength(6);
		});
	});
});

describe('Pennylane: a 429 asking for a long wait (issue 14, defect 5)', () => {
	const longWait = (ctx) =>
		ctx.sandbox.server.inject({
			match: { method: 'POST' },
			status: 429,
			body: { error: 'Rate limit exceeded. Please retry in 3600 seconds.', status: 429 },
			headers: { 'retry-after': '3600' },
		});
	const createWithContinue = (ctx, count, prefix) =>
		ctx.harness.runNode({
			type: 'pennylane',
			credentials: ctx.credentials,
			input: Array.from({ length: count }, (_, i) => ({ deal: `${prefix}-${i}` })),
			continueOnFail: true,
			parameters: {
				authentication: 'pennylaneInvoicingApi',
				resource: 'customerInvoice',
				operation: 'create',
				customer: rl(ctx.customer.id),
				date: '2025-06-30',
				deadline: '2025-07-31',
				invoiceLines: { freeLines: [{ label: 'Deal', quantity: 1, unit: 'piece', unitPrice: '10', vatRate: 'FR_200' }] },
				additionalFields: { external_reference: '={{ $json.deal }}' },
			},
		});

	test('retry-after: 3600 fails every item at once with the time Pennylane accepts requests again; only one request was sent', async () => {
		await withSandbox({ rateLimit: null }, async (ctx) => {
			longWait(ctx);
			const started = Date.now();
			const result = await createWithContinue(ctx, 3, 'long');
			expect(Date.now() - started).toBeLessThan(5000);
			expect(result.items).toHaveLength(3);
			const until = started + 3600 * 1000;
			for (const item of result.items) {
				expect(item.error.httpCode).toBe('429');
				expect(item.error.message).toMatch(/^Pennylane will accept requests again at (\S+Z) \(in 60 min\): it asked to wait 60 min, longer than the 60 s this node waits$/);
				const at = Date.parse(/at (\S+Z)/.exec(item.error.message)[1]);
				expect(Math.abs(at - until)).toBeLessThan(5000);
				expect(item.error.description).toContain('Nothing was processed');
				expect(item.error.description).toContain('Request: POST /api/external/v2/customer_invoices');
			}
			// The first item's request got the 429; the others were not sent.
			expect(ctx.sandbox.apiRequests().map((r) => r.status)).toEqual([429]);
			expect(ctx.sandbox.state.invoices.size).toBe(0);

			// Another execution on the same token right after: fails at once too, without a request.
			const again = await createWithContinue(ctx, 2, 'later');
			expect(again.items.map((item) => /will accept requests again/.test(item.error?.message))).toEqual([true, true]);
			expect(ctx.sandbox.apiRequests()).toHaveLength(1);
		});
	}, 20000);

	test('retry-after within the ceiling (2 s) is still waited for, and the item succeeds', async () => {
		await withSandbox({ rateLimit: null }, async (ctx) => {
			ctx.sandbox.server.inject({ match: { method: 'POST' }, status: 429, body: { error: 'Rate limit exceeded.', status: 429 }, headers: { 'retry-after': '2' } });
			const result = await createWithContinue(ctx, 1, 'short');
			expect(result.items[0].error).toBeUndefined();
			const requests = ctx.sandbox.apiRequests();
			expect(requests.map((r) => r.status)).toEqual([429, 201]);
			expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(1950);
		});
	});

	test('the limiter: waiting requests fail at once, one request a minute checks, any other answer ends the refusal', async () => {
		const limiter = new RateLimiter({ limit: 25, windowMs: 5000 });
		const probe = await limiter.acquire();
		const waiting = [limiter.acquire(), limiter.acquire()];
		const now = Date.now();
		limiter.observe(probe, readRateLimitHeaders({ 'retry-after': '3600' }, now), { rateLimited: true, receivedAt: now });
		limiter.release(probe);
		for (const result of await Promise.allSettled(waiting)) {
			expect(result.status).toBe('rejected');
			expect(result.reason).toMatchObject({ name: 'RateLimitRefusal', until: now + 3600 * 1000, waitMs: 3600 * 1000 });
		}
		await expect(limiter.acquire()).rejects.toMatchObject({ name: 'RateLimitRefusal' });
		expect(limiter.snapshot()).toMatchObject({ inFlight: 0, waiting: 0, refusedUntil: now + 3600 * 1000 });
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now + 61_000);
		try {
			const check = await limiter.acquire();
			await expect(limiter.acquire()).rejects.toMatchObject({ name: 'RateLimitRefusal' });
			limiter.observe(check, {}, { receivedAt: now + 61_000 });
			limiter.release(check);
			const next = await limiter.acquire();
			limiter.release(next);
			expect(limiter.snapshot().refusedUntil).toBeNull();
		} finally {
			clock.mockRestore();
		}
	});
	test('the limiter: answers to requests sent before the refusal do not end it', async () => {
		const limiter = new RateLimiter({ limit: Infinity });
		const probe = await limiter.acquire();
		limiter.observe(probe, {});
		limiter.release(probe);
		const [a, b] = [await limiter.acquire(), await limiter.acquire()];
		limiter.observe(a, { retryAfterMs: 3600 * 1000 }, { rateLimited: true });
		limiter.release(a);
		limiter.observe(b, {});
		limiter.release(b);
		await expect(limiter.acquire()).rejects.toMatchObject({ name: 'RateLimitRefusal' });
	});

	test('the limiter: a window whose reset is over 60 s away is not waited for either', async () => {
		const limiter = new RateLimiter({ limit: Infinity });
		const probe = await limiter.acquire();
		const reset = Date.now() + 2 * 3600 * 1000;
		limiter.observe(probe, { limit: 100, remaining: 0, resetAtMs: reset });
		limiter.release(probe);
		const started = Date.now();
		await expect(limiter.acquire()).rejects.toMatchObject({ name: 'RateLimitRefusal', until: reset });
		expect(Date.now() - started).toBeLessThan(500);
	});
});

describe('Limiters are released (issue 14, defect 10)', () => {
	const policy = { limit: 25, windowMs: 5000 };
	test('a limiter idle for over 10 minutes is dropped; one with a request on its way is kept', async () => {
		const idle = limiterFor('defect10-idle', policy);
		const ticket = await idle.acquire();
		idle.release(ticket);
		const busy = limiterFor('defect10-busy', policy);
		const held = await busy.acquire();
		const now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now + 11 * 60_000);
		try {
			limiterFor('defect10-other', policy);
			const keys = Object.keys(rateLimiterSnapshots());
			expect(keys).not.toContain('defect10-idle');
			expect(keys).toEqual(expect.arrayContaining(['defect10-busy', 'defect10-other']));
			expect(limiterFor('defect10-busy', policy)).toBe(busy);
			// A dropped token starts afresh.
			expect(limiterFor('defect10-idle', policy)).not.toBe(idle);
		} finally {
			clock.mockRestore();
			busy.release(held);
		}
	});

	test('at most 500 limiters are kept: the least recently used idle ones go first', async () => {
		const busy = limiterFor('defect10-cap-busy', policy);
		const held = await busy.acquire();
		for (let i = 0; i < 1200; i++) limiterFor(`defect10-cap-${i}`, policy);
		const keys = Object.keys(rateLimiterSnapshots());
		expect(keys.length).toBeLessThanOrEqual(500);
		expect(keys).toContain('defect10-cap-busy');
		expect(keys).toContain('defect10-cap-1199');
		expect(keys).not.toContain('defect10-cap-0');
		busy.release(held);
	});
});

describe('The shared rate limiter on its own', () => {
	test('reads ratelimit-* headers: Unix timestamps or seconds, retry-after as seconds or a date, an IETF window', () => {
		const now = Date.parse('2026-02-06T12:00:00Z');
		expect(readRateLimitHeaders({ 'ratelimit-limit': '25', 'ratelimit-remaining': '23', 'ratelimit-reset': '1770379510' }, now)).toEqual({
			limit: 25, remaining: 23, resetAtMs: 1770379510000,
		});
		expect(readRateLimitHeaders({ 'RateLimit-Reset': '3', date: 'Fri, 06 Feb 2026 12:00:00 GMT', 'Retry-After': '2' }, now)).toEqual({
			resetAtMs: now + 3000, serverDateMs: now, retryAfterMs: 2000,
		});
		expect(readRateLimitHeaders({ 'retry-after': 'Fri, 06 Feb 2026 12:00:05 GMT' }, now).retryAfterMs).toBe(5000);
		expect(readRateLimitHeaders({ 'ratelimit-policy': '10;w=0.5', 'ratelimit-limit': '10' }, now)).toEqual({ limit: 10, windowMs: 500 });
		expect(readRateLimitHeaders({}, now)).toEqual({});
	});

	test('without headers: one probe, then at most `limit` requests per window (sliding)', async () => {
		const limiter = new RateLimiter({ limit: 4, windowMs: 300 });
		const grants = [];
		const started = Date.now();
		await Promise.all(
			Array.from({ length: 10 }, async () => {
				const ticket = await limiter.acquire();
				grants.push(ticket.grantedAt - started);
				limiter.observe(ticket, {});
				limiter.release(ticket);
			}),
		);
		expect(limiter.snapshot()).toMatchObject({ mode: 'fixed', limit: 4, windowMs: 300, inFlight: 0, waiting: 0 });
		grants.sort((a, b) => a - b);
		for (let i = 4; i < grants.length; i++) expect(grants[i] - grants[i - 4]).toBeGreaterThanOrEqual(300);
		expect(grants[9]).toBeLessThan(2 * 315 + 200);
	});

	test('with headers: follows remaining and reset, and a 429 blocks every request for retry-after', async () => {
		const limiter = new RateLimiter({ limit: 25, windowMs: 5000 });
		const first = await limiter.acquire();
		const reset = Date.now() + 200;
		limiter.observe(first, { limit: 3, remaining: 2, resetAtMs: reset });
		limiter.release(first);
		const next = [await limiter.acquire(), await limiter.acquire()];
		expect(limiter.snapshot()).toMatchObject({ mode: 'headers', limit: 3, allowance: 0 });
		next.forEach((t) => limiter.release(t));
		const third = await limiter.acquire();
		expect(third.grantedAt).toBeGreaterThanOrEqual(reset);
		limiter.observe(third, { limit: 3, remaining: 0, resetAtMs: Date.now() + 1000, retryAfterMs: 300 }, { rateLimited: true });
		limiter.release(third);
		const blockedFrom = Date.now();
		const fourth = await limiter.acquire();
		expect(fourth.grantedAt - blockedFrom).toBeGreaterThanOrEqual(290);
		limiter.release(fourth);
		expect(limiter.snapshot().rateLimitedAnswers).toBe(1);
	});

	test('a waiting request can be cancelled', async () => {
		const limiter = new RateLimiter({ limit: 1, windowMs: 10000 });
		const first = await limiter.acquire();
		limiter.release(first);
		const controller = new AbortController();
		const waiting = limiter.acquire(controller.signal);
		controller.abort(new Error('execution cancelled'));
		await expect(waiting).rejects.toThrow('execution cancelled');
		expect(limiter.snapshot().waiting).toBe(0);
	});

	/**
	 * A server in this process whose clock is `skewMs` ahead of ours, with windows of `windowMs` that
	 * open at their first request (as the sandbox's), a reset with milliseconds and `Date` with whole
	 * seconds; one millisecond each way. Runs `count` requests through the limiter at once.
	 */
	async function runAgainstSkewedServer(limiter, { skewMs, limit, windowMs, count, wholeSecondReset = false }) {
		const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
		let window;
		const arrivals = [];
		const answer = () => {
			const at = Date.now() + skewMs;
			if (!window || at >= window.reset) window = { reset: at + windowMs, count: 0 };
			window.count++;
			arrivals.push({ at, window });
			return {
				rateLimited: window.count > limit,
				headers: {
					'ratelimit-limit': String(limit),
					'ratelimit-remaining': String(Math.max(0, limit - window.count)),
					'ratelimit-reset': wholeSecondReset ? String(Math.ceil(window.reset / 1000)) : (window.reset / 1000).toFixed(3),
					date: new Date(Math.floor(at / 1000) * 1000).toUTCString(),
				},
			};
		};
		await Promise.all(
			Array.from({ length: count }, async () => {
				const ticket = await limiter.acquire();
				await sleep(1);
				const { headers, rateLimited } = answer();
				await sleep(1);
				limiter.observe(ticket, readRateLimitHeaders(headers), { rateLimited });
				limiter.release(ticket);
			}),
		);
		const windows = [...new Set(arrivals.map((arrival) => arrival.window))];
		return { windows, rateLimited: windows.reduce((sum, w) => sum + Math.max(0, w.count - limit), 0) };
	}

	test("with a whole-second reset (Pennylane's) the window's own bound paces: windows full, none early", async () => {
		// Windows over a second long, as Pennylane's 5 s: shorter ones could share one whole-second reset.
		const limiter = new RateLimiter({ limit: 10, windowMs: 1200 });
		const started = Date.now();
		const { windows, rateLimited } = await runAgainstSkewedServer(limiter, { skewMs: 0, limit: 10, windowMs: 1200, count: 30, wholeSecondReset: true });
		expect(rateLimited).toBe(0);
		expect(windows.map((w) => w.count)).toEqual(Array(3).fill(10));
		// Two waits of one window each, plus what the answers take: not the second a whole-second reset may add.
		expect(Date.now() - started).toBeLessThan(2 * 1200 + 300);
	});

	test.each([3456.7, -1234.5])(
		'with no documented window only the reset paces, turned into local time with the Date header (server %s ms ahead): never early',
		async (skewMs) => {
			const limiter = new RateLimiter({ limit: Infinity });
			const started = Date.now();
			const { windows, rateLimited } = await runAgainstSkewedServer(limiter, { skewMs, limit: 10, windowMs: 1200, count: 30, wholeSecondReset: true });
			expect(rateLimited).toBe(0);
			expect(windows.map((w) => w.count)).toEqual(Array(3).fill(10));
			// The difference is known from below, to within a second (Date has whole seconds).
			const { clockSkewLowMs } = limiter.snapshot();
			expect(clockSkewLowMs).toBeLessThanOrEqual(skewMs);
			expect(skewMs - clockSkewLowMs).toBeLessThan(1000 + 20);
			// Each wait is at most a window, plus a second for the rounded reset and one for the clock.
			expect(Date.now() - started).toBeLessThan(2 * (1200 + 2000) + 300);
		},
	);

	test('without a backlog the requests of a window go at once', async () => {
		const limiter = new RateLimiter({ limit: 25, windowMs: 5000 });
		const started = Date.now();
		const { windows, rateLimited } = await runAgainstSkewedServer(limiter, { skewMs: 0, limit: 10, windowMs: 400, count: 10 });
		expect(rateLimited).toBe(0);
		expect(windows).toHaveLength(1);
		// One probe, then the other nine at once (a generous bound, not a timing target).
		expect(Date.now() - started).toBeLessThan(300);
	});

	test('thousands of waiting requests are granted in linear time, and a cancelled one is skipped', async () => {
		const limiter = new RateLimiter({ limit: Infinity });
		const probe = await limiter.acquire();
		const controller = new AbortController();
		const count = 20000;
		const started = Date.now();
		const tickets = Array.from({ length: count }, (_, i) => limiter.acquire(i === 5 ? controller.signal : undefined));
		controller.abort(new Error('cancelled'));
		expect(limiter.snapshot().waiting).toBe(count - 1);
		limiter.observe(probe, {});
		limiter.release(probe);
		const results = await Promise.allSettled(tickets);
		expect(results.filter((r) => r.status === 'rejected').map((r) => r.reason.message)).toEqual(['cancelled']);
		expect(limiter.snapshot()).toMatchObject({ inFlight: count - 1, waiting: 0 });
		expect(Date.now() - started).toBeLessThan(2000);
	});
});


describe('Several processes on one token, no shared state (issue 17: n8n queue mode workers)', () => {
	/** One request through a limiter to the sandbox, as the pacer sends it: its HTTP status. */
	async function sendThrough(limiter, sandbox) {
		const ticket = await limiter.acquire();
		const res = await fetch(`${sandbox.baseUrl}/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
		await res.arrayBuffer();
		limiter.observe(ticket, readRateLimitHeaders(Object.fromEntries(res.headers)), { rateLimited: res.status === 429 });
		limiter.release(ticket);
		return res.status;
	}

	/** A request resent after 429 answers, as the pacer does (6 attempts): whether it got through. */
	async function sendWithRetries(limiter, sandbox) {
		for (let attempt = 1; attempt <= 6; attempt++) if ((await sendThrough(limiter, sandbox)) !== 429) return true;
		return false;
	}

	/**
	 * `workers` limiters (each one a worker process's) send `perWorker` requests each, all at once,
	 * to one sandbox token, as the pacer does: wait for a slot, send, report the answer's headers,
	 * resend a 429 (up to 6 attempts). Resolves what the sandbox saw.
	 */
	async function shareOneToken({ workers, perWorker, limit, windowMs, startAt = [] }) {
		const sandbox = createPennylaneSandbox({ tokens: [TOKEN], rateLimit: { limit, windowMs, resetPrecision: 'milliseconds' } });
		await sandbox.start();
		try {
			const limiters = Array.from({ length: workers }, () => new RateLimiter({ limit: 25, windowMs }));
			const failed = [];
			const sendOne = async (limiter) => {
				if (!(await sendWithRetries(limiter, sandbox))) failed.push(limiter);
			};
			const started = Date.now();
			await Promise.all(
				limiters.map(async (limiter, w) => {
					if (startAt[w]) await new Promise((resolve) => setTimeout(resolve, startAt[w]));
					await Promise.all(Array.from({ length: perWorker }, () => sendOne(limiter)));
				}),
			);
			const elapsed = Date.now() - started;
			const requests = sandbox.server.requests;
			const first = requests[0].at;
			const afterFirstWindow = requests.filter((r) => r.at >= first + windowMs);
			return {
				elapsed,
				failed,
				requests,
				limiters,
				rateLimited: requests.filter((r) => r.status === 429).length,
				afterFirstWindow: afterFirstWindow.length,
				rateLimitedAfterFirstWindow: afterFirstWindow.filter((r) => r.status === 429).length,
			};
		} finally {
			await sandbox.stop();
		}
	}

	// Windows of a second: the sandbox's `retry-after` has whole seconds, as Pennylane's.
	test('three workers with a backlog each: each slows to its share, fewer than one 429 per 10 requests after the first window', async () => {
		const run = await shareOneToken({ workers: 3, perWorker: 30, limit: 20, windowMs: 1000 });
		expect(run.failed).toHaveLength(0);
		expect(run.requests.filter((r) => r.status === 200)).toHaveLength(90);
		expect(run.rateLimitedAfterFirstWindow * 10).toBeLessThan(run.afterFirstWindow);
		// 90 requests at 20 per second: 4 windows after the first at the least (a generous bound).
		expect(run.elapsed).toBeLessThan(2 * 4 * 1000 + 1000);
	});

	test('two workers: nothing refused after the first window, and the windows are used, not halved', async () => {
		const run = await shareOneToken({ workers: 2, perWorker: 40, limit: 20, windowMs: 1000 });
		expect(run.failed).toHaveLength(0);
		expect(run.requests.filter((r) => r.status === 200)).toHaveLength(80);
		expect(run.rateLimitedAfterFirstWindow * 10).toBeLessThan(run.afterFirstWindow);
		// 80 requests at 20 per second: 3 windows after the first at the least; halved windows would take 7.
		expect(run.elapsed).toBeLessThan(6 * 1000);
	});

	test("queue mode's shape: jobs go to whichever worker has a free slot; both workers get their share, none is starved", async () => {
		// As n8n's Bull queue: 2 workers running 10 executions each, every execution two requests in a
		// row (the duplicate guard's look-up, then the create), the next job to the first free slot.
		// Pennylane's whole-second reset: each worker's window bound is its own first answer + 1 s.
		const sandbox = createPennylaneSandbox({ tokens: [TOKEN], rateLimit: { limit: 25, windowMs: 1000, resetPrecision: 'seconds' } });
		await sandbox.start();
		try {
			const limiters = [new RateLimiter({ limit: 25, windowMs: 1000 }), new RateLimiter({ limit: 25, windowMs: 1000 })];
			const send = async (limiter) => {
				if (!(await sendWithRetries(limiter, sandbox))) throw new Error('gave up after 6 attempts');
			};
			const jobs = 100;
			let next = 0;
			const ran = [[], []];
			const served = () => sandbox.server.requests.filter((r) => r.status === 200).length;
			const started = Date.now();
			await Promise.all(
				limiters.flatMap((limiter, w) =>
					Array.from({ length: 10 }, async () => {
						while (next < jobs) {
							next++;
							// How long the job waited, counted in requests the API served meanwhile (a
							// count, not milliseconds: a loaded test machine slows every request alike).
							const since = served();
							await send(limiter);
							await send(limiter);
							ran[w].push(served() - since);
						}
					}),
				),
			);
			const elapsed = Date.now() - started;
			const requests = sandbox.server.requests;
			const afterFirstWindow = requests.filter((r) => r.at >= requests[0].at + 1000);
			expect(afterFirstWindow.filter((r) => r.status === 429).length * 10).toBeLessThan(afterFirstWindow.length);
			// Neither worker is starved: each ran at least a third of the jobs, and no job waited while
			// half of all requests were served (a fair share: 20 jobs in flight, 2 requests each).
			expect(Math.min(ran[0].length, ran[1].length)).toBeGreaterThanOrEqual(jobs / 3);
			expect(Math.max(...ran.flat())).toBeLessThan(served() / 2);
			// 200 requests at 25 per second: 7 windows after the first at the least.
			expect(elapsed).toBeLessThan(7 * 1000 * 1.5 + 1000);
		} finally {
			await sandbox.stop();
		}
	});

	test('a worker alone again takes whole windows: its share comes back once the others stop', async () => {
		const sandbox = createPennylaneSandbox({ tokens: [TOKEN], rateLimit: { limit: 10, windowMs: 400, resetPrecision: 'milliseconds' } });
		await sandbox.start();
		try {
			const limiter = new RateLimiter({ limit: 25, windowMs: 400 });
			const call = () => sendThrough(limiter, sandbox);
			// Another program takes 6 of the first window: this worker sees it and shares.
			for (let i = 0; i < 6; i++) await fetch(`${sandbox.baseUrl}/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
			await Promise.all(Array.from({ length: 4 }, call));
			expect(limiter.snapshot().parties).toBeGreaterThan(1);
			// Then it is alone: 40 more requests go in whole windows again (4 of them, not 8).
			const started = Date.now();
			const statuses = await Promise.all(Array.from({ length: 40 }, call));
			expect(statuses.filter((s) => s === 429)).toHaveLength(0);
			expect(limiter.snapshot().parties).toBe(1);
			expect(Date.now() - started).toBeLessThan(6 * 400 + 400);
		} finally {
			await sandbox.stop();
		}
	});

	test('after the same 429, workers come back at different times (jitter), none before retry-after', async () => {
		const limiters = Array.from({ length: 10 }, () => new RateLimiter({ limit: 25, windowMs: 5000 }));
		const tickets = await Promise.all(limiters.map((l) => l.acquire()));
		const at = Date.now();
		limiters.forEach((l, i) => {
			l.observe(tickets[i], { limit: 25, remaining: 0, resetAtMs: at + 400, retryAfterMs: 400 }, { rateLimited: true, receivedAt: at });
			l.release(tickets[i]);
		});
		const next = await Promise.all(limiters.map((l) => l.acquire()));
		const waits = next.map((t) => t.grantedAt - at);
		for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(400);
		// Up to a quarter of the wait (here 100 ms) each: ten workers do not all come back together.
		expect(Math.max(...waits) - Math.min(...waits)).toBeGreaterThanOrEqual(20);
		expect(Math.max(...waits)).toBeLessThan(400 + 100 + 150);
		expect(new Set(waits).size).toBeGreaterThan(3);
	});

	test('the jitter is bounded: at most a quarter of the wait, at least 50 ms of spread, never over 1 s', async () => {
		const waits = [];
		for (const [retryAfterMs, random] of [[0, 1], [8000, 1], [8000, 0]]) {
			const limiter = new RateLimiter({ limit: 25, windowMs: 5000 }, () => random);
			const ticket = await limiter.acquire();
			const at = Date.now();
			limiter.observe(ticket, { retryAfterMs }, { rateLimited: true, receivedAt: at });
			limiter.release(ticket);
			waits.push(limiter['blockedUntil'] - at);
		}
		expect(waits).toEqual([50, 9000, 8000]);
	});
});
