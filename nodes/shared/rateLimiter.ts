/**
 * Paces requests per API token so that a run of many items stays inside a provider's rate limit
 * instead of failing half of them with 429.
 *
 * One limiter exists per token (keyed by a hash of base URL and token, see `limiterKey`) and per
 * n8n process, shared by every item, node and execution using that token. Every request first
 * waits for a slot (`acquire`), then reports what the answer said about the limit (`observe`) and
 * that it is over (`release`).
 *
 * How the pace is set:
 * - Probe: while nothing is known about a token, one request goes alone; its answer tells the rest.
 * - Header mode (the answer carried `ratelimit-limit` / `ratelimit-remaining` / `ratelimit-reset`):
 *   the server's own count is followed. Up to `remaining` requests (less those still in flight) go
 *   at once; when none are left, the limiter waits until the window resets, then allows `limit`
 *   requests again. The window is over at the earlier of two safe bounds: `ratelimit-reset`, a time
 *   on the server's clock turned into local time with a lower bound of the clock difference read
 *   from the answers' `Date` header (so never early, at most about a second late until the bound
 *   tightens); and the documented window length after the first answer from that window (no clock
 *   involved, and not hurt by a reset rounded to whole seconds).
 * - Fixed mode (answers carry no such headers): at most `limit` requests start in any `windowMs`
 *   (a sliding window, plus a small margin for network jitter), with the provider's documented
 *   default limit.
 * - Learning the server's clock: `ratelimit-reset` is on the server's clock and `Date` has whole
 *   seconds, so the clock difference is first known to within a second only. Each answer narrows
 *   it (lower bound: `Date` minus when the answer came; upper bound: `Date` plus one second minus
 *   when the request left). While more requests wait than the window allows, the window's
 *   requests are spread so that they reach the server around its next whole second, each at a
 *   different guess of the difference; which side of that second each one landed on (its `Date`)
 *   narrows the difference to a few milliseconds within one or two such seconds. The spreading
 *   stays inside the window, so it costs the run nothing; without a backlog requests go at once.
 *   When no second begins inside a window (the windows can keep step with the server's seconds),
 *   its last request is aimed at the next second instead, while the difference is still uncertain
 *   by more than 200 ms: each halves the uncertainty, and may land in the next window.
 *   Only where `ratelimit-reset` has fractions of a second: a whole-second reset is itself up to a
 *   second late, so a finer clock would gain nothing.
 * - A 429 blocks the token for `retry-after` (or until the reset); the caller then retries. After a
 *   window with 429s in header mode the limiter waits a little longer after each reset (250 ms more
 *   per such window, up to one second), as the server's windows evidently end later than its
 *   headers said; each window without 429 takes 50 ms of that extra wait off again.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

export interface RateLimitPolicy {
	/** Requests allowed per window (Infinity: none documented; 429s and headers still pace). */
	limit: number;
	/** Window length in milliseconds. */
	windowMs: number;
	/** Requests on their way at once, at most (default: no cap). */
	maxInFlight?: number;
}

/**
 * For an API that documents no rate limit: no pace of its own, but the limiter still follows
 * `ratelimit-*` headers and `retry-after` when answers carry them.
 */
export const UNDOCUMENTED_RATE_LIMIT: RateLimitPolicy = { limit: Infinity, windowMs: 1000 };

/** What one answer said about the rate limit; absent fields were not in the answer. */
export interface RateLimitReading {
	limit?: number;
	remaining?: number;
	/** End of the current window on the server's clock (epoch ms). */
	resetAtMs?: number;
	/** Window length from an IETF-style `w=` policy parameter, when the server gives one. */
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

type Mode = 'probing' | 'headers' | 'fixed';

const MAX_PAUSE_MS = 1000;
const RESET_SLACK_STEP_MS = 250;
const RESET_SLACK_MAX_MS = 1000;
const RESET_SLACK_DECAY_MS = 50;
/** The clock difference is known well enough once its bounds are this close (ms). */
const CLOCK_PRECISION_MS = 4;
/** Learning uses only server seconds that begin at least this long before the window's reset (ms). */
const LEARNING_MARGIN_MS = 60;
/** Learning waits at most this long for the first answer of a window (ms). */
const LEARNING_WAIT_MS = 50;
/** How long before a window is surely over a request sent to learn in the wait after it goes (ms). */
const BLIND_PROBE_LEAD_MS = 5;
/** ... and only while the clock difference is still this uncertain (ms): the wait it can shorten. */
const BLIND_PROBE_UNCERTAINTY_MS = 200;

function header(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
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
	const policyText = header(headers, 'ratelimit-policy') ?? limitText;
	const limit = limitText === undefined ? NaN : parseInt(limitText, 10);
	if (Number.isInteger(limit) && limit > 0) reading.limit = limit;
	const window = policyText ? /;\s*w=(\d+(?:\.\d+)?)/.exec(policyText) : null;
	if (window && Number(window[1]) > 0) reading.windowMs = Math.round(Number(window[1]) * 1000);

	const remaining = parseInt(header(headers, 'ratelimit-remaining') ?? '', 10);
	if (Number.isInteger(remaining) && remaining >= 0) reading.remaining = remaining;

	const dateText = header(headers, 'date');
	const serverDate = dateText ? Date.parse(dateText) : NaN;
	if (Number.isFinite(serverDate)) reading.serverDateMs = serverDate;

	const reset = Number(header(headers, 'ratelimit-reset') ?? NaN);
	if (Number.isFinite(reset) && reset >= 0) {
		// A Unix timestamp (Pennylane) or, in the IETF drafts, seconds until the reset.
		reading.resetAtMs = reset > 1e9 ? reset * 1000 : (reading.serverDateMs ?? receivedAt) + reset * 1000;
	}

	const retryText = header(headers, 'retry-after');
	if (retryText !== undefined) {
		const seconds = Number(retryText);
		if (Number.isFinite(seconds) && seconds >= 0) reading.retryAfterMs = seconds * 1000;
		else {
			const at = Date.parse(retryText);
			if (Number.isFinite(at)) reading.retryAfterMs = Math.max(0, at - (reading.serverDateMs ?? receivedAt));
		}
	}
	return reading;
}

interface Waiter {
	cancelled?: boolean;
	resolve: (ticket: Ticket) => void;
	reject: (reason: unknown) => void;
	signal?: AbortSignal;
	onAbort?: () => void;
}

export class RateLimiter {
	private mode: Mode = 'probing';

	private limit: number;

	private windowMs: number;

	/** Fixed mode: grant times within the sliding window. */
	private log: number[] = [];

	/** Header mode: requests still allowed before `resetAt`. */
	private allowance = 0;

	/** Header mode: local time the server's current window ends (undefined: not known yet). */
	private resetAt?: number;

	/** Header mode: the server's reset time of the window `allowance` belongs to. */
	private serverReset?: number;

	/** Header mode: windows whose server reset time is at or before this are over for us. */
	private closedUpTo = -Infinity;

	/**
	 * Header mode: grant time of our earliest request known (from its answer) or, until an answer
	 * comes, expected to be in the current window (undefined: nothing granted in it yet).
	 */
	private windowStart?: number;

	/**
	 * Header mode: when the earliest answer from the current window came. The server counted that
	 * request before answering, so the window ends at most `windowMs` after this.
	 */
	private windowAnsweredAt?: number;

	private observedWindowMs?: number;

	private blockedUntil = 0;

	private inFlight = 0;

	/** Lower bound of (server clock − local clock), from `Date` headers: the one the pace relies on. */
	private skewLow?: number;

	/**
	 * Upper bound of the same, from `Date` headers. Only chooses when requests reach the server while
	 * the difference is being learned; never relied on for the pace (a stale `Date` can make it low).
	 */
	private skewHigh?: number;

	/** While learning the clock: when the next request is due (see `learningSlot`). */
	private learningAt?: number;

	private resetSlackMs = 0;

	/** The window (server reset time) whose 429s already raised the slack, so a burst counts once. */
	private slackRaisedFor?: number;

	private limitedInWindow = false;

	/** Waiters in arrival order; `head` is the next one (no shift(): thousands of items may wait). */
	private queue: Waiter[] = [];

	private head = 0;

	/** Waiters still in `queue` whose wait was cancelled. */
	private cancelledWaiters = 0;

	private pumping = false;

	private wake?: AbortController;

	private rateLimitedAnswers = 0;

	constructor(private readonly defaults: RateLimitPolicy) {
		this.limit = defaults.limit;
		this.windowMs = defaults.windowMs;
	}

	/** Waits for a slot; the returned ticket must be released when the request is over. */
	async acquire(signal?: AbortSignal): Promise<Ticket> {
		if (signal?.aborted) throw signal.reason ?? new Error('Aborted');
		return await new Promise<Ticket>((resolve, reject) => {
			const waiter: Waiter = { resolve, reject, signal };
			if (signal) {
				waiter.onAbort = () => {
					waiter.cancelled = true;
					this.cancelledWaiters++;
					reject(signal.reason ?? new Error('Aborted'));
				};
				signal.addEventListener('abort', waiter.onAbort, { once: true });
			}
			this.queue.push(waiter);
			void this.pump();
		});
	}

	/** Takes in what an answer said about the limit. Call before `release`. */
	observe(ticket: Ticket, reading: RateLimitReading, options: { rateLimited?: boolean; receivedAt?: number } = {}): void {
		const receivedAt = options.receivedAt ?? Date.now();
		if (reading.serverDateMs !== undefined) this.learnClock(reading.serverDateMs, ticket.grantedAt, receivedAt);
		if (reading.limit !== undefined) this.limit = reading.limit;
		if (reading.windowMs !== undefined) this.windowMs = reading.windowMs;

		if (reading.remaining !== undefined && reading.resetAtMs !== undefined) {
			this.mode = 'headers';
			this.takeWindow(ticket, reading.remaining, reading.resetAtMs, receivedAt);
		} else if (this.mode === 'probing' && reading.limit !== undefined) {
			this.mode = 'fixed';
		}

		if (options.rateLimited) {
			this.rateLimitedAnswers++;
			const wait = reading.retryAfterMs ?? (this.resetAt !== undefined ? this.resetAt - receivedAt : this.windowMs);
			this.blockedUntil = Math.max(this.blockedUntil, receivedAt + Math.max(0, wait));
			this.allowance = 0;
			this.limitedInWindow = true;
			if (this.mode === 'headers' && this.slackRaisedFor !== (this.serverReset ?? -1)) {
				this.slackRaisedFor = this.serverReset ?? -1;
				this.resetSlackMs = Math.min(RESET_SLACK_MAX_MS, this.resetSlackMs + RESET_SLACK_STEP_MS);
			}
			if (this.mode === 'probing') this.mode = 'fixed';
		}
		this.notify();
	}

	/** Marks the ticket's request as over (answered or failed). */
	release(ticket: Ticket): void {
		if (ticket.done) return;
		ticket.done = true;
		this.inFlight = Math.max(0, this.inFlight - 1);
		// A probe answered without any rate-limit header: pace with the documented defaults.
		if (this.mode === 'probing') this.mode = 'fixed';
		this.notify();
	}

	/** Keeps every request on this token waiting for at least `ms` (a provider said to back off). */
	block(ms: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, Date.now() + ms);
		this.notify();
	}

	/** The limiter's current picture, for diagnostics and tests (no token in it). */
	snapshot(): IDataObject {
		return {
			mode: this.mode,
			limit: this.limit,
			windowMs: this.windowMs,
			observedWindowMs: this.observedWindowMs ?? null,
			allowance: this.allowance,
			inFlight: this.inFlight,
			waiting: this.queue.length - this.head - this.cancelledWaiters,
			rateLimitedAnswers: this.rateLimitedAnswers,
			resetSlackMs: this.resetSlackMs,
			clockSkewLowMs: this.skewLow ?? null,
			clockSkewHighMs: this.skewHigh ?? null,
		};
	}

	/**
	 * The server stamped `Date` (its second, rounded down) between our request leaving (not before
	 * `sentAt`) and its answer arriving: so server − local is at least `date − receivedAt` and less
	 * than `date + 1000 − sentAt`.
	 */
	private learnClock(date: number, sentAt: number, receivedAt: number): void {
		const low = date - receivedAt;
		this.skewLow = this.skewLow === undefined ? low : Math.max(this.skewLow, low);
		const high = date + 1000 - sentAt;
		this.skewHigh = this.skewHigh === undefined ? high : Math.min(this.skewHigh, high);
		// Bounds that cross came from a stale `Date`: keep the safe lower bound, widen the other again.
		if (this.skewHigh < this.skewLow) this.skewHigh = this.skewLow + 1000;
	}

	/**
	 * While the clock difference is uncertain and more requests wait than this window allows: when to
	 * grant the next request so that the window's remaining requests reach the server spread over the
	 * moments its next whole second may begin (each tests one guess of the difference). The window's
	 * first request is never held back. Only for resets finer than a second. Undefined: grant now.
	 */
	private learningSlot(now: number, windowEnd: number): number | undefined {
		const low = this.skewLow;
		const high = this.skewHigh;
		const due = this.learningAt;
		this.learningAt = undefined;
		if (due !== undefined && now >= due) return undefined;
		if (low === undefined || high === undefined || high - low <= CLOCK_PRECISION_MS) return undefined;
		// A reset in whole seconds (Pennylane's) is itself up to a second late: a finer clock gains
		// nothing there, and the window's own bound (`windowMs` after its first answer) paces instead.
		if (this.serverReset !== undefined && this.serverReset % 1000 === 0) return undefined;
		// The first request of a window goes at once: it opens the server's window.
		if (this.windowStart === undefined) return undefined;
		if (this.queue.length - this.head - this.cancelledWaiters <= this.allowance) return undefined;
		// The window's reset comes with the first answer from it: wait for that answer a little.
		if (this.serverReset === undefined || this.serverReset <= this.closedUpTo) {
			this.learningAt = Math.min(windowEnd, this.windowStart + LEARNING_WAIT_MS);
			return this.learningAt;
		}
		// Only a second that begins inside the server's window (before its reset): the requests spread
		// then all reach the server before that second, or the first one after it tells the difference
		// and the rest go at once, still inside the window. None is left over at the window's end.
		const reset = this.serverReset;
		// The server's whole seconds in local time lie between `second - high` and `second - low`.
		for (let second = Math.ceil((now + low) / 1000) * 1000; second < reset - LEARNING_MARGIN_MS && second - high < windowEnd; second += 1000) {
			const from = Math.max(now, second - high);
			const to = Math.min(second - low, windowEnd);
			if (to > from) {
				this.learningAt = from + (to - from) / (this.allowance + 1);
				return this.learningAt;
			}
		}
		// No second begins inside the window: it begins while the limiter waits for the reset, and if
		// the windows keep step with the server's seconds nothing would ever be learned. While the
		// difference is still far from known, the window's last request is aimed at the middle of the
		// moments when the next second may begin (halving the uncertainty), at the latest just before
		// the window is surely over. It may land in the next window (one request fewer in this one).
		if (high - low > BLIND_PROBE_UNCERTAINTY_MS && this.allowance === 1 && Number.isFinite(windowEnd)) {
			const second = Math.ceil((reset - LEARNING_MARGIN_MS) / 1000) * 1000;
			const at = Math.min(second - (low + high) / 2, windowEnd - BLIND_PROBE_LEAD_MS);
			if (at > now) {
				this.learningAt = at;
				return at;
			}
		}
		return undefined;
	}

	private takeWindow(ticket: Ticket, remaining: number, serverReset: number, receivedAt: number): void {
		// Answers from a window that is already over say nothing about the current one.
		if (serverReset <= this.closedUpTo) return;
		const localReset = serverReset - (this.skewLow ?? 0) + this.resetSlackMs;
		if (localReset <= receivedAt) return;
		const others = Math.max(0, this.inFlight - 1);
		if (this.serverReset === undefined || serverReset > this.serverReset || this.serverReset <= this.closedUpTo) {
			if (this.serverReset !== undefined) {
				const distance = serverReset - this.serverReset;
				this.observedWindowMs = Math.min(this.observedWindowMs ?? Infinity, distance);
			}
			// A whole window went by without 429: the extra wait after resets can shrink again.
			if (!this.limitedInWindow) this.resetSlackMs = Math.max(0, this.resetSlackMs - RESET_SLACK_DECAY_MS);
			this.limitedInWindow = false;
			this.serverReset = serverReset;
			this.allowance = remaining - others;
			this.windowStart = ticket.grantedAt;
			this.windowAnsweredAt = receivedAt;
		} else if (serverReset === this.serverReset) {
			// Within one window the count only goes down: an earlier answer arriving late must not raise it.
			this.allowance = Math.min(this.allowance, remaining - others);
			this.windowStart = Math.min(this.windowStart ?? ticket.grantedAt, ticket.grantedAt);
			this.windowAnsweredAt = Math.min(this.windowAnsweredAt ?? receivedAt, receivedAt);
		} else {
			return;
		}
		this.resetAt = localReset;
	}

	/**
	 * Header mode: when the current window is over, the earlier of the server's reset time and
	 * `windowMs` after the first answer from it. The second bound holds for any fixed window of that
	 * length (the window holding a request ends at most `windowMs` after the server counted it, which
	 * it did before answering) and needs no clock agreement; it matters when `ratelimit-reset` is
	 * rounded to whole seconds. Measured from the answer, not from when the request left: a request
	 * held up on its way (a busy machine) opens the server's window later than it left.
	 */
	private windowEnd(): number | undefined {
		const own = this.windowAnsweredAt === undefined ? undefined : this.windowAnsweredAt + this.windowMs;
		if (this.resetAt === undefined) return own;
		return own === undefined ? this.resetAt : Math.min(this.resetAt, own);
	}

	private margin(): number {
		return Math.min(250, Math.max(15, Math.round(this.windowMs * 0.03)));
	}

	/** When the next request may start (Infinity: wait for an answer). */
	private readyAt(now: number): number {
		const notBefore = Math.max(now, this.blockedUntil);
		if (this.inFlight >= (this.defaults.maxInFlight ?? Infinity)) return Infinity;
		if (this.mode === 'probing') return this.inFlight > 0 ? Infinity : notBefore;
		if (this.mode === 'headers') {
			const end = this.windowEnd();
			if (end !== undefined && now >= end) {
				// The server's window is over: a fresh one, minus what is still on its way.
				this.closedUpTo = Math.max(this.closedUpTo, this.serverReset ?? -Infinity);
				this.allowance = this.limit - this.inFlight;
				this.resetAt = undefined;
				this.windowStart = undefined;
				this.windowAnsweredAt = undefined;
			}
			const next = this.windowEnd();
			if (this.allowance > 0) return Math.max(notBefore, this.learningSlot(now, next ?? Infinity) ?? now);
			if (next !== undefined) return Math.max(notBefore, next);
			if (this.inFlight > 0) return Infinity;
			// Nothing known and nothing on its way (answers without headers): fall back to the window.
			this.allowance = 1;
			return Math.max(notBefore, this.lastGrant() + (this.observedWindowMs ?? this.windowMs) / this.limit);
		}
		const window = this.windowMs + this.margin();
		while (this.log.length && this.log[0] + window <= now) this.log.shift();
		if (this.log.length < this.limit) return notBefore;
		return Math.max(notBefore, this.log[this.log.length - this.limit] + window);
	}

	private lastGrant(): number {
		return this.log.length ? this.log[this.log.length - 1] : 0;
	}

	private grant(now: number): Ticket {
		this.inFlight++;
		if (this.mode === 'headers') {
			this.allowance--;
			if (this.windowStart === undefined) this.windowStart = now;
		}
		// The start times matter only for a finite limit (fixed mode's sliding window).
		if (Number.isFinite(this.limit)) {
			this.log.push(now);
			if (this.log.length > this.limit * 2) this.log.splice(0, this.log.length - this.limit * 2);
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
			await sleep(Math.max(1, Math.min(ms, MAX_PAUSE_MS)), controller.signal);
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
				const now = Date.now();
				const at = this.readyAt(now);
				if (at > now) {
					await this.pause(at - now);
					continue;
				}
				const waiter = this.queue[this.head++];
				if (this.head > 1024 && this.head * 2 > this.queue.length) {
					this.queue = this.queue.slice(this.head);
					this.head = 0;
				}
				if (waiter.cancelled) {
					this.cancelledWaiters--;
					continue;
				}
				if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
				waiter.resolve(this.grant(now));
			}
			this.queue = [];
			this.head = 0;
			this.cancelledWaiters = 0;
		} finally {
			this.pumping = false;
		}
	}
}

const limiters = new Map<string, RateLimiter>();

/** A one-way hash naming a token's limiter; the token itself is never kept or shown. */
export function limiterKey(...parts: string[]): string {
	return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** The process-wide limiter for a key, created with the provider's defaults on first use. */
export function limiterFor(key: string, defaults: RateLimitPolicy): RateLimiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new RateLimiter(defaults);
		limiters.set(key, limiter);
	}
	return limiter;
}

/** Snapshots of every limiter of this process, by key (hashes only), for diagnostics. */
export function rateLimiterSnapshots(): Record<string, IDataObject> {
	return Object.fromEntries([...limiters.entries()].map(([key, limiter]) => [key, limiter.snapshot()]));
}
