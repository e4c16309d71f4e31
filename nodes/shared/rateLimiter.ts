/**
 * One rate limiter per API token in an n8n process (`limiterFor`, keyed by the hash `limiterKey`),
 * shared by every item, node and execution on it: a request waits for a slot (`acquire`), reports
 * what its answer said (`observe`), then that it is over (`release`). It probes an unknown token with
 * one request; follows `ratelimit-remaining` / `-reset`, ending a window at the earlier of its reset
 * (in local time with the smallest clock difference the `Date` headers allow) and its length after
 * its first answer, never early; takes only its share of a token others use too (queue-mode workers);
 * keeps to `limit` per sliding window without headers; waits for `retry-after` plus a jitter after a
 * 429, up to RETRY_AFTER_CEILING_MS. The why of each rule: docs/rate-limits.md.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** A provider's documented limit: `limit` requests (Infinity: none documented) per `windowMs`. */
export type RateLimitPolicy = { limit: number; windowMs?: number };
/** For an API that documents no rate limit: only `ratelimit-*` headers and 429 answers pace. */
export const UNDOCUMENTED_RATE_LIMIT: RateLimitPolicy = { limit: Infinity };

/** Longest wait accepted (a 429's `retry-after` or reset, a window's end). A longer one fails requests at
 * once (RateLimitRefusal) until then, but one per 60 s that checks: a long 429 renews it, any other answer ends it. */
export const RETRY_AFTER_CEILING_MS = 60_000;
/** An idle limiter is dropped after 10 min unused; beyond 500 limiters, the least recently used idle ones. */
export const LIMITER_IDLE_MS = 600_000;
export const MAX_LIMITERS = 500;
/** Extra wait after a 429: up to a quarter of the wait asked for, at least 50 ms, at most 1 s. */
export const RETRY_JITTER_MAX_MS = 1000;
/** Spread over this part of a shared window, each process's answers show what the others use. */
const SPREAD = 0.8;

/** What one answer said, in epoch ms: `resetAtMs` on the server's clock, `serverDateMs` its `Date`. */
export type RateLimitReading = { limit?: number; remaining?: number; resetAtMs?: number; windowMs?: number; retryAfterMs?: number; serverDateMs?: number };
export type Ticket = { grantedAt: number; done: boolean };

/** A request not sent: the provider asked to wait (`waitMs`) longer than RETRY_AFTER_CEILING_MS, until `until`. */
export class RateLimitRefusal extends Error {
	constructor(readonly until: number, readonly waitMs: number) {
		super(`Rate limited until ${new Date(until).toISOString()}`);
		this.name = 'RateLimitRefusal';
	}
}

/** Reads `ratelimit-*`, `retry-after` and `Date` headers (any letter case). */
export function readRateLimitHeaders(headers: IDataObject | undefined, receivedAt = Date.now()): RateLimitReading {
	const lower = new Map(Object.entries(headers ?? {}).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value[0] : value]));
	const text = (name: string) => String(lower.get(name) ?? '');
	const reading: RateLimitReading = {};
	const [limit, remaining, date] = [parseInt(text('ratelimit-limit'), 10), parseInt(text('ratelimit-remaining'), 10), Date.parse(text('date'))];
	const window = Number(/;\s*w=(\d+(?:\.\d+)?)/.exec(text('ratelimit-policy') || text('ratelimit-limit'))?.[1]);
	if (limit > 0) reading.limit = limit;
	if (window > 0) reading.windowMs = Math.round(window * 1000);
	if (remaining >= 0) reading.remaining = remaining;
	if (Number.isFinite(date)) reading.serverDateMs = date;
	const [reset, retry, since] = [Number(text('ratelimit-reset') || NaN), text('retry-after'), reading.serverDateMs ?? receivedAt];
	// A Unix timestamp (Pennylane) or, in the IETF drafts, seconds until the reset.
	if (reset >= 0) reading.resetAtMs = reset > 1e9 ? reset * 1000 : since + reset * 1000;
	if (retry !== '' && Number(retry) >= 0) reading.retryAfterMs = Number(retry) * 1000;
	else if (Number.isFinite(Date.parse(retry))) reading.retryAfterMs = Math.max(0, Date.parse(retry) - since);
	return reading;
}

/** How many parties shared a window that is over, this process included (`was`: its estimate): 1 when
 * nobody else showed up; the token's use over its own when the window was used up; else (the estimate
 * was too high) halved, so that a process kept small comes back to its share within a few windows. */
function partiesOf(others: number, own: number, limit: number, was: number): number {
	if (others <= 0) return 1;
	const measured = Math.ceil((own + others) / Math.max(own, 1) - 0.5);
	return Math.max(2, Math.min(limit, own + others >= limit - 1 ? measured : Math.min(measured, Math.floor(was / 2))));
}

/** A window as this process knows it: its reset (server clock, local time), first answer, lowest `remaining`;
 * this process's requests in it and when the first went; the fewest requests others surely made in it. */
type Window = { serverReset: number; resetAt?: number; answeredAt?: number; minRemaining: number; own: number; startedAt?: number; others: number };

export class RateLimiter {
	private mode: 'probing' | 'headers' | 'fixed' = 'probing';
	private limit: number;
	private windowMs?: number;
	/** Start times of the latest `limit` requests (the sliding window, without headers). */
	private log: number[] = [];
	/** Header mode: the window, what this process may still start in it, windows up to `closedUpTo` over,
	 * the parties sharing the token, the smallest (server - local clock) the `Date` headers allow. */
	private window: Window = { serverReset: -Infinity, minRemaining: Infinity, own: 0, others: 0 };
	private allowance = 0;
	private closedUpTo = -Infinity;
	private parties = 1;
	private skewLow?: number;
	private blockedUntil = 0;
	/** A wait above the ceiling: until when, as asked, when a request last went to check, and its ticket. */
	private refusal?: { until: number; waitMs: number; checkedAt: number; check?: Ticket };
	private inFlight = 0;
	private lastGrant = 0;
	private rateLimitedAnswers = 0;
	/** Requests waiting for a slot, each after the one before it (`turn`); `wake` ends a wait early. */
	private waiting = 0;
	private turn: Promise<void> = Promise.resolve();
	private wake?: AbortController;
	/** Last use (for dropping idle limiters). */
	usedAt = Date.now();

	/** `random`: the source of the retry jitter (tests pass their own). */
	constructor(defaults: RateLimitPolicy, private readonly random: () => number = Math.random) {
		[this.limit, this.windowMs] = [defaults.limit, defaults.windowMs];
	}

	/** Waits for a slot, in arrival order; the ticket must be released when the request is over. */
	async acquire(signal?: AbortSignal): Promise<Ticket> {
		signal?.throwIfAborted();
		[this.usedAt, this.waiting] = [Date.now(), this.waiting + 1];
		return await new Promise<Ticket>((resolve, reject) => {
			let settled = false;
			const settle = (ticket?: Ticket, error?: unknown) => {
				if (settled) return;
				[settled, this.waiting] = [true, this.waiting - 1];
				signal?.removeEventListener('abort', onAbort);
				return ticket ? resolve(ticket) : reject(error);
			};
			const onAbort = () => settle(undefined, signal?.reason);
			signal?.addEventListener('abort', onAbort, { once: true });
			this.turn = this.turn.then(async () => await this.next(() => settled).then(settle, (error: unknown) => settle(undefined, error)));
		});
	}

	/** Takes in what the answer to a ticket's request said about the limit. Call before `release`. */
	observe(ticket: Ticket, reading: RateLimitReading, options: { rateLimited?: boolean; receivedAt?: number } = {}): void {
		const [at, rateLimited] = [options.receivedAt ?? Date.now(), options.rateLimited === true];
		if (reading.serverDateMs !== undefined) this.skewLow = Math.max(this.skewLow ?? -Infinity, reading.serverDateMs - at);
		[this.limit, this.windowMs] = [reading.limit ?? this.limit, reading.windowMs ?? this.windowMs];
		if (reading.remaining !== undefined && reading.resetAtMs !== undefined) this.takeWindow(reading.remaining, reading.resetAtMs, at, rateLimited);
		const wait = Math.max(0, reading.retryAfterMs ?? (this.window.resetAt ?? at + (this.windowMs ?? 1000)) - at);
		if (rateLimited) [this.rateLimitedAnswers, this.allowance] = [this.rateLimitedAnswers + 1, 0];
		// Jitter: processes rate limited together do not all come back at the same instant.
		const jitter = Math.round(this.random() * Math.min(RETRY_JITTER_MAX_MS, Math.max(50, wait / 4)));
		if (rateLimited && wait <= RETRY_AFTER_CEILING_MS) this.blockedUntil = Math.max(this.blockedUntil, at + wait + jitter);
		// A refusal ends with another answer to the request that checks, not to one sent before it began.
		if (rateLimited && wait > RETRY_AFTER_CEILING_MS) this.refusal = { until: at + wait, waitMs: wait, checkedAt: at };
		else if (this.refusal?.check === ticket) this.refusal = undefined;
		this.wake?.abort();
	}

	/** Marks the ticket's request as over (answered or failed). */
	release(ticket: Ticket): void {
		if (ticket.done) return;
		[ticket.done, this.inFlight, this.usedAt] = [true, this.inFlight - 1, Date.now()];
		// A probe answered without rate-limit headers (or not at all): the documented limit paces.
		if (this.mode === 'probing') this.mode = 'fixed';
		this.wake?.abort();
	}

	/** Keeps every request on this token waiting for at least `ms` (a provider said to back off). */
	block(ms: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, Date.now() + ms);
		this.wake?.abort();
	}

	/** Whether requests now fail with RateLimitRefusal instead of waiting. */
	refused(): boolean {
		return this.refusal !== undefined && Date.now() < this.refusal.until;
	}

	/** Nothing on its way or waiting. */
	idle(): boolean {
		return this.inFlight === 0 && this.waiting === 0;
	}

	/** The limiter's current picture, for diagnostics and tests (no token in it). */
	snapshot(): IDataObject {
		const { mode, limit, allowance, inFlight, waiting, rateLimitedAnswers, parties } = this;
		return { mode, limit, windowMs: this.windowMs ?? null, allowance, inFlight, waiting, rateLimitedAnswers, parties, clockSkewLowMs: this.skewLow ?? null, refusedUntil: this.refusal?.until ?? null };
	}

	private takeWindow(remaining: number, serverReset: number, at: number, rateLimited: boolean): void {
		this.mode = 'headers';
		// Answers from a window that is over say nothing about the current one.
		const resetAt = serverReset - (this.skewLow ?? 0);
		if (serverReset <= this.closedUpTo || serverReset < this.window.serverReset || resetAt <= at) return;
		// The first answer from a new window: this process's requests in it are at most those on their way.
		if (serverReset > this.window.serverReset) this.window = { ...this.window, serverReset, resetAt, answeredAt: at, minRemaining: remaining, own: this.inFlight, others: 0 };
		const window = this.window;
		// Within one window the count only goes down: an earlier answer arriving late must not raise it.
		[window.minRemaining, window.answeredAt, window.resetAt] = [Math.min(window.minRemaining, remaining), Math.min(window.answeredAt ?? at, at), Math.min(window.resetAt ?? resetAt, resetAt)];
		// What the token used beyond this process's requests, others used (at least); a 429: more than `limit`.
		const used = rateLimited ? this.limit + 1 : this.limit - remaining;
		if (Number.isFinite(this.limit)) window.others = Math.max(window.others, used - window.own);
		// Others showed up: at least two share the window from now on (the next window knows better).
		if (window.others > 0) this.parties = Math.max(this.parties, 2);
		// This process's share of the window, within what is left; its requests on their way may count too.
		this.allowance = Math.min(this.share() - window.own, window.minRemaining - (this.inFlight - 1));
	}

	/** This process's requests per window: the limit divided among the parties. */
	private share(): number {
		return Math.max(1, Math.floor(this.limit / this.parties));
	}

	/** When the next request may start (Infinity: when an answer comes). */
	private readyAt(now: number): number {
		const notBefore = Math.max(now, this.blockedUntil);
		if (this.mode === 'probing') return this.inFlight > 0 ? Infinity : notBefore;
		if (this.mode === 'fixed') return Math.max(notBefore, (this.log[this.log.length - this.limit] ?? -Infinity) + (this.windowMs ?? 0) * 1.03);
		// The window ends at the earlier bound: its reset, or its length after its first answer.
		const { resetAt = Infinity, answeredAt = Infinity, own, others, serverReset } = this.window;
		let end = Math.min(resetAt, answeredAt + (this.windowMs ?? Infinity));
		if (now >= end) {
			// Over: a fresh window, less what is still on its way. Alone (as far as the last window showed),
			// all of it; shared, one request first, whose answer tells this process's share.
			if (own > 0) this.parties = partiesOf(others, own, this.limit, this.parties);
			[this.closedUpTo, this.window, end] = [serverReset, { serverReset, minRemaining: Infinity, own: 0, others: 0 }, Infinity];
			this.allowance = (this.parties > 1 ? 1 : this.limit) - this.inFlight;
		}
		if (this.allowance > 0) return Math.max(notBefore, this.spreadAt(end));
		if (end - now > RETRY_AFTER_CEILING_MS && end < Infinity) this.refusal = { until: end, waitMs: end - now, checkedAt: now };
		if (end < Infinity) return Math.max(notBefore, end);
		if (this.inFlight > 0) return Infinity;
		// Nothing known and nothing on its way (answers without headers): one request asks, spaced.
		this.allowance = 1;
		return Math.max(notBefore, this.lastGrant + (this.windowMs ?? 1000) / this.limit);
	}

	/** When a shared or crowded window lets the next request go: its share spread evenly over SPREAD of it,
	 * from its first request to `end`; at once when its length is not known (a reset may be a second late). */
	private spreadAt(end: number): number {
		const { startedAt, own } = this.window;
		if (startedAt === undefined || this.windowMs === undefined || !Number.isFinite(end) || !Number.isFinite(this.limit)) return -Infinity;
		if (this.parties === 1 && this.waiting <= this.allowance) return -Infinity;
		return startedAt + (own * SPREAD * (end - startedAt)) / this.share();
	}

	/** The next slot, once the limit allows (undefined: the waiter was cancelled meanwhile). */
	private async next(cancelled: () => boolean): Promise<Ticket | undefined> {
		for (let now = Date.now(); !cancelled(); now = Date.now()) {
			if (this.refusal && now >= this.refusal.until) this.refusal = undefined;
			const at = this.refusal ? now : this.readyAt(now);
			const refusal = this.refusal;
			// During a refusal one request per ceiling goes, to check; the others fail at once.
			if (refusal && now < refusal.checkedAt + RETRY_AFTER_CEILING_MS) throw new RateLimitRefusal(refusal.until, refusal.waitMs);
			if (at <= now) {
				const ticket: Ticket = { grantedAt: now, done: false };
				if (refusal) [refusal.checkedAt, refusal.check] = [now, ticket];
				[this.inFlight, this.allowance, this.lastGrant] = [this.inFlight + 1, this.allowance - 1, now];
				[this.window.own, this.window.startedAt] = [this.window.own + 1, this.window.startedAt ?? now];
				if (this.windowMs !== undefined && Number.isFinite(this.limit) && this.log.push(now) > this.limit) this.log.shift();
				return ticket;
			}
			// At most a second at a time; an answer or a release wakes it earlier.
			await sleep(Math.min(at - now, 1000), (this.wake = new AbortController()).signal).catch(() => undefined);
		}
		return undefined;
	}
}

/** Limiters by key, from least to most recently used. */
const limiters = new Map<string, RateLimiter>();
let sweptAt = 0;

/** A one-way hash naming a token's limiter; the token itself is never kept or shown. */
export function limiterKey(...parts: string[]): string {
	return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** The process-wide limiter for a key (created with the provider's defaults). Idle ones are dropped after
 * LIMITER_IDLE_MS (looked for once a minute), beyond MAX_LIMITERS the least recently used idle ones. */
export function limiterFor(key: string, defaults: RateLimitPolicy): RateLimiter {
	const now = Date.now();
	const limiter = limiters.get(key) ?? new RateLimiter(defaults);
	limiters.delete(key);
	limiters.set(key, limiter);
	limiter.usedAt = Math.max(limiter.usedAt, now);
	if (limiters.size <= MAX_LIMITERS && now - sweptAt < 60_000) return limiter;
	sweptAt = now;
	for (const [other, candidate] of limiters) {
		const drop = limiters.size > MAX_LIMITERS || now - candidate.usedAt > LIMITER_IDLE_MS;
		if (other !== key && candidate.idle() && drop) limiters.delete(other);
	}
	return limiter;
}

/** Snapshots of every limiter of this process, by key (hashes only), for diagnostics. */
export function rateLimiterSnapshots(): Record<string, IDataObject> {
	return Object.fromEntries([...limiters.entries()].map(([key, limiter]) => [key, limiter.snapshot()]));
}
