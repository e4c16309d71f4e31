/**
 * The Pennylane Trigger's poll (n8n calls it at the node's Poll Times; state in the workflow's
 * static data, which n8n keeps between polls).
 *
 * Active polls:
 * - the first poll (or the first after the event was changed) stores "now" as the watermark and
 *   emits nothing: no flood of old changes;
 * - later polls read the feed from the watermark (`start_date`, never older than the feed's 4 weeks:
 *   after a long deactivation the changes older than that are gone, the trigger starts from the
 *   oldest kept), drop the changes already seen (keyed by id and processed_at: the changes at the
 *   watermark itself, since whether `start_date` is inclusive is not documented), fetch each changed
 *   record once, and move the watermark to the last change read;
 * - the state is written only when the poll succeeded: a failed poll is read again next time;
 * - bounded: at most MAX_PAGES pages and MAX_RECORDS records per poll; the rest is read by the next
 *   poll (the watermark stops before the last instant kept, so no change at that instant is lost);
 * - a record that answers 404 was deleted after its change was recorded: it is skipped (its deletion
 *   is a change of its own, for Customer Invoice Deleted), the poll goes on;
 * - Customer Invoice Paid keeps the IDs of the invoices it saw paid (PAID_MEMORY) and fires when an
 *   invoice is seen paid and is not among them: once per invoice, not again on later changes. An
 *   invoice seen unpaid again (payment removed) leaves the list, so a new payment fires again.
 *
 * Manual mode (the editor's Fetch Test Event): the most recent change of the chosen kind within the
 * feed's 4 weeks, without touching the stored state; none found is an error saying so.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CHANGE_FEED, invoiceIsPaid } from '../assumptions';
import { changeKey, fetchRecord, instantOf, isNotFound, readFeed, type Change } from './feed';
import { TRIGGER_EVENTS, type TriggerEvent } from './events';

/** Pages of the feed read per active poll (with CHANGE_FEED.pageLimit items each). */
export const MAX_PAGES = 50;
/** Records fetched per active poll (at Pennylane's 25 requests per 5 s: about 20 s). */
export const MAX_RECORDS = 100;
/**
 * Invoices remembered as paid: forgotten when not seen in the feed for `maxAgeMs` (a year), and the
 * least recently seen beyond `maxEntries`. A forgotten paid invoice that changes again fires again.
 */
export const PAID_MEMORY = { maxAgeMs: 365 * 24 * 3600 * 1000, maxEntries: 5000 };
/** Fetch Test Event: look-back windows tried in turn, pages per window, candidates fetched. */
export const MANUAL = { windowsMs: [24 * 3600 * 1000, 7 * 24 * 3600 * 1000], limit: 1000, maxPages: 20, maxCandidates: 10 };

interface TriggerState {
	event?: string;
	/** processed_at of the last change read, as Pennylane sent it. */
	watermark?: string;
	/** Keys (id@instant) of the changes read at the watermark's instant. */
	seen?: string[];
	/** Paid invoices: id → when last seen in the feed (ms). */
	paid?: Record<string, number>;
}

/** The emitted item for a deletion: the change itself. */
const deletionOf = (change: Change): IDataObject => ({ id: change.id, operation: 'delete', processed_at: change.processedAt });

/** The changes of `changes` that make `event`, one per record (its latest), in feed order. */
function relevant(event: TriggerEvent, changes: Change[]): Change[] {
	const latest = new Map<number, Change>();
	for (const change of changes) {
		if (!event.operations.includes(change.operation)) continue;
		latest.delete(change.id);
		latest.set(change.id, change);
	}
	return [...latest.values()];
}

/** The record of a change, or undefined when it was deleted since (404). */
async function recordOf(context: IPollFunctions, event: TriggerEvent, change: Change): Promise<IDataObject | undefined> {
	// Any other failure (already a worded NodeApiError, secrets removed) fails the poll.
	return await fetchRecord(context, event.resource, change.id).catch(async (error: unknown) =>
		isNotFound(error) ? undefined : await Promise.reject(error),
	);
}

export async function pollPennylane(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const eventName = String(this.getNodeParameter('event'));
	const event = TRIGGER_EVENTS[eventName];
	if (!event) throw new NodeOperationError(this.getNode(), `Invalid value for "Event": ${JSON.stringify(eventName)} is not one of this trigger's events`);
	if (this.getMode() === 'manual') return await testEvent(this, event);
	return await activePoll(this, eventName, event);
}

async function activePoll(context: IPollFunctions, eventName: string, event: TriggerEvent): Promise<INodeExecutionData[][] | null> {
	const state = context.getWorkflowStaticData('node') as TriggerState;
	const now = Date.now();
	const watermark = instantOf(state.watermark);
	if (state.event !== eventName || !watermark) {
		// First poll: from now on. Nothing before activation is emitted.
		state.event = eventName;
		state.watermark = new Date(now).toISOString();
		state.seen = [];
		state.paid = {};
		return null;
	}
	// The feed keeps 4 weeks and refuses an older start_date (422): start no earlier than that.
	const oldest = now - CHANGE_FEED.retentionMs + CHANGE_FEED.retentionMarginMs;
	const startDate = watermark.ms < oldest ? new Date(oldest).toISOString() : (state.watermark as string);
	const seen = new Set(state.seen ?? []);
	const isNew = (change: Change) => change.at.key > watermark.key || (change.at.key === watermark.key && !seen.has(changeKey(change)));
	const read = await readFeed(context, event.resource, startDate, {
		limit: CHANGE_FEED.pageLimit,
		maxPages: MAX_PAGES,
		enough: (changes) => relevant(event, changes.filter(isNew)).length >= MAX_RECORDS,
	});
	let changes = read.changes.filter(isNew);
	// Where this poll stops when it does not read to the feed's end: the instant of the first change
	// left for the next poll, when known (undefined: reading stopped at a page's end).
	let stop: { next?: string } | undefined = read.complete ? undefined : {};
	// At most MAX_RECORDS records per poll: the changes from the next record on wait for the next poll.
	const records = new Set<number>();
	const over = changes.findIndex((change) => event.operations.includes(change.operation) && records.add(change.id).size > MAX_RECORDS);
	if (over >= 0) {
		stop = { next: changes[over].at.key };
		changes = changes.slice(0, over);
	}
	if (stop && changes.length > 0) {
		// Changes at the last instant kept may continue after the stop (known, or on the next page):
		// they are left to the next poll, unless every change kept is at that instant (then the ones
		// kept are remembered as seen, and the next poll asks from that instant again).
		const last = changes[changes.length - 1].at.key;
		if (stop.next === undefined || stop.next === last) {
			const before = changes.filter((change) => change.at.key < last);
			if (before.length > 0) changes = before;
		}
	}

	const paid = { ...(state.paid ?? {}) };
	const output: IDataObject[] = [];
	if (event.kind === 'deletion') {
		output.push(...relevant(event, changes).map(deletionOf));
	} else {
		for (const change of relevant(event, changes)) {
			const record = await recordOf(context, event, change);
			if (event.kind === 'record') {
				if (record) output.push(record);
				continue;
			}
			const id = String(change.id);
			if (!record || !invoiceIsPaid(record)) {
				delete paid[id];
				continue;
			}
			if (paid[id] === undefined) output.push(record);
			paid[id] = now;
		}
		if (event.kind === 'paid') for (const change of changes) if (change.operation === 'delete') delete paid[String(change.id)];
	}

	// The poll succeeded: only now is the state moved on.
	if (changes.length > 0) {
		const last = changes[changes.length - 1];
		const atLast = changes.filter((change) => change.at.key === last.at.key).map(changeKey);
		state.seen = last.at.key === watermark.key ? [...new Set([...seen, ...atLast])] : atLast;
		state.watermark = last.processedAt;
	}
	state.paid = event.kind === 'paid' ? prune(paid, now) : {};
	return output.length ? [context.helpers.returnJsonArray(output)] : null;
}

/** PAID_MEMORY's bounds applied. */
function prune(paid: Record<string, number>, now: number): Record<string, number> {
	const kept = Object.entries(paid).filter(([, at]) => typeof at === 'number' && now - at <= PAID_MEMORY.maxAgeMs);
	kept.sort((a, b) => b[1] - a[1]);
	return Object.fromEntries(kept.slice(0, PAID_MEMORY.maxEntries));
}

/** Fetch Test Event: the most recent real event of the kind, looking back up to the feed's 4 weeks. */
async function testEvent(context: IPollFunctions, event: TriggerEvent): Promise<INodeExecutionData[][]> {
	const now = Date.now();
	const retained = CHANGE_FEED.retentionMs - CHANGE_FEED.retentionMarginMs;
	const windows = [...MANUAL.windowsMs.filter((ms) => ms < retained), retained];
	const checked = new Set<number>();
	for (const windowMs of windows) {
		const read = await readFeed(context, event.resource, new Date(now - windowMs).toISOString(), { limit: MANUAL.limit, maxPages: MANUAL.maxPages });
		const candidates = relevant(event, read.changes).reverse().filter((change) => !checked.has(change.id));
		for (const change of candidates.slice(0, MANUAL.maxCandidates)) {
			checked.add(change.id);
			if (event.kind === 'deletion') return [context.helpers.returnJsonArray([deletionOf(change)])];
			const record = await recordOf(context, event, change);
			if (!record || (event.kind === 'paid' && !invoiceIsPaid(record))) continue;
			return [context.helpers.returnJsonArray([record])];
		}
	}
	throw new NodeOperationError(context.getNode(), `No "${event.name}" event found in the last 4 weeks of Pennylane's change feed`, {
		description: `Fetch Test Event outputs the most recent one (Pennylane keeps changes for 4 weeks). Make such a change to a ${event.noun} in Pennylane, then fetch again.`,
	});
}
