/**
 * Paces requests per API token so that a run of many items stays inside a provider's rate limit
 * instead of failing items with 429.
 *
 * One limiter per token (keyed by a hash, `limiterKey`) in an n8n process, shared by every item,
 * node and execution using that token; idle ones are dropped (`limiterFor`). Every request waits
 * for a slot (`acquire`), reports what its answer said about the limit (`observe`), then that it is
 * over (`release`). Waiters sit in one queue read from a moving head: thousands of items cost O(n).
 *
 * - Probe: while nothing is known about a token, one request goes alone; its answer tells the rest.
 * - Headers (`ratelimit-limit` / `-remaining` / `-reset`): the server's count is followed. Up to
 *   `remaining` requests (less those still on their way) go at once; then the limiter waits until
 *   the window is surely over, at the earlier of two bounds, neither ever early:
 *   - `ratelimit-reset` (Pennylane: a Unix time in whole seconds, on the server's clock) in local
 *     time, using the smallest clock difference the `Date` headers allow (`Date` is the server's
 *     second, rounded down, stamped before the answer arrived: difference >= `Date` - arrival);
 *   - the window length (documented, or an IETF `w=`) after the first answer from that window: the
 *     server counted that request before answering, so the window ends at most that long after it.
 *     No clock involved, and not hurt by a reset rounded to whole seconds: it paces Pennylane.
 *   Then `limit` requests (less those still on their way) may go again.
 * - No such headers: at most `limit` requests start in any window (sliding, plus 3 % for network
 *   jitter) when the provider documents a limit; when it documents none, only answers pace.
 * - A 429 makes every request on the token wait for `retry-after` (else the reset); the caller then
 *   retries. A longer wait than RETRY_AFTER_CEILING_MS is not waited for: see there.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

export interface RateLimitPolicy {
	/** Requests allowed per window (Infinity: none documented; answers still pace). */
	limit: number;
	/** Window length in ms, when documented (answers may give it with `w=`). */
	windowMs?: number;
}

/** For an API that documents no rate limit: only `ratelimit-*` headers and 429 answers pace. */
export const UNDOCUMENTED_RATE_LIMIT: RateLimitPolicy = { limit: Infinity };

/**
 * Longest wait the node accepts from a provider: 60 s (a 429's `retry-after`, else the reset it
 * names, or a window whose end lies further away). A longer wait is not waited for: the request
 * fails at once with a RateLimitRefusal (when the provider accepts requests again), and so does
 * every request on the token until then without being sent, except one request per 60 s, sent to
 * check: any answer but a 429 ends the refusal, another long 429 renews it.
 */
export const RETRY_AFTER_CEILING_MS = 60_000;

/** Limiters with nothing on its way or waiting are dropped after this long unused (10 minutes)... */
export const LIMITER_IDLE_MS = 600_000;

/** ...or, beyond this many limiters, the least recently used idle ones at once. */
export const MAX_LIMITERS = 500;

/** What one answer said about the rate limit; absent fields were not in the answer. */
export interface RateLimitReading {
	limit?: number;
	remaining?: number;
	/** End of the current window on the server's clock (epoch ms). */
	resetAtMs?: number;
	/** Window length from an IETF-style `w=` policy parameter. */
	windowMs?: number;
	/** From `retry-after` (seconds or an HTTP date), relative to when the answer was received. */
	retryAfterMs?: number;
	/** The server's clock from the `Date` header (whole seconds, epoch ms). */
	serverDateMs?: number;
}

export interface Ticket {
	grantedAt: number;
	done: boolean;
}

/** A request not sent: the provider asked to wait longer than RETRY_AFTER_CEILING_MS. */
export class RateLimitRefusal extends Error {
	constructor(
		/** Local time (epoch ms) from which the provider accepts requests again. */
		readonly until: number,
		/** The wait it asked for when it said so (ms). */
		readonly waitMs: number,
	) {
		super(`Rate limited until ${new Date(until).toISOString()}`);
		this.name = 'RateLimitRefusal';
	}
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== name) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return first === undefined || first === null ? undefined : String(first);
	}
	return undefined;
}

/** Reads `ratelimit-*`, `retry-after` and `Date` headers (case-insensitive). */
export function readRateLimitHeaders(headers: IDataObject | undefined, receivedAt = Date.now()): RateLimitReading {
	const reading: RateLimitReading = {};
	const limitText = header(headers, 'ratelimit-limit');
	const limit = parseInt(limitText ?? '', 10);
	if (limit > 0) reading.limit = limit;
	const window = /;\s*w=(\d+(?:\.\d+)?)/.exec(header(headers, 'ratelimit-policy') ?? limitText ?? '');
	if (window && Number(window[1]) > 0) reading.windowMs = Math.round(Number(window[1]) * 1000);
	const remaining = parseInt(header(headers, 'ratelimit-remaining') ?? '', 10);
	if (remaining >= 0) reading.remaining = remaining;
	const serverDate = Date.parse(header(headers, 'date') ?? '');
	if (Number.isFinite(serverDate)) reading.serverDateMs = serverDate;
	const reset = Number(header(headers, 'ratelimit-reset') ?? NaN);
	// A Unix timestamp (Pennylane) or, in the IETF drafts, seconds until the reset.
	if (reset >= 0) reading.resetAtMs = reset > 1e9 ? reset * 1000 : (reading.serverDateMs ?? receivedAt) + reset * 1000;
	const retry = header(headers, 'retry-after');
	const retryAt = Date.parse(retry ?? '');
	if (retry !== undefined && Number(retry) >= 0) reading.retryAfterMs = Number(retry) * 1000;
	else if (Number.isFinite(retryAt)) reading.retryAfterMs = Math.max(0, retryAt - (reading.serverDateMs ?? receivedAt));
	return reading;
}

interface Waiter {
	resolve: (ticket: Ticket) => void;
	reject: (reason: unknown) => void;
	signal?: AbortSignal;
	onAbort?: () => void;
	cancelled?: boolean;
}

export class RateLimiter {
	private mode: 'probing' | 'headers' | 'fixed' = 'probing';
	private limit: number;
	private windowMs?: number;
	/** Fixed mode: start times of the latest `limit` requests. */
	private log: number[] = [];
	/** Header mode: requests still allowed in the current window. */
	private allowance = 0;
	/** Header mode: the current window's reset (server clock); windows up to `closedUpTo` are over. */
	private serverReset = -Infinity;
	private closedUpTo = -Infinity;
	/** Header mode: the current window's reset in local time, and when its first answer came. */
	private resetAt?: number;
	private answeredAt?: number;
	/** Smallest (server clock - local clock) the `Date` headers allow. */
	private skewLow?: number;
	private blockedUntil = 0;
	/** A wait above the ceiling: until when, as asked, and when a request last went to check. */
	private refusal?: { until: number; waitMs: number; checkedAt: number };
	private inFlight = 0;
	private lastGrant = 0;
	private rateLimitedAnswers = 0;
	private queue: Waiter[] = [];
	private head = 0;
	private cancelled = 0;
	private pumping = false;
	private wake?: AbortController;
	/** Last acquire or release (for dropping idle limiters). */
	usedAt = Date.now();

	constructor(defaults: RateLimitPolicy) {
		this.limit = defaults.limit;
		this.windowMs = defaults.windowMs;
	}

	/** Waits for a slot; the ticket must be released when the request is over. */
	async acquire(signal?: AbortSignal): Promise<Ticket> {
		if (signal?.aborted) throw signal.reason ?? new Error('Aborted');
		this.usedAt = Date.now();
		return await new Promise<Ticket>((resolve, reject) => {
			const waiter: Waiter = { resolve, reject, signal };
			if (signal) {
				waiter.onAbort = () => {
					waiter.cancelled = true;
					this.cancelled++;
					reject(signal.reason ?? new Error('Aborted'));
				};
				signal.addEventListener('abort', waiter.onAbort, { once: true });
			}
			this.queue.push(waiter);
			void this.pump();
		});
	}

	/** Takes in what an answer said about the limit. Call before `release`. */
	observe(reading: RateLimitReading, options: { rateLimited?: boolean; receivedAt?: number } = {}): void {
		const at = options.receivedAt ?? Date.now();
		if (reading.serverDateMs !== undefined) this.skewLow = Math.max(this.skewLow ?? -Infinity, reading.serverDateMs - at);
		if (reading.limit !== undefined) this.limit = reading.limit;
		if (reading.windowMs !== undefined) this.windowMs = reading.windowMs;
		if (reading.remaining !== undefined && reading.resetAtMs !== undefined) {
			this.mode = 'headers';
			this.takeWindow(reading.remaining, reading.resetAtMs, at);
		}
		if (options.rateLimited) {
			this.rateLimitedAnswers++;
			this.allowance = 0;
			const wait = Math.max(0, reading.retryAfterMs ?? (this.resetAt ?? at + (this.windowMs ?? 1000)) - at);
			if (wait > RETRY_AFTER_CEILING_MS) this.refusal = { until: at + wait, waitMs: wait, checkedAt: at };
			else this.blockedUntil = Math.max(this.blockedUntil, at + wait);
		} else {
			this.refusal = undefined;
		}
		this.notify();
	}

	/** Marks the ticket's request as over (answered or failed). */
	release(ticket: Ticket): void {
		if (ticket.done) return;
		ticket.done = true;
		this.inFlight--;
		this.usedAt = Date.now();
		// A probe answered without rate-limit headers (or not at all): the documented limit paces.
		if (this.mode === 'probing') this.mode = 'fixed';
		this.notify();
	}

	/** Keeps every request on this token waiting for at least `ms` (a provider said to back off). */
	block(ms: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, Date.now() + ms);
		this.notify();
	}

	/** A refusal is under way: requests fail with RateLimitRefusal instead of waiting. */
	refused(): boolean {
		return this.refusal !== undefined && Date.now() < this.refusal.until;
	}

	/** Nothing on its way or waiting. */
	idle(): boolean {
		return this.inFlight === 0 && this.queue.length - this.head - this.cancelled === 0;
	}

	/** The limiter's current picture, for diagnostics and tests (no token in it). */
	snapshot(): IDataObject {
		return {
			mode: this.mode,
			limit: this.limit,
			windowMs: this.windowMs ?? null,
			allowance: this.allowance,
			inFlight: this.inFlight,
			waiting: this.queue.length - this.head - this.cancelled,
			rateLimitedAnswers: this.rateLimitedAnswers,
			clockSkewLowMs: this.skewLow ?? null,
			refusedUntil: this.refusal?.until ?? null,
		};
	}

	private takeWindow(remaining: number, serverReset: number, at: number): void {
		// Answers from a window that is over say nothing about the current one.
		if (serverReset <= this.closedUpTo || serverReset < this.serverReset) return;
		const resetAt = serverReset - (this.skewLow ?? 0);
		if (resetAt <= at) return;
		// The server has counted this request; those still on their way may count too.
		const left = remaining - (this.inFlight - 1);
		if (serverReset > this.serverReset) {
			this.serverReset = serverReset;
			this.allowance = left;
			this.answeredAt = at;
			this.resetAt = resetAt;
		} else {
			// Within one window the count only goes down: an earlier answer arriving late must not raise it.
			this.allowance = Math.min(this.allowance, left);
			this.answeredAt = Math.min(this.answeredAt ?? at, at);
			this.resetAt = Math.min(this.resetAt ?? resetAt, resetAt);
		}
	}

	/** When the next request may start (Infinity: when an answer comes). */
	private readyAt(now: number): number {
		const notBefore = Math.max(now, this.blockedUntil);
		if (this.mode === 'probing') return this.inFlight > 0 ? Infinity : notBefore;
		if (this.mode === 'fixed') {
			if (this.windowMs === undefined || this.log.length < this.limit) return notBefore;
			return Math.max(notBefore, this.log[this.log.length - this.limit] + this.windowMs * 1.03);
		}
		const own = this.answeredAt === undefined || this.windowMs === undefined ? Infinity : this.answeredAt + this.windowMs;
		let end = Math.min(own, this.resetAt ?? Infinity);
		if (now >= end) {
			// The server's window is over: a fresh one, less what is still on its way.
			this.closedUpTo = this.serverReset;
			this.allowance = this.limit - this.inFlight;
			this.resetAt = this.answeredAt = undefined;
			end = Infinity;
		}
		if (this.allowance > 0) return notBefore;
		if (end - now > RETRY_AFTER_CEILING_MS && end < Infinity) this.refusal = { until: end, waitMs: end - now, checkedAt: now };
		if (end < Infinity) return Math.max(notBefore, end);
		if (this.inFlight > 0) return Infinity;
		// Nothing known and nothing on its way (answers without headers): one request asks, spaced.
		this.allowance = 1;
		return Math.max(notBefore, this.lastGrant + (this.windowMs ?? 1000) / this.limit);
	}

	private grant(now: number): Ticket {
		this.inFlight++;
		this.allowance--;
		this.lastGrant = now;
		if (this.windowMs !== undefined && Number.isFinite(this.limit)) {
			this.log.push(now);
			if (this.log.length > this.limit) this.log.shift();
		}
		return { grantedAt: now, done: false };
	}

	private notify(): void {
		this.wake?.abort();
	}

	private async pause(ms: number): Promise<void> {
		const controller = new AbortController();
		this.wake = controller;
		try {
			await sleep(Math.max(1, Math.min(ms, 1000)), controller.signal);
		} catch {
			// Woken early by an answer: look again.
		} finally {
			if (this.wake === controller) this.wake = undefined;
		}
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.head < this.queue.length) {
				const waiter = this.queue[this.head];
				const now = Date.now();
				if (this.refusal && now >= this.refusal.until) this.refusal = undefined;
				const at = waiter.cancelled || this.refusal ? now : this.readyAt(now);
				const refusal = this.refusal;
				const refuse = refusal !== undefined && now < refusal.checkedAt + RETRY_AFTER_CEILING_MS;
				if (at > now && !refuse && !waiter.cancelled) {
					await this.pause(at - now);
					continue;
				}
				if (++this.head > 1024 && this.head * 2 > this.queue.length) {
					this.queue = this.queue.slice(this.head);
					this.head = 0;
				}
				if (waiter.cancelled) {
					this.cancelled--;
					continue;
				}
				if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
				if (refuse) {
					waiter.reject(new RateLimitRefusal(refusal.until, refusal.waitMs));
					continue;
				}
				// During a refusal, one request a ceiling's length after the last one checks.
				if (refusal) refusal.checkedAt = now;
				waiter.resolve(this.grant(now));
			}
			this.queue = [];
			this.head = 0;
		} finally {
			this.pumping = false;
		}
	}
}

/** Limiters by key, from least to most recently used. */
const limiters = new Map<string, RateLimiter>();
let sweptAt = 0;

/** A one-way hash naming a token's limiter; the token itself is never kept or shown. */
export function limiterKey(...parts: string[]): string {
	return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * The process-wide limiter for a key, created with the provider's defaults on first use. Limiters
 * idle for LIMITER_IDLE_MS are dropped (looked for once a minute), and beyond MAX_LIMITERS the least
 * recently used idle ones; a dropped token starts again with a probe.
 */
export function limiterFor(key: string, defaults: RateLimitPolicy): RateLimiter {
	const now = Date.now();
	const limiter = limiters.get(key) ?? new RateLimiter(defaults);
	limiters.delete(key);
	limiters.set(key, limiter);
	limiter.usedAt = Math.max(limiter.usedAt, now);
	if (limiters.size > MAX_LIMITERS || now - sweptAt >= 60_000) {
		sweptAt = now;
		for (const [other, candidate] of limiters) {
			if (other === key || !candidate.idle()) continue;
			if (limiters.size > MAX_LIMITERS || now - candidate.usedAt > LIMITER_IDLE_MS) limiters.delete(other);
		}
	}
	return limiter;
}

/** Snapshots of every limiter of this process, by key (hashes only), for diagnostics. */
export function rateLimiterSnapshots(): Record<string, IDataObject> {
	return Object.fromEntries([...limiters.entries()].map(([key, limiter]) => [key, limiter.snapshot()]));
}
