/**
 * Paces requests per API token so that a run of many items stays inside a provider's rate limit
 * instead of failing items with 429. One limiter per token (keyed by a hash, `limiterKey`) in an
 * n8n process, shared by every item, node and execution on that token; idle ones are dropped
 * (`limiterFor`). A request waits for a slot (`acquire`), reports what its answer said about the
 * limit (`observe`), then that it is over (`release`). Waiters queue in arrival order, read from a
 * moving head: thousands of items cost linear time.
 *
 * - Probe: while nothing is known about a token, one request goes alone; its answer tells the rest.
 * - Headers (`ratelimit-limit` / `-remaining` / `-reset`): up to `remaining` requests (less those
 *   on their way) go at once; then the limiter waits until the window is surely over, at the
 *   earlier of two bounds, neither ever early, and `limit` requests (less those on their way) go:
 *   - the reset (Pennylane: a Unix time in whole seconds, on the server's clock) in local time with
 *     the smallest clock difference the `Date` headers allow (`Date` is the server's second, rounded
 *     down, stamped before the answer arrived, so the difference is at least `Date` - arrival);
 *   - the window length (documented, or an IETF `w=`) after the first answer from that window: the
 *     server counted that request before answering, so its window ends at most that long after.
 *     No clock involved, and not hurt by whole-second resets: this bound paces Pennylane.
 * - Shared tokens (n8n's queue mode: several worker processes, or another program, on one token;
 *   no shared state between them, none needed): `remaining` is the token's real count. When it
 *   drops further than this process's own requests in the window explain (or a 429 comes while
 *   its own are within the limit), others use the token too: from then on the process sends at most
 *   its share, limit/parties per window, never more than `remaining` allows, and a shared window
 *   starts with one request whose answer tells what the others already took. `parties` (`partiesOf`)
 *   is at least 2 once others showed up; when a window is over it becomes how many times its own
 *   requests the window's use was, halved instead when the window was not used up (a process kept
 *   small comes back to its share), and 1 when nobody else showed up (whole windows again).
 * - Spreading: a shared window, or one with more waiting than it allows, has this process's share
 *   spread evenly over SPREAD (80 %) of the window (known length only), not sent at once: every
 *   process's answers then come from all of the window and show what the others took in it, and a
 *   process whose window starts later still finds its share left. Throughput is the same: windows
 *   start and end as before.
 * - No such headers: at most `limit` requests start in any window (sliding, plus 3 % for network
 *   jitter) when the provider documents a limit; when it documents none, only answers pace.
 * - A 429 makes every request on the token wait for `retry-after` (else the reset) plus a random
 *   jitter (up to a quarter of it, 50 ms to 1 s), so processes rate-limited together do not resend
 *   together; then the caller retries. A wait above RETRY_AFTER_CEILING_MS is not waited for (see there).
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** A provider's documented limit: `limit` requests (Infinity: none documented) per `windowMs`. */
export interface RateLimitPolicy {
	limit: number;
	windowMs?: number;
}

/** For an API that documents no rate limit: only `ratelimit-*` headers and 429 answers pace. */
export const UNDOCUMENTED_RATE_LIMIT: RateLimitPolicy = { limit: Infinity };

/**
 * Longest wait the node accepts from a provider: 60 s (a 429's `retry-after`, else the reset it
 * names, or a window that ends further away). A longer wait is not waited for: the request fails at
 * once with a RateLimitRefusal saying when the provider accepts requests again, and so does every
 * request on the token until then, without being sent, except one request per 60 s that checks:
 * another long 429 renews the refusal, any other answer ends it.
 */
export const RETRY_AFTER_CEILING_MS = 60_000;

/** A limiter with nothing on its way or waiting is dropped after 10 minutes unused, ... */
export const LIMITER_IDLE_MS = 600_000;

/** ... and beyond 500 limiters, the least recently used idle ones at once. */
export const MAX_LIMITERS = 500;

/**
 * What one answer said (absent: not in it): `resetAtMs` the window's end on the server's clock and
 * `serverDateMs` its `Date` (epoch ms); `retryAfterMs` counts from the answer; `windowMs` from `w=`.
 */
export interface RateLimitReading {
	limit?: number;
	remaining?: number;
	resetAtMs?: number;
	windowMs?: number;
	retryAfterMs?: number;
	serverDateMs?: number;
}

export type Ticket = { grantedAt: number; done: boolean };

/** A request not sent: the provider asked to wait longer than RETRY_AFTER_CEILING_MS. */
export class RateLimitRefusal extends Error {
	/** `until`: local time (epoch ms) the provider accepts requests again; `waitMs`: the wait it asked for. */
	constructor(readonly until: number, readonly waitMs: number) {
		super(`Rate limited until ${new Date(until).toISOString()}`);
		this.name = 'RateLimitRefusal';
	}
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
	const first = Array.isArray(found) ? found[0] : found;
	return first === undefined || first === null ? undefined : String(first);
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

/**
 * How many parties shared a token's window that is over, this process included (`was`: the estimate
 * it used): itself alone when nobody else showed up. Else, when the window was used up, as many as
 * the token's use is of this process's own (half rounded down, at least 2, at most `limit`); when it
 * was not, the estimate was too high: halved (at least 2), so a process kept small comes back to its
 * share within a few windows.
 */
function partiesOf(others: number, own: number, limit: number, was: number): number {
	if (others <= 0) return 1;
	const measured = Math.ceil((own + others) / Math.max(own, 1) - 0.5);
	const estimate = own + others >= limit - 1 ? measured : Math.min(measured, Math.floor(was / 2));
	return Math.max(2, Math.min(Number.isFinite(limit) ? limit : Infinity, estimate));
}

/** A shared or crowded window's requests are spread over this part of the window, so that each
 * process's answers come from all of it and show what the others use. */
const SPREAD = 0.8;

/** Extra wait after a 429: up to a quarter of the wait asked for, at least 50 ms, at most 1 s. */
export const RETRY_JITTER_MAX_MS = 1000;

function retryJitter(waitMs: number, random: () => number): number {
	return Math.round(random() * Math.min(RETRY_JITTER_MAX_MS, Math.max(50, waitMs / 4)));
}

type Waiter = { resolve: (ticket: Ticket) => void; reject: (reason: unknown) => void; detach: () => void; cancelled?: boolean };

export class RateLimiter {
	private mode: 'probing' | 'headers' | 'fixed' = 'probing';
	private limit: number;
	private windowMs?: number;
	/** Start times of the latest `limit` requests (for a sliding window, when there are no headers). */
	private log: number[] = [];
	/** Header mode: requests still allowed in the current window, its reset (server clock), its
	 * reset in local time and its first answer; windows up to `closedUpTo` are over. */
	private allowance = 0;
	/** Header mode, shared tokens: the lowest `remaining` of the current window, this process's
	 * requests since it began, the fewest requests others surely made in it, and how many parties
	 * (this process included) the token's window is shared among. */
	private minRemaining = Infinity;
	private windowOwn = 0;
	private windowOthers = 0;
	private parties = 1;
	/** Requests granted since this process's current window began, and when the first of them went. */
	private windowGrants = 0;
	private windowStartedAt?: number;
	private serverReset = -Infinity;
	private resetAt?: number;
	private answeredAt?: number;
	private closedUpTo = -Infinity;
	/** Smallest (server clock - local clock) the `Date` headers allow. */
	private skewLow?: number;
	private blockedUntil = 0;
	/** A wait above the ceiling: until when, as asked, when a request last went to check, and its ticket. */
	private refusal?: { until: number; waitMs: number; checkedAt: number; check?: Ticket };
	private inFlight = 0;
	private lastGrant = 0;
	private rateLimitedAnswers = 0;
	private queue: Waiter[] = [];
	private head = 0;
	private cancelled = 0;
	private pumping = false;
	private wake?: AbortController;
	/** Last use (for dropping idle limiters). */
	usedAt = Date.now();

	/** `random`: the source of the retry jitter (tests pass their own). */
	constructor(defaults: RateLimitPolicy, private readonly random: () => number = Math.random) {
		this.limit = defaults.limit;
		this.windowMs = defaults.windowMs;
	}

	/** Waits for a slot; the ticket must be released when the request is over. */
	async acquire(signal?: AbortSignal): Promise<Ticket> {
		signal?.throwIfAborted();
		this.usedAt = Date.now();
		return await new Promise<Ticket>((resolve, reject) => {
			const onAbort = () => {
				waiter.cancelled = true;
				this.cancelled++;
				reject(signal?.reason);
			};
			const waiter: Waiter = { resolve, reject, detach: () => signal?.removeEventListener('abort', onAbort) };
			signal?.addEventListener('abort', onAbort, { once: true });
			this.queue.push(waiter);
			void this.pump();
		});
	}

	/** Takes in what the answer to a ticket's request said about the limit. Call before `release`. */
	observe(ticket: Ticket, reading: RateLimitReading, options: { rateLimited?: boolean; receivedAt?: number } = {}): void {
		const at = options.receivedAt ?? Date.now();
		if (reading.serverDateMs !== undefined) this.skewLow = Math.max(this.skewLow ?? -Infinity, reading.serverDateMs - at);
		this.limit = reading.limit ?? this.limit;
		this.windowMs = reading.windowMs ?? this.windowMs;
		if (reading.remaining !== undefined && reading.resetAtMs !== undefined) {
			this.mode = 'headers';
			this.takeWindow(reading.remaining, reading.resetAtMs, at, options.rateLimited === true);
		}
		const wait = Math.max(0, reading.retryAfterMs ?? (this.resetAt ?? at + (this.windowMs ?? 1000)) - at);
		if (options.rateLimited) {
			this.rateLimitedAnswers++;
			this.allowance = 0;
			// Jitter: processes that got 429s together do not all come back at the same instant.
			if (wait <= RETRY_AFTER_CEILING_MS) this.blockedUntil = Math.max(this.blockedUntil, at + wait + retryJitter(wait, this.random));
		}
		// A refusal ends with another answer to the request that checks, not to one sent before it began.
		if (options.rateLimited && wait > RETRY_AFTER_CEILING_MS) this.refusal = { until: at + wait, waitMs: wait, checkedAt: at };
		else if (this.refusal?.check === ticket) this.refusal = undefined;
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

	/** Whether requests now fail with RateLimitRefusal instead of waiting. */
	refused(): boolean {
		return this.refusal !== undefined && Date.now() < this.refusal.until;
	}

	/** Nothing on its way or waiting. */
	idle(): boolean {
		return this.inFlight === 0 && this.queue.length - this.head === this.cancelled;
	}

	/** The limiter's current picture, for diagnostics and tests (no token in it). */
	snapshot(): IDataObject {
		const { mode, limit, allowance, inFlight, rateLimitedAnswers, parties } = this;
		const waiting = this.queue.length - this.head - this.cancelled;
		return { mode, limit, windowMs: this.windowMs ?? null, allowance, inFlight, waiting, rateLimitedAnswers, parties, clockSkewLowMs: this.skewLow ?? null, refusedUntil: this.refusal?.until ?? null };
	}

	private takeWindow(remaining: number, serverReset: number, at: number, rateLimited: boolean): void {
		// Answers from a window that is over say nothing about the current one.
		const resetAt = serverReset - (this.skewLow ?? 0);
		if (serverReset <= this.closedUpTo || serverReset < this.serverReset || resetAt <= at) return;
		if (serverReset > this.serverReset) {
			// The first answer from a new window: this process's requests in it are at most those on their way.
			this.serverReset = serverReset;
			[this.answeredAt, this.resetAt, this.minRemaining, this.windowOwn, this.windowOthers] = [at, resetAt, remaining, this.inFlight, 0];
		} else {
			// Within one window the count only goes down: an earlier answer arriving late must not raise it.
			this.minRemaining = Math.min(this.minRemaining, remaining);
			this.answeredAt = Math.min(this.answeredAt ?? at, at);
			this.resetAt = Math.min(this.resetAt ?? resetAt, resetAt);
		}
		// What the token used beyond this process's own requests was used by others (at least); a 429
		// says the window took more than `limit` requests.
		const used = rateLimited ? this.limit + 1 : this.limit - remaining;
		if (Number.isFinite(this.limit)) this.windowOthers = Math.max(this.windowOthers, used - this.windowOwn);
		// Others showed up: at least two share the window from now on (the next window knows better).
		if (this.windowOthers > 0) this.parties = Math.max(this.parties, 2);
		// This process's share of the window, within what is left; its requests on their way may count too.
		this.allowance = Math.min(this.share() - this.windowGrants, this.minRemaining - (this.inFlight - 1));
	}

	/** When the next request may start (Infinity: when an answer comes). */
	private readyAt(now: number): number {
		const notBefore = Math.max(now, this.blockedUntil);
		if (this.mode === 'probing') return this.inFlight > 0 ? Infinity : notBefore;
		if (this.mode === 'fixed') {
			const start = this.log[this.log.length - this.limit];
			return start === undefined ? notBefore : Math.max(notBefore, start + (this.windowMs ?? 0) * 1.03);
		}
		const own = this.answeredAt === undefined || this.windowMs === undefined ? Infinity : this.answeredAt + this.windowMs;
		let end = Math.min(own, this.resetAt ?? Infinity);
		if (now >= end) {
			// The server's window is over: a fresh one, less what is still on its way. Alone (as far as
			// the last window showed), all of it; shared, one request first, whose answer tells what the
			// others left (they may have started the window already) and so this process's share.
			this.closedUpTo = this.serverReset;
			if (this.windowOwn > 0) this.parties = partiesOf(this.windowOthers, this.windowOwn, this.limit, this.parties);
			[this.windowOwn, this.windowOthers, this.windowGrants, this.windowStartedAt] = [0, 0, 0, undefined];
			const fresh = this.parties > 1 ? 1 : this.limit;
			[this.allowance, this.answeredAt, this.resetAt, end] = [fresh - this.inFlight, undefined, undefined, Infinity];
		}
		if (this.allowance > 0) return Math.max(notBefore, this.spreadAt());
		if (end < Infinity) {
			if (end - now > RETRY_AFTER_CEILING_MS) this.refusal = { until: end, waitMs: end - now, checkedAt: now };
			return Math.max(notBefore, end);
		}
		if (this.inFlight > 0) return Infinity;
		// Nothing known and nothing on its way (answers without headers): one request asks, spaced.
		this.allowance = 1;
		return Math.max(notBefore, this.lastGrant + (this.windowMs ?? 1000) / this.limit);
	}

	/** This process's requests per window: the limit divided among the parties. */
	private share(): number {
		return Math.max(1, Math.floor(this.limit / this.parties));
	}

	/**
	 * When a shared window, or one with more waiting than it allows, lets the next request go: its
	 * share spread evenly over SPREAD of the window as far as known (from its first request to the
	 * earlier bound of its end); a window with room for all that waits, or whose end or length is not
	 * known, goes at once.
	 */
	private spreadAt(): number {
		const waiting = this.queue.length - this.head - this.cancelled;
		const own = this.answeredAt === undefined || this.windowMs === undefined ? Infinity : this.answeredAt + this.windowMs;
		const end = Math.min(own, this.resetAt ?? Infinity);
		// Only a window of known length (documented or `w=`): a reset alone may lie a second or more late.
		if (this.windowStartedAt === undefined || this.windowMs === undefined || !Number.isFinite(end) || !Number.isFinite(this.limit)) return -Infinity;
		if (this.parties === 1 && waiting <= this.allowance) return -Infinity;
		return this.windowStartedAt + (this.windowGrants * SPREAD * (end - this.windowStartedAt)) / this.share();
	}

	private notify(): void {
		this.wake?.abort();
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			for (let waiter = this.queue[this.head]; waiter; waiter = this.queue[this.head]) {
				const now = Date.now();
				if (this.refusal && now >= this.refusal.until) this.refusal = undefined;
				const at = waiter.cancelled || this.refusal ? now : this.readyAt(now);
				const refusal = this.refusal;
				const refuse = refusal !== undefined && now < refusal.checkedAt + RETRY_AFTER_CEILING_MS;
				if (at > now && !refuse) {
					const wake = (this.wake = new AbortController());
					// At most a second at a time; an answer or a release wakes it earlier.
					await sleep(Math.min(at - now, 1000), wake.signal).catch(() => undefined);
					continue;
				}
				if (++this.head > 1024 && this.head * 2 > this.queue.length) [this.queue, this.head] = [this.queue.slice(this.head), 0];
				if (waiter.cancelled) {
					this.cancelled--;
					continue;
				}
				waiter.detach();
				if (refuse) {
					waiter.reject(new RateLimitRefusal(refusal.until, refusal.waitMs));
					continue;
				}
				const ticket: Ticket = { grantedAt: now, done: false };
				// During a refusal, this is the one request per ceiling that checks.
				if (refusal) [refusal.checkedAt, refusal.check] = [now, ticket];
				this.inFlight++;
				this.allowance--;
				this.windowOwn++;
				if (this.windowGrants++ === 0) this.windowStartedAt = now;
				this.lastGrant = now;
				if (this.windowMs !== undefined && Number.isFinite(this.limit) && this.log.push(now) > this.limit) this.log.shift();
				waiter.resolve(ticket);
			}
			[this.queue, this.head] = [[], 0];
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
 * The process-wide limiter for a key, created with the provider's defaults on first use. Idle
 * limiters are dropped after LIMITER_IDLE_MS (looked for once a minute), and beyond MAX_LIMITERS
 * the least recently used idle ones; a token whose limiter was dropped starts again with a probe.
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
			const drop = limiters.size > MAX_LIMITERS || now - candidate.usedAt > LIMITER_IDLE_MS;
			if (other !== key && candidate.idle() && drop) limiters.delete(other);
		}
	}
	return limiter;
}

/** Snapshots of every limiter of this process, by key (hashes only), for diagnostics. */
export function rateLimiterSnapshots(): Record<string, IDataObject> {
	return Object.fromEntries([...limiters.entries()].map(([key, limiter]) => [key, limiter.snapshot()]));
}
